import { datesBetween, addDays, isoWeekday, zonedToUtc } from "./time";

/**
 * Open slots are derived, never stored: working hours (wall clock, clinic zone) + extra hours -
 * time off - busy visits. Intervals are half-open [start, end) in epoch milliseconds, so visits
 * that touch (9:00-9:30, 9:30-10:00) do not overlap, matching the database's '[)' ranges.
 */
export type Interval = { start: number; end: number };
export type WeeklyHours = { weekday: number; startMinute: number; endMinute: number };
export type AvailabilityException = { kind: "TIME_OFF" | "EXTRA_HOURS"; startsAt: Date; endsAt: Date };
export type ClinicianAvailability = { clinicianId: string; weekly: WeeklyHours[]; exceptions: AvailabilityException[] };
export type Slot = { clinicianId: string; startsAt: Date; endsAt: Date };

/** Sorted, non-overlapping union of intervals. */
export function mergeIntervals(list: Interval[]): Interval[] {
  const sorted = list.filter((i) => i.end > i.start).sort((a, b) => a.start - b.start);
  const out: Interval[] = [];
  for (const i of sorted) {
    const last = out.at(-1);
    if (last && i.start <= last.end) last.end = Math.max(last.end, i.end);
    else out.push({ ...i });
  }
  return out;
}

/** a minus b (both merged). */
export function subtractIntervals(a: Interval[], b: Interval[]): Interval[] {
  const out: Interval[] = [];
  let j = 0;
  for (const i of a) {
    let cur = i.start;
    while (j < b.length && b[j]!.end <= cur) j++;
    let k = j;
    while (k < b.length && b[k]!.start < i.end) {
      if (b[k]!.start > cur) out.push({ start: cur, end: b[k]!.start });
      cur = Math.max(cur, b[k]!.end);
      k++;
    }
    if (cur < i.end) out.push({ start: cur, end: i.end });
  }
  return out;
}

/**
 * When a clinician can be booked between two calendar dates (inclusive, clinic zone). One day
 * before and after are included so a window crossing midnight is not cut off, then clipped.
 */
export function availabilityWindows(c: ClinicianAvailability, from: string, to: string, timeZone: string): Interval[] {
  const base: Interval[] = [];
  for (const date of datesBetween(addDays(from, -1), addDays(to, 1))) {
    const wd = isoWeekday(date);
    for (const h of c.weekly) {
      if (h.weekday !== wd) continue;
      base.push({ start: zonedToUtc(date, h.startMinute, timeZone).getTime(), end: zonedToUtc(date, h.endMinute, timeZone).getTime() });
    }
  }
  for (const e of c.exceptions) if (e.kind === "EXTRA_HOURS") base.push({ start: e.startsAt.getTime(), end: e.endsAt.getTime() });
  const off = mergeIntervals(c.exceptions.filter((e) => e.kind === "TIME_OFF").map((e) => ({ start: e.startsAt.getTime(), end: e.endsAt.getTime() })));
  const lo = zonedToUtc(from, 0, timeZone).getTime();
  const hi = zonedToUtc(addDays(to, 1), 0, timeZone).getTime();
  return subtractIntervals(mergeIntervals(base), off)
    .map((i) => ({ start: Math.max(i.start, lo), end: Math.min(i.end, hi) }))
    .filter((i) => i.end > i.start);
}

/** Is [start, end) entirely inside the clinician's availability? (Booking re-checks this.) */
export function isWithinAvailability(c: ClinicianAvailability, start: Date, end: Date, timeZone: string, dates: { from: string; to: string }): boolean {
  return availabilityWindows(c, dates.from, dates.to, timeZone).some((w) => w.start <= start.getTime() && end.getTime() <= w.end);
}

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
  /** Slot starts are on this grid, counted from the start of each working window. */
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
  const notBefore = s.notBefore.getTime();
  const out: Slot[] = [];
  for (const c of s.clinicians) {
    const busy = mergeIntervals([...(s.busyByClinician.get(c.clinicianId) ?? []), ...(s.patientBusy ?? [])]);
    const windows = availabilityWindows(c, s.from, s.to, s.timeZone);
    const free = subtractIntervals(windows, busy);
    // Candidates stay on the grid of the working window (9:00, 9:15, ...) even when a visit
    // ends off-grid, so offered times look like times people book.
    let w = 0;
    for (const f of free) {
      while (w < windows.length && windows[w]!.end <= f.start) w++;
      const origin = windows[w]?.start ?? f.start;
      let t = origin + Math.ceil((Math.max(f.start, notBefore) - origin) / step) * step;
      for (; t + dur <= f.end; t += step) {
        out.push({ clinicianId: c.clinicianId, startsAt: new Date(t), endsAt: new Date(t + dur) });
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
export function recurringStarts(first: { date: string; minute: number }, everyWeeks: number, count: number, timeZone: string): Date[] {
  return Array.from({ length: count }, (_, i) => zonedToUtc(addDays(first.date, i * 7 * everyWeeks), first.minute, timeZone));
}
