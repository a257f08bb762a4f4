import { dateTimeFormat } from "@/lib/intl-cache";
// Intl.DateTimeFormat is costly to build (a queue page formats hundreds of times): one per zone.
const cache = new Map<string, Intl.DateTimeFormat>();
function formatter(key: string, make: () => Intl.DateTimeFormat): Intl.DateTimeFormat {
  let f = cache.get(key);
  if (!f) {
    f = make();
    cache.set(key, f);
  }
  return f;
}

/** An instant in a time zone, with the zone's short name: times are always labelled (docs/ux-principles.md#every-screen). */
export function formatInstant(d: Date, timeZone: string): string {
  return formatter(`instant|${timeZone}`, () =>
    dateTimeFormat("en-US", {
      timeZone,
      month: "short",
      day: "numeric",
      year: "numeric",
      hour: "numeric",
      minute: "2-digit",
      timeZoneName: "short",
    }),
  ).format(d);
}

/** Plain weekday + date + time for patients, e.g. "Friday, March 6 at 2:00 PM PST". */
export function formatForPatient(d: Date, timeZone: string): string {
  const date = formatter(`pdate|${timeZone}`, () =>
    dateTimeFormat("en-US", { timeZone, weekday: "long", month: "long", day: "numeric" }),
  ).format(d);
  const time = formatter(`ptime|${timeZone}`, () =>
    dateTimeFormat("en-US", { timeZone, hour: "numeric", minute: "2-digit", timeZoneName: "short" }),
  ).format(d);
  return `${date} at ${time}`;
}

export function formatDuration(ms: number): string {
  const abs = Math.abs(ms);
  const h = Math.floor(abs / 3_600_000);
  if (h >= 48) return `${Math.floor(h / 24)} days`;
  if (h >= 1) return `${h} h`;
  return `${Math.max(1, Math.floor(abs / 60_000))} min`;
}
