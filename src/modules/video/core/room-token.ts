import { createHmac, timingSafeEqual } from "node:crypto";

/**
 * Room tokens: after a full access check at join, the browser gets a short-lived token naming
 * its seat (visit, participant, connection) and the session it was taken with. Signaling requests
 * carry it in an Authorization header, so sending a message needs no cookie or session decoding:
 * the one SQL statement that stores the message also re-checks that the seat is still current
 * and its session still live (see signals.server.ts). The token is never put in a URL or a
 * cookie.
 */
export type RoomClaims = {
  /** visit id */
  v: string;
  /** participant id */
  p: string;
  /** connection id: the browser tab holding the seat */
  c: string;
  /** role in the room */
  r: "PATIENT" | "CLINICIAN" | "CAREGIVER" | "INTERPRETER";
  /** the kind of session the seat was taken with: "u" a signed-in user's, "l" a patient link's */
  k: "u" | "l";
  /** that session's id: the seat dies with it (re-checked on every room request) */
  s: string;
  /** expiry, epoch seconds */
  exp: number;
};

const ROLES = new Set(["PATIENT", "CLINICIAN", "CAREGIVER", "INTERPRETER"]);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function key(secret: string): Buffer {
  // A key of its own, derived from the app secret, so room tokens can never pass as anything else.
  return createHmac("sha256", secret).update("vpc-video-room-token-v1").digest();
}

export function signRoomToken(claims: RoomClaims, secret: string): string {
  const body = Buffer.from(JSON.stringify(claims), "utf8").toString("base64url");
  const mac = createHmac("sha256", key(secret)).update(body).digest("base64url");
  return `${body}.${mac}`;
}

export function verifyRoomToken(token: string | null | undefined, secret: string, now = new Date()): RoomClaims | null {
  if (!token || token.length > 1000) return null;
  const dot = token.indexOf(".");
  if (dot <= 0) return null;
  const body = token.slice(0, dot);
  const mac = Buffer.from(token.slice(dot + 1), "base64url");
  const expected = createHmac("sha256", key(secret)).update(body).digest();
  if (mac.length !== expected.length || !timingSafeEqual(mac, expected)) return null;
  let c: unknown;
  try {
    c = JSON.parse(Buffer.from(body, "base64url").toString("utf8"));
  } catch {
    return null;
  }
  if (!c || typeof c !== "object") return null;
  const o = c as Record<string, unknown>;
  if (
    typeof o.v !== "string" ||
    !UUID.test(o.v) ||
    typeof o.p !== "string" ||
    !UUID.test(o.p) ||
    typeof o.c !== "string" ||
    !UUID.test(o.c)
  )
    return null;
  if (typeof o.r !== "string" || !ROLES.has(o.r) || typeof o.exp !== "number") return null;
  if ((o.k !== "u" && o.k !== "l") || typeof o.s !== "string" || !UUID.test(o.s)) return null;
  if (o.exp * 1000 <= now.getTime()) return null;
  return { v: o.v, p: o.p, c: o.c, r: o.r as RoomClaims["r"], k: o.k, s: o.s, exp: o.exp };
}

/** The bearer token from an Authorization header. */
export function bearer(header: string | null): string | null {
  if (!header) return null;
  const m = /^Bearer ([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)$/.exec(header.trim());
  return m ? m[1]! : null;
}
