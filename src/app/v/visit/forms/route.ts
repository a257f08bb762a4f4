import { NextResponse, type NextRequest } from "next/server";
import { formLinkFromWaitingRoom } from "@/modules/video/room.server";
import { linkCookieName, readLinkSession } from "@/server/patient-links.server";
import { fromHeaders } from "@/server/request-context";

/**
 * GET /v/visit/forms - the waiting room's "answer your pre-visit questions": lands on a fresh
 * form link's Start page for the same patient (see formLinkFromWaitingRoom).
 */
export async function GET(request: NextRequest) {
  const base = request.nextUrl.clone();
  base.search = "";
  const session = await readLinkSession("visit-join", request.cookies.get(linkCookieName("visit-join"))?.value);
  if (!session) {
    base.pathname = "/link-expired";
    return NextResponse.redirect(base, 303);
  }
  const token = await formLinkFromWaitingRoom(session, fromHeaders(request.headers));
  base.pathname = token ? `/f/${token}` : "/v/visit";
  return NextResponse.redirect(base, 303);
}
