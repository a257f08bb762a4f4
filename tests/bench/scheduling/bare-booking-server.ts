/**
 * Baseline for the booking budget: a bare node:http + pg server sending Postgres the same
 * statements, in the same order and with the same text, as one booking through the app
 * (POST /api/visits):
 *
 *   1. session check: the session row joined to its user (src/server/auth/sign-in.server.ts
 *      loadActorForSession), plus UPDATE "Session" "lastSeenAt" when older than a minute
 *   2. booking pre-read: patient, visit type, clinician, hours, exceptions (bookVisit)
 *   3. the booking statement: visit, event, reminders, pre-visit form requests and their audit
 *      rows (assessments' preVisitRequestsSql), the visit's audit row - one statement, atomic
 *      on its own, so no BEGIN/COMMIT (bookVisit opens a transaction only for registered hooks,
 *      and none are registered in the app)
 *
 * No framework, no JWT, no validation library, no ORM: the difference to the app is what the
 * budget measures. Keep this in step with bookVisit. Started by tests/bench/scheduling/measure.ts.
 */
import { randomUUID } from "node:crypto";
import { createServer } from "node:http";
import pg from "pg";

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: Number(process.env.DB_POOL_MAX ?? 10) });
const port = Number(process.env.PORT ?? 3202);
const IDLE_MS = 30 * 60_000;
const TOUCH_MS = 60_000;

type Body = { patientId: string; clinicianId: string; visitTypeId: string; modality: "VIDEO" | "PHONE"; startsAt: string; reason: string; idempotencyKey: string };
type SessionActorRow = { id: string; lastSeenAt: Date; expiresAt: Date; revokedAt: Date | null; sessionVersion: number; userId: string; role: string; active: boolean; userSessionVersion: number };

