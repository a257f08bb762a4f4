import { computeOpenTime, type ClinicianAvailability, type Interval, type WeeklyHours } from "./open-time";
import { addDays, zonedToUtc } from "./time";

/**
 * Bookable slots: laid on the open time of `computeOpenTime` (./open-time.ts), the same
 * computation the schedule grid draws, so the two cannot disagree about when a clinician is free.
 */
export type { AvailabilityException, ClinicianAvailability, Interval, WeeklyHours } from "./open-time";
export type Slot = { clinicianId: string; startsAt: Date; endsAt: Date };

export type SlotSearch = {
  clinicians: ClinicianAvailability[];
  /** Busy time per clinician (visits not cancelled). */
  busyByClinician: ReadonlyMap<string, Interval[]>;
  /** The patient's own visits: a patient cannot be in two visits at once either. */
  patientBusy?: Interval[];
  from: string;
  to: string;
  timeZone: string;
  durationMinutes: number;
  /** Slot starts are on this grid, counted from the start of each working block. */
  stepMinutes?: number;
  /** Earliest bookable start (now + lead time). */
  notBefore: Date;
  limit?: number;
};

/** Open slots, ordered by start time then clinician. */
export function findOpenSlots(s: SlotSearch): Slot[] {
  const step = (s.stepMinutes ?? 15) * 60_000;
  const dur = s.durationMinutes * 60_000;
  const limit = s.limit ?? 5000;
  const out: Slot[] = [];
  const openTime = computeOpenTime({
    clinicians: s.clinicians,
    bookedByClinician: s.busyByClinician,
    patientBusy: s.patientBusy,
    timeZone: s.timeZone,
    from: s.from,
    to: s.to,
    notBefore: s.notBefore,
  });
  for (const { clinicianId, working, open } of openTime) {
    // Candidates stay on the grid of the working block (9:00, 9:15, ...) even when a visit
    // ends off-grid or "now" is 9:07, so offered times look like times people book. Whole
    // blocks, not days: a slot may run across midnight inside a block that does.
    let w = 0;
    for (const f of open) {
      while (w < working.length && working[w]!.end <= f.start) w++;
      const origin = working[w]?.start ?? f.start;
      for (let t = origin + Math.ceil((f.start - origin) / step) * step; t + dur <= f.end; t += step) {
        out.push({ clinicianId, startsAt: new Date(t), endsAt: new Date(t + dur) });
      }
    }
  }
  out.sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime() || a.clinicianId.localeCompare(b.clinicianId));
  return out.slice(0, limit);
}

/** Weekly hours must not overlap within one weekday. Returns the weekdays that do. */
export function overlappingWeekdays(hours: WeeklyHours[]): number[] {
  const bad = new Set<number>();
  for (let wd = 1; wd <= 7; wd++) {
    const day = hours.filter((h) => h.weekday === wd).sort((a, b) => a.startMinute - b.startMinute);
    for (let i = 1; i < day.length; i++) if (day[i]!.startMinute < day[i - 1]!.endMinute) bad.add(wd);
  }
  return [...bad];
}

/** Recurring follow-up: the same clock time every `everyWeeks` weeks, `count` visits in all. */
export function recurringStarts(
  first: { date: string; minute: number },
  everyWeeks: number,
  count: number,
  timeZone: string,
): Date[] {
  return Array.from({ length: count }, (_, i) =>
    zonedToUtc(addDays(first.date, i * 7 * everyWeeks), first.minute, timeZone),
  );
}
