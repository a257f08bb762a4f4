import "server-only";
import { createHash, randomBytes } from "node:crypto";
import {
  createLocalJWKSet,
  decodeJwt,
  decodeProtectedHeader,
  errors as joseErrors,
  jwtVerify,
  type JSONWebKeySet,
} from "jose";
import { writeAudit, writeRefusal } from "@/server/audit";
import { db } from "@/server/db";
import { pgErrorCode } from "@/server/errors";
import type { RequestContext } from "@/server/request-context";
import { isUuid } from "@/server/uuid";
import { parseInput } from "@/lib/input";
import {
  ACCESS_TOKEN_TTL_S,
  ASSERTION_ALGS,
  ASSERTION_TYPE,
  checkAssertionClaims,
  oauthStatus,
  type OAuthError,
} from "./core/assertion";
import { grantScopes, splitScope } from "./core/scopes";
import { tokenRequestSchema } from "./schemas";

export type TokenAnswer = { status: number; body: Record<string, unknown> };

/** SHA-256 of a bearer token: what is stored and looked up. */
export const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");

function oauthError(error: OAuthError, description: string): TokenAnswer {
  return { status: oauthStatus(error), body: { error, error_description: description } };
}

/**
 * The SMART Backend Services token endpoint (docs/decisions/fhir-api.md): a client_credentials
 * grant authenticated by a JWT the client signed (RS384 or ES384) with a key of its registered
 * JWKS. iss = sub = client id, aud = this endpoint, exp at most 5 minutes ahead, each jti once.
 * Answers a 5-minute opaque bearer token with the granted scopes, or an RFC 6749 error.
 */
export async function issueAccessToken(
  form: Record<string, string>,
  tokenUrl: string,
  ctx: RequestContext,
  now = new Date(),
): Promise<TokenAnswer> {
  const parsed = parseInput(tokenRequestSchema, form);
  if (!parsed.success) {
    const field = parsed.error.issues[0]?.path.join(".") || "request";
    return oauthError("invalid_request", `${field}: missing or malformed`);
  }
  const req = parsed.data;
  if (req.grant_type !== "client_credentials")
    return oauthError("unsupported_grant_type", "grant_type must be client_credentials");
  if (req.client_assertion_type !== ASSERTION_TYPE)
    return oauthError("invalid_request", `client_assertion_type must be ${ASSERTION_TYPE}`);

  const refuse = async (reason: string, clientId: string | null): Promise<TokenAnswer> => {
    await writeRefusal({
      actor: clientId ? { kind: "fhirClient", clientId } : null,
      action: "LOGIN",
      entityType: "FhirAccessToken",
      entityId: null,
      outcome: "DENIED",
      ctx,
      details: { reason },
    });
    return oauthError("invalid_client", reason);
  };

  let iss: unknown;
  let alg: unknown;
  try {
    iss = decodeJwt(req.client_assertion).iss;
    alg = decodeProtectedHeader(req.client_assertion).alg;
  } catch {
    return refuse("client_assertion is not a JWT", null);
  }
  if (!(ASSERTION_ALGS as readonly unknown[]).includes(alg))
    return refuse("the assertion must be signed RS384 or ES384", null);
  if (!isUuid(iss)) return refuse("unknown client", null);
  const client = await db.fhirClient.findUnique({
    where: { id: iss },
    select: { id: true, jwks: true, allowedScopes: true, revokedAt: true },
  });
  if (!client) return refuse("unknown client", null);
  if (client.revokedAt) return refuse("this client has been revoked", client.id);

  let payload: Record<string, unknown>;
  try {
    const keys = createLocalJWKSet(client.jwks as unknown as JSONWebKeySet);
    ({ payload } = await jwtVerify(req.client_assertion, keys, {
      algorithms: [...ASSERTION_ALGS],
      currentDate: now,
      clockTolerance: 30,
    }));
  } catch (e) {
    const reason =
      e instanceof joseErrors.JWTExpired
        ? "the assertion has expired"
        : "the assertion's signature does not verify with the registered keys";
    return refuse(reason, client.id);
  }
  const claims = checkAssertionClaims(payload, tokenUrl, now);
  if (!claims.ok) return refuse(claims.reason, client.id);

  const granted = grantScopes(splitScope(req.scope), client.allowedScopes);
  if (granted.length === 0)
    return oauthError("invalid_scope", "none of the requested scopes is allowed for this client");

  const token = randomBytes(32).toString("base64url");
  const expiresAt = new Date(now.getTime() + ACCESS_TOKEN_TTL_S * 1000);
  try {
    await db.$transaction(async (tx) => {
      // The jti's row is the replay guard: a second use of the same assertion violates its key.
      await tx.fhirAssertionUse.create({ data: { clientId: client.id, jti: claims.jti, expiresAt: claims.exp } });
      await tx.fhirAssertionUse.deleteMany({
        where: { clientId: client.id, expiresAt: { lt: new Date(now.getTime() - 60_000) } },
      });
      await tx.fhirAccessToken.deleteMany({ where: { clientId: client.id, expiresAt: { lt: now } } });
      await tx.fhirAccessToken.create({
        data: { tokenHash: hashToken(token), clientId: client.id, scopes: granted, issuedAt: now, expiresAt },
      });
      await writeAudit(
        {
          actor: { kind: "fhirClient", clientId: client.id },
          action: "LOGIN",
          entityType: "FhirAccessToken",
          outcome: "SUCCESS",
          ctx,
          details: { scopes: granted },
        },
        tx,
      );
    });
  } catch (e) {
    if (pgErrorCode(e) === "23505" || (e as { code?: string }).code === "P2002")
      return refuse("this assertion was already used (jti replay)", client.id);
    throw e;
  }
  return {
    status: 200,
    body: { access_token: token, token_type: "bearer", expires_in: ACCESS_TOKEN_TTL_S, scope: granted.join(" ") },
  };
}
