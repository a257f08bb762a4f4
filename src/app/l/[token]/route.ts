import { NextResponse, type NextRequest } from "next/server";
import { linkCookieName, linkCookieOptions, redeemPatientLink } from "@/server/patient-links.server";
import { fromHeaders } from "@/server/request-context";

/**
 * A patient opens a secure link: /l/<token>. First use exchanges the token for a short-lived
 * HttpOnly cookie and redirects (303) to the landing page, so the token leaves the address bar
 * and history. Anything else goes to the "this link has expired" page (429 when rate-limited).
 */
export async function GET(request: NextRequest, { params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const result = await redeemPatientLink(token.slice(0, 200), fromHeaders(request.headers));
  const base = request.nextUrl.clone();
  base.search = "";
  if (!result.ok) {
    base.pathname = "/link-expired";
    if (result.reason === "rate_limited") base.searchParams.set("r", "busy");
    return NextResponse.redirect(base, 303);
  }
  base.pathname = result.landingPath;
  const res = NextResponse.redirect(base, 303);
  res.cookies.set(linkCookieName(result.purpose), result.sessionSecret, linkCookieOptions(result.sessionExpiresAt));
  return res;
}
