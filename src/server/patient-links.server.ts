import "server-only";
import { createHash, randomBytes } from "node:crypto";
import { writeAudit } from "./audit";
import { db, type Tx } from "./db";
import { getEnv, secureCookiesEnabled } from "./env";
import type { RequestContext } from "./request-context";

/**
 * Secure links sent to patients (docs/security-model.md#links-sent-to-patients), reusable by any module:
 * video join, pre-visit forms (PEG, PHQ-9), the video room.
 *
 * - The token is 256 bits from crypto.randomBytes; only its SHA-256 is stored.
 * - A link is bound to one patient, one purpose and one subject (e.g. a visit id), and expires.
 * - First use exchanges it for a short-lived HttpOnly cookie (its secret also stored only as a
 *   hash) and redirects, so the token leaves the URL and the browser history.
 * - A used, expired or revoked link gets a clear "this link has expired" page.
 * - Failed lookups are counted per client IP in Postgres (shared by all app instances); past the
 *   limit, links are refused for a while whatever the token.
 *
 * To add a purpose: add it to `linkPurposes` with the page the link lands on. That page reads
 * the session with `readPatientLinkSession(purpose)`.
 */
export const linkPurposes = {
  "visit-join": { landingPath: "/v/visit", defaultTtlMinutes: 14 * 24 * 60 },
  /** A caregiver's or interpreter's own link to one video visit (subject: their participant id). */
  "visit-guest": { landingPath: "/v/guest", defaultTtlMinutes: 24 * 60 },
} as const satisfies Record<string, { landingPath: string; defaultTtlMinutes: number }>;
export type LinkPurpose = keyof typeof linkPurposes;

export function isLinkPurpose(s: string): s is LinkPurpose {
  return Object.hasOwn(linkPurposes, s);
}

/** How long the cookie a link is exchanged for lasts. */
export const LINK_SESSION_MINUTES = 120;
const FAILURE_WINDOW_MINUTES = 10;

export function sha256(s: string): string {
  return createHash("sha256").update(s, "utf8").digest("hex");
}

export function linkCookieName(purpose: LinkPurpose): string {
  return `${secureCookiesEnabled() ? "__Host-" : ""}vpc-link-${purpose}`;
}

export function linkCookieOptions(expires: Date) {
  return { httpOnly: true, sameSite: "lax" as const, secure: secureCookiesEnabled(), path: "/", expires };
}

/** Absolute URL of a link, for messages; the token appears only here and is never stored. */
export function patientLinkUrl(token: string): string {
  const base = getEnv().NEXTAUTH_URL ?? "http://localhost:3000";
  return new URL(`/l/${token}`, base).toString();
}

export type IssuedLink = { token: string; url: string; expiresAt: Date; id: string };

/**
 * Creates a link. Pass the caller's transaction so the link commits with the change that needs
 * it. `revokePrevious` revokes earlier unused links for the same patient/purpose/subject, so only
 * the newest one works.
 */
export async function issuePatientLink(
  input: { patientId: string; purpose: LinkPurpose; subjectId: string; expiresAt?: Date; createdById: string | null; revokePrevious?: boolean; now?: Date },
  tx?: Tx,
): Promise<IssuedLink> {
  const client = tx ?? db;
  const now = input.now ?? new Date();
  const token = randomBytes(32).toString("base64url");
  const expiresAt = input.expiresAt ?? new Date(now.getTime() + linkPurposes[input.purpose].defaultTtlMinutes * 60_000);
  if (input.revokePrevious) {
    await client.patientLinkToken.updateMany({
      where: { patientId: input.patientId, purpose: input.purpose, subjectId: input.subjectId, usedAt: null, revokedAt: null },
      data: { revokedAt: now },
    });
  }
  const row = await client.patientLinkToken.create({
    data: { tokenHash: sha256(token), patientId: input.patientId, purpose: input.purpose, subjectId: input.subjectId, expiresAt, createdById: input.createdById },
    select: { id: true },
  });
  return { token, url: patientLinkUrl(token), expiresAt, id: row.id };
}

/** Revokes every link (and link session) for a subject, e.g. when a visit is cancelled. */
export async function revokePatientLinks(subjectId: string, purpose: LinkPurpose, tx?: Tx, now = new Date()): Promise<number> {
  const client = tx ?? db;
  const r = await client.patientLinkToken.updateMany({ where: { subjectId, purpose, revokedAt: null }, data: { revokedAt: now } });
  return r.count;
}

