import "server-only";
import { writeAudit } from "@/server/audit";
import { authorize } from "@/server/auth/actor";
import { db } from "@/server/db";
import type { RequestContext } from "@/server/request-context";
import type { Actor } from "../identity/core/roles";
import { fullName } from "../patients/core/format";
import { dueStepFor, isOverdue, stateAsOf, type DueRole } from "./core/due";
import { allowedEvents, eventPerformers, isOpenState, stateLabels, type UdtEvent, type UdtState } from "./core/machine";
import { canUdt, performerFor } from "./policy";

const who = (actor: Actor) => ({ userId: actor.userId, role: actor.role });

// ---------------------------------------------------------------------------------------------
// Work queues. A fixed number of statements whatever the page size: one page of orders, their
// patients (Prisma's second query for the relation), and one count. Sorted by the due time kept on each order, so
// overdue ones come first (an escalated order is due the moment it was missed).
// ---------------------------------------------------------------------------------------------

export type QueueRow = {
  orderId: string;
  patientId: string;
  patientName: string;
  mrn: string;
  state: UdtState;
  stateLabel: string;
  version: number;
  collectionMethod: "LAB_PSC" | "HOME_KIT_VIDEO_OBSERVED";
  dueStep: string;
  dueAt: Date | null;
  overdue: boolean;
  escalated: boolean;
  actions: UdtEvent[];
};
export type Queue = { rows: QueueRow[]; total: number; overdue: number; page: number; pageSize: number };

export async function listUdtQueue(
  actor: Actor,
  input: { queue: "coordinator" | "clinician"; page: number; pageSize: number },
  ctx: RequestContext,
  now: Date = new Date(),
): Promise<Queue> {
  await authorize(
    actor,
    canUdt(actor.role, input.queue === "coordinator" ? "udt.queue.coordinator" : "udt.queue.clinician"),
    { entityType: "UdtOrder", action: "LIST" },
  );
  const dueRole: DueRole = input.queue === "coordinator" ? "COORDINATOR" : "CLINICIAN";
  const [rows, counts] = await Promise.all([
    db.udtOrder.findMany({
      where: { dueRole },
      select: {
        id: true,
        patientId: true,
        state: true,
        version: true,
        collectionMethod: true,
        dueAt: true,
        windowEnd: true,
        patient: { select: { givenName: true, familyName: true, mrn: true } },
      },
      orderBy: [{ dueAt: { sort: "asc", nulls: "last" } }, { id: "asc" }],
      take: input.pageSize,
      skip: (input.page - 1) * input.pageSize,
    }),
    db.$queryRaw<{ total: bigint; overdue: bigint }[]>`
      SELECT count(*) AS total, count(*) FILTER (WHERE "dueAt" < ${now} OR state = 'WINDOW_MISSED' OR (state IN ('ORDERED', 'INSTRUCTED') AND "windowEnd" <= ${now})) AS overdue
      FROM "UdtOrder" WHERE "dueRole" = ${dueRole}`,
  ]);
  await writeAudit({
    actor: who(actor),
    action: "LIST",
    entityType: "UdtOrder",
    outcome: "SUCCESS",
    ctx,
    details: { queue: input.queue, results: rows.length, page: input.page },
  });
  const performer = performerFor(actor.role);
  return {
    rows: rows.map((r) => {
      const state = stateAsOf(r.state, r.windowEnd, now);
      return {
        orderId: r.id,
        patientId: r.patientId,
        patientName: fullName(r.patient),
        mrn: r.patient.mrn,
        state,
        stateLabel: stateLabels[state],
        version: r.version,
        collectionMethod: r.collectionMethod,
        dueStep: dueStepFor({
          state,
          windowEnd: r.dueAt ?? now,
          windowMissedAt: null,
          collectedAt: null,
          resultedAt: null,
          confirmationOrderedAt: null,
          confirmationResultedAt: null,
          reviewedAt: null,
          discussedAt: null,
        }).step,
        dueAt: r.dueAt,
        overdue: state === "WINDOW_MISSED" || isOverdue(r.dueAt, now),
        escalated: state === "WINDOW_MISSED",
        actions:
          performer && isOpenState(state)
            ? allowedEvents(state).filter((e) => eventPerformers[e].includes(performer) && e !== "CANCEL")
            : [],
      };
    }),
    total: Number(counts[0]?.total ?? 0),
    overdue: Number(counts[0]?.overdue ?? 0),
    page: input.page,
    pageSize: input.pageSize,
  };
}
