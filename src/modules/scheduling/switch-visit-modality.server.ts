import "server-only";
import { writeAudit } from "@/server/audit";
import { db } from "@/server/db";
import { AppError } from "@/server/errors";
import type { RequestContext } from "@/server/request-context";
import type { Actor } from "../identity/core/roles";
import { revokePatientLinks } from "../patient-access/index.server";
import { canSwitchModality } from "./core/visit-lifecycle";
import { CHANGED_MEANWHILE, loadForChange, publish, replaceReminders } from "./visit-changes.server";
import { who } from "./visit-rows.server";

/** Video <-> phone before (or during, for a failing video) the visit, recorded with a reason. */
export async function switchVisitModality(
  actor: Actor,
  visitId: string,
  input: { modality: "VIDEO" | "PHONE"; phoneNumber: string | null; reason: string; reasonCode?: string },
  ctx: RequestContext,
  now = new Date(),
): Promise<{ phoneNumber: string | null }> {
  const v = await loadForChange(actor, visitId, "visit.switchModality");
  if (!canSwitchModality(v.status))
    throw new AppError("CONFLICT", "The way this visit happens can no longer be changed.");
  if (v.modality === input.modality)
    throw new AppError("VALIDATION", undefined, {
      modality: [`This visit is already a ${input.modality === "VIDEO" ? "video" : "phone"} visit`],
    });
  const phoneNumber = input.modality === "PHONE" ? (input.phoneNumber ?? v.patient.phone) : null;
  if (input.modality === "PHONE" && !phoneNumber)
    throw new AppError("VALIDATION", undefined, {
      phoneNumber: ["Enter the number to call: the patient has no phone number on file"],
    });
  await db.$transaction(async (tx) => {
    const u = await tx.visit.updateMany({
      where: { id: visitId, status: v.status, modality: v.modality },
      data: { modality: input.modality, phoneNumber, sequence: { increment: 1 } },
    });
    if (u.count !== 1) throw new AppError("CONFLICT", CHANGED_MEANWHILE);
    await tx.visitEvent.create({
      data: {
        visitId,
        actorUserId: actor.userId,
        kind: "MODALITY_SWITCHED",
        reason: input.reason,
        details: {
          from: v.modality,
          to: input.modality,
          ...(input.reasonCode ? { reasonCode: input.reasonCode } : {}),
        },
      },
    });
    // Before the visit, a switch to phone retires the join link. During it (a video that failed),
    // the link stays so the patient's page can say the clinic will call and at which number.
    if (input.modality === "PHONE" && v.status === "SCHEDULED")
      await revokePatientLinks(tx, { purpose: "visit-join", subjectId: visitId, reason: "visit_by_phone" }, now);
    if (v.status === "SCHEDULED") await replaceReminders(tx, visitId, v.sequence + 1, v.startsAt, now);
    await writeAudit(
      {
        actor: who(actor),
        action: "UPDATE",
        entityType: "Visit",
        entityId: visitId,
        patientId: v.patientId,
        outcome: "SUCCESS",
        ctx,
        details: { changed: ["modality", "phoneNumber"], from: v.modality, to: input.modality },
      },
      tx,
    );
    await publish(tx, { type: "visit.modality-switched", visitId, modality: input.modality, phoneNumber });
  });
  return { phoneNumber };
}
