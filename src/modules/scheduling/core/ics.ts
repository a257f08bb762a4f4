/**
 * iCalendar (RFC 5545) for one visit. UID is stable per visit so calendars update the same event;
 * SEQUENCE rises with each reschedule; a cancelled visit is sent as METHOD:CANCEL with
 * STATUS:CANCELLED (RFC 5546). SUMMARY and DESCRIPTION carry no PHI: no names, no reason, no
 * diagnosis, no phone number - a calendar is often synced to places the clinic does not control.
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
  const kind = v.modality === "VIDEO" ? "video" : "phone";
  const description =
    v.modality === "VIDEO"
      ? `Video visit with ${v.clinicName}. Join here a few minutes early: ${v.joinUrl ?? "use the link the clinic sent you"}`
      : `Phone visit with ${v.clinicName}. The clinic will call you at the number on file. Please be somewhere quiet.`;
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
    `SUMMARY:${escapeIcsText(`${v.clinicName} ${kind} visit`)}`,
    `DESCRIPTION:${escapeIcsText(description)}`,
    ...(v.modality === "VIDEO" && v.joinUrl
      ? [`URL:${v.joinUrl}`, `LOCATION:${escapeIcsText("Video visit (online)")}`]
      : [`LOCATION:${escapeIcsText("Phone call from the clinic")}`]),
    `ORGANIZER;CN=${escapeIcsText(v.clinicName).replace(/[:;]/g, "")}:mailto:no-reply@${v.domain}`,
    `STATUS:${v.cancelled ? "CANCELLED" : "CONFIRMED"}`,
    "TRANSP:OPAQUE",
    ...(v.cancelled
      ? []
      : [
          "BEGIN:VALARM",
          "ACTION:DISPLAY",
          "TRIGGER:-PT30M",
          `DESCRIPTION:${escapeIcsText(`${v.clinicName} ${kind} visit in 30 minutes`)}`,
          "END:VALARM",
        ]),
    "END:VEVENT",
    "END:VCALENDAR",
  ];
  return lines.map(foldLine).join("\r\n") + "\r\n";
}
