import "server-only";
import { patientLanguage } from "@/i18n/request-locale.server";
import { auditNotFound, writeAudit } from "@/server/audit";
import { denyAccess } from "@/server/auth/actor";
import { db } from "@/server/db";
import { getEnv } from "@/server/env";
import { AppError } from "@/server/errors";
import type { RequestContext } from "@/server/request-context";
import type { Actor } from "../identity/core/roles";
import { buildVisitIcs } from "./core/ics";
import { canSchedule, canSeeVisit } from "./policy";
import { patientOfVisit, patientScope, who } from "./visit-rows.server";

export async function exportVisitIcs(
  actor: Actor,
  visitId: string,
  ctx: RequestContext,
  now = new Date(),
  /** The language switch's choice on the page it was asked from (patients only). */
  switchedLocale?: string | null,
): Promise<{ filename: string; body: string }> {
  if (!canSchedule(actor.role, "visit.exportIcs"))
    await denyAccess(actor, { entityType: "Visit", entityId: visitId, action: "READ" });
  const v = await db.visit.findFirst({
    where: { AND: [{ id: visitId }, patientScope(actor)] },
    select: {
      id: true,
      patientId: true,
      startsAt: true,
      endsAt: true,
      modality: true,
      status: true,
      sequence: true,
      patient: { select: { timeZone: true, preferredLanguage: true } },
    },
  });
  if (!v || !canSeeVisit(actor, v.patientId)) {
    await auditNotFound(
      who(actor),
      { action: "EXPORT", entityType: "Visit", entityId: visitId, details: { format: "ics" } },
      ctx,
      () => patientOfVisit(visitId),
      actor.patientId,
    );
    throw new AppError("NOT_FOUND");
  }
  const base = new URL(getEnv().NEXTAUTH_URL ?? "http://localhost:3000");
  // The patient's file is in the patient's language; staff (whose pages are English) get English.
  const language =
    actor.role === "PATIENT" ? patientLanguage(v.patient.preferredLanguage, switchedLocale) : patientLanguage("en");
  const body = buildVisitIcs({
    visitId: v.id,
    sequence: v.sequence,
    startsAt: v.startsAt,
    endsAt: v.endsAt,
    modality: v.modality,
    cancelled: v.status === "CANCELLED",
    clinicName: getEnv().CLINIC_NAME,
    // A page behind sign-in (patients with an account) - never a raw link token.
    joinUrl: v.modality === "VIDEO" ? new URL(`/me/visits/${v.id}`, base).toString() : null,
    domain: base.hostname,
    now,
    timeZone: v.patient.timeZone,
    locale: language.locale,
    t: language.t,
  });
  await writeAudit({
    actor: who(actor),
    action: "EXPORT",
    entityType: "Visit",
    entityId: v.id,
    patientId: v.patientId,
    outcome: "SUCCESS",
    ctx,
    details: { format: "ics", sequence: v.sequence, language: language.locale },
  });
  return { filename: `visit-${v.startsAt.toISOString().slice(0, 10)}.ics`, body };
}
