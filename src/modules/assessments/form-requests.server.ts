import "server-only";
import type { Prisma } from "@/generated/prisma/client";
import { writeAudit } from "@/server/audit";
import { authorize } from "@/server/auth/actor";
import { db } from "@/server/db";
import { getEnv } from "@/server/env";
import { AppError, pgErrorCode } from "@/server/errors";
import type { RequestContext } from "@/server/request-context";
import type { Actor } from "../identity/core/roles";
import { instruments, type InstrumentCode } from "./core/instruments";
import { preVisitDueAt, requestState, standaloneDueAt } from "./core/readiness";
import { readSettings } from "./form-settings.server";
import { canAssessments } from "./policy";
import { assertPatientExists, staff } from "./respondent.server";

/** Form requests for staff: a patient's list, adding one instrument, removing a pending one (those made at booking: pre-visit-requests.server.ts). */

type FormRequestRow = {
  id: string;
  instrument: InstrumentCode;
  instrumentName: string;
  visitId: string | null;
  dueAt: string;
  state: "done" | "pending" | "overdue" | "cancelled";
  completedAt: string | null;
  reminderCount: number;
  lastRemindedAt: string | null;
  cancelReason: string | null;
};

const requestSelect = {
  id: true,
  instrument: true,
  visitId: true,
  dueAt: true,
  status: true,
  completedAt: true,
  reminderCount: true,
  lastRemindedAt: true,
  cancelReason: true,
} satisfies Prisma.FormRequestSelect;

function toRequestRow(r: Prisma.FormRequestGetPayload<{ select: typeof requestSelect }>, now: Date): FormRequestRow {
  return {
    id: r.id,
    instrument: r.instrument,
    instrumentName: instruments[r.instrument].name,
    visitId: r.visitId,
    dueAt: r.dueAt.toISOString(),
    state: requestState(r, now),
    completedAt: r.completedAt?.toISOString() ?? null,
    reminderCount: r.reminderCount,
    lastRemindedAt: r.lastRemindedAt?.toISOString() ?? null,
    cancelReason: r.cancelReason,
  };
}

/** A patient's form requests for staff (newest due first). */
export async function listPatientRequests(
  actor: Actor,
  patientId: string,
  ctx: RequestContext,
  now = new Date(),
): Promise<FormRequestRow[]> {
  await authorize(actor, canAssessments(actor.role, "formRequest.manage"), {
    entityType: "FormRequest",
    patientId,
    action: "LIST",
  });
  const rows = await db.formRequest.findMany({
    where: { patientId },
    select: requestSelect,
    orderBy: [{ dueAt: "desc" }, { id: "asc" }],
    take: 100,
  });
  await writeAudit({
    actor: staff(actor),
    action: "LIST",
    entityType: "FormRequest",
    patientId,
    outcome: "SUCCESS",
    ctx,
    details: { results: rows.length },
  });
  return rows.map((r) => toRequestRow(r, now));
}

/**
 * A coordinator adds one instrument: to a visit's set (due by the same rule as the visit's other
 * forms, `preVisitDueAt`, asked for now), or on its own (due by the end of a clinic day,
 * `standaloneDueAt`). Adding one that is already active for that visit is a clear conflict, not a
 * duplicate; a visit that has already begun takes no more pre-visit forms.
 */
export async function addFormRequest(
  actor: Actor,
  patientId: string,
  input: { instrument: InstrumentCode; visitId: string | null; dueInDays: number },
  ctx: RequestContext,
  now = new Date(),
): Promise<{ id: string }> {
  await authorize(actor, canAssessments(actor.role, "formRequest.manage"), {
    entityType: "FormRequest",
    patientId,
    action: "CREATE",
  });
  await assertPatientExists(patientId);
  try {
    return await db.$transaction(async (tx) => {
      let dueAt = standaloneDueAt(now, input.dueInDays, getEnv().CLINIC_TIME_ZONE);
      if (input.visitId) {
        const sibling = await tx.formRequest.findFirst({
          where: { patientId, visitId: input.visitId },
          select: { dueAt: true },
          orderBy: { createdAt: "asc" },
        });
        if (!sibling)
          throw new AppError("VALIDATION", undefined, { visitId: ["That visit has no forms for this patient"] });
        const visit = await tx.visit.findFirst({ where: { id: input.visitId, patientId }, select: { startsAt: true } });
        if (visit && visit.startsAt.getTime() <= now.getTime()) {
          throw new AppError("VALIDATION", undefined, {
            visitId: ['That visit has already started. Choose "No visit (on its own)" and when it is due.'],
          });
        }
        // Requests for a visit the schedule does not hold (demo data) keep their set's due time.
        dueAt = visit ? preVisitDueAt(visit.startsAt, now, await readSettings(tx)) : sibling.dueAt;
      }
      const r = await tx.formRequest.create({
        data: { patientId, visitId: input.visitId, instrument: input.instrument, dueAt, createdById: actor.userId },
        select: { id: true },
      });
      await writeAudit(
        {
          actor: staff(actor),
          action: "CREATE",
          entityType: "FormRequest",
          entityId: r.id,
          patientId,
          outcome: "SUCCESS",
          ctx,
          details: { instrument: input.instrument, visitId: input.visitId },
        },
        tx,
      );
      return r;
    });
  } catch (e) {
    if (pgErrorCode(e) === "23505")
      throw new AppError("CONFLICT", "That form is already requested for this visit.", {
        instrument: ["Already requested for this visit"],
      });
    throw e;
  }
}

/** Removes a pending request (with a reason). Scoped by patient in the where clause. */
export async function cancelFormRequest(
  actor: Actor,
  patientId: string,
  requestId: string,
  reason: string,
  ctx: RequestContext,
): Promise<void> {
  await authorize(actor, canAssessments(actor.role, "formRequest.manage"), {
    entityType: "FormRequest",
    entityId: requestId,
    patientId,
    action: "UPDATE",
  });
  await db.$transaction(async (tx) => {
    const r = await tx.formRequest.updateMany({
      where: { id: requestId, patientId, status: "PENDING" },
      data: { status: "CANCELLED", cancelledAt: new Date(), cancelledById: actor.userId, cancelReason: reason },
    });
    if (r.count !== 1) throw new AppError("NOT_FOUND", "That form is not pending any more (already done or removed).");
    await writeAudit(
      {
        actor: staff(actor),
        action: "UPDATE",
        entityType: "FormRequest",
        entityId: requestId,
        patientId,
        outcome: "SUCCESS",
        ctx,
        details: { change: "cancelled" },
      },
      tx,
    );
  });
}
