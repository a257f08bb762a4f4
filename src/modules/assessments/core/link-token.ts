import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

/**
 * Generic core for links sent to patients (docs/security-model.md#links-sent-to-patients): a token of
 * 256 bits from the OS CSPRNG (the floor is 128), stored only as its SHA-256, bound to one patient
 * and one purpose, with an expiry, used once. Pure apart from the random bytes, so the pieces a
 * scheduling "join video" link needs are the same and can be unified at merge.
 */
export const TOKEN_BYTES = 32;

export type LinkPurpose = "pre_visit_forms";

export function generateLinkToken(): { token: string; hash: string } {
  const token = randomBytes(TOKEN_BYTES).toString("base64url");
  return { token, hash: hashLinkToken(token) };
}

export function hashLinkToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

/** A base64url string of exactly the generated length: anything else is not worth a lookup. */
export function isTokenShaped(s: string): boolean {
  return /^[A-Za-z0-9_-]{43}$/.test(s);
}

export function hashesEqual(a: string, b: string): boolean {
  const x = Buffer.from(a, "hex");
  const y = Buffer.from(b, "hex");
  return x.length === y.length && timingSafeEqual(x, y);
}

export type LinkState = "valid" | "expired" | "used" | "revoked" | "wrong_purpose";

/** Why a stored link may or may not be redeemed now. Order matters: revoked beats used beats expired. */
export function classifyLink(
  link: { purpose: string; expiresAt: Date; usedAt: Date | null; revokedAt: Date | null },
  purpose: LinkPurpose,
  now: Date,
): LinkState {
  if (link.purpose !== purpose) return "wrong_purpose";
  if (link.revokedAt) return "revoked";
  if (link.usedAt) return "used";
  if (link.expiresAt.getTime() <= now.getTime()) return "expired";
  return "valid";
}

/** Guessing limit: refused once `failures` in the window reach `max` (kept in Postgres by the caller). */
export function isGuessingBlocked(failures: number, max: number): boolean {
  return failures >= max;
}
