import type { Translate } from "@/i18n/translator";

/**
 * An instant for a patient, in their language and time zone, always with the zone's short name
 * (docs/ux-principles.md#every-screen): "Friday, March 6 at 2:00 PM PST" /
 * "viernes, 6 de marzo a las 2:00 p.m. PST".
 */
export function patientWhen(d: Date | string, timeZone: string, locale: string, t: Translate): string {
  const at = typeof d === "string" ? new Date(d) : d;
  const tag = `${locale}-US`;
  const date = new Intl.DateTimeFormat(tag, { timeZone, weekday: "long", month: "long", day: "numeric" }).format(at);
  const time = new Intl.DateTimeFormat(tag, {
    timeZone,
    hour: "numeric",
    minute: "2-digit",
    timeZoneName: "short",
  }).format(at);
  return t("portal.when", { date, time });
}

/** A date without a time (a birth date stored as a calendar day), in the patient's language. */
export function patientDate(iso: string, locale: string): string {
  const d = new Date(`${iso.slice(0, 10)}T12:00:00Z`);
  return new Intl.DateTimeFormat(`${locale}-US`, {
    timeZone: "UTC",
    month: "long",
    day: "numeric",
    year: "numeric",
  }).format(d);
}
