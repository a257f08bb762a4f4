-- AlterTable
ALTER TABLE "InPersonEvaluation" ADD COLUMN     "withdrawnAt" TIMESTAMPTZ(3),
ADD COLUMN     "withdrawnById" UUID,
ADD COLUMN     "withdrawnReason" TEXT;

-- Hand-written: a withdrawal is whole (who, when and why) or absent.
ALTER TABLE "InPersonEvaluation" ADD CONSTRAINT "InPersonEvaluation_withdrawn_whole"
  CHECK (("withdrawnAt" IS NULL AND "withdrawnById" IS NULL AND "withdrawnReason" IS NULL)
      OR ("withdrawnAt" IS NOT NULL AND "withdrawnById" IS NOT NULL AND length(btrim("withdrawnReason")) > 0));
