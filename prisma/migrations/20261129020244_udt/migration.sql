-- CreateEnum
CREATE TYPE "MedicationRoute" AS ENUM ('ORAL', 'TRANSDERMAL', 'SUBLINGUAL', 'BUCCAL', 'INTRAVENOUS', 'INTRAMUSCULAR', 'SUBCUTANEOUS', 'INTRANASAL', 'RECTAL', 'OTHER');

-- CreateEnum
CREATE TYPE "UdtState" AS ENUM ('ORDERED', 'INSTRUCTED', 'COLLECTED', 'WINDOW_MISSED', 'RESULTED', 'CONFIRMATION_NEEDED', 'CONFIRMATION_ORDERED', 'AWAITING_REVIEW', 'REVIEWED', 'DISCUSSED', 'CLOSED', 'CANCELLED');

-- CreateEnum
CREATE TYPE "UdtReason" AS ENUM ('SAFETY_CONCERN', 'NONE_IN_PAST_12_MONTHS');

-- CreateEnum
CREATE TYPE "UdtCollectionMethod" AS ENUM ('LAB_PSC', 'HOME_KIT_VIDEO_OBSERVED');

-- CreateEnum
CREATE TYPE "UdtInterpretation" AS ENUM ('EXPECTED', 'UNEXPECTED');

-- CreateEnum
CREATE TYPE "UdtFindingKind" AS ENUM ('SCREEN', 'CONFIRMATORY');

