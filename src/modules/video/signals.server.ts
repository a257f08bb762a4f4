import "server-only";
import pg from "pg";
import { getEnv } from "@/server/env";
import { db, pgPool, type Tx } from "@/server/db";
import { logger } from "@/server/logger";
import { liveUserSessionSql } from "@/modules/identity/index.server";
import { liveLinkSessionSql } from "../patient-access/index.server";
import type { RoomClaims } from "./core/room-token";
import type { SignalInput } from "./schemas";

/**
 * Signaling through Postgres, so the patient and the clinician may sit on different app
 * instances and no instance keeps room state in memory:
 *
 * - send: ONE SQL statement per message. It inserts the row only if the sender's seat is still
 *   current (same connection, admitted, visit under way by video), the session the seat was taken
 *   with is still live (signed-in session or link session: a seat dies with its session), the
 *   recipient is in the call and the sender is under the rate limit, and in the same statement
 *   calls pg_notify. Postgres
 *   delivers the notification on commit to every instance listening.
 * - receive: each instance holds one LISTEN connection (the hub) and fans notifications out to
 *   its open event streams. Small messages travel inside the notification; a large one (over
 *   7 kB, e.g. a long SDP) is read back by id once.
 * - catch-up: a stream that (re)connects reads the rows after the last id it saw, so nothing is
 *   lost across reconnects, instance restarts or a dropped LISTEN connection.
 */
export const CHANNEL = "vpc_video";

export type RoomMessage = {
  id: string;
  visitId: string;
  from: string | null;
  to: string | null;
  kind: string;
  data: unknown;
};

const SEND_SQL = `
WITH ins AS (
  INSERT INTO "VideoSignal" ("visitId", "fromParticipantId", "toParticipantId", "kind", "payload")
  SELECT $1::uuid, $2::uuid, $3::uuid, $4, $5::jsonb
  WHERE EXISTS (
      SELECT 1 FROM "VideoParticipant" p JOIN "Visit" v ON v."id" = p."visitId"
      WHERE p."id" = $2::uuid AND p."visitId" = $1::uuid AND p."connectionId" = $6::uuid AND p."state" = 'ADMITTED'
        AND v."status" IN ('CHECKED_IN', 'IN_PROGRESS') AND v."modality" = 'VIDEO')
    AND ($3::uuid IS NULL OR EXISTS (
      SELECT 1 FROM "VideoParticipant" q WHERE q."id" = $3::uuid AND q."visitId" = $1::uuid AND q."state" = 'ADMITTED'))
    AND (SELECT count(*) FROM "VideoSignal" s WHERE s."fromParticipantId" = $2::uuid AND s."createdAt" > now() - interval '10 seconds') < $7
    AND (($8::text = 'u' AND ${liveUserSessionSql({ sessionId: "$9", patientIdleMinutes: "$10", staffIdleMinutes: "$11" })})
      OR ($8::text = 'l' AND ${liveLinkSessionSql("$9")}))
  RETURNING "id", "visitId", "fromParticipantId", "toParticipantId", "kind", "payload"
)
SELECT ins."id"::text AS id, pg_notify('${CHANNEL}', json_build_object(
  'i', ins."id"::text, 'v', ins."visitId", 'f', ins."fromParticipantId", 't', ins."toParticipantId", 'k', ins."kind",
  'd', CASE WHEN octet_length(ins."payload"::text) < 7000 THEN ins."payload" END)::text) AS notified
FROM ins`;

export type SendOutcome = { ok: true; id: string } | { ok: false };

/** A browser's message into the room: exactly one statement (see above). */
export async function sendSignal(claims: RoomClaims, msg: SignalInput): Promise<SendOutcome> {
  const env = getEnv();
  const r = await pgPool().query<{ id: string }>(SEND_SQL, [
    claims.v,
    claims.p,
    msg.to ?? null,
    msg.kind,
    JSON.stringify(msg.data),
    claims.c,
    env.VIDEO_SIGNALS_PER_10S,
    claims.k,
    claims.s,
    env.PATIENT_IDLE_MINUTES,
    env.STAFF_IDLE_MINUTES,
  ]);
  return r.rows[0] ? { ok: true, id: r.rows[0].id } : { ok: false };
}

/**
 * Why a send was refused (only run after a refusal, so the happy path stays one statement). SQL
 * of its own because it counts the last 10 seconds by the database's clock (`now()`), as the send
 * statement's rate limit does; a Prisma filter could only bind the app's clock.
 */
export async function whySendRefused(claims: RoomClaims): Promise<"rate_limited" | "not_in_call"> {
  const r = await pgPool().query<{ n: string; ok: boolean }>(
    `SELECT (SELECT count(*) FROM "VideoSignal" WHERE "fromParticipantId" = $1::uuid AND "createdAt" > now() - interval '10 seconds')::text AS n,
            EXISTS (SELECT 1 FROM "VideoParticipant" WHERE "id" = $1::uuid AND "connectionId" = $2::uuid AND "state" = 'ADMITTED') AS ok`,
    [claims.p, claims.c],
  );
  const row = r.rows[0];
  return row && row.ok && Number(row.n) >= getEnv().VIDEO_SIGNALS_PER_10S ? "rate_limited" : "not_in_call";
}

