import "server-only";
import type { Prisma } from "@/generated/prisma/client";
import { writeAudit, type AuditEntry } from "@/server/audit";
import { authorize, denyAccess } from "@/server/auth/actor";
import { db, type Tx } from "@/server/db";
import { AppError } from "@/server/errors";
import type { RequestContext } from "@/server/request-context";
import type { Actor } from "../identity/core/roles";
import { fullName } from "../patients/core/format";
import { dueStepFor, isOverdue, stateAsOf, type DueRole } from "./core/due";
import { planUdtStep, udtStepNeeds } from "./core/plan-step";
import type { ActiveMedication } from "./core/interpret";
import { allowedEvents, eventLabels, eventPerformers, isOpenState, stateLabels, type UdtEvent, type UdtState } from "./core/machine";
import { isDrugKey } from "./core/medication-catalog";
import { summarizeLastTest, type LastTest } from "./core/monitoring";
import { describeForPatient, type PatientTestView } from "./core/patient-view";
import { formatForPatient } from "./core/format";
import { isPanelCode, isSubstance, panelCatalog, panelSubstances, substanceLabel } from "./core/substances";
import { canUdt, performerFor } from "./policy";
import { instructionChannelLabels, type AdvanceUdtInput, type CreateUdtOrderInput, type UdtSettingsInput } from "./schemas";

/** The message a person sees when someone else advanced the order first (optimistic version). */
export const STALE_ORDER_MESSAGE = "This order changed - reload the page to see the latest step.";

const who = (actor: Actor) => ({ userId: actor.userId, role: actor.role });
const HOUR = 3_600_000;

// ---------------------------------------------------------------------------------------------
// Settings
// ---------------------------------------------------------------------------------------------

export type UdtSettings = { collectionWindowHours: number; monitoringIntervalDays: number };
export const defaultUdtSettings: UdtSettings = { collectionWindowHours: 24, monitoringIntervalDays: 365 };

async function readSettings(client: Tx | typeof db = db): Promise<UdtSettings> {
  const s = await client.udtSetting.findUnique({ where: { id: 1 }, select: { collectionWindowHours: true, monitoringIntervalDays: true } });
  return s ?? defaultUdtSettings;
}

export async function getUdtSettings(actor: Actor): Promise<UdtSettings> {
  await authorize(actor, canUdt(actor.role, "udt.settings.read"), { entityType: "UdtSetting", action: "READ" });
  return readSettings();
}

export async function updateUdtSettings(actor: Actor, input: UdtSettingsInput, ctx: RequestContext): Promise<void> {
  await authorize(actor, canUdt(actor.role, "udt.settings.update"), { entityType: "UdtSetting", action: "UPDATE" });
  await db.$transaction(async (tx) => {
    await tx.udtSetting.upsert({
      where: { id: 1 },
      create: { id: 1, collectionWindowHours: input.collectionWindowHours, monitoringIntervalDays: input.monitoringIntervalDays, updatedById: actor.userId },
      update: { collectionWindowHours: input.collectionWindowHours, monitoringIntervalDays: input.monitoringIntervalDays, updatedById: actor.userId },
    });
    await writeAudit({ actor: who(actor), action: "UPDATE", entityType: "UdtSetting", entityId: "1", outcome: "SUCCESS", ctx, details: { ...input } }, tx);
  });
}

// ---------------------------------------------------------------------------------------------
// Missed windows: readers see them at once (stateAsOf in core/due.ts, no write); the background
// worker (src/server/worker/jobs.server.ts) records them every minute, and every transition runs
// it first so a step meets the order's real state. One SQL statement moves
// every due order and writes its event row; the state guard in the UPDATE (re-checked by
// Postgres after any row lock) plus the unique (orderId, version) make it happen exactly once,
// even when several requests run it at the same moment. SKIP LOCKED: an order a person is
// advancing right now is left for the next check instead of blocking the page.
// ---------------------------------------------------------------------------------------------

const MISSED_NOTE = "Collection window ended without a sample: escalated to the care coordinator";

