/**
 * Baseline for the booking budget: a bare node:http + pg server running the same SQL as a booking
 * through the app (session lookup, the one pre-read query, then the one write statement
 * inserting visit, event, reminders and audit row). No framework, no JWT, no validation
 * library, no ORM. Started by tests/bench/scheduling.ts.
 */
import { randomUUID } from "node:crypto";
import { createServer } from "node:http";
import pg from "pg";

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: Number(process.env.DB_POOL_MAX ?? 10) });
const port = Number(process.env.PORT ?? 3202);

type Body = { patientId: string; clinicianId: string; visitTypeId: string; modality: "VIDEO" | "PHONE"; startsAt: string; reason: string; idempotencyKey: string };

async function book(sessionId: string, b: Body): Promise<[number, unknown]> {
  const s = await pool.query(
    `SELECT s."id", s."createdAt", s."lastSeenAt", s."expiresAt", s."revokedAt", s."sessionVersion", u."id" AS "userId", u."name", u."email", u."role", u."active", u."sessionVersion" AS "userVersion", u."patientId"
     FROM "Session" s JOIN "User" u ON u."id" = s."userId" WHERE s."id" = $1`,
    [sessionId],
  );
  const actor = s.rows[0] as { userId: string; role: string } | undefined;
  if (!actor) return [401, { error: "sign in" }];
  const start = new Date(b.startsAt);
  const lo = new Date(start.getTime() - 2 * 86_400_000);
  const hi = new Date(start.getTime() + 2 * 86_400_000);
  const pre = (
    await pool.query(
      `SELECT
        (SELECT "phone" FROM "Patient" WHERE "id" = $1::uuid) AS "patientPhone",
        EXISTS (SELECT 1 FROM "Patient" WHERE "id" = $1::uuid) AS "patientExists",
        (SELECT "durationMinutes" FROM "VisitType" WHERE "id" = $2::uuid AND "active") AS "durationMinutes",
        EXISTS (SELECT 1 FROM "User" WHERE "id" = $3::uuid AND "role" = 'CLINICIAN' AND "active") AS "clinicianOk",
        (SELECT coalesce(json_agg(json_build_object('weekday', "weekday", 'startMinute', "startMinute", 'endMinute', "endMinute")), '[]'::json)
           FROM "ClinicianWeeklyHours" WHERE "clinicianId" = $3::uuid) AS "weekly",
        (SELECT coalesce(json_agg(json_build_object('kind', "kind", 's', (extract(epoch FROM "startsAt") * 1000)::float8, 'e', (extract(epoch FROM "endsAt") * 1000)::float8)), '[]'::json)
           FROM "ClinicianAvailabilityException" WHERE "clinicianId" = $3::uuid AND "startsAt" < $5 AND "endsAt" > $4) AS "exceptions"`,
      [b.patientId, b.visitTypeId, b.clinicianId, lo, hi],
    )
  ).rows[0] as { patientExists: boolean; durationMinutes: number | null; clinicianOk: boolean; weekly: { weekday: number; startMinute: number; endMinute: number }[] };
  if (!pre.patientExists || !pre.durationMinutes || !pre.clinicianOk || pre.weekly.length === 0) return [400, { error: "invalid" }];
  const end = new Date(start.getTime() + pre.durationMinutes * 60_000);
  const id = randomUUID();
  try {
    await pool.query(
      `WITH v AS (
          INSERT INTO "Visit" ("id", "patientId", "clinicianId", "visitTypeId", "startsAt", "endsAt", "modality", "reason", "phoneNumber", "idempotencyKey", "seriesId", "createdById", "updatedAt")
          SELECT t.id, $1::uuid, $2::uuid, $3::uuid, t.s, t.e, $4::"VisitModality", $5, NULL, t.k, NULL::uuid, $6::uuid, now()
          FROM unnest($7::uuid[], $8::timestamptz[], $9::timestamptz[], $10::text[]) AS t(id, s, e, k)
          RETURNING "id"),
        ev AS (
          INSERT INTO "VisitEvent" ("visitId", "actorUserId", "kind", "toStatus", "details")
          SELECT v.id, $6::uuid, 'BOOKED', 'SCHEDULED', NULL::jsonb FROM v),
        rm AS (
          INSERT INTO "ReminderMessage" ("id", "visitId", "kind", "visitSequence", "sendAfter", "channel", "updatedAt")
          SELECT r.id, r.visit, r.kind, 0, r.at, 'email', now()
          FROM unnest($11::uuid[], $12::uuid[], $13::text[], $14::timestamptz[]) AS r(id, visit, kind, at)
          WHERE EXISTS (SELECT 1 FROM v WHERE v.id = r.visit))
        INSERT INTO "AuditEvent" ("actorUserId", "actorRole", "action", "entityType", "entityId", "patientId", "outcome", "ip", "requestId", "details")
        SELECT $6::uuid, $15, 'CREATE', 'Visit', v.id::text, $1::uuid, 'SUCCESS', $16, $17, $18::jsonb FROM v`,
      [
        b.patientId, b.clinicianId, b.visitTypeId, b.modality, b.reason, actor.userId,
        [id], [start], [end], [b.idempotencyKey],
        [randomUUID(), randomUUID()], [id, id], ["24h", "1h"], [new Date(start.getTime() - 86_400_000), new Date(start.getTime() - 3_600_000)],
        actor.role, "127.0.0.1", randomUUID(), JSON.stringify({ modality: b.modality }),
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
    book(sid, body).then(
      ([status, json]) => {
        res.writeHead(status, { "content-type": "application/json" });
        res.end(JSON.stringify(json));
      },
      () => {
        res.writeHead(500).end();
      },
    );
  });
}).listen(port, "127.0.0.1", () => console.log(`bare booking server on ${port}`));
