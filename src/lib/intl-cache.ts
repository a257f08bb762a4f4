/**
 * Shared Intl formatters. Building an Intl.DateTimeFormat costs tens of microseconds (ICU loads
 * the locale and time-zone data each time); formatting with one is cheap. The CPU profile of the
 * staff pages (docs/performance.md) had formatter construction as the largest single cost of the
 * chart page (one per point of a 5-year trend chart), so formatters are made once per distinct
 * locale and options and reused: they are immutable, so sharing them is safe.
 */
const dateTimeFormats = new Map<string, Intl.DateTimeFormat>();
const MAX_FORMATS = 500;

export function dateTimeFormat(
  locale: string | undefined,
  options: Intl.DateTimeFormatOptions = {},
): Intl.DateTimeFormat {
  const key = `${locale ?? ""}|${JSON.stringify(options)}`;
  let f = dateTimeFormats.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(locale, options);
    if (dateTimeFormats.size >= MAX_FORMATS) dateTimeFormats.delete(dateTimeFormats.keys().next().value as string);
    dateTimeFormats.set(key, f);
  }
  return f;
}
