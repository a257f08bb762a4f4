import "server-only";
import { writeAudit } from "@/server/audit";
import { db, type Tx } from "@/server/db";
import type { RequestContext } from "@/server/request-context";
import { classifyLink, generateLinkToken, hashLinkToken, isGuessingBlocked, isTokenShaped, type LinkPurpose } from "./core/link-token";

/**
 * Secure links to pre-visit forms for patients without an account (docs/security-model.md#links-sent-to-patients).
 * The token is shown once when the link is made and only its SHA-256 is stored. On
 * first use it is exchanged for a short-lived browser session whose own random token sits in an
 * HttpOnly cookie, and the browser is redirected so the token leaves the address bar and history.
 * Guessing is limited per IP in Postgres, so every app instance shares the count.
 */
export const FORM_PURPOSE: LinkPurpose = "pre_visit_forms";
/** How long the cookie session lasts after the link is opened: long enough for both forms. */
export const LINK_SESSION_MINUTES = 60;
/** Failed redemptions per IP per window before we refuse to look tokens up at all. */
export const MAX_LINK_FAILURES = 20;
export const LINK_FAILURE_WINDOW_MS = 10 * 60_000;

export type IssuedLink = { linkId: string; token: string; expiresAt: Date };

/** Makes a link for one patient; call inside the transaction that records why it was sent. */
export async function issueFormLink(
  tx: Tx,
  input: { patientId: string; visitId?: string | null; createdById?: string | null; ttlHours: number; now?: Date },
): Promise<IssuedLink> {
  const now = input.now ?? new Date();
  const { token, hash } = generateLinkToken();
  const expiresAt = new Date(now.getTime() + input.ttlHours * 3_600_000);
  const link = await tx.formLink.create({
    data: { tokenHash: hash, patientId: input.patientId, purpose: FORM_PURPOSE, visitId: input.visitId ?? null, expiresAt, createdById: input.createdById ?? null },
    select: { id: true },
  });
  return { linkId: link.id, token, expiresAt };
}

export type RedeemResult =
  | { ok: true; sessionToken: string; expiresAt: Date }
  | { ok: false; reason: "invalid" | "expired" | "used" | "rate_limited" };

export async function redeemFormLink(token: string, ctx: RequestContext, now = new Date()): Promise<RedeemResult> {
  const ip = ctx.ip ?? "unknown";
  const failures = await db.formLinkAttempt.count({ where: { ip, success: false, createdAt: { gte: new Date(now.getTime() - LINK_FAILURE_WINDOW_MS) } } });
  if (isGuessingBlocked(failures, MAX_LINK_FAILURES)) {
    await db.$transaction(async (tx) => {
      await tx.formLinkAttempt.create({ data: { ip, success: false } });
      await writeAudit({ actor: null, action: "ACCESS", entityType: "FormLink", outcome: "DENIED", ctx, details: { reason: "rate_limited" } }, tx);
    });
    return { ok: false, reason: "rate_limited" };
  }
  const link = isTokenShaped(token)
    ? await db.formLink.findUnique({ where: { tokenHash: hashLinkToken(token) }, select: { id: true, patientId: true, purpose: true, expiresAt: true, usedAt: true, revokedAt: true } })
    : null;
  const state = link ? classifyLink(link, FORM_PURPOSE, now) : "invalid";
  if (!link || state !== "valid") {
    const reason = state === "expired" ? "expired" : state === "used" || state === "revoked" ? "used" : "invalid";
    await db.$transaction(async (tx) => {
      // Only unknown tokens count as guesses: a patient re-opening their own old link is not an attack.
      if (reason === "invalid") await tx.formLinkAttempt.create({ data: { ip, success: false } });
      await writeAudit({ actor: null, action: "ACCESS", entityType: "FormLink", entityId: link?.id ?? null, patientId: link?.patientId ?? null, outcome: "FAILURE", ctx, details: { reason } }, tx);
    });
    return { ok: false, reason };
  }
  const session = generateLinkToken();
  const expiresAt = new Date(now.getTime() + LINK_SESSION_MINUTES * 60_000);
  const redeemed = await db.$transaction(async (tx) => {
    // Conditional update: of two simultaneous clicks exactly one wins the link.
    const won = await tx.formLink.updateMany({ where: { id: link.id, usedAt: null, revokedAt: null }, data: { usedAt: now } });
    if (won.count !== 1) return false;
    await tx.formLinkSession.create({ data: { tokenHash: session.hash, linkId: link.id, patientId: link.patientId, expiresAt } });
    await tx.formLinkAttempt.create({ data: { ip, success: true } });
    await writeAudit({ actor: null, action: "ACCESS", entityType: "FormLink", entityId: link.id, patientId: link.patientId, outcome: "SUCCESS", ctx, details: { via: "secure_link" } }, tx);
    return true;
  });
  if (!redeemed) return { ok: false, reason: "used" };
  return { ok: true, sessionToken: session.token, expiresAt };
}

export type LinkSession = { sessionId: string; patientId: string; linkId: string; expiresAt: Date };

/** The link session behind a cookie value, or null when unknown or expired. */
export async function getFormLinkSession(sessionToken: string | undefined, now = new Date()): Promise<LinkSession | null> {
  if (!sessionToken || !isTokenShaped(sessionToken)) return null;
  const s = await db.formLinkSession.findUnique({
    where: { tokenHash: hashLinkToken(sessionToken) },
    select: { id: true, patientId: true, linkId: true, expiresAt: true, link: { select: { revokedAt: true } } },
  });
  if (!s || s.expiresAt.getTime() <= now.getTime() || s.link.revokedAt) return null;
  return { sessionId: s.id, patientId: s.patientId, linkId: s.linkId, expiresAt: s.expiresAt };
}

/** Ends a link session early (the patient pressed "Finish"). */
export async function endFormLinkSession(sessionToken: string | undefined, now = new Date()): Promise<void> {
  if (!sessionToken || !isTokenShaped(sessionToken)) return;
  await db.formLinkSession.updateMany({ where: { tokenHash: hashLinkToken(sessionToken), expiresAt: { gt: now } }, data: { expiresAt: now } });
}
