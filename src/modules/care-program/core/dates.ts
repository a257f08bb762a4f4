import { addDays as addDaysUncached, isIsoDate, wallClockAt } from "@/modules/scheduling/core/time";

/**
 * Calendar dates in the clinic's own calendar, written YYYY-MM-DD. Every rule of the care program
 * works on these strings (never on a Date's local fields), so a result does not depend on the time
 * zone of the machine that computes it: the server turns an instant into the clinic's date once,
 * with clinicDate(), and the core only compares and counts days.
 */
export type LocalDate = string;

/** A month, YYYY-MM. */
export type Month = string;

export { isIsoDate };

/**
 * The scheduling module's addDays, memoized (bounded): the rules ask for the same few dates
 * again and again (each record's date plus its interval, for every month of the measures).
 */
export function addDays(date: LocalDate, days: number): LocalDate {
  const key = `${date}|${days}`;
  let hit = addDaysCache.get(key);
  if (hit === undefined) {
    if (addDaysCache.size >= 50_000) addDaysCache.clear();
    hit = addDaysUncached(date, days);
    addDaysCache.set(key, hit);
  }
  return hit;
}
const addDaysCache = new Map<string, LocalDate>();

/** The clinic's calendar date at an instant (the scheduling module's time zone arithmetic). */
export function clinicDate(instant: Date, timeZone: string): LocalDate {
  return wallClockAt(instant, timeZone).date;
}

/** Days since 1970-01-01 of a calendar date (memoized, bounded). */
function utcDay(date: LocalDate): number {
  let hit = utcDayCache.get(date);
  if (hit === undefined) {
    if (utcDayCache.size >= 50_000) utcDayCache.clear();
    hit = Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) / 86_400_000;
    utcDayCache.set(date, hit);
  }
  return hit;
}
const utcDayCache = new Map<LocalDate, number>();

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: LocalDate, to: LocalDate): number {
  return utcDay(to) - utcDay(from);
}

export function laterOf(a: LocalDate, b: LocalDate | null | undefined): LocalDate {
  return b != null && b > a ? b : a;
}

/** The latest of some dates, or null when there are none. */
export function latest(dates: Iterable<LocalDate>): LocalDate | null {
  let out: LocalDate | null = null;
  for (const d of dates) if (out === null || d > out) out = d;
  return out;
}

export function isMonth(s: string): boolean {
  return /^\d{4}-(0[1-9]|1[0-2])$/.test(s);
}

/** Last calendar day of a month: "2026-02" -> "2026-02-28". */
export function monthEnd(month: Month): LocalDate {
  if (!isMonth(month)) throw new RangeError(`Not a month (YYYY-MM): ${month}`);
  const [y, m] = month.split("-").map(Number) as [number, number];
  return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
}

export function monthOf(date: LocalDate): Month {
  return date.slice(0, 7);
}

/** The `count` months ending with `last`, oldest first: ("2026-02", 3) -> 2025-12, 2026-01, 2026-02. */
export function monthsEndingWith(last: Month, count: number): Month[] {
  if (!isMonth(last)) throw new RangeError(`Not a month (YYYY-MM): ${last}`);
  const [y, m] = last.split("-").map(Number) as [number, number];
  const out: Month[] = [];
  for (let i = count - 1; i >= 0; i--) out.push(new Date(Date.UTC(y, m - 1 - i, 1)).toISOString().slice(0, 7));
  return out;
}

/** "Mar 9, 2026": dates in the plain-words details of a gap (no time, so no zone). */
export function formatLocalDate(date: LocalDate): string {
  return `${MONTHS[Number(date.slice(5, 7)) - 1]} ${Number(date.slice(8, 10))}, ${Number(date.slice(0, 4))}`;
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"] as const;
