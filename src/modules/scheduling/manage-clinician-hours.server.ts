import "server-only";
import { writeAudit } from "@/server/audit";
import { authorize } from "@/server/auth/actor";
import { db } from "@/server/db";
import { AppError } from "@/server/errors";
import type { RequestContext } from "@/server/request-context";
import type { Actor } from "../identity/core/roles";
import { hhmmToMinute, zonedToUtc } from "./core/time";
import { clinicTimeZone } from "./load-availability.server";
import { canSchedule } from "./policy";

export type ClinicianHoursDto = {
  clinician: { id: string; name: string };
  weekly: { weekday: number; startMinute: number; endMinute: number }[];
  exceptions: { id: string; kind: "TIME_OFF" | "EXTRA_HOURS"; startsAt: string; endsAt: string; note: string | null }[];
};

export async function listCliniciansForScheduling(actor: Actor): Promise<{ id: string; name: string }[]> {
  await authorize(actor, actor.role !== "PATIENT", { entityType: "User", action: "LIST" });
  return db.user.findMany({
    where: { role: "CLINICIAN", active: true },
    select: { id: true, name: true },
    orderBy: { name: "asc" },
  });
}

export async function getClinicianHours(
  actor: Actor,
  clinicianId: string,
  now = new Date(),
): Promise<ClinicianHoursDto> {
  await authorize(actor, canSchedule(actor.role, "schedule.manageHours"), {
    entityType: "ClinicianHours",
    entityId: clinicianId,
    action: "READ",
  });
  const c = await db.user.findFirst({
    where: { id: clinicianId, role: "CLINICIAN" },
    select: {
      id: true,
      name: true,
      weeklyHours: {
        select: { weekday: true, startMinute: true, endMinute: true },
        orderBy: [{ weekday: "asc" }, { startMinute: "asc" }],
      },
      availabilityExceptions: {
        where: { endsAt: { gt: now } },
        select: { id: true, kind: true, startsAt: true, endsAt: true, note: true },
        orderBy: { startsAt: "asc" },
        take: 100,
      },
    },
  });
  if (!c) throw new AppError("NOT_FOUND");
  return {
    clinician: { id: c.id, name: c.name },
    weekly: c.weeklyHours,
    exceptions: c.availabilityExceptions.map((e) => ({
      ...e,
      startsAt: e.startsAt.toISOString(),
      endsAt: e.endsAt.toISOString(),
    })),
  };
}

/** Replaces a clinician's weekly hours (one window per weekday). Booked visits are not touched. */
export async function setWeeklyHours(
  actor: Actor,
  clinicianId: string,
  rows: { weekday: number; startMinute: number; endMinute: number }[],
  ctx: RequestContext,
): Promise<void> {
  await authorize(actor, canSchedule(actor.role, "schedule.manageHours"), {
    entityType: "ClinicianHours",
    entityId: clinicianId,
    action: "UPDATE",
  });
  await db.$transaction(async (tx) => {
    const c = await tx.user.findFirst({ where: { id: clinicianId, role: "CLINICIAN" }, select: { id: true } });
    if (!c) throw new AppError("NOT_FOUND");
    await tx.clinicianWeeklyHours.deleteMany({ where: { clinicianId } });
    await tx.clinicianWeeklyHours.createMany({
      data: rows.map((r) => ({ clinicianId, weekday: r.weekday, startMinute: r.startMinute, endMinute: r.endMinute })),
    });
    await writeAudit(
      {
        actor: { userId: actor.userId, role: actor.role },
        action: "UPDATE",
        entityType: "ClinicianHours",
        entityId: clinicianId,
        outcome: "SUCCESS",
        ctx,
        details: { weekdays: rows.map((r) => r.weekday) },
      },
      tx,
    );
  });
}

export async function addAvailabilityException(
  actor: Actor,
  clinicianId: string,
  input: { kind: "TIME_OFF" | "EXTRA_HOURS"; date: string; startTime: string; endTime: string; note: string | null },
  ctx: RequestContext,
): Promise<void> {
  await authorize(actor, canSchedule(actor.role, "schedule.manageHours"), {
    entityType: "ClinicianHours",
    entityId: clinicianId,
    action: "UPDATE",
  });
  const tz = clinicTimeZone();
  const startsAt = zonedToUtc(input.date, hhmmToMinute(input.startTime) ?? 0, tz);
  const endsAt = zonedToUtc(input.date, hhmmToMinute(input.endTime) ?? 0, tz);
  await db.$transaction(async (tx) => {
    const c = await tx.user.findFirst({ where: { id: clinicianId, role: "CLINICIAN" }, select: { id: true } });
    if (!c) throw new AppError("NOT_FOUND");
    const row = await tx.clinicianAvailabilityException.create({
      data: { clinicianId, kind: input.kind, startsAt, endsAt, note: input.note },
      select: { id: true },
    });
    await writeAudit(
      {
        actor: { userId: actor.userId, role: actor.role },
        action: "CREATE",
        entityType: "AvailabilityException",
        entityId: row.id,
        outcome: "SUCCESS",
        ctx,
        details: { clinicianId, kind: input.kind },
      },
      tx,
    );
  });
}

export async function deleteAvailabilityException(
  actor: Actor,
  clinicianId: string,
  exceptionId: string,
  ctx: RequestContext,
): Promise<void> {
  await authorize(actor, canSchedule(actor.role, "schedule.manageHours"), {
    entityType: "AvailabilityException",
    entityId: exceptionId,
    action: "UPDATE",
  });
  await db.$transaction(async (tx) => {
    const r = await tx.clinicianAvailabilityException.deleteMany({ where: { id: exceptionId, clinicianId } });
    if (r.count !== 1) throw new AppError("NOT_FOUND");
    await writeAudit(
      {
        actor: { userId: actor.userId, role: actor.role },
        action: "DELETE",
        entityType: "AvailabilityException",
        entityId: exceptionId,
        outcome: "SUCCESS",
        ctx,
        details: { clinicianId },
      },
      tx,
    );
  });
}
