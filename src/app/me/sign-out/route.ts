import { getActor } from "@/server/auth/actor";
import { sessionCookieName } from "@/server/auth/csrf";
import { revokeSession } from "@/server/auth/sign-in.server";
import { secureCookiesEnabled } from "@/server/env";
import { patientRoute } from "@/server/patient-page/render.server";
import { getRequestContext } from "@/server/request-context";

/**
 * Sign-out from the portal as a plain form post (no script; the staff shell's server action needs
 * React's client). The same as signOutAction: the session row is revoked (audited, so a replayed
 * cookie is signed out too) and next-auth's session cookie is cleared with the attributes it was
 * set with (Path=/, HttpOnly, SameSite=Lax, Secure under its __Secure- name), then 303 to the
 * sign-in page. Cross-site posts are refused by patientRoute. Not signed in: just the sign-in page.
 */
export const POST = patientRoute(async () => {
  const actor = await getActor();
  if (!actor) return new Response(null, { status: 303, headers: { location: "/login", "cache-control": "no-store" } });
  await revokeSession(actor, await getRequestContext(), false);
  const secure = secureCookiesEnabled();
  const clear = `${sessionCookieName(secure)}=; Path=/; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; SameSite=Lax${secure ? "; Secure" : ""}`;
  return new Response(null, {
    status: 303,
    headers: { location: "/login?signedOut=1", "cache-control": "no-store", "set-cookie": clear },
  });
});
