-- CreateTable
CREATE TABLE "InstrumentTranslation" (
    "id" UUID NOT NULL,
    "instrument" "Instrument" NOT NULL,
    "language" TEXT NOT NULL,
    "version" TEXT NOT NULL,
    "sourceCitation" TEXT NOT NULL,
    "text" JSONB NOT NULL,
    "importedById" UUID NOT NULL,
    "importedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "approvedById" UUID,
    "approvedAt" TIMESTAMPTZ(3),

    CONSTRAINT "InstrumentTranslation_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "InstrumentTranslation_instrument_language_approvedAt_idx" ON "InstrumentTranslation"("instrument", "language", "approvedAt");

-- CreateIndex
CREATE UNIQUE INDEX "InstrumentTranslation_instrument_language_version_key" ON "InstrumentTranslation"("instrument", "language", "version");
