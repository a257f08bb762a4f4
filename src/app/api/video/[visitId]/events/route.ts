import { apiRoute } from "@/server/api-route";
import { roomEventStream, noSeat, roomClaims } from "@/modules/video/index.server";
import { getRequestContext } from "@/server/request-context";

export const dynamic = "force-dynamic";

/**
 * GET /api/video/<visitId>/events?after=<id>&floor=<id> - the room's live event stream (Server-Sent Events
 * format, read with fetch so the room token stays in a header). First the messages after `after`,
 * then the current roster, then live messages relayed through Postgres LISTEN/NOTIFY. 401 when
 * the seat is gone or the session it was taken with ended; an open stream ends then too.
 */
export const GET = apiRoute(async (request: Request, { params }: { params: Promise<{ visitId: string }> }) => {
  const { visitId } = await params;
  const claims = roomClaims(request, visitId);
  if (!claims) return noSeat(visitId, "no_room_token");
  const q = new URL(request.url).searchParams;
  const num = (v: string | null) => (v && /^\d{1,18}$/.test(v) ? v : "0");
  const stream = await roomEventStream(
    claims,
    num(q.get("after")),
    num(q.get("floor")),
    request.signal,
    await getRequestContext(),
  );
  return stream ?? (await noSeat(visitId));
});
