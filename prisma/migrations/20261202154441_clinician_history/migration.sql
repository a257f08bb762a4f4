-- CreateTable
CREATE TABLE "PrimaryClinicianChange" (
    "id" UUID NOT NULL,
    "patientId" UUID NOT NULL,
    "clinicianId" UUID,
    "changedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "fromStart" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "PrimaryClinicianChange_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "PrimaryClinicianChange_patientId_changedAt_idx" ON "PrimaryClinicianChange"("patientId", "changedAt");

-- AddForeignKey
ALTER TABLE "PrimaryClinicianChange" ADD CONSTRAINT "PrimaryClinicianChange_patientId_fkey" FOREIGN KEY ("patientId") REFERENCES "Patient"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Hand-written: every write of "Patient"."primaryClinicianId", by any path (the app, the demo
-- seed, a script), records the change; the first one covers the patient's earlier history too.
CREATE FUNCTION "record_primary_clinician_change"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' AND NEW."primaryClinicianId" IS NULL THEN
    RETURN NEW;
  END IF;
  IF TG_OP = 'UPDATE' AND NEW."primaryClinicianId" IS NOT DISTINCT FROM OLD."primaryClinicianId" THEN
    RETURN NEW;
  END IF;
  INSERT INTO "PrimaryClinicianChange" ("id", "patientId", "clinicianId", "changedAt", "fromStart")
  VALUES (
    gen_random_uuid(), NEW."id", NEW."primaryClinicianId", clock_timestamp(),
    NOT EXISTS (SELECT 1 FROM "PrimaryClinicianChange" c WHERE c."patientId" = NEW."id")
  );
  RETURN NEW;
END $$;

CREATE TRIGGER "Patient_primary_clinician_history"
  AFTER INSERT OR UPDATE OF "primaryClinicianId" ON "Patient"
  FOR EACH ROW EXECUTE FUNCTION "record_primary_clinician_change"();

-- Hand-written: the patients who have a clinician today get their first row (no earlier history
-- was kept, so today's clinician covers it all, as the measures counted until now).
INSERT INTO "PrimaryClinicianChange" ("id", "patientId", "clinicianId", "changedAt", "fromStart")
SELECT gen_random_uuid(), p."id", p."primaryClinicianId", p."createdAt", true
FROM "Patient" p WHERE p."primaryClinicianId" IS NOT NULL;
