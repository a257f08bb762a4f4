import "server-only";
import { db } from "@/server/db";
import { getEnv } from "@/server/env";
import type { RequestContext } from "@/server/request-context";
import { birthDateMatches } from "./core/birth-date";
import { checkTriesLeft, decideGuess, GUESS_WINDOW_MINUTES, isCheckExhausted } from "./core/guess-limit";
import { classifyLink, decideRedemption, type CheckAnswer } from "./core/link-rules";
import { isLinkPurpose, linkPurposes, purposeByCode, type LinkPurpose } from "./core/purposes";
import { openSessionTimes } from "./core/session-rules";
import { generateSessionSecret, hashToken, readLinkToken } from "./core/token";
import { auditLink } from "./link-audit.server";
import { linkKey } from "./link-key.server";
import { hasPendingWork } from "./pending-work.server";

export type RedeemRefusal =
  "invalid" | "expired" | "revoked" | "locked" | "done" | "rate_limited" | "needs_birth_date" | "wrong_birth_date";

export type RedeemResult =
  | {
      ok: true;
      purpose: LinkPurpose;
      sessionId: string;
      sessionSecret: string;
      cookieExpiresAt: Date;
      landingPath: string;
    }
  | { ok: false; reason: RedeemRefusal; purpose?: LinkPurpose; triesLeft?: number };

/**
 * The POST behind the button on a link's landing page (never a GET: mail scanners open links).
 * Checks the guessing limit, the link, its check (the date of birth for a join link) and makes a
 * session whose secret goes into an HttpOnly cookie. Every outcome but "needs_birth_date" (the
 * form is shown, nothing was tried) is audited in the one PatientLink shape.
 */
export async function redeemPatientLink(
  token: string,
  answer: { birthDate: string | null },
  ctx: RequestContext,
  now = new Date(),
): Promise<RedeemResult> {
  const ip = ctx.ip ?? "unknown";
  const read = readLinkToken(token, linkKey());
  const issuedPurpose = read.issuedPurposeCode === null ? null : purposeByCode(read.issuedPurposeCode);
  const refuseUnknown = async (reason: "invalid" | "rate_limited") => {
    await db.$transaction(async (tx) => {
      await tx.patientLinkAttempt.create({ data: { ip, kind: "UNKNOWN_TOKEN", createdAt: now } });
      await auditLink({ link: null, purpose: null, event: "redeem", result: reason, ctx }, tx);
    });
    return { ok: false as const, reason };
  };
  if (!read.shaped) return refuseUnknown("invalid");

  // A token we issued is honoured whatever the address's failures, so they are not even counted.
  const since = new Date(now.getTime() - GUESS_WINDOW_MINUTES * 60_000);
  const failures = issuedPurpose ? 0 : await db.patientLinkAttempt.count({ where: { ip, createdAt: { gte: since } } });
  if (
    decideGuess({
      issuedByUs: issuedPurpose !== null,
      recentFailuresFromIp: failures,
      maxFailures: getEnv().PATIENT_LINK_MAX_FAILURES,
    }) === "refuse"
  )
    return refuseUnknown("rate_limited");

  const link = await db.patientLinkToken.findUnique({
    where: { tokenHash: hashToken(token) },
    select: {
      id: true,
      patientId: true,
      purpose: true,
      expiresAt: true,
      revokedAt: true,
      lockedAt: true,
      firstRedeemedAt: true,
      patient: { select: { birthDate: true } },
    },
  });
  if (!link || !isLinkPurpose(link.purpose) || (issuedPurpose && issuedPurpose !== link.purpose))
    return refuseUnknown("invalid");
  const purpose = link.purpose;
  const spec = linkPurposes[purpose];
  const state = classifyLink(link, now);
  const workPending =
    state === "valid" && spec.reuse === "while-work-pending" ? await hasPendingWork(purpose, link) : true;
  const answered: CheckAnswer =
    spec.check === "none" || answer.birthDate === null
      ? "none"
      : birthDateMatches(link.patient.birthDate, answer.birthDate)
        ? "right"
        : "wrong";
  const decision = decideRedemption({ state, reuse: spec.reuse, workPending, check: spec.check, answer: answered });
  const audited = { link: { id: link.id, patientId: link.patientId }, purpose, event: "redeem" as const, ctx };

  switch (decision.kind) {
    case "refuse":
      await auditLink({ ...audited, result: decision.reason });
      return { ok: false, reason: decision.reason, purpose };
    case "ask-check":
      return { ok: false, reason: "needs_birth_date", purpose, triesLeft: checkTriesLeft(await wrongAnswers(link.id)) };
    case "wrong-check": {
      const wrong = await db.$transaction(async (tx) => {
        await tx.patientLinkAttempt.create({ data: { ip, kind: "WRONG_BIRTH_DATE", linkId: link.id, createdAt: now } });
        const n = await tx.patientLinkAttempt.count({ where: { linkId: link.id, kind: "WRONG_BIRTH_DATE" } });
        if (isCheckExhausted(n))
          await tx.patientLinkToken.updateMany({ where: { id: link.id, lockedAt: null }, data: { lockedAt: now } });
        await auditLink({ ...audited, result: isCheckExhausted(n) ? "locked" : "wrong_birth_date" }, tx);
        return n;
      });
      if (isCheckExhausted(wrong)) return { ok: false, reason: "locked", purpose };
      return { ok: false, reason: "wrong_birth_date", purpose, triesLeft: checkTriesLeft(wrong) };
    }
    case "redeem": {
      const secret = generateSessionSecret();
      const times = openSessionTimes(now, link.expiresAt, spec.session);
      const session = await db.$transaction(async (tx) => {
        const s = await tx.patientLinkSession.create({
          data: { tokenHash: secret.hash, linkId: link.id, createdAt: now, ...times },
          select: { id: true },
        });
        if (!link.firstRedeemedAt)
          await tx.patientLinkToken.updateMany({
            where: { id: link.id, firstRedeemedAt: null },
            data: { firstRedeemedAt: now },
          });
        await auditLink({ ...audited, result: "redeemed" }, tx);
        return s;
      });
      return {
        ok: true,
        purpose,
        sessionId: session.id,
        sessionSecret: secret.secret,
        cookieExpiresAt: times.capAt,
        landingPath: spec.landingPath,
      };
    }
  }
}

async function wrongAnswers(linkId: string): Promise<number> {
  return db.patientLinkAttempt.count({ where: { linkId, kind: "WRONG_BIRTH_DATE" } });
}
