import "server-only";
import { auditNotFound, writeAudit } from "@/server/audit";
import { denyAccess } from "@/server/auth/actor";
import { db } from "@/server/db";
import { AppError } from "@/server/errors";
import type { RequestContext } from "@/server/request-context";
import type { Actor } from "../identity/core/roles";
import { todayIn } from "../patients/core/format";
import { clinicTimeZone } from "./load-availability.server";
import { canSchedule, canSeeVisit } from "./policy";
import { listSelect, patientOfVisit, patientScope, toListItem, type VisitDetail, who } from "./visit-rows.server";

export async function getVisit(actor: Actor, visitId: string, ctx: RequestContext): Promise<VisitDetail> {
  if (!canSchedule(actor.role, "visit.read") && !canSchedule(actor.role, "visit.readOwn")) {
    await denyAccess(actor, { entityType: "Visit", entityId: visitId, action: "READ" });
  }
  const v = await db.visit.findFirst({
    where: { AND: [{ id: visitId }, patientScope(actor)] },
    select: {
      ...listSelect,
      reason: true,
      cancelReason: true,
      visitTypeId: true,
      patient: {
        select: { givenName: true, familyName: true, birthDate: true, timeZone: true, phone: true, mrn: true },
      },
      events: {
        select: { at: true, kind: true, fromStatus: true, toStatus: true, reason: true, actorUserId: true },
        orderBy: { at: "asc" },
      },
      _count: { select: { reminders: { where: { status: "PENDING" } } } },
    },
  });
  if (!v || !canSeeVisit(actor, v.patientId)) {
    await auditNotFound(
      who(actor),
      { action: "READ", entityType: "Visit", entityId: visitId },
      ctx,
      () => patientOfVisit(visitId),
      actor.patientId,
    );
    throw new AppError("NOT_FOUND");
  }
  const actorIds = [...new Set(v.events.map((e) => e.actorUserId).filter((x): x is string => !!x))];
  const names = new Map(
    (await db.user.findMany({ where: { id: { in: actorIds } }, select: { id: true, name: true } })).map((u) => [
      u.id,
      u.name,
    ]),
  );
  await writeAudit({
    actor: who(actor),
    action: "READ",
    entityType: "Visit",
    entityId: v.id,
    patientId: v.patientId,
    outcome: "SUCCESS",
    ctx,
  });
  const today = todayIn(clinicTimeZone());
  return {
    ...toListItem(v, today),
    reason: actor.role === "PATIENT" ? "" : v.reason,
    cancelReason: actor.role === "PATIENT" ? null : v.cancelReason,
    patientTimeZone: v.patient.timeZone,
    patientPhone: v.patient.phone,
    patientMrn: v.patient.mrn,
    durationMinutes: Math.round((v.endsAt.getTime() - v.startsAt.getTime()) / 60_000),
    visitTypeId: v.visitTypeId,
    events:
      actor.role === "PATIENT"
        ? []
        : v.events.map((e) => ({
            at: e.at.toISOString(),
            kind: e.kind,
            fromStatus: e.fromStatus,
            toStatus: e.toStatus,
            reason: e.reason,
            actorName: e.actorUserId ? (names.get(e.actorUserId) ?? null) : null,
          })),
    pendingReminders: v._count.reminders,
  };
}
