import "server-only";
import type { Prisma } from "@/generated/prisma/client";
import { writeAudit } from "@/server/audit";
import { authorize, denyAccess } from "@/server/auth/actor";
import { db } from "@/server/db";
import type { RequestContext } from "@/server/request-context";
import type { Actor } from "../identity/core/roles";
import { todayIn } from "../patients/core/format";
import { clinicTimeZone } from "./load-availability.server";
import { addDays, wallClockAt, zonedToUtc } from "./core/time";
import type { VisitStatus } from "./core/visit-lifecycle";
import { canSchedule, canSeeVisit } from "./policy";
import { listSelect, patientScope, toListItem, type VisitListItem, who } from "./visit-rows.server";

/**
 * For other modules: a patient's visits (upcoming first by default). Scoped in the query: a
 * patient actor gets only their own; staff any patient.
 */
export async function listVisitsForPatient(
  actor: Actor,
  patientId: string,
  ctx: RequestContext,
  opts: { upcomingOnly?: boolean; includeCancelled?: boolean; now?: Date; take?: number } = {},
): Promise<VisitListItem[]> {
  if (!canSeeVisit(actor, patientId)) await denyAccess(actor, { entityType: "Visit", patientId, action: "LIST" });
  const now = opts.now ?? new Date();
  const rows = await db.visit.findMany({
    where: {
      AND: [
        { patientId },
        patientScope(actor),
        opts.upcomingOnly ? { endsAt: { gt: now } } : {},
        opts.includeCancelled ? {} : { status: { not: "CANCELLED" } },
      ],
    },
    select: listSelect,
    orderBy: { startsAt: opts.upcomingOnly ? "asc" : "desc" },
    take: opts.take ?? 50,
  });
  await writeAudit({
    actor: who(actor),
    action: "LIST",
    entityType: "Visit",
    patientId,
    outcome: "SUCCESS",
    ctx,
    details: { results: rows.length, upcomingOnly: !!opts.upcomingOnly },
  });
  const today = todayIn(clinicTimeZone());
  return rows.map((r) => toListItem(r, today));
}

/** Calendar: visits overlapping [from, to] clinic dates, optionally for one clinician. */
export async function listVisitsForCalendar(
  actor: Actor,
  input: { from: string; to: string; clinicianId: string | null },
  ctx: RequestContext,
): Promise<VisitListItem[]> {
  await authorize(actor, canSchedule(actor.role, "visit.list"), { entityType: "Visit", action: "LIST" });
  const tz = clinicTimeZone();
  const lo = zonedToUtc(input.from, 0, tz);
  const hi = zonedToUtc(addDays(input.to, 1), 0, tz);
  const rows = await db.visit.findMany({
    where: {
      startsAt: { lt: hi },
      endsAt: { gt: lo },
      ...(input.clinicianId ? { clinicianId: input.clinicianId } : {}),
    },
    select: listSelect,
    orderBy: [{ startsAt: "asc" }, { clinicianId: "asc" }],
    take: 2000,
  });
  await writeAudit({
    actor: who(actor),
    action: "LIST",
    entityType: "Visit",
    outcome: "SUCCESS",
    ctx,
    details: { scope: "calendar", results: rows.length },
  });
  const today = todayIn(tz);
  return rows.map((r) => toListItem(r, today));
}

export const UPCOMING_PAGE_SIZE = 50;

export async function listUpcomingVisits(
  actor: Actor,
  f: {
    clinicianId: string | null;
    status: VisitStatus | null;
    modality: "VIDEO" | "PHONE" | null;
    from?: string;
    to?: string;
    page: number;
  },
  ctx: RequestContext,
  now = new Date(),
): Promise<{ rows: VisitListItem[]; total: number }> {
  await authorize(actor, canSchedule(actor.role, "visit.list"), { entityType: "Visit", action: "LIST" });
  const tz = clinicTimeZone();
  const where: Prisma.VisitWhereInput = {
    startsAt: {
      gte: f.from ? zonedToUtc(f.from, 0, tz) : new Date(now.getTime() - 60 * 60_000),
      ...(f.to ? { lt: zonedToUtc(addDays(f.to, 1), 0, tz) } : {}),
    },
    ...(f.clinicianId ? { clinicianId: f.clinicianId } : {}),
    ...(f.status ? { status: f.status } : { status: { not: "CANCELLED" } }),
    ...(f.modality ? { modality: f.modality } : {}),
  };
  const [rows, total] = await Promise.all([
    db.visit.findMany({
      where,
      select: listSelect,
      orderBy: [{ startsAt: "asc" }, { id: "asc" }],
      take: UPCOMING_PAGE_SIZE,
      skip: (f.page - 1) * UPCOMING_PAGE_SIZE,
    }),
    db.visit.count({ where }),
  ]);
  await writeAudit({
    actor: who(actor),
    action: "LIST",
    entityType: "Visit",
    outcome: "SUCCESS",
    ctx,
    details: { scope: "upcoming", results: rows.length, page: f.page },
  });
  const today = todayIn(tz);
  return { rows: rows.map((r) => toListItem(r, today)), total };
}

/** The clinician's own visits today (clinic day), for the Today timeline. */
export async function listTodayVisits(actor: Actor, ctx: RequestContext, now = new Date()): Promise<VisitListItem[]> {
  await authorize(actor, actor.role === "CLINICIAN" && canSchedule(actor.role, "visit.list"), {
    entityType: "Visit",
    action: "LIST",
  });
  const tz = clinicTimeZone();
  const today = wallClockAt(now, tz).date;
  const rows = await db.visit.findMany({
    where: {
      clinicianId: actor.userId,
      startsAt: { gte: zonedToUtc(today, 0, tz), lt: zonedToUtc(addDays(today, 1), 0, tz) },
    },
    select: listSelect,
    orderBy: { startsAt: "asc" },
  });
  await writeAudit({
    actor: who(actor),
    action: "LIST",
    entityType: "Visit",
    outcome: "SUCCESS",
    ctx,
    details: { scope: "today", results: rows.length },
  });
  return rows.map((r) => toListItem(r, today));
}
