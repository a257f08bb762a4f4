import { NextResponse } from "next/server";
import { apiRoute } from "@/server/api-route";
import { jsonError, noSeat, roomClaims } from "@/modules/video/http.server";
import { requestPhoneCall } from "@/modules/video/room.server";
import { getRequestContext } from "@/server/request-context";

/** POST /api/video/<visitId>/phone-request - the patient asks to be called instead of video. */
export const POST = apiRoute(async (request: Request, { params }: { params: Promise<{ visitId: string }> }) => {
  const { visitId } = await params;
  const claims = roomClaims(request, visitId);
  if (!claims) return noSeat();
  try {
    await requestPhoneCall(claims, await getRequestContext());
    return NextResponse.json({ ok: true });
  } catch (e) {
    return jsonError(e);
  }
});
