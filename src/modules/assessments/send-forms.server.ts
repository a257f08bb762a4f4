import "server-only";
import { writeAudit } from "@/server/audit";
import { authorize } from "@/server/auth/actor";
import { db, type Tx } from "@/server/db";
import { AppError } from "@/server/errors";
import type { RequestContext } from "@/server/request-context";
import { issuePatientLink } from "../patient-access/index.server";
import type { Actor } from "../identity/core/roles";
import type { InstrumentCode } from "./core/instruments";
import { preVisitDueAt } from "./core/readiness";
import { readSettings } from "./form-settings.server";
import { canAssessments } from "./policy";
import { assertPatientExists, staff } from "./respondent.server";

/** Sending a patient a fresh forms link: a reminder from the forms page, or the huddle's "Send forms" for a visit. */

/**
 * A reminder: a fresh secure link for the patient's pending forms. There is no SMS/email
 * integration yet, so the link is returned once for staff to send; only its hash is kept.
 */
export async function sendFormReminder(
  actor: Actor,
  patientId: string,
  ctx: RequestContext,
  now = new Date(),
): Promise<{ url: string; expiresAt: Date; pending: number }> {
  await authorize(actor, canAssessments(actor.role, "formRequest.manage"), {
    entityType: "PatientLink",
    patientId,
    action: "CREATE",
  });
  await assertPatientExists(patientId);
  return db.$transaction(async (tx) => {
    const settings = await readSettings(tx);
    const pending = await tx.formRequest.updateMany({
      where: { patientId, status: "PENDING" },
      data: { reminderCount: { increment: 1 }, lastRemindedAt: now },
    });
    if (pending.count === 0) throw new AppError("VALIDATION", "This patient has no pending forms to remind about.");
    const link = await issuePatientLink(tx, {
      patientId,
      purpose: "forms",
      subjectId: null,
      expiresAt: new Date(now.getTime() + settings.linkTtlHours * 3_600_000),
      by: staff(actor),
      ctx,
      now,
    });
    return { url: link.url, expiresAt: link.expiresAt, pending: pending.count };
  });
}

/**
 * The pre-visit huddle's "Send forms", inside the caller's transaction: requests each instrument
 * for the visit that is not requested yet (due by the visit's rule, `preVisitDueAt`, asked for
 * now; each audited as created), then a fresh forms link for the patient (as sendFormReminder;
 * the link is returned once for staff to send). The caller has authorized formRequest.manage for
 * the visit's patient; refused here too.
 */
export async function sendVisitFormsInTx(
  tx: Tx,
  actor: Actor,
  input: { patientId: string; visitId: string; visitStartsAt: Date; instruments: readonly InstrumentCode[] },
  ctx: RequestContext,
  now = new Date(),
): Promise<{ requested: InstrumentCode[]; pending: number; url: string; expiresAt: Date }> {
  if (!canAssessments(actor.role, "formRequest.manage")) throw new AppError("FORBIDDEN");
  const settings = await readSettings(tx);
  const existing = await tx.formRequest.findMany({
    where: { patientId: input.patientId, visitId: input.visitId, status: { not: "CANCELLED" } },
    select: { instrument: true },
  });
  const missing = input.instruments.filter((i) => !existing.some((e) => e.instrument === i));
  const dueAt = preVisitDueAt(input.visitStartsAt, now, settings);
  for (const instrument of missing) {
    const r = await tx.formRequest.create({
      data: { patientId: input.patientId, visitId: input.visitId, instrument, dueAt, createdById: actor.userId },
      select: { id: true },
    });
    await writeAudit(
      {
        actor: staff(actor),
        action: "CREATE",
        entityType: "FormRequest",
        entityId: r.id,
        patientId: input.patientId,
        outcome: "SUCCESS",
        ctx,
        details: { instrument, visitId: input.visitId, reason: "pre_visit_huddle" },
      },
      tx,
    );
  }
  const pending = await tx.formRequest.updateMany({
    where: { patientId: input.patientId, status: "PENDING" },
    data: { reminderCount: { increment: 1 }, lastRemindedAt: now },
  });
  if (pending.count === 0)
    throw new AppError("VALIDATION", "The patient has answered these forms already: nothing to send.");
  const link = await issuePatientLink(tx, {
    patientId: input.patientId,
    purpose: "forms",
    subjectId: null,
    expiresAt: new Date(now.getTime() + settings.linkTtlHours * 3_600_000),
    by: staff(actor),
    ctx,
    now,
  });
  return { requested: missing, pending: pending.count, url: link.url, expiresAt: link.expiresAt };
}
