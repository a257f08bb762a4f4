/**
 * The statements one booking through the app sends to Postgres, verbatim (same text, same
 * parameter order), for the bare baseline server (./bare-booking-server.ts). measure.ts records
 * what the app's own code sends (loadActorForSession, bookVisit) and refuses to measure when a
 * text differs, so the two sides cannot drift apart silently.
 */
export const bareSql = {
  /** Session check: src/server/auth/sign-in.server.ts loadActorForSession. */
  session: `
    SELECT s."id", s."createdAt", s."lastSeenAt", s."expiresAt", s."revokedAt", s."sessionVersion",
           u."id" AS "userId", u."name", u."email", u."role", u."active", u."sessionVersion" AS "userSessionVersion", u."patientId"
    FROM "Session" s JOIN "User" u ON u."id" = s."userId"
    WHERE s."id" = $1::uuid`,
  /** At most once a minute per session (TOUCH_INTERVAL_MS). */
  touch: `UPDATE "Session" SET "lastSeenAt" = $1 WHERE "id" = $2::uuid`,
  /** bookVisit: everything validation needs, one round trip. */
  preRead: `
    SELECT
      (SELECT "phone" FROM "Patient" WHERE "id" = $1::uuid) AS "patientPhone",
      EXISTS (SELECT 1 FROM "Patient" WHERE "id" = $2::uuid) AS "patientExists",
      (SELECT "durationMinutes" FROM "VisitType" WHERE "id" = $3::uuid AND "active") AS "durationMinutes",
      EXISTS (SELECT 1 FROM "User" WHERE "id" = $4::uuid AND "role" = 'CLINICIAN' AND "active") AS "clinicianOk",
      (SELECT coalesce(json_agg(json_build_object('weekday', "weekday", 'startMinute', "startMinute", 'endMinute', "endMinute")), '[]'::json)
         FROM "ClinicianWeeklyHours" WHERE "clinicianId" = $5::uuid) AS "weekly",
      (SELECT coalesce(json_agg(json_build_object('kind', "kind", 's', (extract(epoch FROM "startsAt") * 1000)::float8, 'e', (extract(epoch FROM "endsAt") * 1000)::float8)), '[]'::json)
         FROM "ClinicianAvailabilityException" WHERE "clinicianId" = $6::uuid AND "startsAt" < $7 AND "endsAt" > $8) AS "exceptions"`,
  /** bookVisit: the one write statement (pre-visit forms from assessments' preVisitRequestsSql). */
  booking: `
      WITH booking_lock AS (
        SELECT pg_advisory_xact_lock($1::int, hashtext($2)) AS clinician,
               pg_advisory_xact_lock($3::int, hashtext($4)) AS patient),
      v AS (
        INSERT INTO "Visit" ("id", "patientId", "clinicianId", "visitTypeId", "startsAt", "endsAt", "modality", "reason", "phoneNumber", "idempotencyKey", "seriesId", "createdById", "updatedAt")
        SELECT t.id, $5::uuid, $6::uuid, $7::uuid, t.s, t.e, $8::"VisitModality", $9, $10, t.k, $11::uuid, $12::uuid, now()
        FROM booking_lock, unnest($13::uuid[], $14::timestamptz[], $15::timestamptz[], $16::text[]) AS t(id, s, e, k)
        RETURNING "id"),
      ev AS (
        INSERT INTO "VisitEvent" ("visitId", "actorUserId", "kind", "toStatus", "details")
        SELECT v.id, $17::uuid, 'BOOKED', 'SCHEDULED', $18::jsonb FROM v),
      rm AS (
        INSERT INTO "ReminderMessage" ("id", "visitId", "kind", "visitSequence", "sendAfter", "channel", "updatedAt")
        SELECT r.id, r.visit, r.kind, 0, r.at, 'email', now()
        FROM unnest($19::uuid[], $20::uuid[], $21::text[], $22::timestamptz[]) AS r(id, visit, kind, at)
        WHERE EXISTS (SELECT 1 FROM v WHERE v.id = r.visit)),
      
    pv_settings AS (
      SELECT coalesce(s."preVisitInstruments", $23::"Instrument"[]) AS "instruments",
             coalesce(s."dueMinutesBefore", $24::int) AS "dueMinutesBefore"
      FROM (SELECT 1) AS one LEFT JOIN "AssessmentSettings" s ON s."id" = 1),
    pv_requests AS (
      INSERT INTO "FormRequest" ("id", "patientId", "visitId", "instrument", "dueAt", "createdById")
      SELECT gen_random_uuid(), $25::uuid, t.visit, i.instrument,
             CASE WHEN t.starts - make_interval(mins => st."dueMinutesBefore") > $26::timestamptz
                  THEN t.starts - make_interval(mins => st."dueMinutesBefore") ELSE t.starts END,
             $27::uuid
      FROM pv_settings st
        CROSS JOIN unnest($28::uuid[], $29::timestamptz[]) AS t(visit, starts)
        CROSS JOIN unnest(st."instruments") AS i(instrument)
      ON CONFLICT DO NOTHING
      RETURNING "id", "visitId"),
    pv_audit AS (
      INSERT INTO "AuditEvent" ("actorUserId", "actorRole", "actorClientId", "action", "entityType", "entityId", "patientId", "outcome", "ip", "requestId", "details")
      SELECT $30::uuid, $31::text, $32::uuid, $33::text, $34::text, r."id"::text, $35::uuid, $36::"AuditOutcome", $37::text, $38::text, jsonb_build_object('reason', $39::text, 'visitId', r."visitId")
      FROM pv_requests r),
      v_audit AS (
      INSERT INTO "AuditEvent" ("actorUserId", "actorRole", "actorClientId", "action", "entityType", "entityId", "patientId", "outcome", "ip", "requestId", "details")
      SELECT $40::uuid, $41::text, $42::uuid, $43::text, $44::text, v.id::text, $45::uuid, $46::"AuditOutcome", $47::text, $48::text, $49::jsonb
      FROM v)
      SELECT 1`,
};