export async function escalateMissedWindows(now: Date = new Date(), ctx?: RequestContext): Promise<number> {
  return db.$transaction(async (tx) => {
    const rows = await tx.$queryRaw<{ orderId: string; patientId: string }[]>`
      WITH due AS (
        SELECT id, state FROM "UdtOrder"
        WHERE state IN ('ORDERED', 'INSTRUCTED') AND "windowEnd" <= ${now}
        ORDER BY "windowEnd"
        LIMIT 500
        FOR UPDATE SKIP LOCKED
      ), moved AS (
        UPDATE "UdtOrder" o
        SET state = 'WINDOW_MISSED', version = o.version + 1, "windowMissedAt" = ${now},
            "dueRole" = 'COORDINATOR', "dueAt" = o."windowEnd", "updatedAt" = ${now}
        FROM due
        WHERE o.id = due.id AND o.state IN ('ORDERED', 'INSTRUCTED')
        RETURNING o.id, o."patientId", o.version, due.state AS "fromState"
      )
      INSERT INTO "UdtOrderEvent" ("orderId", "patientId", version, event, "fromState", "toState", "actorUserId", "actorRole", at, notes)
      SELECT id, "patientId", version, 'MISS_WINDOW', "fromState", 'WINDOW_MISSED', NULL, 'SYSTEM', ${now}, ${MISSED_NOTE}
      FROM moved
      RETURNING "orderId", "patientId"`;
    if (rows.length > 0) {
      const c = ctx ?? { ip: null, requestId: "system-udt-overdue-check", userAgent: null };
      await writeAudit(
        rows.map((r): AuditEntry => ({ actor: null, action: "UPDATE", entityType: "UdtOrder", entityId: r.orderId, patientId: r.patientId, outcome: "SUCCESS", ctx: c, details: { event: "MISS_WINDOW" } })),
        tx,
      );
    }
    return rows.length;
  });
}

// ---------------------------------------------------------------------------------------------
// Orders
// ---------------------------------------------------------------------------------------------

const dueFields = { windowMissedAt: true, collectedAt: true, resultedAt: true, confirmationOrderedAt: true, confirmationResultedAt: true, reviewedAt: true, discussedAt: true } as const;

function dueColumns(state: UdtState, o: Parameters<typeof dueStepFor>[0]) {
  const due = dueStepFor({ ...o, state });
  return { dueRole: due.role, dueAt: due.dueAt };
}

export async function createUdtOrder(actor: Actor, patientId: string, input: CreateUdtOrderInput, ctx: RequestContext, now: Date = new Date()): Promise<{ id: string }> {
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
export async function createUdtOrderInTx(tx: Tx, actor: Actor, patientId: string, input: CreateUdtOrderInput, ctx: RequestContext, now: Date = new Date()): Promise<{ id: string }> {
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
      ...dueColumns("ORDERED", { state: "ORDERED", windowEnd, windowMissedAt: null, collectedAt: null, resultedAt: null, confirmationOrderedAt: null, confirmationResultedAt: null, reviewedAt: null, discussedAt: null }),
      createdAt: now,
    },
    select: { id: true },
  });
  await tx.udtOrderEvent.create({
    data: { orderId: o.id, patientId, version: 1, event: "ORDER", fromState: null, toState: "ORDERED", actorUserId: actor.userId, actorRole: actor.role, at: now, notes: input.reasonNote, details: { reasonCode: input.reasonCode, panelCode: input.panelCode, collectionMethod: input.collectionMethod, windowHours: hours } },
  });
  await writeAudit({ actor: who(actor), action: "CREATE", entityType: "UdtOrder", entityId: o.id, patientId, outcome: "SUCCESS", ctx }, tx);
  return o;
}


/**
 * Takes one workflow step on an order. Scoped by patient (another patient's order id finds
 * nothing), checked against the state machine and the role, and guarded by the version the
 * person saw: `UPDATE ... WHERE version = seen`. Everything (order, findings, event rows, audit)
 * is written in one transaction, so a refused step leaves no trace but its denial.
 */
