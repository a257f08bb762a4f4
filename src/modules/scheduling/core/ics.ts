import type { Translate } from "@/i18n/translator";
import { describeVisitTime } from "./reminders";

/**
 * iCalendar (RFC 5545) for one visit. UID is stable per visit so calendars update the same event;
 * SEQUENCE rises with each reschedule; a cancelled visit is sent as METHOD:CANCEL with
 * STATUS:CANCELLED (RFC 5546). SUMMARY and DESCRIPTION carry no PHI: no names, no reason, no
 * diagnosis, no phone number - a calendar is often synced to places the clinic does not control.
 * The text is in the patient's language (`t`, docs/decisions/i18n.md) and says the time in the
 * patient's own zone; the times themselves are UTC, which every calendar shows in its own zone.
 */
export type IcsVisit = {
  visitId: string;
  sequence: number;
  startsAt: Date;
  endsAt: Date;
  modality: "VIDEO" | "PHONE";
  cancelled: boolean;
  clinicName: string;
  /** Where to join (video): a page behind sign-in, never a raw link token. */
  joinUrl: string | null;
  domain: string;
  now: Date;
  /** The patient's zone, for the time written out in the description. */
  timeZone: string;
  /** The patient's language (also the text's LANGUAGE parameter, RFC 5545 3.2.10). */
  locale: string;
  t: Translate;
};

export function icsDateTime(d: Date): string {
  return d
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d{3}/, "");
}

/** TEXT escaping (RFC 5545 3.3.11). */
export function escapeIcsText(s: string): string {
  return s.replace(/\\/g, "\\\\").replace(/;/g, "\\;").replace(/,/g, "\\,").replace(/\r?\n/g, "\\n");
}

/** Lines longer than 75 octets are folded with CRLF + space (RFC 5545 3.1), never inside a UTF-8 character. */
const utf8 = new TextEncoder();

export function foldLine(line: string): string {
  const out: string[] = [];
  let cur = "";
  let bytes = 0;
  for (const ch of line) {
    const b = utf8.encode(ch).length;
    const max = out.length === 0 ? 75 : 74;
    if (bytes + b > max) {
      out.push(cur);
      cur = "";
      bytes = 0;
    }
    cur += ch;
    bytes += b;
  }
  out.push(cur);
  return out.join("\r\n ");
}

export function buildVisitIcs(v: IcsVisit): string {
  const { t } = v;
  const clinic = v.clinicName;
  const video = v.modality === "VIDEO";
  const what = video
    ? v.joinUrl
      ? t("ics.video", { clinic, url: v.joinUrl })
      : t("ics.videoNoLink", { clinic })
    : t("ics.phone", { clinic });
  // The full date and time only (never "tomorrow": a calendar keeps the text).
  const when = t("ics.when", { full: describeVisitTime(v.startsAt, v.now, v.timeZone, t).full });
  const lang = `;LANGUAGE=${v.locale}`;
  const lines = [
    "BEGIN:VCALENDAR",
    "VERSION:2.0",
    "PRODID:-//Virtual Pain Clinic//Scheduling//EN",
    "CALSCALE:GREGORIAN",
    `METHOD:${v.cancelled ? "CANCEL" : "PUBLISH"}`,
    "BEGIN:VEVENT",
    `UID:visit-${v.visitId}@${v.domain}`,
    `SEQUENCE:${v.sequence}`,
    `DTSTAMP:${icsDateTime(v.now)}`,
    `DTSTART:${icsDateTime(v.startsAt)}`,
    `DTEND:${icsDateTime(v.endsAt)}`,
    `SUMMARY${lang}:${escapeIcsText(t(video ? "ics.summaryVideo" : "ics.summaryPhone", { clinic }))}`,
    `DESCRIPTION${lang}:${escapeIcsText(`${what}\n${when}`)}`,
    ...(video && v.joinUrl
      ? [`URL:${v.joinUrl}`, `LOCATION${lang}:${escapeIcsText(t("ics.locationVideo"))}`]
      : [`LOCATION${lang}:${escapeIcsText(t("ics.locationPhone"))}`]),
    `ORGANIZER;CN=${escapeIcsText(v.clinicName).replace(/[:;]/g, "")}:mailto:no-reply@${v.domain}`,
    `STATUS:${v.cancelled ? "CANCELLED" : "CONFIRMED"}`,
    "TRANSP:OPAQUE",
    ...(v.cancelled
      ? []
      : [
          "BEGIN:VALARM",
          "ACTION:DISPLAY",
          "TRIGGER:-PT30M",
          `DESCRIPTION${lang}:${escapeIcsText(t(video ? "ics.alarmVideo" : "ics.alarmPhone", { clinic }))}`,
          "END:VALARM",
        ]),
    "END:VEVENT",
    "END:VCALENDAR",
  ];
  return lines.map(foldLine).join("\r\n") + "\r\n";
}
