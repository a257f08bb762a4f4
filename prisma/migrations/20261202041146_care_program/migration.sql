-- CreateEnum
CREATE TYPE "LtotDecisionKind" AS ENUM ('INCLUDE', 'EXCLUDE', 'CLEAR');

-- CreateEnum
CREATE TYPE "PdmpFinding" AS ENUM ('CONSISTENT', 'CONCERNS');

-- CreateEnum
CREATE TYPE "NaloxoneOutcome" AS ENUM ('OFFERED', 'PRESCRIBED', 'DECLINED');

-- CreateEnum
CREATE TYPE "RiskHistoryKind" AS ENUM ('OVERDOSE', 'SUBSTANCE_USE_DISORDER');

-- AlterTable
ALTER TABLE "Visit" ADD COLUMN     "patientLocationState" CHAR(2);

-- CreateTable
CREATE TABLE "CareProgramSetting" (
    "id" INTEGER NOT NULL DEFAULT 1,
    "values" JSONB NOT NULL,
    "updatedById" UUID,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CareProgramSetting_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "LtotDecision" (
    "id" UUID NOT NULL,
    "patientId" UUID NOT NULL,
    "kind" "LtotDecisionKind" NOT NULL,
    "reason" TEXT NOT NULL,
    "decidedOn" DATE NOT NULL,
    "recordedById" UUID NOT NULL,
    "recordedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "LtotDecision_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PdmpCheck" (
    "id" UUID NOT NULL,
    "patientId" UUID NOT NULL,
    "checkedOn" DATE NOT NULL,
    "state" CHAR(2) NOT NULL,
    "finding" "PdmpFinding" NOT NULL,
    "note" TEXT,
    "visitId" UUID,
    "recordedById" UUID NOT NULL,
    "recordedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PdmpCheck_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "NaloxoneOffer" (
    "id" UUID NOT NULL,
    "patientId" UUID NOT NULL,
    "offeredOn" DATE NOT NULL,
    "outcome" "NaloxoneOutcome" NOT NULL,
    "note" TEXT,
    "visitId" UUID,
    "recordedById" UUID NOT NULL,
    "recordedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "NaloxoneOffer_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RiskHistoryEntry" (
    "id" UUID NOT NULL,
    "patientId" UUID NOT NULL,
    "kind" "RiskHistoryKind" NOT NULL,
    "recordedOn" DATE NOT NULL,
    "note" TEXT,
    "recordedById" UUID NOT NULL,
    "recordedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "RiskHistoryEntry_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "InPersonEvaluation" (
    "id" UUID NOT NULL,
    "patientId" UUID NOT NULL,
    "seenOn" DATE NOT NULL,
    "clinicianId" UUID NOT NULL,
    "note" TEXT,
    "recordedById" UUID NOT NULL,
    "recordedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "InPersonEvaluation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ClinicianLicense" (
    "id" UUID NOT NULL,
    "clinicianId" UUID NOT NULL,
    "state" CHAR(2) NOT NULL,
    "licenseNumber" TEXT,
    "expiresOn" DATE,
    "createdById" UUID NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ClinicianLicense_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "LtotDecision_patientId_decidedOn_idx" ON "LtotDecision"("patientId", "decidedOn");

-- CreateIndex
CREATE INDEX "PdmpCheck_patientId_checkedOn_idx" ON "PdmpCheck"("patientId", "checkedOn");

-- CreateIndex
CREATE INDEX "PdmpCheck_visitId_idx" ON "PdmpCheck"("visitId");

-- CreateIndex
CREATE INDEX "NaloxoneOffer_patientId_offeredOn_idx" ON "NaloxoneOffer"("patientId", "offeredOn");

-- CreateIndex
CREATE INDEX "NaloxoneOffer_visitId_idx" ON "NaloxoneOffer"("visitId");

-- CreateIndex
CREATE INDEX "RiskHistoryEntry_patientId_idx" ON "RiskHistoryEntry"("patientId");

-- CreateIndex
CREATE INDEX "InPersonEvaluation_patientId_seenOn_idx" ON "InPersonEvaluation"("patientId", "seenOn");

-- CreateIndex
CREATE UNIQUE INDEX "ClinicianLicense_clinicianId_state_key" ON "ClinicianLicense"("clinicianId", "state");

-- AddForeignKey
ALTER TABLE "LtotDecision" ADD CONSTRAINT "LtotDecision_patientId_fkey" FOREIGN KEY ("patientId") REFERENCES "Patient"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PdmpCheck" ADD CONSTRAINT "PdmpCheck_patientId_fkey" FOREIGN KEY ("patientId") REFERENCES "Patient"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "NaloxoneOffer" ADD CONSTRAINT "NaloxoneOffer_patientId_fkey" FOREIGN KEY ("patientId") REFERENCES "Patient"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RiskHistoryEntry" ADD CONSTRAINT "RiskHistoryEntry_patientId_fkey" FOREIGN KEY ("patientId") REFERENCES "Patient"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "InPersonEvaluation" ADD CONSTRAINT "InPersonEvaluation_patientId_fkey" FOREIGN KEY ("patientId") REFERENCES "Patient"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
