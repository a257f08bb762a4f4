import { roomEventStream } from "@/modules/video/stream.server";
import { noSeat, roomClaims } from "@/modules/video/http.server";

export const dynamic = "force-dynamic";

/**
 * GET /api/video/<visitId>/events?after=<id> - the room's live event stream (Server-Sent Events
 * format, read with fetch so the room token stays in a header). First the messages after `after`,
 * then the current roster, then live messages relayed through Postgres LISTEN/NOTIFY.
 */
export async function GET(request: Request, { params }: { params: Promise<{ visitId: string }> }) {
  const { visitId } = await params;
  const claims = roomClaims(request, visitId);
  if (!claims) return noSeat();
  const after = new URL(request.url).searchParams.get("after") ?? "0";
  const stream = await roomEventStream(claims, /^\d{1,19}$/.test(after) ? after : "0", request.signal);
  return stream ?? noSeat();
}