async function sessionActor(sessionId: string, now: Date): Promise<SessionActorRow | null> {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(sessionId)) return null;
  const s = (
    await pool.query(
      `
    SELECT s."id", s."createdAt", s."lastSeenAt", s."expiresAt", s."revokedAt", s."sessionVersion",
           u."id" AS "userId", u."name", u."email", u."role", u."active", u."sessionVersion" AS "userSessionVersion", u."patientId"
    FROM "Session" s JOIN "User" u ON u."id" = s."userId"
    WHERE s."id" = $1::uuid`,
      [sessionId],
    )
  ).rows[0] as SessionActorRow | undefined;
  if (!s || !s.active || s.revokedAt || s.sessionVersion !== s.userSessionVersion || now >= s.expiresAt || now.getTime() - s.lastSeenAt.getTime() >= IDLE_MS) return null;
  if (now.getTime() - s.lastSeenAt.getTime() >= TOUCH_MS) await pool.query(`UPDATE "Session" SET "lastSeenAt" = $1 WHERE "id" = $2::uuid`, [now, s.id]);
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
    await pool.query(
      `
    SELECT
      (SELECT "phone" FROM "Patient" WHERE "id" = $1::uuid) AS "patientPhone",
      EXISTS (SELECT 1 FROM "Patient" WHERE "id" = $2::uuid) AS "patientExists",
      (SELECT "durationMinutes" FROM "VisitType" WHERE "id" = $3::uuid AND "active") AS "durationMinutes",
      EXISTS (SELECT 1 FROM "User" WHERE "id" = $4::uuid AND "role" = 'CLINICIAN' AND "active") AS "clinicianOk",
      (SELECT coalesce(json_agg(json_build_object('weekday', "weekday", 'startMinute', "startMinute", 'endMinute', "endMinute")), '[]'::json)
         FROM "ClinicianWeeklyHours" WHERE "clinicianId" = $5::uuid) AS "weekly",
      (SELECT coalesce(json_agg(json_build_object('kind', "kind", 's', (extract(epoch FROM "startsAt") * 1000)::float8, 'e', (extract(epoch FROM "endsAt") * 1000)::float8)), '[]'::json)
         FROM "ClinicianAvailabilityException" WHERE "clinicianId" = $6::uuid AND "startsAt" < $7 AND "endsAt" > $8) AS "exceptions"`,
      [b.patientId, b.patientId, b.visitTypeId, b.clinicianId, b.clinicianId, b.clinicianId, hi, lo],
    )
  ).rows[0] as { patientExists: boolean; durationMinutes: number | null; clinicianOk: boolean; weekly: { weekday: number; startMinute: number; endMinute: number }[] };
  if (!pre.patientExists || !pre.durationMinutes || !pre.clinicianOk || pre.weekly.length === 0) return [400, { error: "invalid" }];
  const end = new Date(start.getTime() + pre.durationMinutes * 60_000);
  const id = randomUUID();
  const requestId = randomUUID();
  try {
    await pool.query(
      `
      WITH v AS (
        INSERT INTO "Visit" ("id", "patientId", "clinicianId", "visitTypeId", "startsAt", "endsAt", "modality", "reason", "phoneNumber", "idempotencyKey", "seriesId", "createdById", "updatedAt")
        SELECT t.id, $1::uuid, $2::uuid, $3::uuid, t.s, t.e, $4::"VisitModality", $5, $6, t.k, $7::uuid, $8::uuid, now()
        FROM unnest($9::uuid[], $10::timestamptz[], $11::timestamptz[], $12::text[]) AS t(id, s, e, k)
        RETURNING "id"),
      ev AS (
        INSERT INTO "VisitEvent" ("visitId", "actorUserId", "kind", "toStatus", "details")
        SELECT v.id, $13::uuid, 'BOOKED', 'SCHEDULED', $14::jsonb FROM v),
      rm AS (
        INSERT INTO "ReminderMessage" ("id", "visitId", "kind", "visitSequence", "sendAfter", "channel", "updatedAt")
        SELECT r.id, r.visit, r.kind, 0, r.at, 'email', now()
        FROM unnest($15::uuid[], $16::uuid[], $17::text[], $18::timestamptz[]) AS r(id, visit, kind, at)
        WHERE EXISTS (SELECT 1 FROM v WHERE v.id = r.visit)),
      
    pv_settings AS (
      SELECT coalesce(s."preVisitInstruments", $19::"Instrument"[]) AS "instruments",
             coalesce(s."dueMinutesBefore", $20::int) AS "dueMinutesBefore"
      FROM (SELECT 1) AS one LEFT JOIN "AssessmentSettings" s ON s."id" = 1),
    pv_requests AS (
      INSERT INTO "FormRequest" ("id", "patientId", "visitId", "instrument", "dueAt", "createdById")
      SELECT gen_random_uuid(), $21::uuid, t.visit, i.instrument, t.starts - make_interval(mins => st."dueMinutesBefore"), $22::uuid
      FROM pv_settings st
        CROSS JOIN unnest($23::uuid[], $24::timestamptz[]) AS t(visit, starts)
        CROSS JOIN unnest(st."instruments") AS i(instrument)
      ON CONFLICT DO NOTHING
      RETURNING "id", "visitId"),
    pv_audit AS (
      INSERT INTO "AuditEvent" ("actorUserId", "actorRole", "action", "entityType", "entityId", "patientId", "outcome", "ip", "requestId", "details")
      SELECT $25::uuid, $26, 'CREATE', 'FormRequest', r."id"::text, $27::uuid, 'SUCCESS', $28, $29,
             jsonb_build_object('reason', 'visit_booked', 'visitId', r."visitId")
      FROM pv_requests r)
      INSERT INTO "AuditEvent" ("actorUserId", "actorRole", "action", "entityType", "entityId", "patientId", "outcome", "ip", "requestId", "details")
      SELECT $30::uuid, $31, 'CREATE', 'Visit', v.id::text, $32::uuid, 'SUCCESS', $33, $34, $35::jsonb FROM v`,
      [
        b.patientId, b.clinicianId, b.visitTypeId, b.modality, b.reason, null, null, actor.userId,
        [id], [start], [end], [b.idempotencyKey],
        actor.userId, null,
        [randomUUID(), randomUUID()], [id, id], ["24h", "1h"], [new Date(start.getTime() - 86_400_000), new Date(start.getTime() - 3_600_000)],
        ["PEG", "PHQ9"], 120, b.patientId, actor.userId, [id], [start],
        actor.userId, actor.role, b.patientId, ip, requestId,
        actor.userId, actor.role, b.patientId, ip, requestId, JSON.stringify({ modality: b.modality }),
      ],
    );
    return [201, { visitIds: [id], replayed: false }];
  } catch (e) {
    if ((e as { code?: string }).code === "23P01") return [409, { error: "taken" }];
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
