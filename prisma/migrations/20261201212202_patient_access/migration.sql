-- One patient-access mechanism (docs/decisions/0007a-patient-access.md): the form links
-- (FormLink, FormLinkSession, FormLinkAttempt) move into PatientLinkToken, PatientLinkSession and
-- PatientLinkAttempt, and link sessions get a table of their own.
--
-- Hand-ordered: Prisma's generated diff drops the old tables first, which would lose every link
-- already sent. Here the new objects are created, the rows copied (token hashes unchanged, so
-- links in patients' inboxes keep working), and only then the old tables and columns dropped.
-- The end state is exactly the generated schema (tests/integration/migrations-drift.test.ts).
-- No semicolons inside strings (see init).

-- CreateEnum
CREATE TYPE "PatientLinkAttemptKind" AS ENUM ('UNKNOWN_TOKEN', 'WRONG_BIRTH_DATE');

-- AlterTable: links of every purpose; usedAt becomes firstRedeemedAt (links are reusable now)
ALTER TABLE "PatientLinkToken" RENAME COLUMN "usedAt" TO "firstRedeemedAt";
ALTER TABLE "PatientLinkToken" ADD COLUMN "lockedAt" TIMESTAMPTZ(3),
ALTER COLUMN "subjectId" DROP NOT NULL;

-- CreateTable
CREATE TABLE "PatientLinkSession" (
    "id" UUID NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "linkId" UUID NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastSeenAt" TIMESTAMPTZ(3) NOT NULL,
    "expiresAt" TIMESTAMPTZ(3) NOT NULL,
    "capAt" TIMESTAMPTZ(3) NOT NULL,
    "endedAt" TIMESTAMPTZ(3),
    "endedReason" TEXT,

    CONSTRAINT "PatientLinkSession_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "PatientLinkSession_tokenHash_key" ON "PatientLinkSession"("tokenHash");

-- CreateIndex
CREATE INDEX "PatientLinkSession_linkId_idx" ON "PatientLinkSession"("linkId");

-- CreateIndex
CREATE INDEX "PatientLinkToken_subjectId_purpose_idx" ON "PatientLinkToken"("subjectId", "purpose");

-- AddForeignKey
ALTER TABLE "PatientLinkSession" ADD CONSTRAINT "PatientLinkSession_linkId_fkey" FOREIGN KEY ("linkId") REFERENCES "PatientLinkToken"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Data: live sessions of join and guest links (their cookie names are unchanged, so a patient
-- in the middle of a visit keeps their session). A revoked link's session is ended.
INSERT INTO "PatientLinkSession" ("id", "tokenHash", "linkId", "createdAt", "lastSeenAt", "expiresAt", "capAt", "endedAt", "endedReason")
SELECT gen_random_uuid(), t."sessionHash", t."id", COALESCE(t."firstRedeemedAt", t."createdAt"), COALESCE(t."firstRedeemedAt", t."createdAt"),
       t."sessionExpiresAt", t."sessionExpiresAt", t."revokedAt", CASE WHEN t."revokedAt" IS NOT NULL THEN 'revoked' END
FROM "PatientLinkToken" t
WHERE t."sessionHash" IS NOT NULL AND t."sessionExpiresAt" IS NOT NULL;

-- Data: every form link, with its hash, expiry, first use and revocation as they were.
INSERT INTO "PatientLinkToken" ("id", "tokenHash", "patientId", "purpose", "subjectId", "expiresAt", "firstRedeemedAt", "revokedAt", "lockedAt", "createdById", "createdAt")
SELECT f."id", f."tokenHash", f."patientId", 'forms', f."visitId", f."expiresAt", f."usedAt", f."revokedAt", NULL, f."createdById", f."createdAt"
FROM "FormLink" f;

-- Data: form link sessions (their old cookie was scoped to /f under another name: a patient
-- mid-form re-opens the link, which now works again while forms are pending).
INSERT INTO "PatientLinkSession" ("id", "tokenHash", "linkId", "createdAt", "lastSeenAt", "expiresAt", "capAt", "endedAt", "endedReason")
SELECT s."id", s."tokenHash", s."linkId", s."createdAt", s."createdAt", s."expiresAt", s."expiresAt", f."revokedAt", CASE WHEN f."revokedAt" IS NOT NULL THEN 'revoked' END
FROM "FormLinkSession" s JOIN "FormLink" f ON f."id" = s."linkId";

-- AlterTable: attempts of every kind, per IP and per link. The old rows were all unknown tokens.
ALTER TABLE "PatientLinkAttempt" ADD COLUMN "kind" "PatientLinkAttemptKind" NOT NULL DEFAULT 'UNKNOWN_TOKEN',
ADD COLUMN     "linkId" UUID;
ALTER TABLE "PatientLinkAttempt" ALTER COLUMN "kind" DROP DEFAULT;

-- CreateIndex
CREATE INDEX "PatientLinkAttempt_linkId_createdAt_idx" ON "PatientLinkAttempt"("linkId", "createdAt");

-- Data: failed form-link guesses still count toward the guessing window.
INSERT INTO "PatientLinkAttempt" ("ip", "kind", "linkId", "createdAt")
SELECT a."ip", 'UNKNOWN_TOKEN', NULL, a."createdAt" FROM "FormLinkAttempt" a WHERE NOT a."success";

-- The old pieces.
DROP INDEX "PatientLinkToken_sessionHash_key";
ALTER TABLE "PatientLinkToken" DROP COLUMN "sessionExpiresAt",
DROP COLUMN "sessionHash";
ALTER TABLE "FormLink" DROP CONSTRAINT "FormLink_patientId_fkey";
ALTER TABLE "FormLinkSession" DROP CONSTRAINT "FormLinkSession_linkId_fkey";
DROP TABLE "FormLinkSession";
DROP TABLE "FormLink";
DROP TABLE "FormLinkAttempt";