/** A server event (room roster, phone fallback) inside the caller's transaction: delivered on commit. */
export async function emitRoomEvent(
  tx: Tx,
  visitId: string,
  to: string | null,
  kind: string,
  data: unknown,
): Promise<void> {
  const payload = JSON.stringify(data);
  await tx.$queryRaw`
    WITH ins AS (
      INSERT INTO "VideoSignal" ("visitId", "fromParticipantId", "toParticipantId", "kind", "payload")
      VALUES (${visitId}::uuid, NULL, ${to}::uuid, ${kind}, ${payload}::jsonb)
      RETURNING "id", "visitId", "toParticipantId", "kind", "payload"
    )
    SELECT ins."id"::text AS id, pg_notify(${CHANNEL}, json_build_object(
      'i', ins."id"::text, 'v', ins."visitId", 'f', NULL, 't', ins."toParticipantId", 'k', ins."kind",
      'd', CASE WHEN octet_length(ins."payload"::text) < 7000 THEN ins."payload" END)::text)::text AS notified
    FROM ins`;
}

/** Rows after `afterId` for one participant (their own and the room's), oldest first. */
export async function readSignalsAfter(
  visitId: string,
  participantId: string,
  afterId: string,
  limit = 500,
): Promise<RoomMessage[]> {
  const rows = await db.videoSignal.findMany({
    where: {
      visitId,
      id: { gt: BigInt(afterId) },
      AND: [
        { OR: [{ toParticipantId: null }, { toParticipantId: participantId }] },
        // IS DISTINCT FROM: the server's own events (no sender) are for everyone.
        { OR: [{ fromParticipantId: null }, { fromParticipantId: { not: participantId } }] },
      ],
    },
    select: { id: true, fromParticipantId: true, toParticipantId: true, kind: true, payload: true },
    orderBy: { id: "asc" },
    take: limit,
  });
  return rows.map((row) => ({
    id: row.id.toString(),
    visitId,
    from: row.fromParticipantId,
    to: row.toParticipantId,
    kind: row.kind,
    data: row.payload,
  }));
}

/** Relay data is not a record: rows older than a day go (a finished visit's go at once, roster.server). */
export async function purgeSignals(olderThanHours = 24): Promise<number> {
  const r = await db.videoSignal.deleteMany({
    where: { createdAt: { lt: new Date(Date.now() - olderThanHours * 3_600_000) } },
  });
  return r.count;
}

// ---------------------------------------------------------------------------------------------
// The hub: one LISTEN connection per instance, fanning notifications out to open streams.
// ---------------------------------------------------------------------------------------------

type Subscriber = { visitId: string; deliver: (m: RoomMessage) => void; resync: () => void };

class SignalHub {
  private client: pg.Client | null = null;
  private connecting: Promise<void> | null = null;
  private subs = new Map<string, Set<Subscriber>>();
  private closed = false;

  async subscribe(visitId: string, deliver: Subscriber["deliver"], resync: Subscriber["resync"]): Promise<() => void> {
    await this.ensureListening();
    const sub: Subscriber = { visitId, deliver, resync };
    let set = this.subs.get(visitId);
    if (!set) this.subs.set(visitId, (set = new Set()));
    set.add(sub);
    return () => {
      set.delete(sub);
      if (set.size === 0) this.subs.delete(visitId);
    };
  }

  private ensureListening(): Promise<void> {
    if (this.client) return Promise.resolve();
    return (this.connecting ??= this.connect().finally(() => {
      this.connecting = null;
    }));
  }

  private async connect(): Promise<void> {
    const client = new pg.Client({ connectionString: getEnv().DATABASE_URL, connectionTimeoutMillis: 3_000 });
    client.on("notification", (n) => {
      if (n.channel === CHANNEL && n.payload) this.onNotification(n.payload);
    });
    const lost = (why: string) => {
      if (this.client !== client) return;
      this.client = null;
      logger.warn("video.hub.lost", { why });
      client.end().catch(() => undefined);
      if (this.closed) return;
      // Reconnect, then let every open stream read what it may have missed meanwhile.
      setTimeout(() => {
        this.ensureListening()
          .then(() => {
            for (const set of this.subs.values()) for (const s of set) s.resync();
          })
          .catch(() => lost("reconnect_failed"));
      }, 500).unref();
    };
    client.on("error", (e: Error & { code?: string }) => lost(e.code ?? "error"));
    client.on("end", () => lost("end"));
    await client.connect();
    await client.query(`LISTEN ${CHANNEL}`);
    this.client = client;
  }

  private onNotification(payload: string) {
    let n: { i: string; v: string; f: string | null; t: string | null; k: string; d?: unknown };
    try {
      n = JSON.parse(payload) as typeof n;
    } catch {
      return;
    }
    const set = this.subs.get(n.v);
    if (!set || set.size === 0) return;
    const fanOut = (data: unknown) => {
      const m: RoomMessage = { id: n.i, visitId: n.v, from: n.f, to: n.t, kind: n.k, data };
      for (const s of set) s.deliver(m);
    };
    if (n.d !== null && n.d !== undefined) return fanOut(n.d);
    // Too big for a notification: read it back once for all local streams.
    pgPool()
      .query<{ payload: unknown }>(`SELECT "payload" FROM "VideoSignal" WHERE "id" = $1::bigint`, [n.i])
      .then((r) => {
        if (r.rows[0]) fanOut(r.rows[0].payload);
      })
      .catch(() => {
        for (const s of set) s.resync();
      });
  }

  async close(): Promise<void> {
    this.closed = true;
    const c = this.client;
    this.client = null;
    await c?.end().catch(() => undefined);
  }
}

type HubGlobals = { __vpcSignalHub?: SignalHub; __vpcShutdownHooks?: Array<() => Promise<void>> };

export function signalHub(): SignalHub {
  const g = globalThis as HubGlobals;
  if (!g.__vpcSignalHub) {
    const hub = new SignalHub();
    g.__vpcSignalHub = hub;
    (g.__vpcShutdownHooks ??= []).push(() => hub.close());
  }
  return g.__vpcSignalHub;
}