export async function advanceUdtOrder(actor: Actor, patientId: string, orderId: string, input: AdvanceUdtInput, ctx: RequestContext, now: Date = new Date()): Promise<{ state: UdtState; version: number }> {
  await authorize(actor, canUdt(actor.role, "udt.advance"), { entityType: "UdtOrder", entityId: orderId, patientId, action: "UPDATE" });
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
      select: { id: true, state: true, version: true, panelCode: true, windowEnd: true, collectionMethod: true, ...dueFields, patient: { select: { timeZone: true } } },
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
        existingFindings: needs.findings ? await tx.udtFinding.findMany({ where: { orderId: o.id }, select: { kind: true, substance: true, detected: true, interpretation: true } }) : undefined,
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
      data: { ...plan.changes, state: plan.finalState, version: plan.finalVersion, ...dueColumns(plan.finalState, { ...plan.times, windowEnd: plan.times.windowEnd ?? windowEnd, state: plan.finalState }), updatedAt: now },
    });
    if (updated.count !== 1) throw new AppError("CONFLICT", STALE_ORDER_MESSAGE);
    if (plan.findings.length) await tx.udtFinding.createMany({ data: plan.findings.map((f) => ({ orderId: o.id, ...f })) });
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
    await writeAudit({ actor: who(actor), action: "UPDATE", entityType: "UdtOrder", entityId: o.id, patientId, outcome: "SUCCESS", ctx, details: { event: input.event, to: plan.finalState } }, tx);
    return { state: plan.finalState, version: plan.finalVersion };
  });
}


async function activeMedicationsAt(tx: Tx, patientId: string, at: Date): Promise<ActiveMedication[]> {
  const day = new Date(`${at.toISOString().slice(0, 10)}T00:00:00Z`);
  const rows = await tx.medication.findMany({
    where: { patientId, startedOn: { lte: day }, OR: [{ stoppedOn: null }, { stoppedOn: { gt: day } }] },
    select: { drugKey: true, name: true },
  });
  return rows.flatMap((r) => (isDrugKey(r.drugKey) ? [{ drugKey: r.drugKey, name: r.name }] : []));
}

// ---------------------------------------------------------------------------------------------
// Reads
// ---------------------------------------------------------------------------------------------

