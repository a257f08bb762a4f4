import { createHash, createHmac, randomBytes, timingSafeEqual } from "node:crypto";

/**
 * Link tokens (docs/security-model.md#links-sent-to-patients): 43 base64url characters for 32
 * bytes = 16 random bytes from the OS CSPRNG (128 bits, the floor) + 1 byte naming the purpose
 * + 15 bytes of HMAC-SHA256 over both, under a key derived from the app secret. Only the
 * SHA-256 of the whole token is stored.
 *
 * The MAC lets the server tell, without a database lookup, a token it issued from a guess: a
 * guess cannot carry a valid MAC. So the guessing limit can refuse unknown tokens from an IP
 * that is over it without a lookup, and still honour a real link from that IP (a clinic's shared
 * NAT). Links made before the MAC existed (32 random bytes) have the same shape and are still
 * looked up, like any token, while the IP is under the limit.
 */
export const TOKEN_RANDOM_BYTES = 16;
const PURPOSE_BYTES = 1;
const MAC_BYTES = 15;
const TOKEN_BYTES = TOKEN_RANDOM_BYTES + PURPOSE_BYTES + MAC_BYTES;
const SHAPE = /^[A-Za-z0-9_-]{43}$/;

/** The MAC key: its own derivation from the app secret, so it serves no other purpose. */
export function deriveLinkKey(secret: string): Buffer {
  return createHmac("sha256", secret).update("vpc-patient-link-token-v1").digest();
}

export function hashToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

/** A base64url string of exactly the generated length: anything else is not worth a lookup. */
export function isTokenShaped(s: string): boolean {
  return SHAPE.test(s);
}

function mac(key: Buffer, body: Buffer): Buffer {
  return createHmac("sha256", key).update(body).digest().subarray(0, MAC_BYTES);
}

export function generateLinkToken(purposeCode: number, key: Buffer): { token: string; hash: string } {
  if (!Number.isInteger(purposeCode) || purposeCode < 1 || purposeCode > 255)
    throw new RangeError("purpose code must be 1-255");
  const body = Buffer.concat([randomBytes(TOKEN_RANDOM_BYTES), Buffer.from([purposeCode])]);
  const token = Buffer.concat([body, mac(key, body)]).toString("base64url");
  return { token, hash: hashToken(token) };
}

/**
 * What the token says about itself. `issuedPurposeCode` is set only when the MAC is valid (we
 * issued it); null for guesses and for links made before the MAC.
 */
export function readLinkToken(token: string, key: Buffer): { shaped: boolean; issuedPurposeCode: number | null } {
  if (!isTokenShaped(token)) return { shaped: false, issuedPurposeCode: null };
  const bytes = Buffer.from(token, "base64url");
  if (bytes.length !== TOKEN_BYTES) return { shaped: false, issuedPurposeCode: null };
  const body = bytes.subarray(0, TOKEN_RANDOM_BYTES + PURPOSE_BYTES);
  const ok = timingSafeEqual(bytes.subarray(TOKEN_RANDOM_BYTES + PURPOSE_BYTES), mac(key, body));
  return { shaped: true, issuedPurposeCode: ok ? body[TOKEN_RANDOM_BYTES]! : null };
}

/** A session secret for the cookie: 32 random bytes, same shape as a token, no MAC needed. */
export function generateSessionSecret(): { secret: string; hash: string } {
  const secret = randomBytes(32).toString("base64url");
  return { secret, hash: hashToken(secret) };
}
