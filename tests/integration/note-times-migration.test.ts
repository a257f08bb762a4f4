// The note-times migration completes, once, the visits left "In progress" although their note
// was signed (issue 10, D5): status, end time, history row, audit row, reminders, join links and
// the video room as the COMPLETE step does; and withdraws the unanswered pre-visit forms of every
// completed visit. Visits without a signed note are left alone.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resolvePostgresServer, type PostgresServer } from "../../src/cli/lib/databases";
import { beforeMigration } from "../factories/migrated-database";

const MIGRATION = "20261202015920_note_times_patient_status";

let server: PostgresServer;
beforeAll(async () => {
  server = await resolvePostgresServer();
}, 60_000);
afterAll(async () => {
  await server?.stop();
});

describe(`migration ${MIGRATION}`, () => {
  it("completes visits signed while in progress, and closes forms of completed visits", async () => {
    await beforeMigration(server, MIGRATION, async ({ client: c, migrate }) => {
      const clinician = randomUUID();
      await c.query(
        `INSERT INTO "User" (id, email, name, "passwordHash", role, "updatedAt") VALUES ($1, 'mig-clin@test.clinic', 'Dr Mig', 'x', 'CLINICIAN', now())`,
        [clinician],
      );
      const patient = randomUUID();
      await c.query(
        `INSERT INTO "Patient" (id, mrn, "givenName", "familyName", "birthDate", "timeZone", "stateOfResidence", "updatedAt") VALUES ($1, 'MIG-NT-1', 'Ana', 'Ruiz', '1970-05-01', 'America/Los_Angeles', 'WA', now())`,
        [patient],
      );
      const type = randomUUID();
      await c.query(
        `INSERT INTO "VisitType" (id, name, "durationMinutes", "updatedAt") VALUES ($1, 'Follow-up (mig)', 30, now())`,
        [type],
      );
      const visit = async (status: string, hoursAgo: number) => {
        const id = randomUUID();
        await c.query(
          `INSERT INTO "Visit" (id, "patientId", "clinicianId", "visitTypeId", "startsAt", "endsAt", modality, status, reason, "idempotencyKey", "createdById", "startedAt", "phoneNumber", "updatedAt")
           VALUES ($1, $2, $3, $4, now() - make_interval(hours => $5), now() - make_interval(hours => $5) + interval '30 minutes', 'PHONE', $6::"VisitStatus", 'Follow-up', $7, $3, now() - make_interval(hours => $5), '+12065550150', now())`,
          [id, patient, clinician, type, hoursAgo, status, `mig-${id}`],
        );
        return id;
      };
      const stuck = await visit("IN_PROGRESS", 30); // note signed, visit left in progress: the defect
      const draftOnly = await visit("IN_PROGRESS", 20); // still under way, note a draft: untouched
      const done = await visit("COMPLETED", 10); // completed, with an unanswered pre-visit form
      const signedAt = new Date(Date.now() - 29 * 3_600_000);
      await c.query(
        `INSERT INTO "VisitNote" (id, "visitId", "patientId", "authorId", status, "modalityUsed", "audioOnlyReason", "signedAt", "signedById", "updatedAt")
         VALUES (gen_random_uuid(), $1, $3, $4, 'SIGNED', 'AUDIO_ONLY', 'VIDEO_FAILED', $5, $4, now()), (gen_random_uuid(), $2, $3, $4, 'DRAFT', 'AUDIO_ONLY', NULL, NULL, NULL, now())`,
        [stuck, draftOnly, patient, clinician, signedAt],
      );
      for (const v of [stuck, draftOnly, done]) {
        await c.query(
          `INSERT INTO "FormRequest" (id, "patientId", "visitId", instrument, "dueAt") VALUES (gen_random_uuid(), $1, $2, 'PEG', now() - interval '2 days')`,
          [patient, v],
        );
      }
      await c.query(
        `INSERT INTO "ReminderMessage" (id, "visitId", kind, "visitSequence", "sendAfter", channel, status, "updatedAt") VALUES (gen_random_uuid(), $1, '1h', 0, now(), 'email', 'HELD', now())`,
        [stuck],
      );
      const link = randomUUID();
      await c.query(
        `INSERT INTO "PatientLinkToken" (id, "tokenHash", "patientId", purpose, "subjectId", "expiresAt") VALUES ($1, 'hash-mig-nt', $2, 'visit-join', $3, now() + interval '1 hour')`,
        [link, patient, stuck],
      );
      await c.query(
        `INSERT INTO "PatientLinkSession" (id, "tokenHash", "linkId", "lastSeenAt", "expiresAt", "capAt") VALUES (gen_random_uuid(), 'hash-mig-nt-s', $1, now(), now() + interval '1 hour', now() + interval '1 hour')`,
        [link],
      );
      await c.query(
        `INSERT INTO "VideoParticipant" (id, "visitId", role, "displayName", state, "updatedAt") VALUES (gen_random_uuid(), $1, 'PATIENT', 'Ana', 'ADMITTED', now())`,
        [stuck],
      );

      expect(await migrate()).toEqual([MIGRATION]);

      const visits = (await c.query(`SELECT id, status, "completedAt" FROM "Visit"`)).rows;
      const byId = Object.fromEntries(visits.map((v) => [v.id, v]));
      expect(byId[stuck]).toMatchObject({ status: "COMPLETED", completedAt: signedAt });
      expect(byId[draftOnly]).toMatchObject({ status: "IN_PROGRESS", completedAt: null });
      expect(byId[done]).toMatchObject({ status: "COMPLETED" });

      const events = (
        await c.query(`SELECT "visitId", kind, "fromStatus", "toStatus", "actorUserId" FROM "VisitEvent"`)
      ).rows;
      expect(events).toEqual([
        { visitId: stuck, kind: "COMPLETE", fromStatus: "IN_PROGRESS", toStatus: "COMPLETED", actorUserId: null },
      ]);
      const audit = (
        await c.query(`SELECT "entityType", "entityId", "patientId", action, outcome, details FROM "AuditEvent"`)
      ).rows;
      expect(audit).toEqual([
        {
          entityType: "Visit",
          entityId: stuck,
          patientId: patient,
          action: "UPDATE",
          outcome: "SUCCESS",
          details: expect.objectContaining({ event: "COMPLETE", to: "COMPLETED" }),
        },
      ]);

      const forms = (await c.query(`SELECT "visitId", status FROM "FormRequest"`)).rows;
      expect(Object.fromEntries(forms.map((f) => [f.visitId, f.status]))).toEqual({
        [stuck]: "CANCELLED",
        [done]: "CANCELLED",
        [draftOnly]: "PENDING",
      });
      expect((await c.query(`SELECT status FROM "ReminderMessage"`)).rows).toEqual([{ status: "CANCELLED" }]);
      expect((await c.query(`SELECT "revokedAt" IS NOT NULL AS revoked FROM "PatientLinkToken"`)).rows).toEqual([
        { revoked: true },
      ]);
      expect((await c.query(`SELECT "endedReason" FROM "PatientLinkSession"`)).rows).toEqual([
        { endedReason: "visit_completed" },
      ]);
      expect((await c.query(`SELECT state FROM "VideoParticipant"`)).rows).toEqual([{ state: "LEFT" }]);
    });
  });
});
