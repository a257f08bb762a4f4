import "server-only";
import { canCarePlan } from "../care-plan/policy";
import type { Actor } from "../identity/core/roles";
import { issuePatientLink } from "../patient-access/index.server";
import { authorize } from "@/server/auth/actor";
import { db } from "@/server/db";
import { AppError } from "@/server/errors";
import type { RequestContext } from "@/server/request-context";
import { AGREEMENT_LINK_TTL_DAYS } from "./core/agreement-rules";
import { getCurrentAgreementText } from "./get-agreement.server";

const who = (a: Actor) => ({ userId: a.userId, role: a.role });

/**
 * A secure link for the patient to read and sign the agreement (no portal account needed). There
 * is no SMS/email integration yet: the link is returned once for staff to send; only its hash is
 * kept. A newer link supersedes older ones; it stops working once the agreement is signed.
 */
export async function sendAgreementLink(
  actor: Actor,
  patientId: string,
  ctx: RequestContext,
  now = new Date(),
): Promise<{ url: string; expiresAt: Date }> {
  await authorize(actor, canCarePlan(actor.role, "agreement.sendLink"), {
    entityType: "PatientLink",
    patientId,
    action: "CREATE",
  });
  const patient = await db.patient.findUnique({ where: { id: patientId }, select: { id: true } });
  if (!patient) throw new AppError("NOT_FOUND");
  if (!(await getCurrentAgreementText()))
    throw new AppError(
      "VALIDATION",
      "No agreement text is published yet: an administrator adds one under Consent texts.",
    );
  const link = await db.$transaction((tx) =>
    issuePatientLink(tx, {
      patientId,
      purpose: "agreement",
      subjectId: null,
      expiresAt: new Date(now.getTime() + AGREEMENT_LINK_TTL_DAYS * 86_400_000),
      by: who(actor),
      ctx,
      supersede: true,
      now,
    }),
  );
  return { url: link.url, expiresAt: link.expiresAt };
}
