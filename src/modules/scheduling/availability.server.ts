import "server-only";
import { writeAudit } from "@/server/audit";
import { authorize } from "@/server/auth/actor";
import { db, type Tx } from "@/server/db";
import { getEnv } from "@/server/env";
import { AppError, pgErrorCode } from "@/server/errors";
import type { RequestContext } from "@/server/request-context";
import type { Actor } from "../identity/core/roles";
import { computeOpenTime, isWithinWorkingTime, type ClinicianAvailability, type Interval } from "./core/open-time";
import { findOpenSlots, type Slot } from "./core/slots";
import { addDays, hhmmToMinute, wallClockAt, zonedToUtc } from "./core/time";
import { canSchedule } from "./policy";

/** Earliest a visit may be booked: a coordinator cannot book a time that has already passed. */
export const BOOKING_LEAD_MINUTES = 0;

export type VisitTypeDto = { id: string; name: string; durationMinutes: number; active: boolean };
export type SlotDto = { clinicianId: string; clinicianName: string; startsAt: string; endsAt: string };

export function clinicTimeZone(): string {
  return getEnv().CLINIC_TIME_ZONE;
}

/**
 * Availability for some clinicians (all active clinicians when ids is null) between two clinic
 * dates. A fixed number of queries (clinicians, hours, exceptions, busy visits) however many
 * visits there are: nothing is fetched per clinician or per visit.
 */
export async function loadAvailability(
  clinicianIds: string[] | null,
  from: string,
  to: string,
  opts: { patientId?: string | null; excludeVisitId?: string | null; client?: Tx } = {},
): Promise<{
  clinicians: (ClinicianAvailability & { name: string })[];
  busy: Map<string, Interval[]>;
  patientBusy: Interval[];
}> {
  const client = opts.client ?? db;
  const tz = clinicTimeZone();
  // One day of margin either side so windows crossing midnight (and zone offsets) are covered.
  const lo = zonedToUtc(addDays(from, -1), 0, tz);
  const hi = zonedToUtc(addDays(to, 2), 0, tz);
  const idFilter = clinicianIds ? { id: { in: clinicianIds } } : {};
  const [clinicians, hours, exceptions] = await Promise.all([
    client.user.findMany({
      where: { role: "CLINICIAN", active: true, ...idFilter },
      select: { id: true, name: true },
      orderBy: { name: "asc" },
    }),
    client.clinicianWeeklyHours.findMany({
      where: { clinician: { role: "CLINICIAN", active: true, ...idFilter } },
      select: { clinicianId: true, weekday: true, startMinute: true, endMinute: true },
    }),
    client.clinicianAvailabilityException.findMany({
      where: { clinician: { role: "CLINICIAN", active: true, ...idFilter }, startsAt: { lt: hi }, endsAt: { gt: lo } },
      select: { clinicianId: true, kind: true, startsAt: true, endsAt: true },
    }),
  ]);
  const ids = clinicians.map((c) => c.id);
  const patientId = opts.patientId ?? null;
  const exclude = opts.excludeVisitId ?? "00000000-0000-0000-0000-000000000000";
  // Raw SQL, aggregated per clinician (and the patient) into arrays of epoch milliseconds: one
  // small row per clinician however many visits there are, cheap to read; uses the
  // (clinicianId, startsAt) and (patientId, startsAt) indexes.
  const busyRows = ids.length
    ? await client.$queryRaw<{ kind: string; id: string; s: number[]; e: number[] }[]>`
        SELECT 'c' AS "kind", "clinicianId"::text AS "id",
               array_agg((extract(epoch FROM "startsAt") * 1000)::float8) AS "s", array_agg((extract(epoch FROM "endsAt") * 1000)::float8) AS "e"
        FROM "Visit"
        WHERE "clinicianId" = ANY(${ids}::uuid[]) AND "status" <> 'CANCELLED' AND "startsAt" < ${hi} AND "endsAt" > ${lo} AND "id" <> ${exclude}::uuid
        GROUP BY "clinicianId"
        UNION ALL
        SELECT 'p', "patientId"::text,
               array_agg((extract(epoch FROM "startsAt") * 1000)::float8), array_agg((extract(epoch FROM "endsAt") * 1000)::float8)
        FROM "Visit"
        WHERE "patientId" = ${patientId}::uuid AND "status" <> 'CANCELLED' AND "startsAt" < ${hi} AND "endsAt" > ${lo} AND "id" <> ${exclude}::uuid
        GROUP BY "patientId"`
    : [];
  const busy = new Map<string, Interval[]>();
  const patientBusy: Interval[] = [];
  for (const r of busyRows) {
    const list = r.s.map((start, i) => ({ start: Number(start), end: Number(r.e[i]) }));
    if (r.kind === "p") patientBusy.push(...list);
    else busy.set(r.id, list);
  }
  const hoursBy = groupBy(hours, (h) => h.clinicianId);
  const excBy = groupBy(exceptions, (e) => e.clinicianId);
  return {
    clinicians: clinicians.map((c) => ({
      clinicianId: c.id,
      name: c.name,
      weekly: hoursBy.get(c.id) ?? [],
      exceptions: excBy.get(c.id) ?? [],
    })),
    busy,
    patientBusy,
  };
}

