import "server-only";
import type { RoomClaims } from "./core/room-token";
import { db } from "@/server/db";
import type { RequestContext } from "@/server/request-context";
import { loadRoster } from "./roster.server";
import { checkSeat } from "./seat.server";
import { readSignalsAfter, signalHub, type RoomMessage } from "./signals.server";

/** Streams end after this long; the browser reconnects (re-checking its seat) without losing messages. */
const STREAM_MAX_MS = 5 * 60_000;
const HEARTBEAT_MS = 15_000;
/**
 * How often an open stream re-checks its seat and the session behind it: a clinician who signs
 * out (or whose session is revoked or idles out) and a link session that ends lose the stream
 * within this time, and the reconnect is refused.
 */
export const SEAT_CHECK_MS = 5_000;

type Globals = { __vpcBeforeCloseHooks?: Array<() => void>; __vpcOpenStreams?: Set<() => void> };

function openStreams(): Set<() => void> {
  const g = globalThis as Globals;
  if (!g.__vpcOpenStreams) {
    const set = new Set<() => void>();
    g.__vpcOpenStreams = set;
    // On shutdown, end every stream so browsers reconnect to another instance straight away.
    (g.__vpcBeforeCloseHooks ??= []).push(() => {
      for (const end of set) end();
    });
  }
  return g.__vpcOpenStreams;
}

/**
 * Ids come from a sequence, so a message numbered lower can commit after one numbered higher.
 * A stream therefore never drops a message for having a lower id than the last one sent: it
 * remembers which ids it sent, and on (re)connect re-reads a short window before the browser's
 * last id (never before its floor, the moment it joined). The browser skips ids it has seen.
 */
export const CATCH_UP_WINDOW = 200n;

export async function roomEventStream(
  claims: RoomClaims,
  after: string,
  floor: string,
  abort: AbortSignal,
  ctx: RequestContext,
): Promise<Response | null> {
  if (!(await checkSeat(claims, { touch: true, ctx })).ok) return null;
  const enc = new TextEncoder();
  const from = BigInt(after) - CATCH_UP_WINDOW > BigInt(floor) ? BigInt(after) - CATCH_UP_WINDOW : BigInt(floor);
  const sent = new Set<string>();
  let ended = false;
  let unsubscribe: (() => void) | null = null;
  let timers: NodeJS.Timeout[] = [];
  const mine = (m: RoomMessage) => (m.to === null || m.to === claims.p) && m.from !== claims.p;

  const stream = new ReadableStream<Uint8Array>({
    start: async (controller) => {
      const write = (text: string) => {
        if (ended) return;
        try {
          controller.enqueue(enc.encode(text));
        } catch {
          end();
        }
      };
      const send = (m: RoomMessage) => {
        // Messages can arrive both live and from a catch-up read: each id goes out once.
        if (sent.has(m.id)) return;
        sent.add(m.id);
        write(`id: ${m.id}\nevent: ${m.kind}\ndata: ${JSON.stringify({ from: m.from, data: m.data })}\n\n`);
      };
      const end = () => {
        if (ended) return;
        ended = true;
        unsubscribe?.();
        for (const t of timers) clearTimeout(t);
        timers = [];
        openStreams().delete(end);
        try {
          controller.close();
        } catch {
          /* already closed */
        }
      };
      let catchingUp: Promise<void> = Promise.resolve();
      const catchUp = () =>
        (catchingUp = catchingUp.then(async () => {
          if (ended) return;
          for (const m of await readSignalsAfter(claims.v, claims.p, String(from))) send(m);
        }));
      const buffered: RoomMessage[] = [];
      let live = false;
      unsubscribe = await signalHub().subscribe(
        claims.v,
        (m) => {
          if (!mine(m)) return;
          if (live) send(m);
          else buffered.push(m);
        },
        () => void catchUp().catch(end),
      );
      openStreams().add(end);
      abort.addEventListener("abort", end);
      write(`retry: 1000\n\n`);
      try {
        await catchUp();
        live = true;
        for (const m of buffered.sort((a, b) => (BigInt(a.id) < BigInt(b.id) ? -1 : 1))) send(m);
        // Then the room as it is now (the browser merges it by row version, so order does not matter).
        const roster = await loadRoster(db, claims.v);
        if (roster) write(`event: roster\ndata: ${JSON.stringify({ from: null, data: roster })}\n\n`);
      } catch {
        end();
        return;
      }
      const beat = () => {
        write(`: ping\n\n`);
        timers.push(setTimeout(beat, HEARTBEAT_MS));
      };
      timers.push(setTimeout(beat, HEARTBEAT_MS));
      const recheck = () => {
        if (ended) return;
        checkSeat(claims, { touch: true, ctx })
          .then((seat) => {
            if (seat.ok) timers.push(setTimeout(recheck, SEAT_CHECK_MS));
            else end();
          })
          // A failed check (database unreachable) ends the stream; the browser reconnects and the
          // reconnect checks again.
          .catch(end);
      };
      timers.push(setTimeout(recheck, SEAT_CHECK_MS));
      timers.push(setTimeout(end, STREAM_MAX_MS));
    },
    cancel: () => {
      ended = true;
      unsubscribe?.();
      for (const t of timers) clearTimeout(t);
    },
  });
  return new Response(stream, {
    headers: {
      "Content-Type": "text/event-stream; charset=utf-8",
      // no-transform: compression must not buffer the stream.
      "Cache-Control": "no-store, no-transform",
      "X-Accel-Buffering": "no",
    },
  });
}
