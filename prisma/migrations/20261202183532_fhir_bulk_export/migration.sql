-- CreateEnum
CREATE TYPE "FhirExportStatus" AS ENUM ('QUEUED', 'RUNNING', 'COMPLETED', 'FAILED');

-- CreateTable
CREATE TABLE "FhirExportJob" (
    "id" UUID NOT NULL,
    "clientId" UUID NOT NULL,
    "level" TEXT NOT NULL,
    "groupId" TEXT,
    "types" TEXT[],
    "since" TIMESTAMPTZ(3),
    "requestUrl" TEXT NOT NULL,
    "requestId" TEXT NOT NULL,
    "status" "FhirExportStatus" NOT NULL DEFAULT 'QUEUED',
    "transactionTime" TIMESTAMPTZ(3) NOT NULL,
    "planned" BOOLEAN NOT NULL DEFAULT false,
    "patientsTotal" INTEGER NOT NULL DEFAULT 0,
    "patientsDone" INTEGER NOT NULL DEFAULT 0,
    "chunks" INTEGER NOT NULL DEFAULT 0,
    "cursor" UUID,
    "runnerId" TEXT,
    "heartbeatAt" TIMESTAMPTZ(3),
    "error" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "completedAt" TIMESTAMPTZ(3),
    "expiresAt" TIMESTAMPTZ(3),

    CONSTRAINT "FhirExportJob_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "FhirExportMember" (
    "jobId" UUID NOT NULL,
    "patientId" UUID NOT NULL,

    CONSTRAINT "FhirExportMember_pkey" PRIMARY KEY ("jobId","patientId")
);

-- CreateTable
CREATE TABLE "FhirExportPart" (
    "jobId" UUID NOT NULL,
    "resourceType" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    "lines" INTEGER NOT NULL,
    "ndjson" TEXT NOT NULL,

    CONSTRAINT "FhirExportPart_pkey" PRIMARY KEY ("jobId","resourceType","seq")
);

-- CreateIndex
CREATE INDEX "FhirExportJob_clientId_status_idx" ON "FhirExportJob"("clientId", "status");

-- CreateIndex
CREATE INDEX "FhirExportJob_status_createdAt_idx" ON "FhirExportJob"("status", "createdAt");

-- CreateIndex
CREATE INDEX "FhirExportJob_expiresAt_idx" ON "FhirExportJob"("expiresAt");

-- AddForeignKey
ALTER TABLE "FhirExportJob" ADD CONSTRAINT "FhirExportJob_clientId_fkey" FOREIGN KEY ("clientId") REFERENCES "FhirClient"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FhirExportMember" ADD CONSTRAINT "FhirExportMember_jobId_fkey" FOREIGN KEY ("jobId") REFERENCES "FhirExportJob"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FhirExportPart" ADD CONSTRAINT "FhirExportPart_jobId_fkey" FOREIGN KEY ("jobId") REFERENCES "FhirExportJob"("id") ON DELETE CASCADE ON UPDATE CASCADE;
