/**
 * The rules a SMART Backend Services client assertion must meet once its signature checks out
 * (docs/decisions/fhir-api.md; SMART App Launch "Backend Services"). Pure: the signature itself is
 * checked with jose in the token use case.
 */
export const ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
export const ASSERTION_ALGS = ["RS384", "ES384"] as const;
/** An assertion may not be valid for longer than this ahead of now. */
export const MAX_ASSERTION_LIFETIME_S = 300;
/** Clock skew allowed on exp and iat. */
export const CLOCK_SKEW_S = 30;
export const ACCESS_TOKEN_TTL_S = 300;

export type AssertionClaims = { iss?: unknown; sub?: unknown; aud?: unknown; exp?: unknown; jti?: unknown };
export type AssertionCheck = { ok: true; clientId: string; jti: string; exp: Date } | { ok: false; reason: string };

export function checkAssertionClaims(c: AssertionClaims, tokenUrl: string, now: Date): AssertionCheck {
  const nowS = Math.floor(now.getTime() / 1000);
  if (typeof c.iss !== "string" || c.iss === "") return { ok: false, reason: "iss is missing" };
  if (c.sub !== c.iss) return { ok: false, reason: "sub must equal iss (the client id)" };
  const aud = Array.isArray(c.aud) ? c.aud : [c.aud];
  if (!aud.includes(tokenUrl)) return { ok: false, reason: "aud must be the token endpoint URL" };
  if (typeof c.exp !== "number") return { ok: false, reason: "exp is missing" };
  if (c.exp + CLOCK_SKEW_S < nowS) return { ok: false, reason: "the assertion has expired" };
  if (c.exp > nowS + MAX_ASSERTION_LIFETIME_S + CLOCK_SKEW_S)
    return { ok: false, reason: "exp may be at most 5 minutes ahead" };
  if (typeof c.jti !== "string" || c.jti === "" || c.jti.length > 200) return { ok: false, reason: "jti is missing" };
  return { ok: true, clientId: c.iss, jti: c.jti, exp: new Date(c.exp * 1000) };
}

/** An OAuth 2.0 error answer (RFC 6749 section 5.2) and its status. */
export type OAuthError =
  "invalid_request" | "invalid_client" | "invalid_grant" | "unsupported_grant_type" | "invalid_scope";
export const oauthStatus = (e: OAuthError): number => (e === "invalid_client" ? 401 : 400);
