import "server-only";
import { writeAudit } from "@/server/audit";
import { authorize, denyAccess } from "@/server/auth/actor";
import { db, type Tx } from "@/server/db";
import { AppError } from "@/server/errors";
import type { RequestContext } from "@/server/request-context";
import type { Actor } from "../identity/core/roles";
import type { ActiveMedication } from "./core/interpret";
import { eventPerformers, type UdtState } from "./core/machine";
import { isDrugKey } from "./core/medication-catalog";
import { planUdtStep, udtStepNeeds } from "./core/plan-step";
import { dueColumns, dueFields } from "./due-columns.server";
import { escalateMissedWindows } from "./escalate-missed-windows.server";
import { canUdt, performerFor } from "./policy";
import type { AdvanceUdtInput } from "./schemas";
import { readSettings } from "./udt-settings.server";

/** The message a person sees when someone else advanced the order first (optimistic version). */
export const STALE_ORDER_MESSAGE = "This order changed - reload the page to see the latest step.";

const who = (actor: Actor) => ({ userId: actor.userId, role: actor.role });

/**
 * Takes one workflow step on an order. Scoped by patient (another patient's order id finds
 * nothing), checked against the state machine and the role, and guarded by the version the
 * person saw: `UPDATE ... WHERE version = seen`. Everything (order, findings, event rows, audit)
 * is written in one transaction, so a refused step leaves no trace but its denial.
 */
export async function advanceUdtOrder(
  actor: Actor,
  patientId: string,
  orderId: string,
  input: AdvanceUdtInput,
  ctx: RequestContext,
  now: Date = new Date(),
): Promise<{ state: UdtState; version: number }> {
  await authorize(actor, canUdt(actor.role, "udt.advance"), {
    entityType: "UdtOrder",
    entityId: orderId,
    patientId,
    action: "UPDATE",
  });
  const performer = performerFor(actor.role);
  if (!performer || !eventPerformers[input.event].includes(performer)) {
    await denyAccess(actor, { entityType: "UdtOrder", entityId: orderId, patientId, action: "UPDATE" });
  }
  // A window may have ended since the page was shown: escalate first, so the step below meets
  // the new version and the person is told the order changed.
  await escalateMissedWindows(now, ctx);

  return db.$transaction(async (tx) => {
    const o = await tx.udtOrder.findFirst({
      where: { id: orderId, patientId },
      select: {
        id: true,
        state: true,
        version: true,
        panelCode: true,
        windowEnd: true,
        collectionMethod: true,
        ...dueFields,
        patient: { select: { timeZone: true } },
      },
    });
    if (!o) throw new AppError("NOT_FOUND", "We could not find that order for this patient.");
    // Load what the step needs, decide it (pure, udt/core/plan-step.ts), write the plan.
    const needs = udtStepNeeds(input.event);
    const { patient, id: _id, state, version, panelCode, windowEnd, collectionMethod, ...times } = o;
    const outcome = planUdtStep(
      { state, version, panelCode, windowEnd, collectionMethod, patientTimeZone: patient.timeZone, times },
      input,
      {
        now,
        actorUserId: actor.userId,
        performer: performer!,
        collectionWindowHours: needs.settings ? (await readSettings(tx)).collectionWindowHours : undefined,
        existingFindings: needs.findings
          ? await tx.udtFinding.findMany({
              where: { orderId: o.id },
              select: { kind: true, substance: true, detected: true, interpretation: true },
            })
          : undefined,
        medications: needs.medications ? await activeMedicationsAt(tx, patientId, o.collectedAt ?? now) : undefined,
      },
    );
    if (!outcome.ok) {
      const r = outcome.refusal;
      switch (r.code) {
        case "STALE":
          throw new AppError("CONFLICT", STALE_ORDER_MESSAGE);
        case "NOT_ALLOWED":
          throw new AppError("CONFLICT", r.message);
        case "INVALID_FINDINGS":
          throw new AppError("VALIDATION", r.message, r.fields);
      }
    }
    const plan = outcome.plan;
    const updated = await tx.udtOrder.updateMany({
      where: { id: o.id, patientId, version: o.version, state: o.state },
      data: {
        ...plan.changes,
        state: plan.finalState,
        version: plan.finalVersion,
        ...dueColumns(plan.finalState, {
          ...plan.times,
          windowEnd: plan.times.windowEnd ?? windowEnd,
          state: plan.finalState,
        }),
        updatedAt: now,
      },
    });
    if (updated.count !== 1) throw new AppError("CONFLICT", STALE_ORDER_MESSAGE);
    if (plan.findings.length)
      await tx.udtFinding.createMany({ data: plan.findings.map((f) => ({ orderId: o.id, ...f })) });
    await tx.udtOrderEvent.createMany({
      data: plan.events.map((e, i) => ({
        orderId: o.id,
        patientId,
        version: o.version + i + 1,
        event: e.event,
        fromState: e.from,
        toState: e.to,
        actorUserId: e.system ? null : actor.userId,
        actorRole: e.system ? "SYSTEM" : actor.role,
        at: now,
        notes: e.notes,
        details: e.details,
      })),
    });
    await writeAudit(
      {
        actor: who(actor),
        action: "UPDATE",
        entityType: "UdtOrder",
        entityId: o.id,
        patientId,
        outcome: "SUCCESS",
        ctx,
        details: { event: input.event, to: plan.finalState },
      },
      tx,
    );
    return { state: plan.finalState, version: plan.finalVersion };
  });
}

/** The medications the patient was taking on the day the sample was collected (what a finding is interpreted against). */
async function activeMedicationsAt(tx: Tx, patientId: string, at: Date): Promise<ActiveMedication[]> {
  const day = new Date(`${at.toISOString().slice(0, 10)}T00:00:00Z`);
  const rows = await tx.medication.findMany({
    where: { patientId, startedOn: { lte: day }, OR: [{ stoppedOn: null }, { stoppedOn: { gt: day } }] },
    select: { drugKey: true, name: true },
  });
  return rows.flatMap((r) => (isDrugKey(r.drugKey) ? [{ drugKey: r.drugKey, name: r.name }] : []));
}
