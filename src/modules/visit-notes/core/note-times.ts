/**
 * The note's start and end time against the times the app recorded for the call
 * (docs/decisions/visit-documentation.md#note-times). Billing counts minutes from the note's
 * times (docs/clinical-reference.md#telehealth-billing), so a typed time is never trusted over a
 * recorded one without a stated reason:
 *
 * - the note defaults to the recorded call times: the video room or phone call start (the visit
 *   started: patient admitted, or "Call") and end (the call ended, the visit completed);
 * - a time in the future, or an end before the start, is refused: no reason can make it true;
 * - a typed time that differs from its recorded time (compared to the minute, the precision of
 *   the form) needs a short reason, stored with the note and shown on it;
 * - a time the app did not record (a visit still in progress has no end yet; an old visit may
 *   have no times) is the clinician's own entry: it must still be in the past and in order,
 *   and the note says that it was entered, not recorded.
 *
 * Pure: no clock (the caller passes now), no time zone (instants only).
 */

export type RecordedTimes = { startedAt: Date | null; endedAt: Date | null };

/** Where a time on the note came from. */
export type TimeSource = "recorded" | "entered" | "changed";

export type TimesProblem = { field: "startedAt" | "endedAt" | "timesReason"; message: string };

export type TimesCheck = {
  problems: TimesProblem[];
  start: TimeSource | null;
  end: TimeSource | null;
  /** A typed time differs from a recorded one: the reason is required and kept. */
  needsReason: boolean;
};

const MINUTE = 60_000;
const minuteOf = (d: Date) => Math.floor(d.getTime() / MINUTE);

/** Same minute, the precision of <input type="datetime-local">: 10:00:59 recorded is 10:00 typed. */
export function sameMinute(a: Date, b: Date): boolean {
  return minuteOf(a) === minuteOf(b);
}

/** Where one time of the note came from, against the time the app recorded (null: none typed). */
export function timeSource(typed: Date | null, recorded: Date | null): TimeSource | null {
  if (!typed) return null;
  if (!recorded) return "entered";
  return sameMinute(typed, recorded) ? "recorded" : "changed";
}

export function checkNoteTimes(input: {
  startedAt: Date | null;
  endedAt: Date | null;
  recorded: RecordedTimes;
  reason: string | null;
  now: Date;
}): TimesCheck {
  const { startedAt, endedAt, recorded, now } = input;
  const problems: TimesProblem[] = [];
  const start = timeSource(startedAt, recorded.startedAt);
  const end = timeSource(endedAt, recorded.endedAt);
  if (!startedAt) problems.push({ field: "startedAt", message: "Record the start time" });
  else if (startedAt.getTime() > now.getTime())
    problems.push({
      field: "startedAt",
      message: "The start time is in the future: enter when the call actually started",
    });
  if (!endedAt) problems.push({ field: "endedAt", message: "Record the end time" });
  else if (endedAt.getTime() > now.getTime())
    problems.push({ field: "endedAt", message: "The end time is in the future: enter when the call actually ended" });
  if (startedAt && endedAt && endedAt.getTime() < startedAt.getTime()) {
    problems.push({
      field: "endedAt",
      message: "The end time is before the start time (if the call crossed midnight, check the end date)",
    });
  }
  const needsReason = start === "changed" || end === "changed";
  if (needsReason && !input.reason?.trim()) {
    problems.push({ field: "timesReason", message: "The times differ from the recorded call times: give a reason" });
  }
  return { problems, start, end, needsReason };
}

/** Short words for the note and the PDF, e.g. "recorded by the app". */
export const timeSourceLabels: Record<TimeSource, string> = {
  recorded: "recorded by the app",
  entered: "entered by the clinician (not recorded by the app)",
  changed: "changed from the recorded time",
};

/**
 * One sentence for the signed note and its PDF: where the times came from, the recorded call
 * times (already formatted by the caller, in the clinic zone) and the reason, if any.
 */
export function describeTimesProvenance(n: {
  startSource: TimeSource;
  endSource: TimeSource;
  recordedStart: string;
  recordedEnd: string;
  reason: string | null;
}): string {
  const parts =
    n.startSource === n.endSource
      ? [`Both times ${timeSourceLabels[n.startSource]}`]
      : [`Start ${timeSourceLabels[n.startSource]}`, `end ${timeSourceLabels[n.endSource]}`];
  return `${parts.join(", ")} (recorded call: ${n.recordedStart} to ${n.recordedEnd})${n.reason ? `. Reason: ${n.reason}` : ""}.`;
}
