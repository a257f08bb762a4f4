-- CreateEnum
CREATE TYPE "Instrument" AS ENUM ('PEG', 'PHQ9');

-- CreateEnum
CREATE TYPE "FormRequestStatus" AS ENUM ('PENDING', 'COMPLETED', 'CANCELLED');

-- CreateEnum
CREATE TYPE "AdministrationMode" AS ENUM ('PORTAL', 'SECURE_LINK', 'PHONE', 'VIDEO');

-- CreateEnum
CREATE TYPE "SafetyAlertStatus" AS ENUM ('OPEN', 'RESOLVED');

-- CreateTable
CREATE TABLE "AssessmentSettings" (
    "id" INTEGER NOT NULL DEFAULT 1,
    "preVisitInstruments" "Instrument"[],
    "dueMinutesBefore" INTEGER NOT NULL,
    "linkTtlHours" INTEGER NOT NULL,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,
    "updatedById" UUID,

    CONSTRAINT "AssessmentSettings_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "FormRequest" (
    "id" UUID NOT NULL,
    "patientId" UUID NOT NULL,
    "visitId" UUID,
    "instrument" "Instrument" NOT NULL,
    "status" "FormRequestStatus" NOT NULL DEFAULT 'PENDING',
    "dueAt" TIMESTAMPTZ(3) NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "createdById" UUID,
    "completedAt" TIMESTAMPTZ(3),
    "cancelledAt" TIMESTAMPTZ(3),
    "cancelledById" UUID,
    "cancelReason" TEXT,
    "lastRemindedAt" TIMESTAMPTZ(3),
    "reminderCount" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "FormRequest_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "FormResponse" (
    "id" UUID NOT NULL,
    "patientId" UUID NOT NULL,
    "requestId" UUID,
    "instrument" "Instrument" NOT NULL,
    "instrumentVersion" TEXT NOT NULL,
    "answers" JSONB NOT NULL,
    "scoreTenths" INTEGER NOT NULL,
    "safetyFlag" BOOLEAN NOT NULL DEFAULT false,
    "mode" "AdministrationMode" NOT NULL,
    "enteredById" UUID,
    "answeredAt" TIMESTAMPTZ(3) NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "idempotencyKey" TEXT NOT NULL,
    "seriesId" UUID NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,
    "correctionReason" TEXT,

    CONSTRAINT "FormResponse_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SafetyAlert" (
    "id" UUID NOT NULL,
    "patientId" UUID NOT NULL,
    "responseId" UUID NOT NULL,
    "item9Answer" INTEGER NOT NULL,
    "status" "SafetyAlertStatus" NOT NULL DEFAULT 'OPEN',
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "resolvedAt" TIMESTAMPTZ(3),
    "resolvedById" UUID,
    "assessmentDone" BOOLEAN NOT NULL DEFAULT false,
    "followUpPlan" TEXT,

    CONSTRAINT "SafetyAlert_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "FormLink" (
    "id" UUID NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "patientId" UUID NOT NULL,
    "purpose" TEXT NOT NULL,
    "visitId" UUID,
    "expiresAt" TIMESTAMPTZ(3) NOT NULL,
    "usedAt" TIMESTAMPTZ(3),
    "revokedAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "createdById" UUID,

    CONSTRAINT "FormLink_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "FormLinkSession" (
    "id" UUID NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "linkId" UUID NOT NULL,
    "patientId" UUID NOT NULL,
    "expiresAt" TIMESTAMPTZ(3) NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "FormLinkSession_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "FormLinkAttempt" (
    "id" BIGSERIAL NOT NULL,
    "ip" TEXT NOT NULL,
    "success" BOOLEAN NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "FormLinkAttempt_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "FormRequest_patientId_status_idx" ON "FormRequest"("patientId", "status");

-- CreateIndex
CREATE INDEX "FormRequest_visitId_idx" ON "FormRequest"("visitId");

-- CreateIndex
CREATE INDEX "FormRequest_status_dueAt_idx" ON "FormRequest"("status", "dueAt");

-- CreateIndex
CREATE UNIQUE INDEX "FormResponse_idempotencyKey_key" ON "FormResponse"("idempotencyKey");

-- CreateIndex
CREATE INDEX "FormResponse_patientId_instrument_answeredAt_idx" ON "FormResponse"("patientId", "instrument", "answeredAt");

-- CreateIndex
CREATE INDEX "FormResponse_requestId_idx" ON "FormResponse"("requestId");

-- CreateIndex
CREATE UNIQUE INDEX "FormResponse_seriesId_version_key" ON "FormResponse"("seriesId", "version");

-- CreateIndex
CREATE UNIQUE INDEX "SafetyAlert_responseId_key" ON "SafetyAlert"("responseId");

-- CreateIndex
CREATE INDEX "SafetyAlert_status_createdAt_idx" ON "SafetyAlert"("status", "createdAt");

-- CreateIndex
CREATE INDEX "SafetyAlert_patientId_idx" ON "SafetyAlert"("patientId");

-- CreateIndex
CREATE UNIQUE INDEX "FormLink_tokenHash_key" ON "FormLink"("tokenHash");

-- CreateIndex
CREATE INDEX "FormLink_patientId_idx" ON "FormLink"("patientId");

-- CreateIndex
CREATE UNIQUE INDEX "FormLinkSession_tokenHash_key" ON "FormLinkSession"("tokenHash");

-- CreateIndex
CREATE INDEX "FormLinkAttempt_ip_createdAt_idx" ON "FormLinkAttempt"("ip", "createdAt");

-- AddForeignKey
ALTER TABLE "FormRequest" ADD CONSTRAINT "FormRequest_patientId_fkey" FOREIGN KEY ("patientId") REFERENCES "Patient"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FormResponse" ADD CONSTRAINT "FormResponse_patientId_fkey" FOREIGN KEY ("patientId") REFERENCES "Patient"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FormResponse" ADD CONSTRAINT "FormResponse_requestId_fkey" FOREIGN KEY ("requestId") REFERENCES "FormRequest"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SafetyAlert" ADD CONSTRAINT "SafetyAlert_patientId_fkey" FOREIGN KEY ("patientId") REFERENCES "Patient"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SafetyAlert" ADD CONSTRAINT "SafetyAlert_responseId_fkey" FOREIGN KEY ("responseId") REFERENCES "FormResponse"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FormLink" ADD CONSTRAINT "FormLink_patientId_fkey" FOREIGN KEY ("patientId") REFERENCES "Patient"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FormLinkSession" ADD CONSTRAINT "FormLinkSession_linkId_fkey" FOREIGN KEY ("linkId") REFERENCES "FormLink"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- ---------------------------------------------------------------------------------------------
-- Hand-written SQL (not generated by Prisma, which cannot express it). Keep it at the end.
-- ---------------------------------------------------------------------------------------------

-- Responses are immutable clinical records: a correction is a new version, never an edit. Same
-- E'' / \073 trick as the init migration (the wasm engine splits scripts at every semicolon).
CREATE FUNCTION "form_response_immutable"() RETURNS trigger LANGUAGE plpgsql AS E'
BEGIN
  RAISE EXCEPTION ''FormResponse is immutable: % is not allowed (a correction is a new version)'', TG_OP
    USING ERRCODE = ''insufficient_privilege''\073
END\073
';

CREATE TRIGGER "FormResponse_immutable"
  BEFORE UPDATE OR DELETE ON "FormResponse"
  FOR EACH ROW EXECUTE FUNCTION "form_response_immutable"();

CREATE TRIGGER "FormResponse_no_truncate"
  BEFORE TRUNCATE ON "FormResponse"
  FOR EACH STATEMENT EXECUTE FUNCTION "form_response_immutable"();

-- One active request per visit and instrument: booking twice (or a retry) cannot duplicate forms.
CREATE UNIQUE INDEX "FormRequest_visit_instrument_active_key" ON "FormRequest"("visitId", "instrument")
  WHERE "visitId" IS NOT NULL AND "status" <> 'CANCELLED';

-- A request gets one original answer: two tabs submitting with different keys cannot both win.
CREATE UNIQUE INDEX "FormResponse_request_first_version_key" ON "FormResponse"("requestId")
  WHERE "requestId" IS NOT NULL AND "version" = 1;

ALTER TABLE "FormResponse" ADD CONSTRAINT "FormResponse_score_range" CHECK (
  ("instrument" = 'PEG' AND "scoreTenths" BETWEEN 0 AND 100) OR ("instrument" = 'PHQ9' AND "scoreTenths" BETWEEN 0 AND 270 AND "scoreTenths" % 10 = 0)
);
ALTER TABLE "FormResponse" ADD CONSTRAINT "FormResponse_version_positive" CHECK ("version" >= 1);
ALTER TABLE "FormResponse" ADD CONSTRAINT "FormResponse_correction_has_reason" CHECK ("version" = 1 OR "correctionReason" IS NOT NULL);
ALTER TABLE "SafetyAlert" ADD CONSTRAINT "SafetyAlert_item9_positive" CHECK ("item9Answer" BETWEEN 1 AND 3);
ALTER TABLE "SafetyAlert" ADD CONSTRAINT "SafetyAlert_resolved_documented" CHECK (
  "status" = 'OPEN' OR ("resolvedAt" IS NOT NULL AND "resolvedById" IS NOT NULL AND "assessmentDone" AND "followUpPlan" IS NOT NULL)
);
ALTER TABLE "AssessmentSettings" ADD CONSTRAINT "AssessmentSettings_single_row" CHECK ("id" = 1);
ALTER TABLE "AssessmentSettings" ADD CONSTRAINT "AssessmentSettings_ranges" CHECK ("dueMinutesBefore" BETWEEN 0 AND 10080 AND "linkTtlHours" BETWEEN 1 AND 336);

-- Defaults (CLINICAL.md: PEG and PHQ-9 before every visit): due 2 hours before the visit so the
-- clinician can read them first, links valid 72 hours. Admins change them in the app.
INSERT INTO "AssessmentSettings" ("id", "preVisitInstruments", "dueMinutesBefore", "linkTtlHours", "updatedAt")
  VALUES (1, ARRAY['PEG', 'PHQ9']::"Instrument"[], 120, 72, now());
