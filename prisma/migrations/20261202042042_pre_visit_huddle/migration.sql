-- CreateEnum
CREATE TYPE "PreVisitUdtStatus" AS ENUM ('QUEUED', 'ORDERED');

-- AlterTable
ALTER TABLE "RiskHistoryEntry" ADD COLUMN     "visitId" UUID;

-- CreateTable
CREATE TABLE "PreVisitUdtOrder" (
    "id" UUID NOT NULL,
    "patientId" UUID NOT NULL,
    "visitId" UUID NOT NULL,
    "status" "PreVisitUdtStatus" NOT NULL,
    "reasonCode" "UdtReason" NOT NULL,
    "reasonNote" TEXT,
    "panelCode" TEXT NOT NULL,
    "collectionMethod" "UdtCollectionMethod" NOT NULL,
    "queuedById" UUID NOT NULL,
    "queuedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "orderId" UUID,
    "orderedById" UUID,
    "orderedAt" TIMESTAMPTZ(3),

    CONSTRAINT "PreVisitUdtOrder_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "PreVisitUdtOrder_orderId_key" ON "PreVisitUdtOrder"("orderId");

-- CreateIndex
CREATE INDEX "PreVisitUdtOrder_visitId_idx" ON "PreVisitUdtOrder"("visitId");

-- CreateIndex
CREATE INDEX "PreVisitUdtOrder_patientId_idx" ON "PreVisitUdtOrder"("patientId");

-- CreateIndex
CREATE INDEX "RiskHistoryEntry_visitId_idx" ON "RiskHistoryEntry"("visitId");

-- AddForeignKey
ALTER TABLE "PreVisitUdtOrder" ADD CONSTRAINT "PreVisitUdtOrder_patientId_fkey" FOREIGN KEY ("patientId") REFERENCES "Patient"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
