import "server-only";
import type { Actor } from "@/modules/identity/core/roles";
import { isPanelCode } from "@/modules/udt/core/substances";
import type { CreateUdtOrderInput } from "@/modules/udt/schemas";
import { createUdtOrderInTx } from "@/modules/udt/index.server";
import { canUdt } from "@/modules/udt/policy";
import { writeAudit } from "@/server/audit";
import { authorize } from "@/server/auth/actor";
import { db } from "@/server/db";
import { AppError } from "@/server/errors";
import type { RequestContext } from "@/server/request-context";
import { canHuddle } from "../huddle-policy";
import { UPCOMING, visitFor, visitPatient, who } from "./huddle-visit.server";

/**
 * The coordinator prepares a urine drug test for the clinician to order. An order starts its
 * collection window at once and ordering is the clinician's (udt/policy.ts), so this records
 * the prepared order only; one waiting per visit.
 */
export async function queueUdtOrder(
  actor: Actor,
  visitId: string,
  input: CreateUdtOrderInput,
  ctx: RequestContext,
): Promise<{ id: string }> {
  await authorize(actor, canHuddle(actor.role, "huddle.queueUdt"), {
    entityType: "PreVisitUdtOrder",
    patientId: await visitPatient(visitId),
    action: "CREATE",
  });
  return db.$transaction(async (tx) => {
    const v = await visitFor(tx, visitId, UPCOMING);
    const waiting = await tx.preVisitUdtOrder.findFirst({
      where: { visitId: v.id, status: "QUEUED" },
      select: { id: true },
    });
    if (waiting)
      throw new AppError(
        "CONFLICT",
        "A urine drug test is already queued for this visit: the clinician orders it from the huddle.",
      );
    const row = await tx.preVisitUdtOrder.create({
      data: {
        patientId: v.patientId,
        visitId: v.id,
        status: "QUEUED",
        reasonCode: input.reasonCode,
        reasonNote: input.reasonNote,
        panelCode: input.panelCode,
        collectionMethod: input.collectionMethod,
        queuedById: actor.userId,
      },
      select: { id: true },
    });
    await writeAudit(
      {
        actor: who(actor),
        action: "CREATE",
        entityType: "PreVisitUdtOrder",
        entityId: row.id,
        patientId: v.patientId,
        outcome: "SUCCESS",
        ctx,
        details: { visitId: v.id, status: "QUEUED" },
      },
      tx,
    );
    return row;
  });
}

/**
 * The clinician orders a urine drug test from the huddle: the one a coordinator queued (with its
 * prepared details) or a new one. The UDT module creates the order (state ORDERED, window
 * starting now), linked to the visit, in one transaction.
 */
export async function orderUdtFromHuddle(
  actor: Actor,
  visitId: string,
  input: { queuedId: string } | { order: CreateUdtOrderInput },
  ctx: RequestContext,
  now: Date = new Date(),
): Promise<{ orderId: string }> {
  const patientId = await visitPatient(visitId);
  await authorize(actor, canHuddle(actor.role, "huddle.orderUdt") && canUdt(actor.role, "udt.order"), {
    entityType: "UdtOrder",
    patientId,
    action: "CREATE",
  });
  return db.$transaction(async (tx) => {
    const v = await visitFor(tx, visitId);
    if ("queuedId" in input) {
      const q = await tx.preVisitUdtOrder.findFirst({
        where: { id: input.queuedId, visitId: v.id, status: "QUEUED" },
        select: { id: true, reasonCode: true, reasonNote: true, panelCode: true, collectionMethod: true },
      });
      if (!q) throw new AppError("CONFLICT", "That queued test was ordered or changed meanwhile: reload the page.");
      if (!isPanelCode(q.panelCode))
        throw new AppError("VALIDATION", "The queued test's panel is no longer offered: order a new test.");
      const order = await createUdtOrderInTx(
        tx,
        actor,
        v.patientId,
        {
          reasonCode: q.reasonCode,
          reasonNote: q.reasonNote,
          panelCode: q.panelCode,
          collectionMethod: q.collectionMethod,
          windowHours: null,
        },
        ctx,
        now,
      );
      // Guarded: a second click (or a second clinician) finds it ordered and the whole transaction rolls back.
      const moved = await tx.preVisitUdtOrder.updateMany({
        where: { id: q.id, status: "QUEUED" },
        data: { status: "ORDERED", orderId: order.id, orderedById: actor.userId, orderedAt: now },
      });
      if (moved.count !== 1) throw new AppError("CONFLICT", "That queued test was ordered meanwhile: reload the page.");
      await writeAudit(
        {
          actor: who(actor),
          action: "UPDATE",
          entityType: "PreVisitUdtOrder",
          entityId: q.id,
          patientId: v.patientId,
          outcome: "SUCCESS",
          ctx,
          details: { visitId: v.id, status: "ORDERED", orderId: order.id },
        },
        tx,
      );
      return { orderId: order.id };
    }
    const o = input.order;
    const order = await createUdtOrderInTx(tx, actor, v.patientId, o, ctx, now);
    const row = await tx.preVisitUdtOrder.create({
      data: {
        patientId: v.patientId,
        visitId: v.id,
        status: "ORDERED",
        reasonCode: o.reasonCode,
        reasonNote: o.reasonNote,
        panelCode: o.panelCode,
        collectionMethod: o.collectionMethod,
        queuedById: actor.userId,
        orderId: order.id,
        orderedById: actor.userId,
        orderedAt: now,
      },
      select: { id: true },
    });
    await writeAudit(
      {
        actor: who(actor),
        action: "CREATE",
        entityType: "PreVisitUdtOrder",
        entityId: row.id,
        patientId: v.patientId,
        outcome: "SUCCESS",
        ctx,
        details: { visitId: v.id, status: "ORDERED", orderId: order.id },
      },
      tx,
    );
    return { orderId: order.id };
  });
}
