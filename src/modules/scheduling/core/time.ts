import { dateTimeFormat } from "@/lib/intl-cache";
/**
 * Time zone arithmetic on top of Intl (no library): instants are UTC Date objects; wall-clock
 * times are a calendar date (YYYY-MM-DD) plus minutes after local midnight in an IANA zone.
 * Correct across daylight-saving changes because every conversion asks Intl for the zone's
 * offset at that instant instead of assuming a fixed one.
 */
const partsFormatters = new Map<string, Intl.DateTimeFormat>();

function partsFormatter(timeZone: string): Intl.DateTimeFormat {
  let f = partsFormatters.get(timeZone);
  if (!f) {
    f = dateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    partsFormatters.set(timeZone, f);
  }
  return f;
}

export type WallClock = { date: string; minute: number; weekday: number };

/**
 * The wall clock in `timeZone` at an instant: date, minutes after midnight, ISO weekday (1 = Monday).
 * Memoized like zonedToUtc (bounded): bookings, slot search and calendars ask for the same
 * instants on the slot grid again and again, and each Intl call costs microseconds.
 */
export function wallClockAt(instant: Date, timeZone: string): WallClock {
  const key = `${timeZone}|${instant.getTime()}`;
  const hit = wallClockCache.get(key);
  if (hit) return { ...hit };
  const wc = wallClockAtUncached(instant, timeZone);
  if (wallClockCache.size >= 20_000) wallClockCache.clear();
  wallClockCache.set(key, wc);
  return { ...wc };
}

const wallClockCache = new Map<string, WallClock>();

