import "server-only";
import { writeAudit } from "@/server/audit";
import { authorize } from "@/server/auth/actor";
import { db } from "@/server/db";
import { AppError } from "@/server/errors";
import type { RequestContext } from "@/server/request-context";
import type { Actor } from "../identity/core/roles";
import { fullName } from "../patients/core/format";
import { canAssessments } from "./policy";

/**
 * PHQ-9 item 9 safety alerts (docs/clinical-reference.md#phq-9-item-9-safety-event): opened in the response's transaction, shown on every
 * staff page until a clinician records the same-day suicide-risk assessment and the plan.
 */
export type OpenAlert = { id: string; patientId: string; patientName: string; mrn: string; phone: string | null; item9Answer: number; createdAt: string };

export async function listOpenAlerts(actor: Actor, ctx: RequestContext): Promise<OpenAlert[]> {
  // Admins do not see charts; the banner simply shows nothing for them.
  if (!canAssessments(actor.role, "alert.list")) return [];
  const rows = await db.safetyAlert.findMany({
    where: { status: "OPEN" },
    select: { id: true, patientId: true, item9Answer: true, createdAt: true, patient: { select: { givenName: true, familyName: true, mrn: true, phone: true } } },
    orderBy: { createdAt: "asc" },
    take: 50,
  });
  // Only a list that shows patients is a PHI read worth a row; an empty banner is not.
  if (rows.length > 0) {
    await writeAudit({ actor: { userId: actor.userId, role: actor.role }, action: "LIST", entityType: "SafetyAlert", outcome: "SUCCESS", ctx, details: { scope: "open_banner", results: rows.length } });
  }
  return rows.map((r) => ({ id: r.id, patientId: r.patientId, patientName: fullName(r.patient), mrn: r.patient.mrn, phone: r.patient.phone, item9Answer: r.item9Answer, createdAt: r.createdAt.toISOString() }));
}

export type AlertDetail = OpenAlert & {
  status: "OPEN" | "RESOLVED";
  responseId: string;
  responseSeriesId: string;
  responseMode: string;
  answeredAt: string;
  resolvedAt: string | null;
  resolvedByName: string | null;
  followUpPlan: string | null;
  assessmentDone: boolean;
};

export async function getAlert(actor: Actor, alertId: string, ctx: RequestContext): Promise<AlertDetail> {
  await authorize(actor, canAssessments(actor.role, "alert.list"), { entityType: "SafetyAlert", entityId: alertId, action: "READ" });
  const a = await db.safetyAlert.findUnique({
    where: { id: alertId },
    select: {
      id: true, patientId: true, item9Answer: true, createdAt: true, status: true, resolvedAt: true, resolvedById: true, followUpPlan: true, assessmentDone: true, responseId: true,
      response: { select: { seriesId: true, mode: true, answeredAt: true } },
      patient: { select: { givenName: true, familyName: true, mrn: true, phone: true } },
    },
  });
  if (!a) throw new AppError("NOT_FOUND");
  const resolver = a.resolvedById ? await db.user.findUnique({ where: { id: a.resolvedById }, select: { name: true } }) : null;
  await writeAudit({ actor: { userId: actor.userId, role: actor.role }, action: "READ", entityType: "SafetyAlert", entityId: a.id, patientId: a.patientId, outcome: "SUCCESS", ctx });
  return {
    id: a.id, patientId: a.patientId, patientName: fullName(a.patient), mrn: a.patient.mrn, phone: a.patient.phone, item9Answer: a.item9Answer, createdAt: a.createdAt.toISOString(),
    status: a.status, responseId: a.responseId, responseSeriesId: a.response.seriesId, responseMode: a.response.mode, answeredAt: a.response.answeredAt.toISOString(),
    resolvedAt: a.resolvedAt?.toISOString() ?? null, resolvedByName: resolver?.name ?? null, followUpPlan: a.followUpPlan, assessmentDone: a.assessmentDone,
  };
}

/** A clinician acknowledges the alert and documents the follow-up in one step. */
export async function resolveAlert(actor: Actor, alertId: string, input: { plan: string }, ctx: RequestContext, now = new Date()): Promise<{ patientId: string }> {
  await authorize(actor, canAssessments(actor.role, "alert.resolve"), { entityType: "SafetyAlert", entityId: alertId, action: "UPDATE" });
  return db.$transaction(async (tx) => {
    const a = await tx.safetyAlert.findUnique({ where: { id: alertId }, select: { patientId: true } });
    if (!a) throw new AppError("NOT_FOUND");
    const r = await tx.safetyAlert.updateMany({
      where: { id: alertId, status: "OPEN" },
      data: { status: "RESOLVED", resolvedAt: now, resolvedById: actor.userId, assessmentDone: true, followUpPlan: input.plan },
    });
    if (r.count !== 1) throw new AppError("CONFLICT", "This alert was already acknowledged by another clinician.");
    await writeAudit({ actor: { userId: actor.userId, role: actor.role }, action: "UPDATE", entityType: "SafetyAlert", entityId: alertId, patientId: a.patientId, outcome: "SUCCESS", ctx, details: { change: "resolved", assessmentDone: true } }, tx);
    return { patientId: a.patientId };
  });
}

/** Alerts of one patient (open and closed) for the chart. */
export async function listPatientAlerts(actor: Actor, patientId: string): Promise<{ id: string; status: "OPEN" | "RESOLVED"; createdAt: string; item9Answer: number }[]> {
  await authorize(actor, canAssessments(actor.role, "alert.list"), { entityType: "SafetyAlert", patientId, action: "LIST" });
  const rows = await db.safetyAlert.findMany({ where: { patientId }, select: { id: true, status: true, createdAt: true, item9Answer: true }, orderBy: { createdAt: "desc" }, take: 20 });
  return rows.map((r) => ({ ...r, createdAt: r.createdAt.toISOString() }));
}