export type RedeemResult =
  | { ok: true; purpose: LinkPurpose; patientId: string; subjectId: string; sessionSecret: string; sessionExpiresAt: Date; landingPath: string }
  | { ok: false; reason: "invalid" | "expired" | "used" | "rate_limited" };

const tokenShape = /^[A-Za-z0-9_-]{43}$/;

/** First use of a link: checks it, marks it used and returns a session secret for the cookie. */
export async function redeemPatientLink(token: string, ctx: RequestContext, now = new Date()): Promise<RedeemResult> {
  const ip = ctx.ip ?? "unknown";
  const since = new Date(now.getTime() - FAILURE_WINDOW_MINUTES * 60_000);
  const failures = await db.patientLinkAttempt.count({ where: { ip, createdAt: { gte: since } } });
  if (failures >= getEnv().PATIENT_LINK_MAX_FAILURES) {
    await audit(ctx, null, null, "rate_limited");
    return { ok: false, reason: "rate_limited" };
  }
  const row = tokenShape.test(token)
    ? await db.patientLinkToken.findUnique({
        where: { tokenHash: sha256(token) },
        select: { id: true, patientId: true, purpose: true, subjectId: true, expiresAt: true, usedAt: true, revokedAt: true },
      })
    : null;
  if (!row || !isLinkPurpose(row.purpose)) {
    await db.patientLinkAttempt.create({ data: { ip, createdAt: now } });
    await audit(ctx, null, null, "invalid");
    return { ok: false, reason: "invalid" };
  }
  if (row.revokedAt || row.expiresAt.getTime() <= now.getTime()) {
    await audit(ctx, row.id, row.patientId, "expired");
    return { ok: false, reason: "expired" };
  }
  if (row.usedAt) {
    await audit(ctx, row.id, row.patientId, "used");
    return { ok: false, reason: "used" };
  }
  const sessionSecret = randomBytes(32).toString("base64url");
  const sessionExpiresAt = new Date(Math.min(now.getTime() + LINK_SESSION_MINUTES * 60_000, Math.max(row.expiresAt.getTime(), now.getTime() + 15 * 60_000)));
  // Single use even under a double click or two devices: only one UPDATE finds usedAt still null.
  const claimed = await db.patientLinkToken.updateMany({
    where: { id: row.id, usedAt: null, revokedAt: null },
    data: { usedAt: now, sessionHash: sha256(sessionSecret), sessionExpiresAt },
  });
  if (claimed.count !== 1) {
    await audit(ctx, row.id, row.patientId, "used");
    return { ok: false, reason: "used" };
  }
  await audit(ctx, row.id, row.patientId, "redeemed", "SUCCESS");
  return { ok: true, purpose: row.purpose, patientId: row.patientId, subjectId: row.subjectId, sessionSecret, sessionExpiresAt, landingPath: linkPurposes[row.purpose].landingPath };
}

export type LinkSession = { linkId: string; patientId: string; subjectId: string; expiresAt: Date };

/** The session a redeemed link's cookie stands for, or null when missing, expired or revoked. */
export async function readLinkSession(purpose: LinkPurpose, sessionSecret: string | undefined, now = new Date()): Promise<LinkSession | null> {
  if (!sessionSecret || !tokenShape.test(sessionSecret)) return null;
  const row = await db.patientLinkToken.findUnique({
    where: { sessionHash: sha256(sessionSecret) },
    select: { id: true, purpose: true, patientId: true, subjectId: true, sessionExpiresAt: true, revokedAt: true },
  });
  if (!row || row.purpose !== purpose || row.revokedAt || !row.sessionExpiresAt || row.sessionExpiresAt.getTime() <= now.getTime()) return null;
  return { linkId: row.id, patientId: row.patientId, subjectId: row.subjectId, expiresAt: row.sessionExpiresAt };
}

async function audit(ctx: RequestContext, linkId: string | null, patientId: string | null, result: string, outcome: "SUCCESS" | "DENIED" = "DENIED") {
  await writeAudit({ actor: null, action: "ACCESS", entityType: "PatientLink", entityId: linkId, patientId, outcome, ctx, details: { result } });
}
