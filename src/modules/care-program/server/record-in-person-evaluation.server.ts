import "server-only";
import { writeAudit } from "@/server/audit";
import { authorize } from "@/server/auth/actor";
import { db } from "@/server/db";
import { AppError } from "@/server/errors";
import type { RequestContext } from "@/server/request-context";
import type { Actor } from "../../identity/core/roles";
import { canDea } from "../dea-policy";
import type { InPersonEvaluationInput, WithdrawInPersonInput } from "../dea-schemas";
import { clinicToday } from "./dea-status.server";

const who = (a: Actor) => ({ userId: a.userId, role: a.role });

/**
 * Records that a clinician of the clinic saw the patient in person. The date is the clinic's
 * calendar date, not in the future; the clinician must be an active clinician account.
 */
export async function recordInPersonEvaluation(
  actor: Actor,
  patientId: string,
  input: InPersonEvaluationInput,
  ctx: RequestContext,
  now = new Date(),
): Promise<{ id: string }> {
  await authorize(actor, canDea(actor.role, "inPerson.record"), {
    entityType: "InPersonEvaluation",
    patientId,
    action: "CREATE",
  });
  if (input.seenOn > clinicToday(now))
    throw new AppError(
      "VALIDATION",
      "Date seen: the date is in the future. Record an in-person visit once it has happened.",
      { seenOn: ["Date seen: not in the future"] },
    );
  if (input.seenOn < "1990-01-01")
    throw new AppError("VALIDATION", "Date seen: enter the date of the visit (from 1990 on).", {
      seenOn: ["Date seen: from 1990 on"],
    });
  return db.$transaction(async (tx) => {
    const patient = await tx.patient.findUnique({ where: { id: patientId }, select: { id: true } });
    if (!patient) throw new AppError("NOT_FOUND");
    const clinician = await tx.user.findUnique({
      where: { id: input.clinicianId },
      select: { role: true, active: true },
    });
    if (!clinician || clinician.role !== "CLINICIAN" || !clinician.active) {
      throw new AppError("VALIDATION", "Clinician: choose one of the clinic's clinicians.", {
        clinicianId: ["Clinician: choose one of the clinic's clinicians"],
      });
    }
    const row = await tx.inPersonEvaluation.create({
      data: {
        patientId,
        seenOn: new Date(`${input.seenOn}T00:00:00Z`),
        clinicianId: input.clinicianId,
        note: input.note,
        recordedById: actor.userId,
      },
      select: { id: true },
    });
    await writeAudit(
      {
        actor: who(actor),
        action: "CREATE",
        entityType: "InPersonEvaluation",
        entityId: row.id,
        patientId,
        outcome: "SUCCESS",
        ctx,
        details: { seenOn: input.seenOn, clinicianId: input.clinicianId },
      },
      tx,
    );
    return row;
  });
}

/**
 * Withdraws an in-person evaluation entered in error (wrong patient, wrong date, a visit that did
 * not happen). Never a delete: the row stays, with who withdrew it, when and why, and the chart
 * lists it struck through; it no longer counts for the DEA flag, so the flag comes back at once
 * when it was the only one. A withdrawn evaluation cannot be withdrawn again.
 */
export async function withdrawInPersonEvaluation(
  actor: Actor,
  patientId: string,
  input: WithdrawInPersonInput,
  ctx: RequestContext,
): Promise<{ id: string }> {
  await authorize(actor, canDea(actor.role, "inPerson.withdraw"), {
    entityType: "InPersonEvaluation",
    entityId: input.evaluationId,
    patientId,
    action: "UPDATE",
  });
  return db.$transaction(async (tx) => {
    // Scoped to the patient in the where: another patient's evaluation id is "not found".
    const done = await tx.inPersonEvaluation.updateMany({
      where: { id: input.evaluationId, patientId, withdrawnAt: null },
      data: { withdrawnAt: new Date(), withdrawnById: actor.userId, withdrawnReason: input.reason },
    });
    if (done.count === 0) {
      const exists = await tx.inPersonEvaluation.findFirst({
        where: { id: input.evaluationId, patientId },
        select: { withdrawnAt: true },
      });
      if (!exists) throw new AppError("NOT_FOUND");
      throw new AppError(
        "CONFLICT",
        "This in-person evaluation was already withdrawn. Reload the chart to see who withdrew it.",
      );
    }
    await writeAudit(
      {
        actor: who(actor),
        action: "UPDATE",
        entityType: "InPersonEvaluation",
        entityId: input.evaluationId,
        patientId,
        outcome: "SUCCESS",
        ctx,
        details: { withdrawn: true },
      },
      tx,
    );
    return { id: input.evaluationId };
  });
}
