import "server-only";
import { auditNotFound, writeAudit } from "@/server/audit";
import { authorize } from "@/server/auth/actor";
import { db } from "@/server/db";
import { AppError } from "@/server/errors";
import type { RequestContext } from "@/server/request-context";
import type { Actor } from "../identity/core/roles";
import { linkSessionAudit, type LinkSession } from "../patient-access/index.server";
import { clinicTimeZone } from "./load-availability.server";
import type { VisitStatus } from "./core/visit-lifecycle";
import { canSchedule } from "./policy";
import { patientOfVisit, patientScope, who } from "./visit-rows.server";

export type PatientVisitView = {
  id: string;
  startsAt: string;
  endsAt: string;
  modality: "VIDEO" | "PHONE";
  status: VisitStatus;
  clinicianName: string;
  visitTypeName: string;
  phoneNumber: string | null;
  timeZone: string;
  givenName: string;
  /** The patient's language for the page (docs/decisions/i18n.md). */
  preferredLanguage: string;
};

/** The "your visit" page a join link opens: only the one visit the link was made for. */
export async function getVisitForLinkSession(
  session: LinkSession,
  ctx: RequestContext,
): Promise<PatientVisitView | null> {
  if (!session.subjectId) return null;
  const v = await db.visit.findFirst({
    where: { id: session.subjectId, patientId: session.patientId },
    select: {
      id: true,
      startsAt: true,
      endsAt: true,
      modality: true,
      status: true,
      phoneNumber: true,
      clinician: { select: { name: true } },
      visitType: { select: { name: true } },
      patient: { select: { timeZone: true, givenName: true, preferredLanguage: true } },
    },
  });
  await writeAudit({
    actor: null,
    action: "READ",
    entityType: "Visit",
    entityId: session.subjectId,
    patientId: session.patientId,
    outcome: v ? "SUCCESS" : "FAILURE",
    ctx,
    details: linkSessionAudit(session),
  });
  if (!v) return null;
  return toPatientView(v);
}

/** A visit as its patient (or a guest of theirs) sees it. */
export function toPatientView(v: {
  id: string;
  startsAt: Date;
  endsAt: Date;
  modality: "VIDEO" | "PHONE";
  status: VisitStatus;
  phoneNumber: string | null;
  clinician: { name: string };
  visitType: { name: string };
  patient: { timeZone: string; givenName: string; preferredLanguage: string };
}): PatientVisitView {
  return {
    id: v.id,
    startsAt: v.startsAt.toISOString(),
    endsAt: v.endsAt.toISOString(),
    modality: v.modality,
    status: v.status,
    clinicianName: v.clinician.name,
    visitTypeName: v.visitType.name,
    phoneNumber: v.phoneNumber,
    timeZone: v.patient.timeZone,
    givenName: v.patient.givenName,
    preferredLanguage: v.patient.preferredLanguage,
  };
}

/** A signed-in patient's own visit page (/me/visits/[id]). */
export async function getOwnVisitView(actor: Actor, visitId: string, ctx: RequestContext): Promise<PatientVisitView> {
  await authorize(actor, canSchedule(actor.role, "visit.readOwn"), {
    entityType: "Visit",
    entityId: visitId,
    action: "READ",
  });
  const v = await db.visit.findFirst({
    where: { AND: [{ id: visitId }, patientScope(actor)] },
    select: {
      id: true,
      patientId: true,
      startsAt: true,
      endsAt: true,
      modality: true,
      status: true,
      phoneNumber: true,
      clinician: { select: { name: true } },
      visitType: { select: { name: true } },
      patient: { select: { timeZone: true, givenName: true, preferredLanguage: true } },
    },
  });
  if (!v) {
    await auditNotFound(
      who(actor),
      { action: "READ", entityType: "Visit", entityId: visitId },
      ctx,
      () => patientOfVisit(visitId),
      actor.patientId,
    );
    throw new AppError("NOT_FOUND");
  }
  await writeAudit({
    actor: who(actor),
    action: "READ",
    entityType: "Visit",
    entityId: v.id,
    patientId: v.patientId,
    outcome: "SUCCESS",
    ctx,
  });
  return toPatientView(v);
}

/** The patient's own time zone (for their pages). */
export async function getPatientTimeZone(actor: Actor): Promise<string> {
  if (actor.role !== "PATIENT" || !actor.patientId) return clinicTimeZone();
  const p = await db.patient.findUnique({ where: { id: actor.patientId }, select: { timeZone: true } });
  return p?.timeZone ?? clinicTimeZone();
}
