import "server-only";
import { auditNotFound, writeAudit } from "@/server/audit";
import { authorize } from "@/server/auth/actor";
import { db, type Tx } from "@/server/db";
import { AppError } from "@/server/errors";
import type { RequestContext } from "@/server/request-context";
import { canCarePlan } from "../care-plan/policy";
import type { Actor } from "../identity/core/roles";
import {
  isTelehealthConsentKind,
  PATIENT_WITHDRAWAL_REASON,
  type ConsentKind,
  type ConsentRecordKind,
} from "./core/consent-rules";

const who = (a: Actor) => ({ userId: a.userId, role: a.role });

/**
 * The one revocation: staff revoking on the chart and the patient withdrawing in the portal both
 * end here. The record stays (revocation fields only); the newest record of the kind now reads
 * "revoked", so every visit of that modality needs consent again before it starts.
 */
export async function revokeRecord(
  tx: Tx,
  r: { id: string; patientId: string; kind?: ConsentRecordKind },
  a: { actor: Actor; reason: string; by: "staff" | "patient"; ctx: RequestContext; now: Date; alreadyMessage?: string },
): Promise<void> {
  const u = await tx.consentRecord.updateMany({
    where: { id: r.id, revokedAt: null },
    data: { revokedAt: a.now, revokedById: a.actor.userId, revokedReason: a.reason },
  });
  if (u.count !== 1)
    throw new AppError(
      "CONFLICT",
      a.alreadyMessage ??
        (a.by === "patient" ? "This consent was already withdrawn." : "This consent was already revoked."),
    );
  await writeAudit(
    {
      actor: who(a.actor),
      action: "UPDATE",
      entityType: "ConsentRecord",
      entityId: r.id,
      patientId: r.patientId,
      outcome: "SUCCESS",
      ctx: a.ctx,
      details: { changed: ["revokedAt"], by: a.by, ...(r.kind === "OPIOID_AGREEMENT" ? { kind: r.kind } : {}) },
    },
    tx,
  );
}

export async function revokeConsent(
  actor: Actor,
  input: { consentId: string; reason: string },
  ctx: RequestContext,
): Promise<void> {
  await authorize(actor, canCarePlan(actor.role, "consent.revoke"), {
    entityType: "ConsentRecord",
    entityId: input.consentId,
    action: "UPDATE",
  });
  await db.$transaction(async (tx) => {
    const r = await tx.consentRecord.findUnique({
      where: { id: input.consentId },
      select: { id: true, patientId: true, kind: true },
    });
    // Telehealth consent only: a patient agreement is revoked from its own section (revokeAgreement).
    if (!r || !isTelehealthConsentKind(r.kind)) throw new AppError("NOT_FOUND");
    await revokeRecord(
      tx,
      { id: r.id, patientId: r.patientId },
      { actor, reason: input.reason, by: "staff", ctx, now: new Date() },
    );
  });
}

/**
 * The patient withdraws their own consent in the portal (the consent text says they may change
 * their mind at any time). Recorded as a revocation, by the same code as staff revoking it; their
 * own words, if they give any, follow the standard reason.
 */
export async function withdrawOwnConsent(
  actor: Actor,
  input: { consentId: string; note: string },
  ctx: RequestContext,
): Promise<{ kind: ConsentKind }> {
  await authorize(actor, canCarePlan(actor.role, "consent.withdrawOwn") && !!actor.patientId, {
    entityType: "ConsentRecord",
    entityId: input.consentId,
    action: "UPDATE",
  });
  const r = await db.consentRecord.findUnique({
    where: { id: input.consentId },
    select: { id: true, patientId: true, kind: true },
  });
  if (!r || r.patientId !== actor.patientId || !isTelehealthConsentKind(r.kind)) {
    await auditNotFound(
      who(actor),
      { action: "UPDATE", entityType: "ConsentRecord", entityId: input.consentId },
      ctx,
      async () => r?.patientId,
      actor.patientId,
    );
    throw new AppError("NOT_FOUND", "We could not find that consent. Go back to your consent page and try again.");
  }
  const reason = input.note ? `${PATIENT_WITHDRAWAL_REASON}: ${input.note}` : PATIENT_WITHDRAWAL_REASON;
  await db.$transaction((tx) =>
    revokeRecord(tx, { id: r.id, patientId: r.patientId }, { actor, reason, by: "patient", ctx, now: new Date() }),
  );
  return { kind: r.kind };
}
