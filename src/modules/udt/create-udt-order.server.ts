import "server-only";
import { writeAudit } from "@/server/audit";
import { authorize } from "@/server/auth/actor";
import { db, type Tx } from "@/server/db";
import { AppError } from "@/server/errors";
import type { RequestContext } from "@/server/request-context";
import type { Actor } from "../identity/core/roles";
import { dueColumns } from "./due-columns.server";
import { canUdt } from "./policy";
import type { CreateUdtOrderInput } from "./schemas";
import { readSettings } from "./udt-settings.server";

const who = (actor: Actor) => ({ userId: actor.userId, role: actor.role });
const HOUR = 3_600_000;

export async function createUdtOrder(
  actor: Actor,
  patientId: string,
  input: CreateUdtOrderInput,
  ctx: RequestContext,
  now: Date = new Date(),
): Promise<{ id: string }> {
  await authorize(actor, canUdt(actor.role, "udt.order"), { entityType: "UdtOrder", patientId, action: "CREATE" });
  const patient = await db.patient.findUnique({ where: { id: patientId }, select: { id: true } });
  if (!patient) throw new AppError("NOT_FOUND", "We could not find that patient.");
  return db.$transaction((tx) => createUdtOrderInTx(tx, actor, patientId, input, ctx, now));
}

/**
 * The order itself, inside the caller's transaction (the pre-visit huddle orders a test and
 * links it to the visit in one transaction). The caller has authorized `udt.order` for an
 * existing patient; refused here too, so no caller can skip it.
 */
export async function createUdtOrderInTx(
  tx: Tx,
  actor: Actor,
  patientId: string,
  input: CreateUdtOrderInput,
  ctx: RequestContext,
  now: Date = new Date(),
): Promise<{ id: string }> {
  if (!canUdt(actor.role, "udt.order")) throw new AppError("FORBIDDEN");
  const settings = await readSettings(tx);
  const hours = input.windowHours ?? settings.collectionWindowHours;
  const windowEnd = new Date(now.getTime() + hours * HOUR);
  const o = await tx.udtOrder.create({
    data: {
      patientId,
      state: "ORDERED",
      version: 1,
      reasonCode: input.reasonCode,
      reasonNote: input.reasonNote,
      panelCode: input.panelCode,
      collectionMethod: input.collectionMethod,
      windowStart: now,
      windowEnd,
      orderedById: actor.userId,
      ...dueColumns("ORDERED", {
        state: "ORDERED",
        windowEnd,
        windowMissedAt: null,
        collectedAt: null,
        resultedAt: null,
        confirmationOrderedAt: null,
        confirmationResultedAt: null,
        reviewedAt: null,
        discussedAt: null,
      }),
      createdAt: now,
    },
    select: { id: true },
  });
  await tx.udtOrderEvent.create({
    data: {
      orderId: o.id,
      patientId,
      version: 1,
      event: "ORDER",
      fromState: null,
      toState: "ORDERED",
      actorUserId: actor.userId,
      actorRole: actor.role,
      at: now,
      notes: input.reasonNote,
      details: {
        reasonCode: input.reasonCode,
        panelCode: input.panelCode,
        collectionMethod: input.collectionMethod,
        windowHours: hours,
      },
    },
  });
  await writeAudit(
    { actor: who(actor), action: "CREATE", entityType: "UdtOrder", entityId: o.id, patientId, outcome: "SUCCESS", ctx },
    tx,
  );
  return o;
}
