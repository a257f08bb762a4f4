import "server-only";
import type { Prisma } from "@/generated/prisma/client";
import { auditNotFound, writeAudit } from "@/server/audit";
import { denyAccess } from "@/server/auth/actor";
import { db } from "@/server/db";
import { AppError } from "@/server/errors";
import { getEnv } from "@/server/env";
import type { RequestContext } from "@/server/request-context";
import type { Actor } from "../identity/core/roles";
import { todayIn } from "./core/format";
import { type PatientDetail, summarySelect, toSummary } from "./patient-rows.server";
import { canAccessPatient } from "./policy";

const detailSelect = {
  ...summarySelect,
  email: true,
  timeZone: true,
  preferredLanguage: true,
  allergies: true,
  primaryClinicianId: true,
  careTeam: { select: { userId: true, role: true, user: { select: { name: true } } }, orderBy: { createdAt: "asc" } },
  user: { select: { id: true } },
} satisfies Prisma.PatientSelect;

/**
 * One patient's record. Scoped in the query itself: a patient actor can only ever match their
 * own id, so a foreign id finds nothing (404) rather than relying on a later check.
 */
export async function getPatient(actor: Actor, patientId: string, ctx: RequestContext): Promise<PatientDetail> {
  if (!canAccessPatient(actor, patientId)) {
    // The chart that was asked for (when it exists), so "who tried to open this chart" finds it.
    const exists = await db.patient.findUnique({ where: { id: patientId }, select: { id: true } });
    await denyAccess(actor, {
      entityType: "Patient",
      entityId: patientId,
      patientId: exists?.id ?? null,
      action: "READ",
    });
  }
  const scope: Prisma.PatientWhereInput = actor.role === "PATIENT" ? { id: actor.patientId ?? "" } : {};
  const p = await db.patient.findFirst({ where: { AND: [{ id: patientId }, scope] }, select: detailSelect });
  if (!p) {
    await auditNotFound(
      { userId: actor.userId, role: actor.role },
      { action: "READ", entityType: "Patient", entityId: patientId },
      ctx,
      async () => null,
    );
    throw new AppError("NOT_FOUND");
  }
  await writeAudit({
    actor: { userId: actor.userId, role: actor.role },
    action: "READ",
    entityType: "Patient",
    entityId: p.id,
    patientId: p.id,
    outcome: "SUCCESS",
    ctx,
  });
  const today = todayIn(getEnv().CLINIC_TIME_ZONE);
  return {
    ...toSummary(p, today),
    givenName: p.givenName,
    familyName: p.familyName,
    email: p.email,
    timeZone: p.timeZone,
    preferredLanguage: p.preferredLanguage,
    allergies: p.allergies,
    primaryClinicianId: p.primaryClinicianId,
    careTeam: p.careTeam.map((m) => ({ userId: m.userId, name: m.user.name, role: m.role })),
    hasPortalAccount: p.user !== null,
  };
}
