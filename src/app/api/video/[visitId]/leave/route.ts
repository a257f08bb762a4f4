import { NextResponse } from "next/server";
import { apiRoute } from "@/server/api-route";
import { jsonError, noSeat, roomClaims } from "@/modules/video/http.server";
import { leaveRoom } from "@/modules/video/room.server";
import { getRequestContext } from "@/server/request-context";

/** POST /api/video/<visitId>/leave - this tab leaves the room (sent on hang-up and on page close). */
export const POST = apiRoute(async (request: Request, { params }: { params: Promise<{ visitId: string }> }) => {
  const { visitId } = await params;
  const claims = roomClaims(request, visitId);
  if (!claims) return noSeat();
  try {
    await leaveRoom(claims, await getRequestContext());
    return NextResponse.json({ ok: true });
  } catch (e) {
    return jsonError(e);
  }
});
