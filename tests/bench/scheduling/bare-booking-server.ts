/**
 * Baseline for the booking budget: a bare node:http + pg server sending Postgres the same
 * statements, in the same order and with the same text, as one booking through the app
 * (POST /api/visits):
 *
 *   1. session check: the session row joined to its user (src/server/auth/sign-in.server.ts
 *      loadActorForSession), plus UPDATE "Session" "lastSeenAt" when older than a minute
 *   2. booking pre-read: patient, visit type, clinician, hours, exceptions (bookVisit)
 *   3. the booking statement: advisory locks on clinician and patient, visit, event, reminders,
 *      pre-visit form requests and their audit rows (assessments' preVisitRequestsSql), the
 *      visit's audit row - one statement, atomic on its own, so no BEGIN/COMMIT (bookVisit opens
 *      a transaction only for registered hooks, and none are registered in the app)
 *
 * The statement texts are in ./bare-sql.ts; measure.ts checks before measuring that the app sends
 * exactly these texts for a booking. No framework, no JWT, no validation library, no ORM: the
 * difference to the app is what the budget measures. Started by tests/bench/scheduling/measure.ts.
 */
import { randomUUID } from "node:crypto";
import { createServer } from "node:http";
import pg from "pg";
import { bareSql } from "./bare-sql";

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: Number(process.env.DB_POOL_MAX ?? 10) });
const port = Number(process.env.PORT ?? 3202);
const IDLE_MS = 30 * 60_000;
const TOUCH_MS = 60_000;

type Body = {
  patientId: string;
  clinicianId: string;
  visitTypeId: string;
  modality: "VIDEO" | "PHONE";
  startsAt: string;
  reason: string;
  idempotencyKey: string;
};
type SessionActorRow = {
  id: string;
  lastSeenAt: Date;
  expiresAt: Date;
  revokedAt: Date | null;
  sessionVersion: number;
  userId: string;
  role: string;
  active: boolean;
  userSessionVersion: number;
};

async function sessionActor(sessionId: string, now: Date): Promise<SessionActorRow | null> {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(sessionId)) return null;
  const s = (await pool.query(bareSql.session, [sessionId])).rows[0] as SessionActorRow | undefined;
  if (
    !s ||
    !s.active ||
    s.revokedAt ||
    s.sessionVersion !== s.userSessionVersion ||
    now >= s.expiresAt ||
    now.getTime() - s.lastSeenAt.getTime() >= IDLE_MS
  )
    return null;
  if (now.getTime() - s.lastSeenAt.getTime() >= TOUCH_MS) await pool.query(bareSql.touch, [now, s.id]);
  return s;
}

async function book(sessionId: string, b: Body, ip: string): Promise<[number, unknown]> {
  const now = new Date();
  const actor = await sessionActor(sessionId, now);
  if (!actor) return [401, { error: "sign in" }];
  const start = new Date(b.startsAt);
  const lo = new Date(start.getTime() - 2 * 86_400_000);
  const hi = new Date(start.getTime() + 2 * 86_400_000);
  const pre = (
    await pool.query(bareSql.preRead, [
      b.patientId,
      b.patientId,
      b.visitTypeId,
      b.clinicianId,
      b.clinicianId,
      b.clinicianId,
      hi,
      lo,
    ])
  ).rows[0] as {
    patientExists: boolean;
    durationMinutes: number | null;
    clinicianOk: boolean;
    weekly: { weekday: number; startMinute: number; endMinute: number }[];
  };
  if (!pre.patientExists || !pre.durationMinutes || !pre.clinicianOk || pre.weekly.length === 0)
    return [400, { error: "invalid" }];
  const end = new Date(start.getTime() + pre.durationMinutes * 60_000);
  const id = randomUUID();
  const requestId = randomUUID();
  try {
    await pool.query(bareSql.booking, [
      0x56495354,
      b.clinicianId,
      0x56495354,
      b.patientId,
      b.patientId,
      b.clinicianId,
      b.visitTypeId,
      b.modality,
      b.reason,
      null,
      null,
      actor.userId,
      [id],
      [start],
      [end],
      [b.idempotencyKey],
      actor.userId,
      null,
      [randomUUID(), randomUUID()],
      [id, id],
      ["24h", "1h"],
      [new Date(start.getTime() - 86_400_000), new Date(start.getTime() - 3_600_000)],
      ["PEG", "PHQ9"],
      120,
      b.patientId,
      new Date(),
      actor.userId,
      [id],
      [start],
      actor.userId,
      actor.role,
      null,
      "CREATE",
      "FormRequest",
      b.patientId,
      "SUCCESS",
      ip,
      requestId,
      "visit_booked",
      actor.userId,
      actor.role,
      null,
      "CREATE",
      "Visit",
      b.patientId,
      "SUCCESS",
      ip,
      requestId,
      JSON.stringify({ modality: b.modality }),
    ]);
    return [201, { visitIds: [id], replayed: false }];
  } catch (e) {
    if ((e as { code?: string }).code === "23P01") return [409, { error: { code: "SLOT_TAKEN", message: "taken" } }];
    throw e;
  }
}

createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on("data", (c: Buffer) => chunks.push(c));
  req.on("end", () => {
    const sid = /bare_session=([0-9a-f-]{36})/.exec(req.headers.cookie ?? "")?.[1] ?? "";
    let body: Body;
    try {
      body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as Body;
    } catch {
      res.writeHead(400).end();
      return;
    }
    book(sid, body, req.socket.remoteAddress ?? "unknown").then(
      ([status, json]) => {
        res.writeHead(status, { "content-type": "application/json", "cache-control": "no-store" });
        res.end(JSON.stringify(json));
      },
      () => {
        res.writeHead(500).end();
      },
    );
  });
}).listen(port, "127.0.0.1", () => console.log(`bare booking server on ${port}`));
