import "server-only";
import type { Prisma } from "@/generated/prisma/client";
import { writeAudit } from "@/server/audit";
import { authorize } from "@/server/auth/actor";
import { db } from "@/server/db";
import { AppError } from "@/server/errors";
import type { RequestContext } from "@/server/request-context";
import type { Actor } from "../identity/core/roles";
import { dueStepFor, isOverdue, stateAsOf, type DueRole } from "./core/due";
import { allowedEvents, eventLabels, eventPerformers, stateLabels, type UdtEvent, type UdtState } from "./core/machine";
import { summarizeLastTest, type LastTest } from "./core/monitoring";
import { isPanelCode, isSubstance, panelCatalog, panelSubstances, substanceLabel } from "./core/substances";
import { dueFields } from "./due-columns.server";
import { canUdt, performerFor } from "./policy";
import { instructionChannelLabels } from "./schemas";
import { readSettings, type UdtSettings } from "./udt-settings.server";

const who = (actor: Actor) => ({ userId: actor.userId, role: actor.role });

// ---------------------------------------------------------------------------------------------
// Reads of orders: the chart's UDT section and one order with its findings and timeline.
// ---------------------------------------------------------------------------------------------

type UdtOrderSummary = {
  id: string;
  state: UdtState;
  stateLabel: string;
  version: number;
  reasonCode: string;
  panelLabel: string;
  collectionMethod: "LAB_PSC" | "HOME_KIT_VIDEO_OBSERVED";
  createdAt: Date;
  windowEnd: Date;
  collectedAt: Date | null;
  interpretation: "EXPECTED" | "UNEXPECTED" | null;
  dueStep: string;
  dueRole: DueRole | null;
  dueAt: Date | null;
  overdue: boolean;
};

const summarySelect = {
  id: true,
  state: true,
  version: true,
  reasonCode: true,
  panelCode: true,
  collectionMethod: true,
  createdAt: true,
  windowEnd: true,
  interpretation: true,
  dueRole: true,
  dueAt: true,
  ...dueFields,
} satisfies Prisma.UdtOrderSelect;
type SummaryRow = Prisma.UdtOrderGetPayload<{ select: typeof summarySelect }>;

function toSummary(o: SummaryRow, now: Date): UdtOrderSummary {
  const state = stateAsOf(o.state, o.windowEnd, now);
  const due = dueStepFor({ ...o, state });
  return {
    id: o.id,
    state,
    stateLabel: stateLabels[state],
    version: o.version,
    reasonCode: o.reasonCode,
    panelLabel: isPanelCode(o.panelCode) ? panelCatalog[o.panelCode].label : o.panelCode,
    collectionMethod: o.collectionMethod,
    createdAt: o.createdAt,
    windowEnd: o.windowEnd,
    collectedAt: o.collectedAt,
    interpretation: o.interpretation,
    dueStep: due.step,
    dueRole: due.role,
    dueAt: o.dueAt,
    overdue: isOverdue(o.dueAt, now),
  };
}

export type PatientUdtOverview = { orders: UdtOrderSummary[]; lastTest: LastTest; settings: UdtSettings };

/** The chart's UDT section: recent orders, last test and days since, against the clinic interval. */
export async function getPatientUdtOverview(
  actor: Actor,
  patientId: string,
  ctx: RequestContext,
  now: Date = new Date(),
): Promise<PatientUdtOverview> {
  await authorize(actor, canUdt(actor.role, "udt.read"), { entityType: "UdtOrder", patientId, action: "LIST" });
  const [orders, last, settings] = await Promise.all([
    db.udtOrder.findMany({
      where: { patientId },
      select: summarySelect,
      orderBy: [{ createdAt: "desc" }, { id: "asc" }],
      take: 20,
    }),
    db.udtOrder.findFirst({
      where: { patientId, collectedAt: { not: null } },
      select: { collectedAt: true },
      orderBy: { collectedAt: "desc" },
    }),
    readSettings(),
  ]);
  await writeAudit({
    actor: who(actor),
    action: "LIST",
    entityType: "UdtOrder",
    patientId,
    outcome: "SUCCESS",
    ctx,
    details: { results: orders.length },
  });
  return {
    orders: orders.map((o) => toSummary(o, now)),
    lastTest: summarizeLastTest(last?.collectedAt ?? null, now, settings.monitoringIntervalDays),
    settings,
  };
}

