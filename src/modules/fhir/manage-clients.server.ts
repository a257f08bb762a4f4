import "server-only";
import { importJWK, type JWK } from "jose";
import type { Prisma } from "@/generated/prisma/client";
import { writeAudit } from "@/server/audit";
import { authorize } from "@/server/auth/actor";
import { db } from "@/server/db";
import { AppError } from "@/server/errors";
import type { RequestContext } from "@/server/request-context";
import type { Actor } from "../identity/core/roles";
import { canFhir } from "./policy";
import { jwksSchema } from "./schemas";
import { parseInput } from "@/lib/input";

// Admin: SMART Backend Services clients (docs/decisions/fhir-api.md). Configuration, not PHI.

export type FhirClientDto = {
  id: string;
  name: string;
  allowedScopes: string[];
  keyIds: string[];
  createdAt: Date;
  revokedAt: Date | null;
};

export async function listFhirClients(actor: Actor): Promise<FhirClientDto[]> {
  await authorize(actor, canFhir(actor.role, "client.list"), { entityType: "FhirClient", action: "LIST" });
  const rows = await db.fhirClient.findMany({
    select: { id: true, name: true, allowedScopes: true, jwks: true, createdAt: true, revokedAt: true },
    orderBy: [{ revokedAt: { sort: "desc", nulls: "first" } }, { createdAt: "desc" }],
  });
  return rows.map(({ jwks, ...r }) => ({
    ...r,
    keyIds: ((jwks as { keys?: { kid?: string }[] }).keys ?? []).map((k, i) => k.kid ?? `key ${i + 1}`),
  }));
}

const jwksError = (message: string) => new AppError("VALIDATION", message, { jwks: [message] });

/** Checks a pasted JWKS: JSON, public RSA/EC keys only, each usable with RS384 or ES384. */
export async function readPublicJwks(text: string): Promise<{ keys: JWK[] }> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw jwksError("The key set is not JSON: paste the JWKS document");
  }
  const parsed = parseInput(jwksSchema, json);
  if (!parsed.success) throw jwksError(parsed.error.issues[0]?.message ?? "Not a JWK Set");
  const keys = parsed.data.keys as JWK[];
  for (const k of keys) {
    const alg = k.alg ?? (k.kty === "RSA" ? "RS384" : "ES384");
    if (k.kty === "EC" && k.crv !== "P-384") throw jwksError("EC keys must be on the P-384 curve (ES384)");
    try {
      await importJWK(k, alg);
    } catch {
      throw jwksError(`A key cannot be used for ${alg}`);
    }
  }
  return { keys };
}

export async function registerFhirClient(
  actor: Actor,
  input: { name: string; jwks: string; scopes: string[] },
  ctx: RequestContext,
): Promise<{ id: string }> {
  await authorize(actor, canFhir(actor.role, "client.register"), { entityType: "FhirClient", action: "CREATE" });
  const jwks = await readPublicJwks(input.jwks);
  return db.$transaction(async (tx) => {
    const row = await tx.fhirClient.create({
      data: {
        name: input.name,
        jwks: jwks as unknown as Prisma.InputJsonValue,
        allowedScopes: input.scopes,
        createdById: actor.userId,
      },
      select: { id: true },
    });
    await writeAudit(
      {
        actor: { userId: actor.userId, role: actor.role },
        action: "CREATE",
        entityType: "FhirClient",
        entityId: row.id,
        outcome: "SUCCESS",
        ctx,
        details: { scopes: input.scopes, keys: jwks.keys.length },
      },
      tx,
    );
    return row;
  });
}

/** Revokes a client: no new tokens, and its issued tokens are deleted in the same transaction. */
export async function revokeFhirClient(actor: Actor, clientId: string, ctx: RequestContext): Promise<void> {
  await authorize(actor, canFhir(actor.role, "client.revoke"), {
    entityType: "FhirClient",
    entityId: clientId,
    action: "UPDATE",
  });
  await db.$transaction(async (tx) => {
    const { count } = await tx.fhirClient.updateMany({
      where: { id: clientId, revokedAt: null },
      data: { revokedAt: new Date(), revokedById: actor.userId },
    });
    if (count === 0) throw new AppError("NOT_FOUND", "That client does not exist or is already revoked.");
    const tokens = await tx.fhirAccessToken.deleteMany({ where: { clientId } });
    await writeAudit(
      {
        actor: { userId: actor.userId, role: actor.role },
        action: "UPDATE",
        entityType: "FhirClient",
        entityId: clientId,
        outcome: "SUCCESS",
        ctx,
        details: { revoked: true, tokensEnded: tokens.count },
      },
      tx,
    );
  });
}
