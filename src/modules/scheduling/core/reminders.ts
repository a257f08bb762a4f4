import { dateTimeFormat } from "@/lib/intl-cache";
import { addDays, formatInZone, wallClockAt } from "./time";

/**
 * Which reminders a visit produces: 24 hours and 1 hour before it starts (a common pattern in
 * outpatient scheduling to cut no-shows). A reminder whose time has already passed when the visit
 * is booked is skipped, except that a visit booked less than a day ahead still gets the 1 h one.
 */
export const reminderOffsets = [
  { kind: "24h", minutesBefore: 24 * 60 },
  { kind: "1h", minutesBefore: 60 },
] as const;

export type PlannedReminder = { kind: string; sendAfter: Date };

export function planReminders(startsAt: Date, now: Date): PlannedReminder[] {
  return reminderOffsets
    .map((r) => ({ kind: r.kind, sendAfter: new Date(startsAt.getTime() - r.minutesBefore * 60_000) }))
    .filter((r) => r.sendAfter.getTime() > now.getTime());
}

/** Under this many minutes ahead a reminder says "in about ..." rather than a day and a time. */
const SOON_MINUTES = 90;

export type VisitWhen = {
  /** "today at 3:00 PM EST", "tomorrow at 9:00 AM EDT", "on Friday at 9:00 AM EST", "in about 1 hour". */
  relative: string;
  /** Always the full date and time: "Tuesday, March 10, 2026 at 3:00 PM EDT". */
  full: string;
};

/**
 * How a reminder names the visit's time, worded when it is SENT (a reminder queued for "24 hours
 * before" but sent late the same morning must say "today", not "tomorrow") and in the reader's
 * zone: "today" and "tomorrow" compare calendar dates there, never 24-hour steps, so they hold
 * across midnight and daylight-saving changes. The full date is always given as well.
 */
export function describeVisitTime(visitStartsAt: Date, sentAt: Date, timeZone: string): VisitWhen {
  const time = formatInZone(visitStartsAt, timeZone, { withDate: false });
  const full = `${dateTimeFormat("en-US", { timeZone, weekday: "long", month: "long", day: "numeric", year: "numeric" }).format(visitStartsAt)} at ${time}`;
  const minutes = (visitStartsAt.getTime() - sentAt.getTime()) / 60_000;
  if (minutes < SOON_MINUTES) {
    if (minutes <= 2) return { relative: "now", full };
    if (minutes >= 45) return { relative: "in about 1 hour", full };
    return { relative: `in about ${Math.max(5, Math.round(minutes / 5) * 5)} minutes`, full };
  }
  const sentDay = wallClockAt(sentAt, timeZone).date;
  const visitDay = wallClockAt(visitStartsAt, timeZone).date;
  const day =
    visitDay === sentDay
      ? "today"
      : visitDay === addDays(sentDay, 1)
        ? "tomorrow"
        : visitDay <= addDays(sentDay, 6)
          ? `on ${dateTimeFormat("en-US", { timeZone, weekday: "long" }).format(visitStartsAt)}`
          : `on ${dateTimeFormat("en-US", { timeZone, month: "long", day: "numeric" }).format(visitStartsAt)}`;
  return { relative: `${day} at ${time}`, full };
}

/**
 * The reminder text: no PHI beyond what a reminder needs - no reason, no clinician specialty, no
 * diagnosis. When the visit is, worded at send time in the patient's own zone (describeVisitTime),
 * and how the visit happens.
 */
export function reminderText(r: {
  modality: "VIDEO" | "PHONE";
  visitStartsAt: Date;
  sentAt: Date;
  timeZone: string;
  clinicName: string;
  joinUrl: string | null;
  phoneLabel: string | null;
}): { subject: string; body: string } {
  const when = describeVisitTime(r.visitStartsAt, r.sentAt, r.timeZone);
  const how =
    r.modality === "VIDEO"
      ? r.joinUrl
        ? `It is a video visit. Join here a few minutes early: ${r.joinUrl}`
        : "It is a video visit. Use the link from the clinic to join a few minutes early."
      : `It is a phone visit. We will call you${r.phoneLabel ? ` at ${r.phoneLabel}` : ""}.`;
  return {
    subject: `Reminder: your ${r.clinicName} visit ${when.relative}`,
    body: `You have a visit with ${r.clinicName} ${when.relative}.\nWhen: ${when.full}\n${how}\nIf you cannot make it, please call the clinic.`,
  };
}
