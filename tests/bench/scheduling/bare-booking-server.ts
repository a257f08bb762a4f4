/**
 * Baseline for the booking budget: a bare node:http + pg server sending Postgres the same
 * statements, in the same order, as one booking through the app (POST /api/visits):
 *
 *   1. SELECT "Session" by id                  (session check, as Prisma sends it)
 *   2. SELECT "User" by id                     (Prisma loads the relation with a second query)
 *      [UPDATE "Session" SET "lastSeenAt"       (only when older than a minute, as the app)]
 *   3. booking pre-read (patient, visit type, clinician, hours, exceptions)
 *   4. BEGIN
 *   5. visit + event + reminders + audit row   (one statement)
 *   6. SELECT "AssessmentSettings"             (pre-visit form hook)
 *   7. INSERT "FormRequest" ... ON CONFLICT DO NOTHING
 *   8. SELECT "FormRequest" ids of the visit
 *   9. INSERT "AuditEvent" (one row per form request)
 *  10. COMMIT
 *
 * No framework, no JWT, no validation library, no ORM: the difference to the app is what the
 * budget measures. Keep this list in step with bookVisit. Started by tests/bench/scheduling/measure.ts.
 */
import { randomUUID } from "node:crypto";
import { createServer } from "node:http";
import pg from "pg";

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: Number(process.env.DB_POOL_MAX ?? 10) });
const port = Number(process.env.PORT ?? 3202);
const IDLE_MS = 30 * 60_000;
const TOUCH_MS = 60_000;

type Body = { patientId: string; clinicianId: string; visitTypeId: string; modality: "VIDEO" | "PHONE"; startsAt: string; reason: string; idempotencyKey: string };
type SessionRow = { id: string; createdAt: Date; lastSeenAt: Date; expiresAt: Date; revokedAt: Date | null; sessionVersion: number; userId: string };
type UserRow = { id: string; role: string; active: boolean; sessionVersion: number };

