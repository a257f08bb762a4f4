import { addDays, datesBetween, isoWeekday, zonedToUtc } from "./time";

/**
 * Open time: the ONE computation behind both the schedule grid and the booking slots (and the
 * booking's "is this inside working hours" check). Working time is derived, never stored: weekly
 * hours (wall clock, clinic zone, so 9-17 stays 9-17 across DST) + extra hours - time off; open
 * time is working time - booked visits (- the patient's own visits when booking for one patient)
 * - the past. For the grid it is then split at each local midnight, so a block 22:00-02:00 is
 * drawn as 22:00-24:00 on its first day and 00:00-02:00 on the next (docs/decisions/scheduling.md).
 *
 * Intervals are half-open [start, end) in epoch milliseconds, so visits that touch (9:00-9:30,
 * 9:30-10:00) do not overlap, matching the database's '[)' ranges.
 */
export type Interval = { start: number; end: number };
export type WeeklyHours = { weekday: number; startMinute: number; endMinute: number };
export type AvailabilityException = { kind: "TIME_OFF" | "EXTRA_HOURS"; startsAt: Date; endsAt: Date };
export type ClinicianAvailability = { clinicianId: string; weekly: WeeklyHours[]; exceptions: AvailabilityException[] };

/** Sorted, non-overlapping union of intervals (touching ones are joined). */
export function mergeIntervals(list: readonly Interval[]): Interval[] {
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
export function subtractIntervals(a: readonly Interval[], b: readonly Interval[]): Interval[] {
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

/** [local midnight starting `from`, local midnight ending `to`) in the zone. */
export function localDayRange(from: string, to: string, timeZone: string): Interval {
  return { start: zonedToUtc(from, 0, timeZone).getTime(), end: zonedToUtc(addDays(to, 1), 0, timeZone).getTime() };
}

/**
 * When a clinician works between two local dates (inclusive): weekly hours + extra hours - time
 * off, merged (so Monday 22:00-24:00 and Tuesday 00:00-02:00 are one block), clipped to the range.
 * Weekly hours of the day before and after are included so a block crossing midnight is whole.
 */
export function workingTime(c: ClinicianAvailability, from: string, to: string, timeZone: string): Interval[] {
  const base: Interval[] = [];
  for (const date of datesBetween(addDays(from, -1), addDays(to, 1))) {
    const wd = isoWeekday(date);
    for (const h of c.weekly) {
      if (h.weekday !== wd) continue;
      base.push({
        start: zonedToUtc(date, h.startMinute, timeZone).getTime(),
        end: zonedToUtc(date, h.endMinute, timeZone).getTime(),
      });
    }
  }
  for (const e of c.exceptions)
    if (e.kind === "EXTRA_HOURS") base.push({ start: e.startsAt.getTime(), end: e.endsAt.getTime() });
  const off = mergeIntervals(
    c.exceptions
      .filter((e) => e.kind === "TIME_OFF")
      .map((e) => ({ start: e.startsAt.getTime(), end: e.endsAt.getTime() })),
  );
  return clip(subtractIntervals(mergeIntervals(base), off), localDayRange(from, to, timeZone));
}

/** Is [start, end) entirely inside the clinician's working time? (Booking re-checks this.) */
export function isWithinWorkingTime(
  c: ClinicianAvailability,
  start: Date,
  end: Date,
  timeZone: string,
  dates: { from: string; to: string },
): boolean {
  return workingTime(c, dates.from, dates.to, timeZone).some(
    (w) => w.start <= start.getTime() && end.getTime() <= w.end,
  );
}

export type OpenTimeInput = {
  clinicians: readonly ClinicianAvailability[];
  /** Booked time per clinician (visits not cancelled). */
  bookedByClinician: ReadonlyMap<string, readonly Interval[]>;
  /** When booking for one patient: their own visits (a patient cannot be in two visits at once). */
  patientBusy?: readonly Interval[];
  timeZone: string;
  /** Local dates, inclusive. */
  from: string;
  to: string;
  /** Nothing before this instant is open (now + booking lead time). */
  notBefore?: Date;
};

/** One local day of one clinician: its working time and its open time, both inside that day. */
export type OpenDay = { date: string; working: Interval[]; open: Interval[] };

export type ClinicianOpenTime = {
  clinicianId: string;
  /** Whole blocks (not split at midnight): where slots are laid. */
  working: Interval[];
  open: Interval[];
  /** Every local date from `from` to `to`, each block cut at local midnight. */
  days: OpenDay[];
};

export function computeOpenTime(input: OpenTimeInput): ClinicianOpenTime[] {
  const { from, to, timeZone } = input;
  const past = input.notBefore ? [{ start: -8.64e15, end: input.notBefore.getTime() }] : [];
  const dates = datesBetween(from, to);
  const bounds = dates.map((date) => ({ date, ...localDayRange(date, date, timeZone) }));
  return input.clinicians.map((c) => {
    const working = workingTime(c, from, to, timeZone);
    const closed = mergeIntervals([
      ...(input.bookedByClinician.get(c.clinicianId) ?? []),
      ...(input.patientBusy ?? []),
      ...past,
    ]);
    const open = subtractIntervals(working, closed);
    const days = bounds.map((b) => ({ date: b.date, working: clip(working, b), open: clip(open, b) }));
    return { clinicianId: c.clinicianId, working, open, days };
  });
}

function clip(list: readonly Interval[], range: Interval): Interval[] {
  return list
    .map((i) => ({ start: Math.max(i.start, range.start), end: Math.min(i.end, range.end) }))
    .filter((i) => i.end > i.start);
}