function wallClockAtUncached(instant: Date, timeZone: string): WallClock {
  const parts = partsFormatter(timeZone).formatToParts(instant);
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value ?? "0");
  const y = get("year");
  const m = get("month");
  const d = get("day");
  const date = `${String(y).padStart(4, "0")}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
  return { date, minute: get("hour") * 60 + get("minute"), weekday: isoWeekday(date) };
}

/** Offset of `timeZone` from UTC at an instant, in minutes (e.g. -420 for PDT). */
export function offsetMinutesAt(instant: Date, timeZone: string): number {
  const parts = partsFormatter(timeZone).formatToParts(instant);
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value ?? "0");
  const asUtc = Date.UTC(get("year"), get("month") - 1, get("day"), get("hour"), get("minute"), get("second"));
  const whole = Math.floor(instant.getTime() / 1000) * 1000;
  return Math.round((asUtc - whole) / 60_000);
}

/**
 * The instant at which the wall clock in `timeZone` shows `date` + `minute`. In the spring-forward
 * gap (a time that does not exist) it returns the instant the same number of minutes after the
 * gap starts (02:30 -> 03:30), the usual calendar convention; in the fall-back overlap (a time
 * that happens twice) it returns the first occurrence.
 */
export function zonedToUtc(date: string, minute: number, timeZone: string): Date {
  // Slot search converts the same few wall-clock times (9:00 on each date) for every clinician;
  // Intl calls dominate its cost, so conversions are memoized (bounded; results are immutable ms).
  const key = `${timeZone}|${date}|${minute}`;
  const hit = zonedCache.get(key);
  if (hit !== undefined) return new Date(hit);
  const ms = zonedToUtcUncached(date, minute, timeZone).getTime();
  if (zonedCache.size >= 20_000) zonedCache.clear();
  zonedCache.set(key, ms);
  return new Date(ms);
}

const zonedCache = new Map<string, number>();

function zonedToUtcUncached(date: string, minute: number, timeZone: string): Date {
  if (minute >= 1440) return zonedToUtc(addDays(date, Math.floor(minute / 1440)), minute % 1440, timeZone);
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  const naive = Date.UTC(y, m - 1, d, 0, minute);
  // The zone's offsets a day either side cover any transition near this date; try both, the
  // earlier instant first, and keep the one that reads back as the asked wall-clock time.
  const before = offsetMinutesAt(new Date(naive - 86_400_000), timeZone);
  const after = offsetMinutesAt(new Date(naive + 86_400_000), timeZone);
  const candidates = [...new Set([before, after])].map((o) => naive - o * 60_000).sort((a, b) => a - b);
  for (const c of candidates) {
    const wc = wallClockAt(new Date(c), timeZone);
    if (wc.date === date && wc.minute === minute) return new Date(c);
  }
  // Gap: use the offset in force before the jump, which lands after the gap.
  return new Date(naive - before * 60_000);
}

/** ISO weekday of a calendar date: 1 = Monday ... 7 = Sunday. */
export function isoWeekday(date: string): number {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  const dow = new Date(Date.UTC(y, m - 1, d)).getUTCDay();
  return dow === 0 ? 7 : dow;
}

export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** Monday of the week that contains `date`. */
export function startOfIsoWeek(date: string): string {
  return addDays(date, 1 - isoWeekday(date));
}

/** Calendar dates from `from` to `to` inclusive. */
export function datesBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = from; d <= to && out.length < 400; d = addDays(d, 1)) out.push(d);
  return out;
}

export function isIsoDate(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const [y, m, d] = s.split("-").map(Number) as [number, number, number];
  const dt = new Date(Date.UTC(y, m - 1, d));
  return dt.getUTCFullYear() === y && dt.getUTCMonth() === m - 1 && dt.getUTCDate() === d;
}

/** "HH:MM" <-> minutes after midnight. */
export function minuteToHhmm(minute: number): string {
  return `${String(Math.floor(minute / 60)).padStart(2, "0")}:${String(minute % 60).padStart(2, "0")}`;
}

export function hhmmToMinute(s: string): number | null {
  const m = /^([01]\d|2[0-4]):([0-5]\d)$/.exec(s);
  if (!m) return null;
  const v = Number(m[1]) * 60 + Number(m[2]);
  return v <= 1440 ? v : null;
}

/** A labelled time for people: "Mon, Mar 9, 9:00 AM PDT". Every shown time carries its zone. */
export function formatInZone(
  instant: Date,
  timeZone: string,
  opts: { withDate?: boolean; withWeekday?: boolean } = {},
): string {
  const { withDate = true, withWeekday = true } = opts;
  return dateTimeFormat("en-US", {
    timeZone,
    ...(withDate ? { month: "short", day: "numeric", ...(withWeekday ? { weekday: "short" } : {}) } : {}),
    hour: "numeric",
    minute: "2-digit",
    timeZoneName: "short",
  }).format(instant);
}

/** "Monday, March 9" for headings (no time). */
export function formatDateHeading(date: string): string {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  return dateTimeFormat("en-US", { timeZone: "UTC", weekday: "long", month: "long", day: "numeric" }).format(
    new Date(Date.UTC(y, m - 1, d)),
  );
}

/** Short zone name at an instant, e.g. "PDT" - for labels like "times in PDT (America/Los_Angeles)". */
export function zoneAbbreviation(instant: Date, timeZone: string): string {
  const parts = dateTimeFormat("en-US", { timeZone, timeZoneName: "short" }).formatToParts(instant);
  return parts.find((p) => p.type === "timeZoneName")?.value ?? timeZone;
}

/**
 * "10:00 PM–12:00 AM PST": a time range on one clock, its zone once; both zones when they differ
 * (on a DST change day, "1:00 AM EDT–1:00 AM EST" is an hour, not nothing).
 */
export function formatTimeRange(start: Date, end: Date, timeZone: string): string {
  const a = formatInZone(start, timeZone, { withDate: false });
  const b = formatInZone(end, timeZone, { withDate: false });
  const za = zoneAbbreviation(start, timeZone);
  return za === zoneAbbreviation(end, timeZone) && a.endsWith(` ${za}`)
    ? `${a.slice(0, -za.length - 1)}–${b}`
    : `${a}–${b}`;
}