export type UdtOrderSummary = {
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
  id: true, state: true, version: true, reasonCode: true, panelCode: true, collectionMethod: true, createdAt: true, windowEnd: true, interpretation: true, dueRole: true, dueAt: true, ...dueFields,
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
export async function getPatientUdtOverview(actor: Actor, patientId: string, ctx: RequestContext, now: Date = new Date()): Promise<PatientUdtOverview> {
  await authorize(actor, canUdt(actor.role, "udt.read"), { entityType: "UdtOrder", patientId, action: "LIST" });
  const [orders, last, settings] = await Promise.all([
    db.udtOrder.findMany({ where: { patientId }, select: summarySelect, orderBy: [{ createdAt: "desc" }, { id: "asc" }], take: 20 }),
    db.udtOrder.findFirst({ where: { patientId, collectedAt: { not: null } }, select: { collectedAt: true }, orderBy: { collectedAt: "desc" } }),
    readSettings(),
  ]);
  await writeAudit({ actor: who(actor), action: "LIST", entityType: "UdtOrder", patientId, outcome: "SUCCESS", ctx, details: { results: orders.length } });
  return { orders: orders.map((o) => toSummary(o, now)), lastTest: summarizeLastTest(last?.collectedAt ?? null, now, settings.monitoringIntervalDays), settings };
}

export type UdtTimelineEntry = { version: number; event: string; label: string; fromState: UdtState | null; toState: UdtState; at: Date; actorName: string; actorRole: string; notes: string | null; details: unknown };
export type UdtFindingRow = { kind: "SCREEN" | "CONFIRMATORY"; substance: string; label: string; detected: boolean; interpretation: "EXPECTED" | "UNEXPECTED"; why: string };
export type UdtOrderDetail = UdtOrderSummary & {
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

export async function getUdtOrder(actor: Actor, patientId: string, orderId: string, ctx: RequestContext, now: Date = new Date()): Promise<UdtOrderDetail> {
  await authorize(actor, canUdt(actor.role, "udt.read"), { entityType: "UdtOrder", entityId: orderId, patientId, action: "READ" });
  const o = await db.udtOrder.findFirst({
    where: { id: orderId, patientId },
    select: {
      ...summarySelect, patientId: true, reasonNote: true, windowStart: true, instructedAt: true, instructionChannel: true, instructionText: true, confirmationMethod: true,
      reviewNote: true, discussionNote: true, discussionPlan: true, cancelReason: true,
      orderedBy: { select: { name: true } },
      findings: { select: { kind: true, substance: true, detected: true, interpretation: true, why: true }, orderBy: [{ kind: "asc" }, { substance: "asc" }] },
      events: { select: { version: true, event: true, fromState: true, toState: true, at: true, actorUserId: true, actorRole: true, notes: true, details: true }, orderBy: { version: "asc" } },
    },
  });
  if (!o) {
    await writeAudit({ actor: who(actor), action: "READ", entityType: "UdtOrder", entityId: orderId, patientId, outcome: "FAILURE", ctx, details: { reason: "not_found" } });
    throw new AppError("NOT_FOUND");
  }
  const actorIds = [...new Set(o.events.map((e) => e.actorUserId).filter((x): x is string => x !== null))];
  const names = new Map((await db.user.findMany({ where: { id: { in: actorIds } }, select: { id: true, name: true } })).map((u) => [u.id, u.name]));
  await writeAudit({ actor: who(actor), action: "READ", entityType: "UdtOrder", entityId: o.id, patientId, outcome: "SUCCESS", ctx });
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
    instructionChannel: o.instructionChannel ? (instructionChannelLabels[o.instructionChannel as keyof typeof instructionChannelLabels] ?? o.instructionChannel) : null,
    instructionText: o.instructionText,
    confirmationMethod: o.confirmationMethod,
    reviewNote: o.reviewNote,
    discussionNote: o.discussionNote,
    discussionPlan: o.discussionPlan,
    cancelReason: o.cancelReason,
    findings: o.findings.map((f) => ({ ...f, label: isSubstance(f.substance) ? substanceLabel(f.substance) : f.substance })),
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
    actions: performer ? allowedEvents(stateAsOf(o.state, o.windowEnd, now)).filter((e) => eventPerformers[e].includes(performer)) : [],
    toConfirm: o.findings.filter((f) => f.kind === "SCREEN" && f.interpretation === "UNEXPECTED").map((f) => ({ key: f.substance, label: isSubstance(f.substance) ? substanceLabel(f.substance) : f.substance })),
  };
}

// ---------------------------------------------------------------------------------------------
// Work queues. Two statements whatever the page size: one page of orders
// with their patients (a join), and one count. Sorted by the due time kept on each order, so
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
  await authorize(actor, canUdt(actor.role, input.queue === "coordinator" ? "udt.queue.coordinator" : "udt.queue.clinician"), { entityType: "UdtOrder", action: "LIST" });
  const dueRole: DueRole = input.queue === "coordinator" ? "COORDINATOR" : "CLINICIAN";
  const [rows, counts] = await Promise.all([
    db.$queryRaw<{ id: string; patientId: string; state: UdtState; version: number; collectionMethod: "LAB_PSC" | "HOME_KIT_VIDEO_OBSERVED"; dueAt: Date | null; windowEnd: Date; givenName: string; familyName: string; mrn: string }[]>`
      SELECT o.id, o."patientId", o.state, o.version, o."collectionMethod", o."dueAt", o."windowEnd", p."givenName", p."familyName", p.mrn
      FROM "UdtOrder" o JOIN "Patient" p ON p.id = o."patientId"
      WHERE o."dueRole" = ${dueRole}
      ORDER BY o."dueAt" ASC NULLS LAST, o.id
      LIMIT ${input.pageSize} OFFSET ${(input.page - 1) * input.pageSize}`,
    db.$queryRaw<{ total: bigint; overdue: bigint }[]>`
      SELECT count(*) AS total, count(*) FILTER (WHERE "dueAt" < ${now} OR state = 'WINDOW_MISSED' OR (state IN ('ORDERED', 'INSTRUCTED') AND "windowEnd" <= ${now})) AS overdue
      FROM "UdtOrder" WHERE "dueRole" = ${dueRole}`,
  ]);
  await writeAudit({ actor: who(actor), action: "LIST", entityType: "UdtOrder", outcome: "SUCCESS", ctx, details: { queue: input.queue, results: rows.length, page: input.page } });
  const performer = performerFor(actor.role);
  return {
    rows: rows.map((r) => {
      const state = stateAsOf(r.state, r.windowEnd, now);
      return {
        orderId: r.id,
        patientId: r.patientId,
        patientName: fullName(r),
        mrn: r.mrn,
        state,
        stateLabel: stateLabels[state],
        version: r.version,
        collectionMethod: r.collectionMethod,
        dueStep: dueStepFor({ state, windowEnd: r.dueAt ?? now, windowMissedAt: null, collectedAt: null, resultedAt: null, confirmationOrderedAt: null, confirmationResultedAt: null, reviewedAt: null, discussedAt: null }).step,
        dueAt: r.dueAt,
        overdue: state === "WINDOW_MISSED" || isOverdue(r.dueAt, now),
        escalated: state === "WINDOW_MISSED",
        actions: performer && isOpenState(state) ? allowedEvents(state).filter((e) => eventPerformers[e].includes(performer) && e !== "CANCEL") : [],
      };
    }),
    total: Number(counts[0]?.total ?? 0),
    overdue: Number(counts[0]?.overdue ?? 0),
    page: input.page,
    pageSize: input.pageSize,
  };
}