async function sessionActor(sessionId: string, now: Date): Promise<UserRow | null> {
  if (!/^[0-9a-f-]{36}$/.test(sessionId)) return null;
  const s = (
    await pool.query(
      `SELECT "public"."Session"."id", "public"."Session"."createdAt", "public"."Session"."lastSeenAt", "public"."Session"."expiresAt", "public"."Session"."revokedAt", "public"."Session"."sessionVersion", "public"."Session"."userId" FROM "public"."Session" WHERE ("public"."Session"."id" = $1 AND 1=1) LIMIT $2 OFFSET $3`,
      [sessionId, 1, 0],
    )
  ).rows[0] as SessionRow | undefined;
  if (!s) return null;
  const u = (
    await pool.query(
      `SELECT "public"."User"."id", "public"."User"."name", "public"."User"."email", "public"."User"."role"::text, "public"."User"."active", "public"."User"."sessionVersion", "public"."User"."patientId" FROM "public"."User" WHERE "public"."User"."id" = $1 OFFSET $2`,
      [s.userId, 0],
    )
  ).rows[0] as UserRow | undefined;
  if (!u || !u.active || s.revokedAt || s.sessionVersion !== u.sessionVersion || now >= s.expiresAt || now.getTime() - s.lastSeenAt.getTime() >= IDLE_MS) return null;
  if (now.getTime() - s.lastSeenAt.getTime() >= TOUCH_MS) await pool.query(`UPDATE "public"."Session" SET "lastSeenAt" = $1 WHERE ("public"."Session"."id" = $2 AND 1=1)`, [now, s.id]);
  return u;
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
      `SELECT
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
  const client = await pool.connect();
  try {
    await client.query("BEGIN");
    await client.query(
      `WITH v AS (
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
          WHERE EXISTS (SELECT 1 FROM v WHERE v.id = r.visit))
        INSERT INTO "AuditEvent" ("actorUserId", "actorRole", "action", "entityType", "entityId", "patientId", "outcome", "ip", "requestId", "details")
        SELECT $19::uuid, $20, 'CREATE', 'Visit', v.id::text, $21::uuid, 'SUCCESS', $22, $23, $24::jsonb FROM v`,
      [
        b.patientId, b.clinicianId, b.visitTypeId, b.modality, b.reason, null, null, actor.id,
        [id], [start], [end], [b.idempotencyKey],
        actor.id, null,
        [randomUUID(), randomUUID()], [id, id], ["24h", "1h"], [new Date(start.getTime() - 86_400_000), new Date(start.getTime() - 3_600_000)],
        actor.id, actor.role, b.patientId, ip, requestId, JSON.stringify({ modality: b.modality }),
      ],
    );
    const settings = (
      await client.query(
        `SELECT "public"."AssessmentSettings"."id", "public"."AssessmentSettings"."preVisitInstruments"::text[], "public"."AssessmentSettings"."dueMinutesBefore", "public"."AssessmentSettings"."linkTtlHours", "public"."AssessmentSettings"."updatedAt" FROM "public"."AssessmentSettings" WHERE ("public"."AssessmentSettings"."id" = $1 AND 1=1) LIMIT $2 OFFSET $3`,
        [1, 1, 0],
      )
    ).rows[0] as { preVisitInstruments: string[]; dueMinutesBefore: number } | undefined;
    const instruments = settings?.preVisitInstruments ?? ["PEG", "PHQ9"];
    const dueAt = new Date(start.getTime() - (settings?.dueMinutesBefore ?? 120) * 60_000);
    const values: unknown[] = [];
    const tuples = instruments.map((instrument) => {
      const o = values.length;
      values.push(randomUUID(), b.patientId, id, instrument, "PENDING", dueAt, now, actor.id, 0);
      return `($${o + 1},$${o + 2},$${o + 3},CAST($${o + 4}::text AS "public"."Instrument"),CAST($${o + 5}::text AS "public"."FormRequestStatus"),$${o + 6},$${o + 7},$${o + 8},$${o + 9})`;
    });
    await client.query(`INSERT INTO "public"."FormRequest" ("id","patientId","visitId","instrument","status","dueAt","createdAt","createdById","reminderCount") VALUES ${tuples.join(", ")} ON CONFLICT DO NOTHING`, values);
    const requests = (
      await client.query(
        `SELECT "public"."FormRequest"."id" FROM "public"."FormRequest" WHERE ("public"."FormRequest"."visitId" = $1 AND "public"."FormRequest"."patientId" = $2 AND "public"."FormRequest"."status" <> CAST($3::text AS "public"."FormRequestStatus")) OFFSET $4`,
        [id, b.patientId, "CANCELLED", 0],
      )
    ).rows as { id: string }[];
    const auditValues: unknown[] = [];
    const auditTuples = requests.map((r) => {
      const o = auditValues.length;
      auditValues.push(new Date(), actor.id, actor.role, "CREATE", "FormRequest", r.id, b.patientId, "SUCCESS", ip, requestId, JSON.stringify({ reason: "visit_booked", visitId: id }));
      return `($${o + 1},$${o + 2},$${o + 3},$${o + 4},$${o + 5},$${o + 6},$${o + 7},CAST($${o + 8}::text AS "public"."AuditOutcome"),$${o + 9},$${o + 10},$${o + 11})`;
    });
    if (auditTuples.length) {
      await client.query(`INSERT INTO "public"."AuditEvent" ("at","actorUserId","actorRole","action","entityType","entityId","patientId","outcome","ip","requestId","details") VALUES ${auditTuples.join(", ")}`, auditValues);
    }
    await client.query("COMMIT");
    return [201, { visitIds: [id], replayed: false }];
  } catch (e) {
    await client.query("ROLLBACK").catch(() => undefined);
    if ((e as { code?: string }).code === "23P01") return [409, { error: "taken" }];
    throw e;
  } finally {
    client.release();
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
