import "server-only";
import { decode } from "next-auth/jwt";

/**
 * The session id inside next-auth's session cookie (a JWT encrypted with A256GCM under a key
 * derived from NEXTAUTH_SECRET), or null when the cookie is not a valid, unexpired token.
 *
 * next-auth derives the key again (HKDF) on every decode; with the decryption that was about
 * 70 us of CPU on every signed-in request. So a token that decrypted once is remembered by its
 * exact text - authenticated encryption: no other text decrypts to it - together with its expiry,
 * which is checked again on every use the way jose checks it (15 s clock tolerance). Only this
 * cryptographic check is remembered: the session itself (sign-out, revocation, session version,
 * deactivation, idle timeout, absolute cap) is still read from Postgres on every request by
 * loadActorForSession. Bounded (oldest entries go first); tokens that fail are never remembered.
 */
const CLOCK_TOLERANCE_S = 15;
const MAX_ENTRIES = 5_000;

type Verified = { sid: string | null; exp: number; nbf: number | undefined };
let verified = new Map<string, Verified>();
let verifiedFor = "";

export async function sessionIdFromToken(token: string, secret: string, nowMs = Date.now()): Promise<string | null> {
  if (verifiedFor !== secret) {
    verified = new Map();
    verifiedFor = secret;
  }
  let v = verified.get(token);
  if (!v) {
    let payload: Awaited<ReturnType<typeof decode>>;
    try {
      payload = await decode({ token, secret });
    } catch {
      return null;
    }
    if (!payload || typeof payload.exp !== "number") return null;
    v = {
      sid: typeof payload.sid === "string" ? payload.sid : null,
      exp: payload.exp,
      nbf: typeof payload.nbf === "number" ? payload.nbf : undefined,
    };
    if (verified.size >= MAX_ENTRIES) verified.delete(verified.keys().next().value as string);
    verified.set(token, v);
  }
  const now = Math.floor(nowMs / 1000);
  if (v.exp <= now - CLOCK_TOLERANCE_S) {
    verified.delete(token);
    return null;
  }
  if (v.nbf !== undefined && v.nbf > now + CLOCK_TOLERANCE_S) return null;
  return v.sid;
}
