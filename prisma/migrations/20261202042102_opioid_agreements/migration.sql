-- AlterEnum
ALTER TYPE "ConsentKind" ADD VALUE 'OPIOID_AGREEMENT';

-- AlterEnum
ALTER TYPE "ConsentMethod" ADD VALUE 'PAPER';

-- Hand-written: a paper agreement is recorded by a named staff member (like verbal consent). The
-- new value is compared as text: an enum value added in this migration cannot be used as an enum
-- literal in the same transaction.
ALTER TABLE "ConsentRecord" DROP CONSTRAINT "ConsentRecord_capture_check";
ALTER TABLE "ConsentRecord" ADD CONSTRAINT "ConsentRecord_capture_check" CHECK (("method" = 'VERBAL' AND "capturedById" IS NOT NULL) OR ("method" = 'ELECTRONIC' AND "typedName" IS NOT NULL) OR ("method"::text = 'PAPER' AND "capturedById" IS NOT NULL));
