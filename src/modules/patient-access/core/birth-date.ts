/**
 * The date of birth a patient types on a join link (three boxes: month, day, year, the pattern
 * that works best for people with little technology and for screen readers; a date picker is
 * hard on phones for a date decades back). Pure: parsed here, compared on the server.
 */
export type BirthDateField = "month" | "day" | "year";
export type BirthDateError = { field: BirthDateField; message: string };

export const birthDateMessages: Record<"missing" | BirthDateField, string> = {
  missing: "Enter your date of birth: month, day and year",
  month: "Enter the month as a number from 1 to 12",
  day: "Enter a day that exists in that month",
  year: "Enter the year with 4 digits, for example 1962",
};

const digits = (s: string, max: number) => (new RegExp(`^\\d{1,${max}}$`).test(s) ? Number(s) : null);

/** "YYYY-MM-DD", or the first field that is wrong. `today` bounds the year (no future births). */
export function parseBirthDate(
  input: { month: string; day: string; year: string },
  today: Date,
): { ok: true; date: string } | { ok: false; error: BirthDateError } {
  const m = input.month.trim();
  const d = input.day.trim();
  const y = input.year.trim();
  if (!m && !d && !y) return { ok: false, error: { field: "month", message: birthDateMessages.missing } };
  const month = digits(m, 2);
  if (month === null || month < 1 || month > 12)
    return { ok: false, error: { field: "month", message: birthDateMessages.month } };
  const year = /^\d{4}$/.test(y) ? Number(y) : null;
  if (year === null || year < 1900 || year > today.getUTCFullYear())
    return { ok: false, error: { field: "year", message: birthDateMessages.year } };
  const day = digits(d, 2);
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day === null || day < 1 || day > daysInMonth)
    return { ok: false, error: { field: "day", message: birthDateMessages.day } };
  const iso = `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
  if (iso > today.toISOString().slice(0, 10))
    return { ok: false, error: { field: "year", message: birthDateMessages.year } };
  return { ok: true, date: iso };
}

/** The stored birth date (a date column, read as UTC midnight) against the typed one. */
export function birthDateMatches(stored: Date, typed: string): boolean {
  return stored.toISOString().slice(0, 10) === typed;
}
