import type { Translate } from "@/i18n/translator";
import { dateTimeFormat } from "@/lib/intl-cache";
import { addDays, wallClockAt } from "./time";

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

/** The clock time in the reader's zone and language ("3:00 PM EST", "3:00 p.m. EST"), and its hour as shown (for "a la 1"). */
function clockTime(instant: Date, timeZone: string, intlLocale: string): { time: string; hour: number } {
  const f = dateTimeFormat(intlLocale, {
    timeZone,
    hour: "numeric",
    minute: "2-digit",
    timeZoneName: "short",
  });
  const hour = Number(f.formatToParts(instant).find((p) => p.type === "hour")?.value ?? 0);
  return { time: f.format(instant), hour };
}

/**
 * How a reminder names the visit's time, worded when it is SENT (a reminder queued for "24 hours
 * before" but sent late the same morning must say "today", not "tomorrow") and in the reader's
 * zone and language (`t`, the patient's catalog: docs/decisions/i18n.md): "today" and "tomorrow"
 * compare calendar dates there, never 24-hour steps, so they hold across midnight and
 * daylight-saving changes. The full date is always given as well.
 */
export function describeVisitTime(visitStartsAt: Date, sentAt: Date, timeZone: string, t: Translate): VisitWhen {
  const intlLocale = t("format.intlLocale");
  const at = t("email.when.at", clockTime(visitStartsAt, timeZone, intlLocale));
  const fmt = (o: Intl.DateTimeFormatOptions) => dateTimeFormat(intlLocale, { timeZone, ...o }).format(visitStartsAt);
  const full = t("email.when.full", {
    date: fmt({ weekday: "long", month: "long", day: "numeric", year: "numeric" }),
    at,
  });
  const minutes = (visitStartsAt.getTime() - sentAt.getTime()) / 60_000;
  if (minutes < SOON_MINUTES) {
    if (minutes <= 2) return { relative: t("email.when.now"), full };
    if (minutes >= 45) return { relative: t("email.when.inAboutHour"), full };
    return { relative: t("email.when.inAboutMinutes", { minutes: Math.max(5, Math.round(minutes / 5) * 5) }), full };
  }
  const sentDay = wallClockAt(sentAt, timeZone).date;
  const visitDay = wallClockAt(visitStartsAt, timeZone).date;
  const relative =
    visitDay === sentDay
      ? t("email.when.today", { at })
      : visitDay === addDays(sentDay, 1)
        ? t("email.when.tomorrow", { at })
        : visitDay <= addDays(sentDay, 6)
          ? t("email.when.weekday", { weekday: fmt({ weekday: "long" }), at })
          : t("email.when.date", { date: fmt({ month: "long", day: "numeric" }), at });
  return { relative, full };
}

/**
 * The reminder text in the patient's language: no PHI beyond what a reminder needs - no reason,
 * no clinician specialty, no diagnosis. When the visit is, worded at send time in the patient's
 * own zone (describeVisitTime), and how the visit happens.
 */
export function reminderText(r: {
  modality: "VIDEO" | "PHONE";
  visitStartsAt: Date;
  sentAt: Date;
  timeZone: string;
  clinicName: string;
  joinUrl: string | null;
  phoneLabel: string | null;
  t: Translate;
}): { subject: string; body: string } {
  const { t } = r;
  const when = describeVisitTime(r.visitStartsAt, r.sentAt, r.timeZone, t);
  const how =
    r.modality === "VIDEO"
      ? r.joinUrl
        ? t("email.reminder.video", { url: r.joinUrl })
        : t("email.reminder.videoNoLink")
      : r.phoneLabel
        ? t("email.reminder.phoneAt", { phone: r.phoneLabel })
        : t("email.reminder.phone");
  return {
    subject: t("email.reminder.subject", { clinic: r.clinicName, when: when.relative }),
    body: [
      t("email.reminder.intro", { clinic: r.clinicName, when: when.relative }),
      t("email.reminder.when", { full: when.full }),
      how,
      t("email.reminder.cannotCome"),
    ].join("\n"),
  };
}
