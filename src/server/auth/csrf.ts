import { createHash, randomBytes } from "node:crypto";

/**
 * next-auth 4's CSRF double-submit cookie ("token|sha256(token+secret)"). Our sign-in page is a
 * plain server-rendered form posting to next-auth's credentials callback, so it works without
 * JavaScript; proxy.ts issues this cookie when the sign-in page is requested without one.
 */
export function csrfCookieName(secure: boolean): string {
  return secure ? "__Host-next-auth.csrf-token" : "next-auth.csrf-token";
}

export function sessionCookieName(secure: boolean): string {
  return secure ? "__Secure-next-auth.session-token" : "next-auth.session-token";
}

export function createCsrfCookie(secret: string): { token: string; cookie: string } {
  const token = randomBytes(32).toString("hex");
  const digest = createHash("sha256").update(`${token}${secret}`).digest("hex");
  return { token, cookie: `${token}|${digest}` };
}

export function readCsrfCookie(value: string | undefined, secret: string): string | null {
  if (!value) return null;
  const [token, digest] = value.split("|");
  if (!token || !digest) return null;
  const expected = createHash("sha256").update(`${token}${secret}`).digest("hex");
  return expected === digest ? token : null;
}
