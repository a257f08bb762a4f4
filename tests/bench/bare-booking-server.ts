/**
 * Baseline for the booking budget: a bare node:http + pg server running the same SQL as a booking
 * through the app (session lookup, idempotency check, patient / visit type / clinician lookups,
 * the four availability queries, then one transaction inserting visit, event, reminders and audit
 * row). No framework, no validation library, no ORM. Started by tests/bench/scheduling.ts.
 */
import { randomUUID } from "node:crypto";
import { createServer } from "node:http";
import pg from "pg";

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: Number(process.env.DB_POOL_MAX ?? 10) });
const port = Number(process.env.PORT ?? 3202);

type Body = { patientId: string; clinicianId: string; visitTypeId: string; modality: "VIDEO" | "PHONE"; startsAt: string; reason: string; idempotencyKey: string };

async function book(sessionId: string, b: Body): Promise<[number, unknown]> {
  const s = await pool.query(`SELECT s."id", s."revokedAt", s."expiresAt", u."id" AS "userId", u."role", u."active" FROM "Session" s JOIN "User" u ON u."id" = s."userId" WHERE s."id" = $1`, [sessionId]);
  const actor = s.rows[0] as { userId: string; role: string } | undefined;
  if (!actor) return [401, { error: "sign in" }];
  const idem = await pool.query(`SELECT "id", "patientId", "seriesId" FROM "Visit" WHERE "idempotencyKey" = $1`, [b.idempotencyKey]);
  if (idem.rowCount) return [200, { visitIds: [idem.rows[0].id], replayed: true }];
  const [patient, type, clinician] = await Promise.all([
    pool.query(`SELECT "id", "phone" FROM "Patient" WHERE "id" = $1`, [b.patientId]),
    pool.query(`SELECT "id", "durationMinutes" FROM "VisitType" WHERE "id" = $1 AND "active"`, [b.visitTypeId]),
    pool.query(`SELECT "id" FROM "User" WHERE "id" = $1 AND "role" = 'CLINICIAN' AND "active"`, [b.clinicianId]),
  ]);
  if (!patient.rowCount || !type.rowCount || !clinician.rowCount) return [400, { error: "invalid" }];
  const start = new Date(b.startsAt);
  const end = new Date(start.getTime() + (type.rows[0].durationMinutes as number) * 60_000);
  const lo = new Date(start.getTime() - 2 * 86_400_000);
  const hi = new Date(start.getTime() + 2 * 86_400_000);
  await Promise.all([
    pool.query(`SELECT "id", "name" FROM "User" WHERE "role" = 'CLINICIAN' AND "active" AND "id" = ANY($1::uuid[]) ORDER BY "name"`, [[b.clinicianId]]),
    pool.query(`SELECT h."clinicianId", h."weekday", h."startMinute", h."endMinute" FROM "ClinicianWeeklyHours" h JOIN "User" u ON u."id" = h."clinicianId" WHERE u."role" = 'CLINICIAN' AND u."active" AND u."id" = ANY($1::uuid[])`, [[b.clinicianId]]),
    pool.query(`SELECT e."clinicianId", e."kind", e."startsAt", e."endsAt" FROM "ClinicianAvailabilityException" e JOIN "User" u ON u."id" = e."clinicianId" WHERE u."id" = ANY($1::uuid[]) AND e."startsAt" < $3 AND e."endsAt" > $2`, [[b.clinicianId], lo, hi]),
  ]);
  await pool.query(`SELECT "clinicianId", "patientId", "startsAt", "endsAt" FROM "Visit" WHERE ("clinicianId" = ANY($1::uuid[]) OR "patientId" = NULL::uuid) AND "status" <> 'CANCELLED' AND "startsAt" < $3 AND "endsAt" > $2`, [[b.clinicianId], lo, hi]);
  const client = await pool.connect();
  try {
    await client.query("BEGIN");
    const id = randomUUID();
    await client.query(
      `INSERT INTO "Visit" ("id","patientId","clinicianId","visitTypeId","startsAt","endsAt","modality","reason","idempotencyKey","createdById","updatedAt") VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,now()) RETURNING "id","startsAt","endsAt"`,
      [id, b.patientId, b.clinicianId, b.visitTypeId, start, end, b.modality, b.reason, b.idempotencyKey, actor.userId],
    );
    await client.query(`INSERT INTO "VisitEvent" ("visitId","actorUserId","kind","toStatus") VALUES ($1,$2,'BOOKED','SCHEDULED')`, [id, actor.userId]);
    await client.query(`INSERT INTO "ReminderMessage" ("id","visitId","kind","visitSequence","sendAfter","channel","updatedAt") VALUES ($1,$2,'24h',0,$3,'email',now()),($4,$2,'1h',0,$5,'email',now())`, [
      randomUUID(),
      id,
      new Date(start.getTime() - 86_400_000),
      randomUUID(),
      new Date(start.getTime() - 3_600_000),
    ]);
    await client.query(`INSERT INTO "AuditEvent" ("actorUserId","actorRole","action","entityType","entityId","patientId","outcome","ip","requestId","details") VALUES ($1,$2,'CREATE','Visit',$3,$4,'SUCCESS',$5,$6,$7)`, [
      actor.userId,
      actor.role,
      id,
      b.patientId,
      "127.0.0.1",
      randomUUID(),
      JSON.stringify({ modality: b.modality }),
    ]);
    await client.query("COMMIT");
    return [201, { visitIds: [id], replayed: false }];
  } catch (e) {
    await client.query("ROLLBACK");
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