// ---------------------------------------------------------------------------------------------
// The patient's own view: plain words, and no result details before the discussion.
// ---------------------------------------------------------------------------------------------

export type MyTest = {
  id: string;
  orderedOn: Date;
  view: PatientTestView;
  method: "LAB_PSC" | "HOME_KIT_VIDEO_OBSERVED";
  receivedAt: Date | null;
  discussedAt: Date | null;
  plan: string | null;
  results: { label: string; found: boolean }[] | null;
};

export async function listMyUdtTests(actor: Actor, ctx: RequestContext, now: Date = new Date()): Promise<MyTest[]> {
  await authorize(actor, canUdt(actor.role, "udt.readOwn") && actor.patientId !== null, { entityType: "UdtOrder", action: "LIST" });
  const patientId = actor.patientId!;
  const [patient, orders] = await Promise.all([
    db.patient.findUniqueOrThrow({ where: { id: patientId }, select: { timeZone: true } }),
    db.udtOrder.findMany({
      where: { patientId, createdAt: { gte: new Date(now.getTime() - 400 * 24 * HOUR) } },
      select: { id: true, state: true, collectionMethod: true, windowEnd: true, createdAt: true, collectedAt: true, discussedAt: true, discussionPlan: true },
      orderBy: { createdAt: "desc" },
      take: 10,
    }),
  ]);
  // Findings are loaded only for orders whose discussion is documented.
  const discussedIds = orders.filter((o) => o.discussedAt && describeForPatient(o.state, o.collectionMethod, "").showResults).map((o) => o.id);
  const findings = discussedIds.length
    ? await db.udtFinding.findMany({ where: { orderId: { in: discussedIds } }, select: { orderId: true, kind: true, substance: true, detected: true }, orderBy: { substance: "asc" } })
    : [];
  await writeAudit({ actor: who(actor), action: "LIST", entityType: "UdtOrder", patientId, outcome: "SUCCESS", ctx, details: { scope: "own", results: orders.length } });
  return orders.map((o) => {
    const view = describeForPatient(stateAsOf(o.state, o.windowEnd, now), o.collectionMethod, formatForPatient(o.windowEnd, patient.timeZone));
    const own = view.showResults ? findings.filter((f) => f.orderId === o.id) : [];
    const final = new Map<string, boolean>();
    for (const f of own.filter((x) => x.kind === "SCREEN")) final.set(f.substance, f.detected);
    for (const f of own.filter((x) => x.kind === "CONFIRMATORY")) final.set(f.substance, f.detected);
    return {
      id: o.id,
      orderedOn: o.createdAt,
      view,
      method: o.collectionMethod,
      receivedAt: o.collectedAt,
      discussedAt: view.showResults ? o.discussedAt : null,
      plan: view.showResults ? o.discussionPlan : null,
      results: view.showResults ? [...final.entries()].map(([s, found]) => ({ label: isSubstance(s) ? substanceLabel(s) : s, found })) : null,
    };
  });
}
