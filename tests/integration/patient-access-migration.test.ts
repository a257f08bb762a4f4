// The patient-access migration moves the rows of the old link tables into the new ones: links
// already sent keep their token hash (so they keep working), their expiry, first use and
// revocation; live sessions stay live; recent failed guesses still count.
import { createHash, randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resolvePostgresServer, type PostgresServer } from "../../src/cli/lib/databases";
import { beforeMigration } from "../factories/migrated-database";

const MIGRATION = "20261201212202_patient_access";
const sha = (s: string) => createHash("sha256").update(s).digest("hex");

let server: PostgresServer;
beforeAll(async () => {
  server = await resolvePostgresServer();
}, 60_000);
afterAll(async () => {
  await server?.stop();
});

describe(`migration ${MIGRATION}`, () => {
  it("moves form links, their sessions and failed guesses, and join-link sessions; drops the old tables", async () => {
    await beforeMigration(server, MIGRATION, async ({ client: c, migrate }) => {
      const patientId = randomUUID();
      await c.query(
        `INSERT INTO "Patient" (id, mrn, "givenName", "familyName", "birthDate", "timeZone", "stateOfResidence", "updatedAt") VALUES ($1, 'MIG-1', 'Mia', 'Grant', '1970-05-01', 'America/Los_Angeles', 'WA', now())`,
        [patientId],
      );
      const visitId = randomUUID();
      const later1d = new Date(Date.now() + 86_400_000);
      // A join link used once (its session live), one revoked with a session, one never opened.
      const join1 = randomUUID();
      const join2 = randomUUID();
      const join3 = randomUUID();
      await c.query(
        `INSERT INTO "PatientLinkToken" (id, "tokenHash", "patientId", purpose, "subjectId", "expiresAt", "usedAt", "revokedAt", "sessionHash", "sessionExpiresAt")
         VALUES ($1, $4, $7, 'visit-join', $8, $9, now(), NULL, $10, now() + interval '1 hour'),
                ($2, $5, $7, 'visit-join', $8, $9, now(), now(), $11, now() + interval '1 hour'),
                ($3, $6, $7, 'visit-guest', $8, $9, NULL, NULL, NULL, NULL)`,
        [
          join1,
          join2,
          join3,
          sha("join-1"),
          sha("join-2"),
          sha("guest-3"),
          patientId,
          visitId,
          later1d,
          sha("join-1-session"),
          sha("join-2-session"),
        ],
      );
      // A form link used once with a live session, and one not tied to a visit, never opened.
      const form1 = randomUUID();
      const form2 = randomUUID();
      await c.query(
        `INSERT INTO "FormLink" (id, "tokenHash", "patientId", purpose, "visitId", "expiresAt", "usedAt", "createdAt")
         VALUES ($1, $3, $5, 'pre_visit_forms', $6, $7, now(), now() - interval '1 hour'), ($2, $4, $5, 'pre_visit_forms', NULL, $7, NULL, now())`,
        [form1, form2, sha("form-1"), sha("form-2"), patientId, visitId, later1d],
      );
      const formSession = randomUUID();
      await c.query(
        `INSERT INTO "FormLinkSession" (id, "tokenHash", "linkId", "patientId", "expiresAt") VALUES ($1, $2, $3, $4, now() + interval '40 minutes')`,
        [formSession, sha("form-1-session"), form1, patientId],
      );
      await c.query(
        `INSERT INTO "FormLinkAttempt" (ip, success) VALUES ('198.51.100.7', false), ('198.51.100.7', false), ('198.51.100.7', true)`,
      );
      await c.query(`INSERT INTO "PatientLinkAttempt" (ip) VALUES ('198.51.100.8')`);

      // Now this migration.
      expect(await migrate()).toEqual([MIGRATION]);

      const links = (
        await c.query(
          `SELECT id, "tokenHash", purpose, "subjectId", "expiresAt", "firstRedeemedAt" IS NOT NULL AS opened, "revokedAt" IS NOT NULL AS revoked, "lockedAt" FROM "PatientLinkToken" ORDER BY "tokenHash"`,
        )
      ).rows;
      const byId = Object.fromEntries(links.map((l) => [l.id, l]));
      expect(links).toHaveLength(5);
      expect(byId[form1]).toMatchObject({
        tokenHash: sha("form-1"),
        purpose: "forms",
        subjectId: visitId,
        opened: true,
        revoked: false,
        lockedAt: null,
      });
      expect(byId[form1].expiresAt).toEqual(later1d);
      expect(byId[form2]).toMatchObject({ tokenHash: sha("form-2"), purpose: "forms", subjectId: null, opened: false });
      expect(byId[join1]).toMatchObject({
        tokenHash: sha("join-1"),
        purpose: "visit-join",
        opened: true,
        revoked: false,
      });
      expect(byId[join2]).toMatchObject({ revoked: true });
      expect(byId[join3]).toMatchObject({ tokenHash: sha("guest-3"), purpose: "visit-guest", opened: false });

      const sessions = (
        await c.query(
          `SELECT "tokenHash", "linkId", "endedAt" IS NOT NULL AS ended, "expiresAt" > now() AS live, "capAt" = "expiresAt" AS capped FROM "PatientLinkSession" ORDER BY "tokenHash"`,
        )
      ).rows;
      expect(sessions).toEqual(
        expect.arrayContaining([
          { tokenHash: sha("join-1-session"), linkId: join1, ended: false, live: true, capped: true },
          { tokenHash: sha("join-2-session"), linkId: join2, ended: true, live: true, capped: true },
          { tokenHash: sha("form-1-session"), linkId: form1, ended: false, live: true, capped: true },
        ]),
      );
      expect(sessions).toHaveLength(3);

      const attempts = (await c.query(`SELECT ip, kind, "linkId" FROM "PatientLinkAttempt" ORDER BY ip`)).rows;
      expect(attempts).toEqual([
        { ip: "198.51.100.7", kind: "UNKNOWN_TOKEN", linkId: null },
        { ip: "198.51.100.7", kind: "UNKNOWN_TOKEN", linkId: null },
        { ip: "198.51.100.8", kind: "UNKNOWN_TOKEN", linkId: null },
      ]);

      const tables = (
        await c.query(
          `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_name LIKE 'FormLink%'`,
        )
      ).rows;
      expect(tables).toEqual([]);
      const cols = (
        await c.query(
          `SELECT column_name FROM information_schema.columns WHERE table_name = 'PatientLinkToken' AND column_name IN ('usedAt', 'sessionHash', 'sessionExpiresAt')`,
        )
      ).rows;
      expect(cols).toEqual([]);
    });
  });
});
