import { NextResponse } from "next/server";
import { apiRoute } from "@/server/api-route";
import { jsonError, noSeat, roomClaims, requestPhoneCall, checkSeat } from "@/modules/video/index.server";
import { getRequestContext } from "@/server/request-context";

/** POST /api/video/<visitId>/phone-request - the patient asks to be called instead of video. */
export const POST = apiRoute(async (request: Request, { params }: { params: Promise<{ visitId: string }> }) => {
  const { visitId } = await params;
  const claims = roomClaims(request, visitId);
  if (!claims) return noSeat(visitId, "no_room_token");
  const ctx = await getRequestContext();
  // The seat dies with the session it was taken with (sign-out, revocation, idle, link ended).
  if (!(await checkSeat(claims, { touch: false, ctx })).ok) return noSeat(visitId);
  try {
    await requestPhoneCall(claims, ctx);
    return NextResponse.json({ ok: true });
  } catch (e) {
    return jsonError(e);
  }
});
