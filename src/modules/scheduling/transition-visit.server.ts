import "server-only";
import type { Prisma } from "@/generated/prisma/client";
import { writeAudit } from "@/server/audit";
import { authorize } from "@/server/auth/actor";
import { db, type Tx } from "@/server/db";
import { AppError } from "@/server/errors";
import type { RequestContext } from "@/server/request-context";
import type { StartConsentChoice } from "../consent/core/start-consent";
import type { Actor } from "../identity/core/roles";
import { revokePatientLinks } from "../patient-access/index.server";
import { applyTransition, refusalMessages, type VisitStatus, type VisitTransition } from "./core/visit-lifecycle";
import { canSchedule, transitionAction } from "./policy";
import { CHANGED_MEANWHILE, loadForChange, publish, replaceReminders } from "./visit-changes.server";
import { who } from "./visit-rows.server";

export type TransitionOptions = {
  /**
   * START only: the consent the clinician gives with the start when none is on file (verbal
   * consent confirmed now, or an emergency reason). The consent module decides, in the same
   * transaction (the visit.starting event); without either, a start lacking consent is refused.
   */
  consent?: StartConsentChoice;
  /**
   * CHECK_IN (and START): the patient's state for this visit, asked by staff (licensure,
   * docs/clinical-reference.md#licensure). Undefined leaves it as recorded; null = not known yet.
   */
  patientLocationState?: string | null;
};

/** Any lifecycle step. Cancelling needs a reason; starting needs consent; every change is audited with who and why. */
export async function transitionVisit(
  actor: Actor,
  visitId: string,
  transition: VisitTransition,
  reason: string | null,
  ctx: RequestContext,
  now = new Date(),
  opts: TransitionOptions = {},
): Promise<VisitStatus> {
  const v = await loadForChange(actor, visitId, transitionAction[transition]);
  const to = checkTransition(v, transition, reason, now);
  await db.$transaction((tx) => writeTransition(tx, actor, v, transition, to, reason, ctx, now, opts));
  return to;
}

/**
 * The same lifecycle step inside the caller's transaction, for a write of another module that
 * must commit or roll back together with it (signing a visit note completes the visit). Same
 * authorization, rules, side effects and audit row as transitionVisit.
 */
export async function transitionVisitInTx(
  tx: Tx,
  actor: Actor,
  visitId: string,
  transition: VisitTransition,
  reason: string | null,
  ctx: RequestContext,
  now = new Date(),
  opts: TransitionOptions = {},
): Promise<VisitStatus> {
  await authorize(actor, canSchedule(actor.role, transitionAction[transition]), {
    entityType: "Visit",
    entityId: visitId,
    action: "UPDATE",
  });
  const v = await tx.visit.findUnique({
    where: { id: visitId },
    select: { id: true, patientId: true, status: true, startsAt: true, sequence: true, modality: true },
  });
  if (!v) throw new AppError("NOT_FOUND");
  const to = checkTransition(v, transition, reason, now);
  await writeTransition(tx, actor, v, transition, to, reason, ctx, now, opts);
  return to;
}

type TransitionSubject = {
  id: string;
  patientId: string;
  status: VisitStatus;
  startsAt: Date;
  sequence: number;
  modality: "VIDEO" | "PHONE";
};

function checkTransition(
  v: TransitionSubject,
  transition: VisitTransition,
  reason: string | null,
  now: Date,
): VisitStatus {
  const r = applyTransition(v.status, transition, { now, startsAt: v.startsAt, reason });
  if (!r.ok) {
    if (r.reason === "reason_required")
      throw new AppError("VALIDATION", undefined, { reason: ["Give a reason for cancelling"] });
    throw new AppError("CONFLICT", refusalMessages[r.reason]);
  }
  return r.to;
}

async function writeTransition(
  tx: Tx,
  actor: Actor,
  v: TransitionSubject,
  transition: VisitTransition,
  to: VisitStatus,
  reason: string | null,
  ctx: RequestContext,
  now: Date,
  opts: TransitionOptions = {},
): Promise<void> {
  const visitId = v.id;
  const stamp: Prisma.VisitUpdateManyMutationInput = (() => {
    switch (to) {
      case "CHECKED_IN":
        return { checkedInAt: now };
      case "IN_PROGRESS":
        return { startedAt: now };
      case "COMPLETED":
        return { completedAt: now };
      case "CANCELLED":
        // Calendars must pick the cancellation up: SEQUENCE goes up with METHOD:CANCEL.
        return { cancelledAt: now, cancelReason: reason, sequence: { increment: 1 } };
      case "NO_SHOW":
      case "SCHEDULED":
        return {};
    }
  })();
  // A start also holds the modality it checked consent for (a switch to phone meanwhile wins).
  const location =
    opts.patientLocationState !== undefined && (to === "CHECKED_IN" || to === "IN_PROGRESS")
      ? { patientLocationState: opts.patientLocationState }
      : {};
  const u = await tx.visit.updateMany({
    where: { id: visitId, status: v.status, ...(to === "IN_PROGRESS" ? { modality: v.modality } : {}) },
    data: { status: to, ...stamp, ...location },
  });
  if (u.count !== 1) throw new AppError("CONFLICT", CHANGED_MEANWHILE);
  if (to === "IN_PROGRESS")
    await publish(tx, {
      type: "visit.starting",
      visitId,
      patientId: v.patientId,
      modality: v.modality,
      actor,
      ctx,
      now,
      consent: opts.consent ?? null,
    });
  await tx.visitEvent.create({
    data: { visitId, actorUserId: actor.userId, kind: transition, fromStatus: v.status, toStatus: to, reason },
  });
  if (to === "CANCELLED" || to === "NO_SHOW" || to === "COMPLETED") {
    await replaceReminders(tx, visitId, v.sequence, null, now);
    await revokePatientLinks(
      tx,
      { purpose: "visit-join", subjectId: visitId, reason: `visit_${to.toLowerCase()}` },
      now,
    );
    await publish(tx, { type: "visit.finished", visitId, now });
  }
  if (to === "CANCELLED" || to === "NO_SHOW")
    await publish(tx, {
      type: "visit.closed",
      visitId,
      status: to,
      actor,
      now,
      reason: to === "CANCELLED" ? `Visit cancelled: ${reason ?? ""}`.trim() : "Visit missed (no-show)",
    });
  // A completed visit needs no pre-visit form any more: unanswered ones stop showing as overdue.
  if (to === "COMPLETED")
    await publish(tx, {
      type: "visit.closed",
      visitId,
      status: to,
      actor,
      now,
      reason: "Visit completed before the form was answered",
    });
  await writeAudit(
    {
      actor: who(actor),
      action: "UPDATE",
      entityType: "Visit",
      entityId: visitId,
      patientId: v.patientId,
      outcome: "SUCCESS",
      ctx,
      details: {
        event: transition,
        from: v.status,
        to,
        ...("patientLocationState" in location
          ? { patientLocationRecorded: location.patientLocationState !== null }
          : {}),
      },
    },
    tx,
  );
}

export async function cancelVisit(
  actor: Actor,
  visitId: string,
  reason: string,
  ctx: RequestContext,
  now = new Date(),
): Promise<void> {
  await transitionVisit(actor, visitId, "CANCEL", reason, ctx, now);
}
