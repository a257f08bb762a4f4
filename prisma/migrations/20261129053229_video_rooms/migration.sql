-- CreateEnum
CREATE TYPE "VideoParticipantRole" AS ENUM ('PATIENT', 'CLINICIAN', 'CAREGIVER', 'INTERPRETER');

-- CreateEnum
CREATE TYPE "VideoParticipantState" AS ENUM ('INVITED', 'WAITING', 'ADMITTED', 'LEFT', 'REMOVED');

-- CreateTable
CREATE TABLE "VideoParticipant" (
    "id" UUID NOT NULL,
    "visitId" UUID NOT NULL,
    "role" "VideoParticipantRole" NOT NULL,
    "displayName" TEXT NOT NULL,
    "userId" UUID,
    "state" "VideoParticipantState" NOT NULL,
    "rev" INTEGER NOT NULL DEFAULT 0,
    "connectionId" UUID,
    "invitedById" UUID,
    "invitedAt" TIMESTAMPTZ(3),
    "waitingSince" TIMESTAMPTZ(3),
    "admittedAt" TIMESTAMPTZ(3),
    "leftAt" TIMESTAMPTZ(3),
    "phoneRequestedAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "VideoParticipant_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "VideoSignal" (
    "id" BIGSERIAL NOT NULL,
    "visitId" UUID NOT NULL,
    "fromParticipantId" UUID,
    "toParticipantId" UUID,
    "kind" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "VideoSignal_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "VideoParticipant_visitId_idx" ON "VideoParticipant"("visitId");

-- CreateIndex
CREATE INDEX "VideoParticipant_state_waitingSince_idx" ON "VideoParticipant"("state", "waitingSince");

-- CreateIndex
CREATE INDEX "VideoSignal_visitId_id_idx" ON "VideoSignal"("visitId", "id");

-- CreateIndex
CREATE INDEX "VideoSignal_fromParticipantId_createdAt_idx" ON "VideoSignal"("fromParticipantId", "createdAt");

-- AddForeignKey
ALTER TABLE "VideoParticipant" ADD CONSTRAINT "VideoParticipant_visitId_fkey" FOREIGN KEY ("visitId") REFERENCES "Visit"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "VideoSignal" ADD CONSTRAINT "VideoSignal_visitId_fkey" FOREIGN KEY ("visitId") REFERENCES "Visit"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "VideoSignal" ADD CONSTRAINT "VideoSignal_fromParticipantId_fkey" FOREIGN KEY ("fromParticipantId") REFERENCES "VideoParticipant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Hand-written: at most one patient seat per visit room, and one seat per staff account.
CREATE UNIQUE INDEX "VideoParticipant_one_patient_per_visit" ON "VideoParticipant"("visitId") WHERE "role" = 'PATIENT';
CREATE UNIQUE INDEX "VideoParticipant_one_seat_per_user" ON "VideoParticipant"("visitId", "userId") WHERE "userId" IS NOT NULL;
