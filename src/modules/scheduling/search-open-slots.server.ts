import "server-only";
import { authorize } from "@/server/auth/actor";
import { db } from "@/server/db";
import { AppError } from "@/server/errors";
import type { Actor } from "../identity/core/roles";
import { findOpenSlots, type Slot } from "./core/slots";
import { addDays, wallClockAt } from "./core/time";
import {
  BOOKING_LEAD_MINUTES,
  clinicTimeZone,
  loadAvailability,
  type SlotDto,
  type VisitTypeDto,
} from "./load-availability.server";
import { canSchedule } from "./policy";

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
