import "server-only";
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { db } from "@/server/db";
import { secureCookiesEnabled } from "@/server/env";
import {
  isLinkPurpose,
  linkPurposes,
  purposeByCode,
  purposeNames,
  purposesOpening,
  type LinkPurpose,
} from "./core/purposes";
import { isSessionLive, touchedExpiry } from "./core/session-rules";
import { hashToken, isTokenShaped, readLinkToken } from "./core/token";
import { linkKey } from "./link-key.server";

/** A live link session: who it is for and what it was opened with. */
export type LinkSession = {
  sessionId: string;
  linkId: string;
  patientId: string;
  /** The purpose of the link that opened it (a join-link session also opens forms pages). */
  purpose: LinkPurpose;
  subjectId: string | null;
  expiresAt: Date;
};

/** One cookie per purpose, so a forms link opened in the same browser never ends a visit's session. */
export function linkCookieName(purpose: LinkPurpose): string {
  return `${secureCookiesEnabled() ? "__Host-" : ""}vpc-link-${purpose}`;
}

export function linkCookieOptions(expires: Date) {
  return { httpOnly: true, sameSite: "lax" as const, secure: secureCookiesEnabled(), path: "/", expires };
}

const sessionSelect = {
  id: true,
  lastSeenAt: true,
  expiresAt: true,
  capAt: true,
  endedAt: true,
  link: { select: { id: true, patientId: true, purpose: true, subjectId: true, tokenHash: true } },
} as const;

type Row = {
  id: string;
  lastSeenAt: Date;
  expiresAt: Date;
  capAt: Date;
  endedAt: Date | null;
  link: { id: string; patientId: string; purpose: string; subjectId: string | null; tokenHash: string };
};

/** A live session from its row, sliding its expiry when `touch` (at most one write a minute). */
async function liveSession(
  row: Row | null,
  now: Date,
  touch: boolean,
): Promise<(LinkSession & { tokenHash: string }) | null> {
  if (!row || !isLinkPurpose(row.link.purpose) || !isSessionLive(row, now)) return null;
  const purpose = row.link.purpose;
  let expiresAt = row.expiresAt;
  const next = touch ? touchedExpiry(row, now, linkPurposes[purpose].session) : null;
  if (next) {
    await db.patientLinkSession.updateMany({
      where: { id: row.id, endedAt: null },
      data: { lastSeenAt: now, expiresAt: next },
    });
    expiresAt = next;
  }
  return {
    sessionId: row.id,
    linkId: row.link.id,
    patientId: row.link.patientId,
    purpose,
    subjectId: row.link.subjectId,
    expiresAt,
    tokenHash: row.link.tokenHash,
  };
}

async function sessionFromSecret(secret: string | undefined, now: Date, touch: boolean) {
  if (!secret || !isTokenShaped(secret)) return null;
  const row = await db.patientLinkSession.findUnique({
    where: { tokenHash: hashToken(secret) },
    select: sessionSelect,
  });
  return liveSession(row, now, touch);
}

/**
 * The link session for a page, route or action of `purpose`, from this request's cookies: a
 * session of that purpose, or of one that grants it (a join-link session opens the forms pages
 * for its patient). Null when there is none, or it expired, idled out or was ended. Each use
 * slides its idle window.
 */
export async function readLinkSession(purpose: LinkPurpose, now = new Date()): Promise<LinkSession | null> {
  const jar = await cookies();
  return readLinkSessionFrom(purpose, (name) => jar.get(name)?.value, now);
}

/** readLinkSession with the cookie jar passed in (tests, and callers that hold the cookies). */
export async function readLinkSessionFrom(
  purpose: LinkPurpose,
  cookie: (name: string) => string | undefined,
  now = new Date(),
): Promise<LinkSession | null> {
  for (const p of purposesOpening(purpose)) {
    const s = await sessionFromSecret(cookie(linkCookieName(p)), now, true);
    if (s && s.purpose === p) {
      const { tokenHash: _t, ...session } = s;
      return session;
    }
  }
  return null;
}

/** First line of every link page: the session, or the one expired page. */
export async function requireLinkSession(purpose: LinkPurpose): Promise<LinkSession> {
  const s = await readLinkSession(purpose);
  if (!s) redirect("/link-expired?reason=session");
  return s;
}

/** Is this session (a room seat's) still live? `touch` counts the use as activity. */
export async function isLinkSessionLive(
  sessionId: string,
  opts: { touch: boolean },
  now = new Date(),
): Promise<boolean> {
  const row = await db.patientLinkSession.findUnique({ where: { id: sessionId }, select: sessionSelect });
  return (await liveSession(row, now, opts.touch)) !== null;
}

/**
 * The SQL condition "this link session is live" for statements that check it inline (the video
 * signaling statement is one statement by design). The same rule as core isSessionLive.
 */
export function liveLinkSessionSql(sessionIdParam: string): string {
  return `EXISTS (SELECT 1 FROM "PatientLinkSession" ls WHERE ls."id" = ${sessionIdParam}::uuid AND ls."endedAt" IS NULL AND ls."expiresAt" > now())`;
}

/**
 * What the landing page of a link may show on a GET, which changes nothing and looks nothing up
 * by the token: the purpose the token names (only when we issued it: its MAC), and whether this
 * browser already holds a live session of this very link (then it goes straight on).
 */
export async function describeLanding(
  token: string,
  now = new Date(),
): Promise<{ purpose: LinkPurpose | null; continueTo: string | null }> {
  const code = readLinkToken(token, linkKey()).issuedPurposeCode;
  const purpose = code === null ? null : purposeByCode(code);
  const jar = await cookies();
  const hash = hashToken(token);
  for (const p of purpose ? [purpose] : purposeNames) {
    const s = await sessionFromSecret(jar.get(linkCookieName(p))?.value, now, false);
    if (s && s.tokenHash === hash) return { purpose: s.purpose, continueTo: linkPurposes[s.purpose].landingPath };
  }
  return { purpose, continueTo: null };
}

/**
 * Ends this browser's session of `purpose` ("Finish" on the forms): only a session opened by a
 * link of that purpose; a join-link session that opened the forms goes on (the waiting room).
 */
export async function endLinkSession(purpose: LinkPurpose, now = new Date()): Promise<void> {
  const jar = await cookies();
  const name = linkCookieName(purpose);
  const secret = jar.get(name)?.value;
  if (secret && isTokenShaped(secret)) {
    await db.patientLinkSession.updateMany({
      where: { tokenHash: hashToken(secret), endedAt: null },
      data: { endedAt: now, endedReason: "finished" },
    });
  }
  jar.delete({ name, path: "/" });
}

export async function setLinkCookie(purpose: LinkPurpose, secret: string, expires: Date): Promise<void> {
  (await cookies()).set(linkCookieName(purpose), secret, linkCookieOptions(expires));
}