// Map.groupBy needs Node 21; the app supports Node 20.
function groupBy<T>(rows: T[], key: (r: T) => string): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const r of rows) {
    const k = key(r);
    const list = m.get(k);
    if (list) list.push(r);
    else m.set(k, [r]);
  }
  return m;
}

/** Open slots for the booking panel. Returns no PHI (times and clinician names only). */
export async function searchOpenSlots(
  actor: Actor,
  input: {
    patientId: string;
    clinicianId: string | null;
    visitTypeId: string;
    from: string;
    to: string;
    limit?: number;
    excludeVisitId?: string | null;
  },
  now = new Date(),
): Promise<{ slots: SlotDto[]; total: number; visitType: VisitTypeDto }> {
  await authorize(actor, canSchedule(actor.role, "slots.search"), { entityType: "Slot", action: "LIST" });
  const visitType = await db.visitType.findFirst({
    where: { id: input.visitTypeId, active: true },
    select: { id: true, name: true, durationMinutes: true, active: true },
  });
  if (!visitType)
    throw new AppError("VALIDATION", undefined, { visitTypeId: ["Choose an active visit type from the list"] });
  const tz = clinicTimeZone();
  const today = wallClockAt(now, tz).date;
  const from = input.from < today ? today : input.from;
  const { clinicians, busy, patientBusy } = await loadAvailability(
    input.clinicianId ? [input.clinicianId] : null,
    from,
    input.to,
    { patientId: input.patientId, excludeVisitId: input.excludeVisitId },
  );
  const all = findOpenSlots({
    clinicians,
    busyByClinician: busy,
    patientBusy,
    from,
    to: input.to,
    timeZone: tz,
    durationMinutes: visitType.durationMinutes,
    notBefore: new Date(now.getTime() + BOOKING_LEAD_MINUTES * 60_000),
    limit: 100_000,
  });
  const names = new Map(clinicians.map((c) => [c.clinicianId, c.name]));
  const limit = input.limit ?? 400;
  return { slots: all.slice(0, limit).map((s) => toSlotDto(s, names)), total: all.length, visitType };
}

export function toSlotDto(s: Slot, names: Map<string, string>): SlotDto {
  return {
    clinicianId: s.clinicianId,
    clinicianName: names.get(s.clinicianId) ?? "Clinician",
    startsAt: s.startsAt.toISOString(),
    endsAt: s.endsAt.toISOString(),
  };
}

/** Next free slots for one clinician after a time (for "that time was just taken"). */
export async function nextFreeSlots(
  input: {
    clinicianId: string;
    patientId: string;
    durationMinutes: number;
    after: Date;
    count: number;
    excludeVisitId?: string | null;
  },
  now = new Date(),
): Promise<SlotDto[]> {
  const tz = clinicTimeZone();
  const from = wallClockAt(new Date(Math.max(input.after.getTime(), now.getTime())), tz).date;
  const to = addDays(from, 27);
  const { clinicians, busy, patientBusy } = await loadAvailability([input.clinicianId], from, to, {
    patientId: input.patientId,
    excludeVisitId: input.excludeVisitId,
  });
  const slots = findOpenSlots({
    clinicians,
    busyByClinician: busy,
    patientBusy,
    from,
    to,
    timeZone: tz,
    durationMinutes: input.durationMinutes,
    notBefore: new Date(Math.max(input.after.getTime(), now.getTime())),
    limit: input.count,
  });
  return slots.map((s) => toSlotDto(s, new Map(clinicians.map((c) => [c.clinicianId, c.name]))));
}

