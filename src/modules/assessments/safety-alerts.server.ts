import "server-only";
import { writeAudit } from "@/server/audit";
import { authorize } from "@/server/auth/actor";
import { db } from "@/server/db";
import { AppError } from "@/server/errors";
import type { RequestContext } from "@/server/request-context";
import { isUuid } from "@/server/uuid";
import type { Actor } from "../identity/core/roles";
import { fullName } from "../patients/core/format";
import { groupOpenAlerts, selectAlertsToClose } from "./core/alert-groups";
import { canAssessments } from "./policy";

/**
 * PHQ-9 item 9 safety alerts (docs/clinical-reference.md#phq-9-item-9-safety-event): opened in
 * the response's transaction, shown on every staff page until a clinician records the same-day
 * suicide-risk assessment and the plan. Every answer above 0 opens its own alert; staff see them
 * per patient (one patient is one patient, however many answers), and one follow-up closes the
 * patient's alerts the clinician was shown, each alert recorded as closed by it.
 */

/** One patient with open alerts: who, the latest answer, and how many are open. */
type OpenAlertGroup = {
  patientId: string;
  patientName: string;
  mrn: string;
  phone: string | null;
  openCount: number;
  /** The newest open alert: the link target (its page lists and closes all of them). */
  latestAlertId: string;
  latestItem9Answer: number;
  latestAt: string;
  highestItem9Answer: number;
  oldestAt: string;
};

/** Counts are of the whole set (patients: distinct patients); groups are the first `limit` patients. */
type OpenAlertsSummary = { patients: number; alerts: number; groups: OpenAlertGroup[] };

const none: OpenAlertsSummary = { patients: 0, alerts: 0, groups: [] };

/**
 * Open alerts grouped by patient, the patient waiting longest first. `patients` counts distinct
 * patients over ALL open alerts (not only the groups returned), in the same snapshot as the list.
 */
export async function listOpenAlertGroups(
  actor: Actor,
  ctx: RequestContext,
  opts: { limit: number; scope: "banner" | "alerts_page" },
): Promise<OpenAlertsSummary> {
  // Admins do not see charts; the banner simply shows nothing for them.
  if (!canAssessments(actor.role, "alert.list")) return none;
  const { perPatient, rows } = await db.$transaction(
    async (tx) => {
      const perPatient = await tx.safetyAlert.groupBy({
        by: ["patientId"],
        where: { status: "OPEN" },
        _count: { _all: true },
        _min: { createdAt: true },
      });
      if (perPatient.length === 0) return { perPatient, rows: [] };
      const shown = [...perPatient]
        .sort(
          (a, b) =>
            (a._min.createdAt?.getTime() ?? 0) - (b._min.createdAt?.getTime() ?? 0) ||
            (a.patientId < b.patientId ? -1 : 1),
        )
        .slice(0, Math.max(0, opts.limit))
        .map((p) => p.patientId);
      const rows = await tx.safetyAlert.findMany({
        where: { status: "OPEN", patientId: { in: shown } },
        select: {
          id: true,
          patientId: true,
          item9Answer: true,
          createdAt: true,
          patient: { select: { givenName: true, familyName: true, mrn: true, phone: true } },
        },
      });
      return { perPatient, rows };
    },
    { isolationLevel: "RepeatableRead" },
  );
  if (perPatient.length === 0) return none;
  const patientOf = new Map(rows.map((r) => [r.patientId, r.patient]));
  const groups = groupOpenAlerts(rows).map((g): OpenAlertGroup => {
    const p = patientOf.get(g.patientId)!;
    return {
      patientId: g.patientId,
      patientName: fullName(p),
      mrn: p.mrn,
      phone: p.phone,
      openCount: g.openCount,
      latestAlertId: g.latest.id,
      latestItem9Answer: g.latest.item9Answer,
      latestAt: g.latest.createdAt.toISOString(),
      highestItem9Answer: g.highestItem9Answer,
      oldestAt: g.oldestAt.toISOString(),
    };
  });
  const summary = { patients: perPatient.length, alerts: perPatient.reduce((n, p) => n + p._count._all, 0), groups };
  // Only a list that shows patients is a PHI read worth a row; an empty banner is not.
  await writeAudit({
    actor: { userId: actor.userId, role: actor.role },
    action: "LIST",
    entityType: "SafetyAlert",
    outcome: "SUCCESS",
    ctx,
    details: {
      scope: opts.scope === "banner" ? "open_banner" : "open_alerts_page",
      patients: summary.patients,
      alerts: summary.alerts,
      results: groups.length,
    },
  });
  return summary;
}

type AlertDetail = {
  id: string;
  patientId: string;
  patientName: string;
  mrn: string;
  phone: string | null;
  item9Answer: number;
  createdAt: string;
  status: "OPEN" | "RESOLVED";
  responseId: string;
  responseSeriesId: string;
  responseMode: string;
  answeredAt: string;
  resolvedAt: string | null;
  resolvedByName: string | null;
  followUpPlan: string | null;
  assessmentDone: boolean;
  /** Every open alert of this patient, this one included when open, oldest first: what one follow-up closes. */
  patientOpenAlerts: { id: string; item9Answer: number; createdAt: string; responseSeriesId: string }[];
};

