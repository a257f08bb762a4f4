-- AlterTable
ALTER TABLE "AuditEvent" ADD COLUMN     "actorClientId" UUID;

-- CreateTable
CREATE TABLE "FhirClient" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "jwks" JSONB NOT NULL,
    "allowedScopes" TEXT[],
    "createdById" UUID NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "revokedAt" TIMESTAMPTZ(3),
    "revokedById" UUID,

    CONSTRAINT "FhirClient_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "FhirAssertionUse" (
    "clientId" UUID NOT NULL,
    "jti" TEXT NOT NULL,
    "expiresAt" TIMESTAMPTZ(3) NOT NULL,
    "usedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "FhirAssertionUse_pkey" PRIMARY KEY ("clientId","jti")
);

-- CreateTable
CREATE TABLE "FhirAccessToken" (
    "id" UUID NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "clientId" UUID NOT NULL,
    "scopes" TEXT[],
    "issuedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "FhirAccessToken_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "FhirClient_revokedAt_idx" ON "FhirClient"("revokedAt");

-- CreateIndex
CREATE INDEX "FhirAssertionUse_expiresAt_idx" ON "FhirAssertionUse"("expiresAt");

-- CreateIndex
CREATE UNIQUE INDEX "FhirAccessToken_tokenHash_key" ON "FhirAccessToken"("tokenHash");

-- CreateIndex
CREATE INDEX "FhirAccessToken_clientId_idx" ON "FhirAccessToken"("clientId");

-- CreateIndex
CREATE INDEX "FhirAccessToken_expiresAt_idx" ON "FhirAccessToken"("expiresAt");

-- CreateIndex
CREATE INDEX "AuditEvent_actorClientId_at_idx" ON "AuditEvent"("actorClientId", "at");

-- AddForeignKey
ALTER TABLE "FhirAssertionUse" ADD CONSTRAINT "FhirAssertionUse_clientId_fkey" FOREIGN KEY ("clientId") REFERENCES "FhirClient"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FhirAccessToken" ADD CONSTRAINT "FhirAccessToken_clientId_fkey" FOREIGN KEY ("clientId") REFERENCES "FhirClient"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- Hand-written: a revocation is whole (when and by whom) or absent.
ALTER TABLE "FhirClient" ADD CONSTRAINT "FhirClient_revoked_whole"
  CHECK (("revokedAt" IS NULL) = ("revokedById" IS NULL));
