/** The HttpOnly cookie a secure link is exchanged for; scoped to the /f pages only. */
export const LINK_COOKIE = "vpc_form_session";
