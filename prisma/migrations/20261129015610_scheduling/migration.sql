-- CreateEnum
CREATE TYPE "VisitModality" AS ENUM ('VIDEO', 'PHONE');

-- CreateEnum
CREATE TYPE "VisitStatus" AS ENUM ('SCHEDULED', 'CHECKED_IN', 'IN_PROGRESS', 'COMPLETED', 'CANCELLED', 'NO_SHOW');

-- CreateEnum
CREATE TYPE "AvailabilityExceptionKind" AS ENUM ('TIME_OFF', 'EXTRA_HOURS');

-- CreateEnum
CREATE TYPE "ReminderStatus" AS ENUM ('PENDING', 'SENT', 'HELD', 'FAILED', 'CANCELLED');

-- CreateTable
CREATE TABLE "VisitType" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "durationMinutes" INTEGER NOT NULL,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "isDemo" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "VisitType_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ClinicianWeeklyHours" (
    "id" UUID NOT NULL,
    "clinicianId" UUID NOT NULL,
    "weekday" INTEGER NOT NULL,
    "startMinute" INTEGER NOT NULL,
    "endMinute" INTEGER NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ClinicianWeeklyHours_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ClinicianAvailabilityException" (
    "id" UUID NOT NULL,
    "clinicianId" UUID NOT NULL,
    "kind" "AvailabilityExceptionKind" NOT NULL,
    "startsAt" TIMESTAMPTZ(3) NOT NULL,
    "endsAt" TIMESTAMPTZ(3) NOT NULL,
    "note" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ClinicianAvailabilityException_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Visit" (
    "id" UUID NOT NULL,
    "patientId" UUID NOT NULL,
    "clinicianId" UUID NOT NULL,
    "visitTypeId" UUID NOT NULL,
    "startsAt" TIMESTAMPTZ(3) NOT NULL,
    "endsAt" TIMESTAMPTZ(3) NOT NULL,
    "modality" "VisitModality" NOT NULL,
    "status" "VisitStatus" NOT NULL DEFAULT 'SCHEDULED',
    "reason" TEXT NOT NULL,
    "phoneNumber" TEXT,
    "idempotencyKey" TEXT NOT NULL,
    "sequence" INTEGER NOT NULL DEFAULT 0,
    "seriesId" UUID,
    "cancelReason" TEXT,
    "createdById" UUID NOT NULL,
    "checkedInAt" TIMESTAMPTZ(3),
    "startedAt" TIMESTAMPTZ(3),
    "completedAt" TIMESTAMPTZ(3),
    "cancelledAt" TIMESTAMPTZ(3),
    "isDemo" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Visit_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "VisitEvent" (
    "id" BIGSERIAL NOT NULL,
    "visitId" UUID NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actorUserId" UUID,
    "kind" TEXT NOT NULL,
    "fromStatus" "VisitStatus",
    "toStatus" "VisitStatus",
    "reason" TEXT,
    "details" JSONB,

    CONSTRAINT "VisitEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ReminderMessage" (
    "id" UUID NOT NULL,
    "visitId" UUID NOT NULL,
    "kind" TEXT NOT NULL,
    "visitSequence" INTEGER NOT NULL,
    "sendAfter" TIMESTAMPTZ(3) NOT NULL,
    "status" "ReminderStatus" NOT NULL DEFAULT 'PENDING',
    "channel" TEXT NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "claimedUntil" TIMESTAMPTZ(3),
    "sentAt" TIMESTAMPTZ(3),
    "lastError" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "ReminderMessage_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PatientLinkToken" (
    "id" UUID NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "patientId" UUID NOT NULL,
    "purpose" TEXT NOT NULL,
    "subjectId" UUID NOT NULL,
    "expiresAt" TIMESTAMPTZ(3) NOT NULL,
    "usedAt" TIMESTAMPTZ(3),
    "revokedAt" TIMESTAMPTZ(3),
    "sessionHash" TEXT,
    "sessionExpiresAt" TIMESTAMPTZ(3),
    "createdById" UUID,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PatientLinkToken_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PatientLinkAttempt" (
    "id" BIGSERIAL NOT NULL,
    "ip" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PatientLinkAttempt_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "VisitType_name_key" ON "VisitType"("name");

-- CreateIndex
CREATE INDEX "ClinicianWeeklyHours_clinicianId_idx" ON "ClinicianWeeklyHours"("clinicianId");

-- CreateIndex
CREATE INDEX "ClinicianAvailabilityException_clinicianId_startsAt_idx" ON "ClinicianAvailabilityException"("clinicianId", "startsAt");

-- CreateIndex
CREATE UNIQUE INDEX "Visit_idempotencyKey_key" ON "Visit"("idempotencyKey");

-- CreateIndex
CREATE INDEX "Visit_clinicianId_startsAt_idx" ON "Visit"("clinicianId", "startsAt");

-- CreateIndex
CREATE INDEX "Visit_patientId_startsAt_idx" ON "Visit"("patientId", "startsAt");

-- CreateIndex
CREATE INDEX "Visit_startsAt_idx" ON "Visit"("startsAt");

-- CreateIndex
CREATE INDEX "Visit_seriesId_idx" ON "Visit"("seriesId");

-- CreateIndex
CREATE INDEX "VisitEvent_visitId_at_idx" ON "VisitEvent"("visitId", "at");

-- CreateIndex
CREATE INDEX "ReminderMessage_status_sendAfter_idx" ON "ReminderMessage"("status", "sendAfter");

-- CreateIndex
CREATE UNIQUE INDEX "ReminderMessage_visitId_kind_visitSequence_key" ON "ReminderMessage"("visitId", "kind", "visitSequence");

-- CreateIndex
CREATE UNIQUE INDEX "PatientLinkToken_tokenHash_key" ON "PatientLinkToken"("tokenHash");

-- CreateIndex
CREATE UNIQUE INDEX "PatientLinkToken_sessionHash_key" ON "PatientLinkToken"("sessionHash");

-- CreateIndex
CREATE INDEX "PatientLinkToken_patientId_purpose_subjectId_idx" ON "PatientLinkToken"("patientId", "purpose", "subjectId");

-- CreateIndex
CREATE INDEX "PatientLinkAttempt_ip_createdAt_idx" ON "PatientLinkAttempt"("ip", "createdAt");

-- AddForeignKey
ALTER TABLE "ClinicianWeeklyHours" ADD CONSTRAINT "ClinicianWeeklyHours_clinicianId_fkey" FOREIGN KEY ("clinicianId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ClinicianAvailabilityException" ADD CONSTRAINT "ClinicianAvailabilityException_clinicianId_fkey" FOREIGN KEY ("clinicianId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Visit" ADD CONSTRAINT "Visit_patientId_fkey" FOREIGN KEY ("patientId") REFERENCES "Patient"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Visit" ADD CONSTRAINT "Visit_clinicianId_fkey" FOREIGN KEY ("clinicianId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Visit" ADD CONSTRAINT "Visit_visitTypeId_fkey" FOREIGN KEY ("visitTypeId") REFERENCES "VisitType"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Visit" ADD CONSTRAINT "Visit_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "VisitEvent" ADD CONSTRAINT "VisitEvent_visitId_fkey" FOREIGN KEY ("visitId") REFERENCES "Visit"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ReminderMessage" ADD CONSTRAINT "ReminderMessage_visitId_fkey" FOREIGN KEY ("visitId") REFERENCES "Visit"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PatientLinkToken" ADD CONSTRAINT "PatientLinkToken_patientId_fkey" FOREIGN KEY ("patientId") REFERENCES "Patient"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- ---------------------------------------------------------------------------------------------
-- Hand-written SQL (not generated by Prisma, which cannot express it). Keep it at the end.
-- ---------------------------------------------------------------------------------------------

-- Double booking is impossible in the database itself (SECURITY.md, reliability): no two
-- non-cancelled visits overlap for one clinician, nor for one patient. Half-open ranges '[)'
-- let back-to-back visits touch. A violation raises SQLSTATE 23P01, shown as "that time was
-- just taken". btree_gist is created by the init migration.
ALTER TABLE "Visit" ADD CONSTRAINT "Visit_clinician_no_overlap"
  EXCLUDE USING gist ("clinicianId" WITH =, tstzrange("startsAt", "endsAt", '[)') WITH &&)
  WHERE ("status" <> 'CANCELLED');

ALTER TABLE "Visit" ADD CONSTRAINT "Visit_patient_no_overlap"
  EXCLUDE USING gist ("patientId" WITH =, tstzrange("startsAt", "endsAt", '[)') WITH &&)
  WHERE ("status" <> 'CANCELLED');

ALTER TABLE "Visit" ADD CONSTRAINT "Visit_ends_after_start" CHECK ("endsAt" > "startsAt");

ALTER TABLE "Visit" ADD CONSTRAINT "Visit_phone_has_number" CHECK ("modality" <> 'PHONE' OR "phoneNumber" IS NOT NULL);

ALTER TABLE "VisitType" ADD CONSTRAINT "VisitType_duration_range" CHECK ("durationMinutes" BETWEEN 5 AND 240);

ALTER TABLE "ClinicianWeeklyHours" ADD CONSTRAINT "ClinicianWeeklyHours_valid"
  CHECK ("weekday" BETWEEN 1 AND 7 AND "startMinute" >= 0 AND "endMinute" <= 1440 AND "endMinute" > "startMinute");

ALTER TABLE "ClinicianAvailabilityException" ADD CONSTRAINT "ClinicianAvailabilityException_valid" CHECK ("endsAt" > "startsAt");

-- The reminder claim query looks only at pending rows that are due.
CREATE INDEX "ReminderMessage_pending_due_idx" ON "ReminderMessage" ("sendAfter") WHERE "status" = 'PENDING';
