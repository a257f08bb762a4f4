import "server-only";
import { canCarePlan } from "../care-plan/policy";
import type { Actor } from "../identity/core/roles";
import { auditNotFound } from "@/server/audit";
import { authorize } from "@/server/auth/actor";
import { db } from "@/server/db";
import { AppError } from "@/server/errors";
import type { RequestContext } from "@/server/request-context";
import { AGREEMENT_KIND, PATIENT_AGREEMENT_REVOCATION_REASON } from "./core/agreement-rules";
import { revokeRecord } from "./revoke-consent.server";

const who = (a: Actor) => ({ userId: a.userId, role: a.role });

/** Staff revoke an agreement (with the reason). The record stays; the chart shows it revoked. */
export async function revokeAgreement(
  actor: Actor,
  input: { agreementId: string; reason: string },
  ctx: RequestContext,
): Promise<{ patientId: string }> {
  await authorize(actor, canCarePlan(actor.role, "agreement.revoke"), {
    entityType: "ConsentRecord",
    entityId: input.agreementId,
    action: "UPDATE",
  });
  return db.$transaction(async (tx) => {
    const r = await tx.consentRecord.findUnique({
      where: { id: input.agreementId },
      select: { id: true, patientId: true, kind: true },
    });
    if (!r || r.kind !== AGREEMENT_KIND)
      throw new AppError("NOT_FOUND", "We could not find that agreement. Reload the page.");
    await revokeRecord(tx, r, {
      actor,
      reason: input.reason,
      by: "staff",
      ctx,
      now: new Date(),
      alreadyMessage: "This agreement was already revoked.",
    });
    return { patientId: r.patientId };
  });
}

/** The patient revokes their own agreement in the portal (their own words may follow the standard reason). */
export async function revokeOwnAgreement(
  actor: Actor,
  input: { agreementId: string; note: string },
  ctx: RequestContext,
): Promise<void> {
  await authorize(actor, canCarePlan(actor.role, "agreement.revokeOwn") && !!actor.patientId, {
    entityType: "ConsentRecord",
    entityId: input.agreementId,
    action: "UPDATE",
  });
  const r = await db.consentRecord.findUnique({
    where: { id: input.agreementId },
    select: { id: true, patientId: true, kind: true },
  });
  if (!r || r.patientId !== actor.patientId || r.kind !== AGREEMENT_KIND) {
    await auditNotFound(
      who(actor),
      { action: "UPDATE", entityType: "ConsentRecord", entityId: input.agreementId },
      ctx,
      async () => r?.patientId,
      actor.patientId,
    );
    throw new AppError("NOT_FOUND", "We could not find that agreement. Go back to your agreement page and try again.");
  }
  const reason = input.note
    ? `${PATIENT_AGREEMENT_REVOCATION_REASON}: ${input.note}`
    : PATIENT_AGREEMENT_REVOCATION_REASON;
  await db.$transaction((tx) =>
    revokeRecord(tx, r, {
      actor,
      reason,
      by: "patient",
      ctx,
      now: new Date(),
      alreadyMessage: "This agreement was already revoked.",
    }),
  );
}