export type UdtTimelineEntry = {
  version: number;
  event: string;
  label: string;
  fromState: UdtState | null;
  toState: UdtState;
  at: Date;
  actorName: string;
  actorRole: string;
  notes: string | null;
  details: unknown;
};
type UdtFindingRow = {
  kind: "SCREEN" | "CONFIRMATORY";
  substance: string;
  label: string;
  detected: boolean;
  interpretation: "EXPECTED" | "UNEXPECTED";
  why: string;
};
type UdtOrderDetail = UdtOrderSummary & {
  patientId: string;
  reasonNote: string | null;
  panelCode: string;
  panelSubstances: { key: string; label: string }[];
  windowStart: Date;
  orderedByName: string;
  instructedAt: Date | null;
  instructionChannel: string | null;
  instructionText: string | null;
  confirmationMethod: string | null;
  reviewNote: string | null;
  discussionNote: string | null;
  discussionPlan: string | null;
  cancelReason: string | null;
  findings: UdtFindingRow[];
  timeline: UdtTimelineEntry[];
  /** Steps this actor may take now. */
  actions: UdtEvent[];
  /** Substances to confirm (the unexpected screening findings). */
  toConfirm: { key: string; label: string }[];
};

export async function getUdtOrder(
  actor: Actor,
  patientId: string,
  orderId: string,
  ctx: RequestContext,
  now: Date = new Date(),
): Promise<UdtOrderDetail> {
  await authorize(actor, canUdt(actor.role, "udt.read"), {
    entityType: "UdtOrder",
    entityId: orderId,
    patientId,
    action: "READ",
  });
  const o = await db.udtOrder.findFirst({
    where: { id: orderId, patientId },
    select: {
      ...summarySelect,
      patientId: true,
      reasonNote: true,
      windowStart: true,
      instructedAt: true,
      instructionChannel: true,
      instructionText: true,
      confirmationMethod: true,
      reviewNote: true,
      discussionNote: true,
      discussionPlan: true,
      cancelReason: true,
      orderedBy: { select: { name: true } },
      findings: {
        select: { kind: true, substance: true, detected: true, interpretation: true, why: true },
        orderBy: [{ kind: "asc" }, { substance: "asc" }],
      },
      events: {
        select: {
          version: true,
          event: true,
          fromState: true,
          toState: true,
          at: true,
          actorUserId: true,
          actorRole: true,
          notes: true,
          details: true,
        },
        orderBy: { version: "asc" },
      },
    },
  });
  if (!o) {
    await writeAudit({
      actor: who(actor),
      action: "READ",
      entityType: "UdtOrder",
      entityId: orderId,
      patientId,
      outcome: "FAILURE",
      ctx,
      details: { reason: "not_found" },
    });
    throw new AppError("NOT_FOUND");
  }
  const actorIds = [...new Set(o.events.map((e) => e.actorUserId).filter((x): x is string => x !== null))];
  const names = new Map(
    (await db.user.findMany({ where: { id: { in: actorIds } }, select: { id: true, name: true } })).map((u) => [
      u.id,
      u.name,
    ]),
  );
  await writeAudit({
    actor: who(actor),
    action: "READ",
    entityType: "UdtOrder",
    entityId: o.id,
    patientId,
    outcome: "SUCCESS",
    ctx,
  });
  const performer = performerFor(actor.role);
  const panel = isPanelCode(o.panelCode) ? o.panelCode : null;
  return {
    ...toSummary(o, now),
    patientId: o.patientId,
    reasonNote: o.reasonNote,
    panelCode: o.panelCode,
    panelSubstances: panel ? panelSubstances(panel).map((s) => ({ key: s, label: substanceLabel(s) })) : [],
    windowStart: o.windowStart,
    orderedByName: o.orderedBy.name,
    instructedAt: o.instructedAt,
    instructionChannel: o.instructionChannel
      ? (instructionChannelLabels[o.instructionChannel as keyof typeof instructionChannelLabels] ??
        o.instructionChannel)
      : null,
    instructionText: o.instructionText,
    confirmationMethod: o.confirmationMethod,
    reviewNote: o.reviewNote,
    discussionNote: o.discussionNote,
    discussionPlan: o.discussionPlan,
    cancelReason: o.cancelReason,
    findings: o.findings.map((f) => ({
      ...f,
      label: isSubstance(f.substance) ? substanceLabel(f.substance) : f.substance,
    })),
    timeline: o.events.map((e) => ({
      version: e.version,
      event: e.event,
      label: e.event === "ORDER" ? "Ordered" : (eventLabels[e.event as UdtEvent] ?? e.event),
      fromState: e.fromState,
      toState: e.toState,
      at: e.at,
      actorName: e.actorUserId ? (names.get(e.actorUserId) ?? "Unknown user") : "System",
      actorRole: e.actorRole,
      notes: e.notes,
      details: e.details,
    })),
    actions: performer
      ? allowedEvents(stateAsOf(o.state, o.windowEnd, now)).filter((e) => eventPerformers[e].includes(performer))
      : [],
    toConfirm: o.findings
      .filter((f) => f.kind === "SCREEN" && f.interpretation === "UNEXPECTED")
      .map((f) => ({ key: f.substance, label: isSubstance(f.substance) ? substanceLabel(f.substance) : f.substance })),
  };
}