-- CreateTable
CREATE TABLE "Medication" (
    "id" UUID NOT NULL,
    "patientId" UUID NOT NULL,
    "drugKey" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "doseAmount" DECIMAL(10,3) NOT NULL,
    "doseUnit" TEXT NOT NULL,
    "timesPerDay" DECIMAL(6,3) NOT NULL,
    "route" "MedicationRoute" NOT NULL,
    "startedOn" DATE NOT NULL,
    "stoppedOn" DATE,
    "stopReason" TEXT,
    "prescriber" TEXT NOT NULL,
    "isOpioid" BOOLEAN NOT NULL,
    "createdById" UUID NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Medication_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "UdtSetting" (
    "id" INTEGER NOT NULL DEFAULT 1,
    "collectionWindowHours" INTEGER NOT NULL DEFAULT 24,
    "monitoringIntervalDays" INTEGER NOT NULL DEFAULT 365,
    "updatedById" UUID,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "UdtSetting_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "UdtOrder" (
    "id" UUID NOT NULL,
    "patientId" UUID NOT NULL,
    "state" "UdtState" NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,
    "reasonCode" "UdtReason" NOT NULL,
    "reasonNote" TEXT,
    "panelCode" TEXT NOT NULL,
    "collectionMethod" "UdtCollectionMethod" NOT NULL,
    "windowStart" TIMESTAMPTZ(3) NOT NULL,
    "windowEnd" TIMESTAMPTZ(3) NOT NULL,
    "orderedById" UUID NOT NULL,
    "instructedAt" TIMESTAMPTZ(3),
    "instructedById" UUID,
    "instructionChannel" TEXT,
    "instructionText" TEXT,
    "collectedAt" TIMESTAMPTZ(3),
    "windowMissedAt" TIMESTAMPTZ(3),
    "resultedAt" TIMESTAMPTZ(3),
    "interpretation" "UdtInterpretation",
    "confirmationMethod" TEXT,
    "confirmationOrderedAt" TIMESTAMPTZ(3),
    "confirmationResultedAt" TIMESTAMPTZ(3),
    "reviewedAt" TIMESTAMPTZ(3),
    "reviewedById" UUID,
    "reviewNote" TEXT,
    "discussedAt" TIMESTAMPTZ(3),
    "discussedById" UUID,
    "discussionNote" TEXT,
    "discussionPlan" TEXT,
    "closedAt" TIMESTAMPTZ(3),
    "cancelledAt" TIMESTAMPTZ(3),
    "cancelReason" TEXT,
    "dueRole" TEXT,
    "dueAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "UdtOrder_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "UdtFinding" (
    "id" UUID NOT NULL,
    "orderId" UUID NOT NULL,
    "kind" "UdtFindingKind" NOT NULL,
    "substance" TEXT NOT NULL,
    "detected" BOOLEAN NOT NULL,
    "interpretation" "UdtInterpretation" NOT NULL,
    "why" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "UdtFinding_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "UdtOrderEvent" (
    "id" BIGSERIAL NOT NULL,
    "orderId" UUID NOT NULL,
    "patientId" UUID NOT NULL,
    "version" INTEGER NOT NULL,
    "event" TEXT NOT NULL,
    "fromState" "UdtState",
    "toState" "UdtState" NOT NULL,
    "actorUserId" UUID,
    "actorRole" TEXT NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "notes" TEXT,
    "details" JSONB,

    CONSTRAINT "UdtOrderEvent_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Medication_patientId_stoppedOn_idx" ON "Medication"("patientId", "stoppedOn");

-- CreateIndex
CREATE INDEX "UdtOrder_patientId_createdAt_idx" ON "UdtOrder"("patientId", "createdAt");

-- CreateIndex
CREATE INDEX "UdtOrder_dueRole_dueAt_idx" ON "UdtOrder"("dueRole", "dueAt");

-- CreateIndex
CREATE UNIQUE INDEX "UdtFinding_orderId_kind_substance_key" ON "UdtFinding"("orderId", "kind", "substance");

-- CreateIndex
CREATE INDEX "UdtOrderEvent_orderId_at_idx" ON "UdtOrderEvent"("orderId", "at");

-- CreateIndex
CREATE UNIQUE INDEX "UdtOrderEvent_orderId_version_key" ON "UdtOrderEvent"("orderId", "version");

-- AddForeignKey
ALTER TABLE "Medication" ADD CONSTRAINT "Medication_patientId_fkey" FOREIGN KEY ("patientId") REFERENCES "Patient"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Medication" ADD CONSTRAINT "Medication_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "UdtOrder" ADD CONSTRAINT "UdtOrder_patientId_fkey" FOREIGN KEY ("patientId") REFERENCES "Patient"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "UdtOrder" ADD CONSTRAINT "UdtOrder_orderedById_fkey" FOREIGN KEY ("orderedById") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "UdtFinding" ADD CONSTRAINT "UdtFinding_orderId_fkey" FOREIGN KEY ("orderId") REFERENCES "UdtOrder"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "UdtOrderEvent" ADD CONSTRAINT "UdtOrderEvent_orderId_fkey" FOREIGN KEY ("orderId") REFERENCES "UdtOrder"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- ---------------------------------------------------------------------------------------------
-- Hand-written SQL (not generated by Prisma, which cannot express it). Keep it at the end.
-- ---------------------------------------------------------------------------------------------

-- One settings row only, with sane bounds (the form checks the same bounds).
ALTER TABLE "UdtSetting" ADD CONSTRAINT "UdtSetting_single_row" CHECK ("id" = 1);
ALTER TABLE "UdtSetting" ADD CONSTRAINT "UdtSetting_bounds" CHECK ("collectionWindowHours" BETWEEN 1 AND 168 AND "monitoringIntervalDays" BETWEEN 30 AND 730);

ALTER TABLE "Medication" ADD CONSTRAINT "Medication_positive_dose" CHECK ("doseAmount" > 0 AND "timesPerDay" > 0);
ALTER TABLE "Medication" ADD CONSTRAINT "Medication_stop_after_start" CHECK ("stoppedOn" IS NULL OR "stoppedOn" >= "startedOn");

ALTER TABLE "UdtOrder" ADD CONSTRAINT "UdtOrder_window_order" CHECK ("windowEnd" > "windowStart");
ALTER TABLE "UdtOrder" ADD CONSTRAINT "UdtOrder_version_positive" CHECK ("version" >= 1);
-- An open order always has a due step (dueRole), a closed or cancelled one never does: the
-- work queues select on dueRole alone.
ALTER TABLE "UdtOrder" ADD CONSTRAINT "UdtOrder_due_role_open" CHECK (("state" IN ('CLOSED', 'CANCELLED')) = ("dueRole" IS NULL) OR "state" = 'RESULTED');

-- The overdue check scans only orders still waiting for a sample.
CREATE INDEX "UdtOrder_waiting_windowEnd_idx" ON "UdtOrder" ("windowEnd") WHERE "state" IN ('ORDERED', 'INSTRUCTED');
