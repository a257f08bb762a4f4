-- CreateEnum
CREATE TYPE "ConsentKind" AS ENUM ('VIDEO', 'PHONE');

-- CreateEnum
CREATE TYPE "ConsentMethod" AS ENUM ('VERBAL', 'ELECTRONIC');

-- CreateEnum
CREATE TYPE "ReferralKind" AS ENUM ('PHYSICAL_THERAPY', 'BEHAVIORAL_THERAPY', 'OTHER');

-- CreateEnum
CREATE TYPE "ReferralStatus" AS ENUM ('REFERRED', 'SCHEDULED', 'ATTENDING', 'COMPLETED', 'DECLINED');

-- CreateTable
CREATE TABLE "ConsentText" (
    "id" UUID NOT NULL,
    "kind" "ConsentKind" NOT NULL,
    "version" INTEGER NOT NULL,
    "title" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "createdById" UUID,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ConsentText_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ConsentRecord" (
    "id" UUID NOT NULL,
    "patientId" UUID NOT NULL,
    "kind" "ConsentKind" NOT NULL,
    "textId" UUID NOT NULL,
    "method" "ConsentMethod" NOT NULL,
    "capturedById" UUID,
    "capturedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "witnessName" TEXT,
    "typedName" TEXT,
    "ip" TEXT,
    "userAgent" TEXT,
    "expiresAt" TIMESTAMPTZ(3) NOT NULL,
    "revokedAt" TIMESTAMPTZ(3),
    "revokedById" UUID,
    "revokedReason" TEXT,
    "idempotencyKey" TEXT NOT NULL,

    CONSTRAINT "ConsentRecord_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Referral" (
    "id" UUID NOT NULL,
    "patientId" UUID NOT NULL,
    "kind" "ReferralKind" NOT NULL,
    "detail" TEXT,
    "telehealth" BOOLEAN NOT NULL DEFAULT false,
    "status" "ReferralStatus" NOT NULL DEFAULT 'REFERRED',
    "version" INTEGER NOT NULL DEFAULT 1,
    "note" TEXT,
    "createdById" UUID NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Referral_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ReferralEvent" (
    "id" BIGSERIAL NOT NULL,
    "referralId" UUID NOT NULL,
    "fromStatus" "ReferralStatus",
    "toStatus" "ReferralStatus" NOT NULL,
    "byUserId" UUID NOT NULL,
    "note" TEXT,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ReferralEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Resource" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "purpose" TEXT NOT NULL,
    "url" TEXT NOT NULL,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Resource_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ResourceRecommendation" (
    "id" UUID NOT NULL,
    "patientId" UUID NOT NULL,
    "resourceId" UUID NOT NULL,
    "recommendedById" UUID NOT NULL,
    "recommendedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "note" TEXT,
    "tried" BOOLEAN,
    "helped" TEXT,
    "feedbackAt" TIMESTAMPTZ(3),

    CONSTRAINT "ResourceRecommendation_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "ConsentText_kind_version_key" ON "ConsentText"("kind", "version");

-- CreateIndex
CREATE UNIQUE INDEX "ConsentRecord_idempotencyKey_key" ON "ConsentRecord"("idempotencyKey");

-- CreateIndex
CREATE INDEX "ConsentRecord_patientId_kind_capturedAt_idx" ON "ConsentRecord"("patientId", "kind", "capturedAt");

-- CreateIndex
CREATE INDEX "Referral_patientId_idx" ON "Referral"("patientId");

-- CreateIndex
CREATE INDEX "Referral_status_createdAt_idx" ON "Referral"("status", "createdAt");

-- CreateIndex
CREATE INDEX "ReferralEvent_referralId_at_idx" ON "ReferralEvent"("referralId", "at");

-- CreateIndex
CREATE UNIQUE INDEX "Resource_name_key" ON "Resource"("name");

-- CreateIndex
CREATE INDEX "ResourceRecommendation_patientId_idx" ON "ResourceRecommendation"("patientId");

-- CreateIndex
CREATE UNIQUE INDEX "ResourceRecommendation_patientId_resourceId_key" ON "ResourceRecommendation"("patientId", "resourceId");

-- AddForeignKey
ALTER TABLE "ConsentRecord" ADD CONSTRAINT "ConsentRecord_patientId_fkey" FOREIGN KEY ("patientId") REFERENCES "Patient"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ConsentRecord" ADD CONSTRAINT "ConsentRecord_textId_fkey" FOREIGN KEY ("textId") REFERENCES "ConsentText"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Referral" ADD CONSTRAINT "Referral_patientId_fkey" FOREIGN KEY ("patientId") REFERENCES "Patient"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ReferralEvent" ADD CONSTRAINT "ReferralEvent_referralId_fkey" FOREIGN KEY ("referralId") REFERENCES "Referral"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ResourceRecommendation" ADD CONSTRAINT "ResourceRecommendation_patientId_fkey" FOREIGN KEY ("patientId") REFERENCES "Patient"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ResourceRecommendation" ADD CONSTRAINT "ResourceRecommendation_resourceId_fkey" FOREIGN KEY ("resourceId") REFERENCES "Resource"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- ---------------------------------------------------------------------------------------------
-- Hand-written SQL (not generated by Prisma). No semicolons inside strings here (see init).
-- ---------------------------------------------------------------------------------------------

-- The patient's "did it help" answer is one of three words, enforced by the database itself.
ALTER TABLE "ResourceRecommendation" ADD CONSTRAINT "ResourceRecommendation_helped_check" CHECK ("helped" IS NULL OR "helped" IN ('YES', 'SOMEWHAT', 'NO'));

-- A consent record must carry who captured it: staff for verbal, the typed name for electronic.
ALTER TABLE "ConsentRecord" ADD CONSTRAINT "ConsentRecord_capture_check" CHECK (("method" = 'VERBAL' AND "capturedById" IS NOT NULL) OR ("method" = 'ELECTRONIC' AND "typedName" IS NOT NULL))
