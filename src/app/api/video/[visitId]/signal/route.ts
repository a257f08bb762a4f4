import { NextResponse } from "next/server";
import { apiRoute, errorResponse } from "@/server/api-route";
import {
  jsonError,
  noSeat,
  readJson,
  roomClaims,
  checkSeat,
  sendSignal,
  whySendRefused,
} from "@/modules/video/index.server";
import { signalSchema } from "@/modules/video/schemas";
import { getRequestContext } from "@/server/request-context";

/**
 * POST /api/video/<visitId>/signal - one signaling message (offer, answer, ICE candidate, mute
 * state) to someone in the call. Validated, rate-limited per participant, and stored + relayed
 * with a single SQL statement (see signals.server.ts), which also re-checks the seat and the
 * session it was taken with.
 */
export const POST = apiRoute(async (request: Request, { params }: { params: Promise<{ visitId: string }> }) => {
  const { visitId } = await params;
  const claims = roomClaims(request, visitId);
  if (!claims) return noSeat(visitId, "no_room_token");
  const body = await readJson(request, signalSchema);
  if (!body.ok) return body.response;
  try {
    const r = await sendSignal(claims, body.data);
    if (r.ok) return NextResponse.json({ id: r.id }, { status: 202 });
    // Refused: say why (only now, so the happy path stays one statement). A seat that is gone
    // (taken over by another tab, left, or ended with its session) is 401 like a bad token.
    if (!(await checkSeat(claims, { touch: false, ctx: await getRequestContext() })).ok) return noSeat(visitId);
    const why = await whySendRefused(claims);
    if (why === "rate_limited")
      return errorResponse(429, "RATE_LIMITED", "Too many messages; slow down.", {}, { "Retry-After": "5" });
    return errorResponse(409, "CONFLICT", "You are not in the call (or the person you are calling left).");
  } catch (e) {
    return jsonError(e);
  }
});