export async function getAlert(actor: Actor, alertId: string, ctx: RequestContext): Promise<AlertDetail> {
  await authorize(actor, canAssessments(actor.role, "alert.list"), {
    entityType: "SafetyAlert",
    entityId: alertId,
    action: "READ",
  });
  const a = await db.safetyAlert.findUnique({
    where: { id: alertId },
    select: {
      id: true,
      patientId: true,
      item9Answer: true,
      createdAt: true,
      status: true,
      resolvedAt: true,
      resolvedById: true,
      followUpPlan: true,
      assessmentDone: true,
      responseId: true,
      response: { select: { seriesId: true, mode: true, answeredAt: true } },
      patient: { select: { givenName: true, familyName: true, mrn: true, phone: true } },
    },
  });
  if (!a) throw new AppError("NOT_FOUND");
  const [resolver, open] = await Promise.all([
    a.resolvedById ? db.user.findUnique({ where: { id: a.resolvedById }, select: { name: true } }) : null,
    db.safetyAlert.findMany({
      where: { patientId: a.patientId, status: "OPEN" },
      select: { id: true, item9Answer: true, createdAt: true, response: { select: { seriesId: true } } },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    }),
  ]);
  await writeAudit({
    actor: { userId: actor.userId, role: actor.role },
    action: "READ",
    entityType: "SafetyAlert",
    entityId: a.id,
    patientId: a.patientId,
    outcome: "SUCCESS",
    ctx,
    details: { patientOpenAlerts: open.length },
  });
  return {
    id: a.id,
    patientId: a.patientId,
    patientName: fullName(a.patient),
    mrn: a.patient.mrn,
    phone: a.patient.phone,
    item9Answer: a.item9Answer,
    createdAt: a.createdAt.toISOString(),
    status: a.status,
    responseId: a.responseId,
    responseSeriesId: a.response.seriesId,
    responseMode: a.response.mode,
    answeredAt: a.response.answeredAt.toISOString(),
    resolvedAt: a.resolvedAt?.toISOString() ?? null,
    resolvedByName: resolver?.name ?? null,
    followUpPlan: a.followUpPlan,
    assessmentDone: a.assessmentDone,
    patientOpenAlerts: open.map((o) => ({
      id: o.id,
      item9Answer: o.item9Answer,
      createdAt: o.createdAt.toISOString(),
      responseSeriesId: o.response.seriesId,
    })),
  };
}

/**
 * A clinician acknowledges and documents the follow-up in one step. It closes the alert it was
 * opened from and the other open alerts of the same patient listed on the form (`alertIds`: the
 * ones the clinician was shown), in one transaction: each alert gets the same assessment, plan,
 * clinician and time, and its own audit row naming this follow-up. An alert raised after the
 * page was shown is not listed and stays open. A list naming another patient's alert is refused.
 */
export async function resolveAlert(
  actor: Actor,
  alertId: string,
  input: { plan: string; alertIds?: readonly string[] },
  ctx: RequestContext,
  now = new Date(),
): Promise<{ patientId: string; resolved: number }> {
  await authorize(actor, canAssessments(actor.role, "alert.resolve"), {
    entityType: "SafetyAlert",
    entityId: alertId,
    action: "UPDATE",
  });
  return db.$transaction(async (tx) => {
    const a = await tx.safetyAlert.findUnique({ where: { id: alertId }, select: { patientId: true } });
    if (!a) throw new AppError("NOT_FOUND");
    const listed = [...new Set(input.alertIds ?? [])];
    if (!listed.every(isUuid)) throw mismatch();
    const known = await tx.safetyAlert.findMany({
      where: { id: { in: [alertId, ...listed] } },
      select: { id: true, patientId: true, status: true },
    });
    const pick = selectAlertsToClose({ alertId, listed, alerts: known });
    if (pick.kind === "mismatch") throw mismatch();
    if (pick.kind === "already_closed")
      throw new AppError("CONFLICT", "This alert was already acknowledged by another clinician.");
    // status OPEN in the WHERE: a colleague closing one at the same moment wins that one; the
    // rows come back so that each closed alert gets its own audit row.
    const closed = await tx.safetyAlert.updateManyAndReturn({
      where: { id: { in: pick.ids }, patientId: a.patientId, status: "OPEN" },
      data: {
        status: "RESOLVED",
        resolvedAt: now,
        resolvedById: actor.userId,
        assessmentDone: true,
        followUpPlan: input.plan,
      },
      select: { id: true },
    });
    if (closed.length === 0)
      throw new AppError("CONFLICT", "This alert was already acknowledged by another clinician.");
    await writeAudit(
      closed.map((c) => ({
        actor: { userId: actor.userId, role: actor.role },
        action: "UPDATE" as const,
        entityType: "SafetyAlert",
        entityId: c.id,
        patientId: a.patientId,
        outcome: "SUCCESS" as const,
        ctx,
        details: { change: "resolved", assessmentDone: true, followUpFrom: alertId, closedTogether: closed.length },
      })),
      tx,
    );
    return { patientId: a.patientId, resolved: closed.length };
  });
}

const mismatch = () =>
  new AppError("VALIDATION", "The list of alerts on this page is not this patient's. Reload the page and try again.", {
    alertIds: ["These alerts do not all belong to this patient: reload the page"],
  });

/** Alerts of one patient (open and closed) for the chart. */
export async function listPatientAlerts(
  actor: Actor,
  patientId: string,
): Promise<{ id: string; status: "OPEN" | "RESOLVED"; createdAt: string; item9Answer: number }[]> {
  await authorize(actor, canAssessments(actor.role, "alert.list"), {
    entityType: "SafetyAlert",
    patientId,
    action: "LIST",
  });
  const rows = await db.safetyAlert.findMany({
    where: { patientId },
    select: { id: true, status: true, createdAt: true, item9Answer: true },
    orderBy: { createdAt: "desc" },
    take: 20,
  });
  return rows.map((r) => ({ ...r, createdAt: r.createdAt.toISOString() }));
}
