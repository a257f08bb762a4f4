import "server-only";
import type { RoomClaims } from "./core/room-token";
import { loadRosterSnapshot } from "./roster.server";
import { seatIsCurrent } from "./room.server";
import { readSignalsAfter, signalHub, type RoomMessage } from "./signals.server";

/** Streams end after this long; the browser reconnects (re-checking its seat) without losing messages. */
const STREAM_MAX_MS = 5 * 60_000;
const HEARTBEAT_MS = 15_000;

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

export async function roomEventStream(claims: RoomClaims, after: string, abort: AbortSignal): Promise<Response | null> {
  if (!(await seatIsCurrent(claims))) return null;
  const enc = new TextEncoder();
  let lastId = after;
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
        // Messages can arrive both live and from a catch-up read: each id goes out once, in order.
        if (BigInt(m.id) <= BigInt(lastId)) return;
        lastId = m.id;
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
          for (const m of await readSignalsAfter(claims.v, claims.p, lastId)) send(m);
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
        // Then the room as it is now, marked with the newest message it reflects (asOf): the
        // browser ignores it if a newer roster already reached it.
        const snap = await loadRosterSnapshot(claims.v);
        if (snap) write(`event: roster\ndata: ${JSON.stringify({ from: null, data: snap.roster, asOf: snap.asOf })}\n\n`);
      } catch {
        end();
        return;
      }
      const beat = () => {
        write(`: ping\n\n`);
        timers.push(setTimeout(beat, HEARTBEAT_MS));
      };
      timers.push(setTimeout(beat, HEARTBEAT_MS));
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
