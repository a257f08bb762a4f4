import "server-only";
import { writeAudit } from "@/server/audit";
import { authorize } from "@/server/auth/actor";
import { db } from "@/server/db";
import type { RequestContext } from "@/server/request-context";
import type { Actor } from "../identity/core/roles";
import { fullName } from "../patients/core/format";
import type { InstrumentCode } from "./core/instruments";
import { computeReadiness, isPastDue, type FormReadiness } from "./core/readiness";
import { canAssessments } from "./policy";
import { staff } from "./respondent.server";

/** Visit readiness (pre-visit form status per visit) and the coordinator's queue. */

/**
 * Pre-visit form status per visit for the Today list and coordinator views. Returns statuses
 * only (no PHI); the caller has already authorized the visits it lists. Visits without
 * requests map to "none".
 */
export async function getFormStatusForVisits(
  visitIds: readonly string[],
  now = new Date(),
): Promise<Record<string, FormReadiness>> {
  const out: Record<string, FormReadiness> = {};
  if (visitIds.length === 0) return out;
  const rows = await db.formRequest.findMany({
    where: { visitId: { in: [...visitIds] } },
    select: { visitId: true, status: true, dueAt: true },
  });
  for (const id of visitIds)
    out[id] = computeReadiness(
      rows.filter((r) => r.visitId === id),
      now,
    );
  return out;
}

type QueueRow = {
  requestId: string;
  patientId: string;
  patientName: string;
  mrn: string;
  phone: string | null;
  instrument: InstrumentCode;
  visitId: string | null;
  dueAt: string;
  state: "pending" | "overdue";
  reminderCount: number;
  lastRemindedAt: string | null;
};

/** Coordinator work queue: pending and overdue forms, overdue first (soonest due first). */
export async function listFormQueue(
  actor: Actor,
  ctx: RequestContext,
  now = new Date(),
): Promise<{ rows: QueueRow[]; overdue: number; pending: number }> {
  await authorize(actor, canAssessments(actor.role, "formRequest.listQueue"), {
    entityType: "FormRequest",
    action: "LIST",
  });
  const rows = await db.formRequest.findMany({
    where: { status: "PENDING" },
    select: {
      id: true,
      patientId: true,
      instrument: true,
      visitId: true,
      dueAt: true,
      reminderCount: true,
      lastRemindedAt: true,
      patient: { select: { givenName: true, familyName: true, mrn: true, phone: true } },
    },
    orderBy: [{ dueAt: "asc" }, { id: "asc" }],
    take: 500,
  });
  const out: QueueRow[] = rows.map((r) => ({
    requestId: r.id,
    patientId: r.patientId,
    patientName: fullName(r.patient),
    mrn: r.patient.mrn,
    phone: r.patient.phone,
    instrument: r.instrument,
    visitId: r.visitId,
    dueAt: r.dueAt.toISOString(),
    state: isPastDue(r.dueAt, now) ? "overdue" : "pending",
    reminderCount: r.reminderCount,
    lastRemindedAt: r.lastRemindedAt?.toISOString() ?? null,
  }));
  await writeAudit({
    actor: staff(actor),
    action: "LIST",
    entityType: "FormRequest",
    outcome: "SUCCESS",
    ctx,
    details: { scope: "queue", results: out.length },
  });
  const overdue = out.filter((r) => r.state === "overdue").length;
  return { rows: out, overdue, pending: out.length - overdue };
}