/** Is this whole time inside the clinician's working hours (and not in time off)? */
export async function isInWorkingHours(
  clinicianId: string,
  startsAt: Date,
  endsAt: Date,
  client?: Tx,
): Promise<boolean> {
  const tz = clinicTimeZone();
  const from = wallClockAt(startsAt, tz).date;
  const to = wallClockAt(endsAt, tz).date;
  const { clinicians } = await loadAvailability([clinicianId], from, to, { client });
  const c = clinicians[0];
  return !!c && isWithinWorkingTime(c, startsAt, endsAt, tz, { from, to });
}

// ---------------------------------------------------------------------------------------------
// Admin: visit types and clinician hours (not PHI; audited as configuration changes).
// ---------------------------------------------------------------------------------------------

export async function listVisitTypes(actor: Actor, opts: { includeInactive?: boolean } = {}): Promise<VisitTypeDto[]> {
  await authorize(actor, actor.role !== "PATIENT", { entityType: "VisitType", action: "LIST" });
  return db.visitType.findMany({
    where: opts.includeInactive ? {} : { active: true },
    select: { id: true, name: true, durationMinutes: true, active: true },
    orderBy: [{ active: "desc" }, { durationMinutes: "desc" }, { name: "asc" }],
  });
}

export async function saveVisitType(
  actor: Actor,
  id: string | null,
  input: { name: string; durationMinutes: number; active: boolean },
  ctx: RequestContext,
): Promise<{ id: string }> {
  await authorize(actor, canSchedule(actor.role, "schedule.manageVisitTypes"), {
    entityType: "VisitType",
    entityId: id,
    action: id ? "UPDATE" : "CREATE",
  });
  try {
    return await db.$transaction(async (tx) => {
      const data = { name: input.name, durationMinutes: input.durationMinutes, active: input.active };
      const row = id
        ? await tx.visitType.update({ where: { id }, data, select: { id: true } })
        : await tx.visitType.create({ data, select: { id: true } });
      await writeAudit(
        {
          actor: { userId: actor.userId, role: actor.role },
          action: id ? "UPDATE" : "CREATE",
          entityType: "VisitType",
          entityId: row.id,
          outcome: "SUCCESS",
          ctx,
          details: data,
        },
        tx,
      );
      return row;
    });
  } catch (e) {
    if (pgErrorCode(e) === "23505")
      throw new AppError("CONFLICT", "A visit type with this name already exists.", {
        name: ["This name is already used"],
      });
    if (pgErrorCode(e) === "P2025" || (e as { code?: string }).code === "P2025") throw new AppError("NOT_FOUND");
    throw e;
  }
}

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

export type OpenDayDto = {
  date: string;
  working: { startsAt: string; endsAt: string }[];
  open: { startsAt: string; endsAt: string }[];
};
export type ClinicianOpenTimeDto = { clinicianId: string; clinicianName: string; days: OpenDayDto[] };

/**
 * The schedule grid's free time: per clinician, per local day from `from` to `to`, the working
 * time and the open time (working time minus booked visits and the past), cut at local midnight.
 * The same computation as the booking slots (core/open-time.ts computeOpenTime, with the same
 * "now"), so a day the grid calls "Not working" has no bookable time. No PHI.
 */
export async function listOpenTime(
  actor: Actor,
  input: { from: string; to: string; clinicianId: string | null },
  now = new Date(),
): Promise<ClinicianOpenTimeDto[]> {
  await authorize(actor, canSchedule(actor.role, "slots.search"), { entityType: "Slot", action: "LIST" });
  const tz = clinicTimeZone();
  const { clinicians, busy } = await loadAvailability(
    input.clinicianId ? [input.clinicianId] : null,
    input.from,
    input.to,
  );
  const names = new Map(clinicians.map((c) => [c.clinicianId, c.name]));
  const notBefore = new Date(now.getTime() + BOOKING_LEAD_MINUTES * 60_000);
  const iso = (i: Interval) => ({ startsAt: new Date(i.start).toISOString(), endsAt: new Date(i.end).toISOString() });
  return computeOpenTime({
    clinicians,
    bookedByClinician: busy,
    timeZone: tz,
    from: input.from,
    to: input.to,
    notBefore,
  }).map((c) => ({
    clinicianId: c.clinicianId,
    clinicianName: names.get(c.clinicianId) ?? "Clinician",
    days: c.days.map((d) => ({ date: d.date, working: d.working.map(iso), open: d.open.map(iso) })),
  }));
}
