import { dateTimeFormat } from "@/lib/intl-cache";
/** Age in whole years on `today` (both as calendar dates, so time zones cannot shift it). */
export function ageOn(birthDate: string, today: string): number {
  const [by, bm, bd] = birthDate.split("-").map(Number) as [number, number, number];
  const [ty, tm, td] = today.split("-").map(Number) as [number, number, number];
  let age = ty - by;
  if (tm < bm || (tm === bm && td < bd)) age -= 1;
  return age;
}

/** Today's calendar date (YYYY-MM-DD) in a time zone. */
export function todayIn(timeZone: string, now = new Date()): string {
  return dateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(now);
}

/**
 * US phone numbers: accepts common ways people type them, stores E.164 (+1XXXXXXXXXX).
 * Returns null when it is not a valid NANP number (area code and exchange cannot start with 0/1).
 */
export function normalizeUsPhone(input: string): string | null {
  const digits = input.replace(/[\s().-]/g, "").replace(/^\+?1(?=\d{10}$)/, "");
  if (!/^\d{10}$/.test(digits)) return null;
  if (!/^[2-9]\d{2}[2-9]\d{6}$/.test(digits)) return null;
  return `+1${digits}`;
}

/** +15550101234 -> (555) 010-1234 */
export function formatUsPhone(e164: string | null | undefined): string {
  if (!e164) return "";
  const m = /^\+1(\d{3})(\d{3})(\d{4})$/.exec(e164);
  return m ? `(${m[1]}) ${m[2]}-${m[3]}` : e164;
}

export function fullName(p: { givenName: string; familyName: string }): string {
  return `${p.givenName} ${p.familyName}`;
}

/** Dates of birth are calendar dates: format without any time zone conversion. */
export function formatDateOnly(isoDate: string): string {
  const [y, m, d] = isoDate.split("-").map(Number) as [number, number, number];
  return dateTimeFormat("en-US", { timeZone: "UTC", year: "numeric", month: "short", day: "numeric" }).format(
    new Date(Date.UTC(y, m - 1, d)),
  );
}

/** An instant as date and time in a zone, with the zone's abbreviation (times are always labelled). */
export function formatDateTimeInZone(iso: string | null, timeZone: string, empty = "not recorded"): string {
  if (!iso) return empty;
  return dateTimeFormat("en-US", {
    timeZone,
    year: "numeric",
    month: "short",
    day: "numeric",
    hour: "numeric",
    minute: "2-digit",
    timeZoneName: "short",
  }).format(new Date(iso));
}
