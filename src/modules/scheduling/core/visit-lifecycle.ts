/**
 * The visit lifecycle as a pure transition table:
 *   SCHEDULED -> CHECKED_IN -> IN_PROGRESS -> COMPLETED
 *   SCHEDULED | CHECKED_IN -> CANCELLED (with a reason) | NO_SHOW (only once the start time passed)
 * Phone visits have no waiting room, so SCHEDULED -> IN_PROGRESS ("Call") is allowed directly.
 * COMPLETED, CANCELLED and NO_SHOW are final. Reschedule and modality switch are edits, allowed
 * only before the visit is under way.
 */
export const visitStatuses = ["SCHEDULED", "CHECKED_IN", "IN_PROGRESS", "COMPLETED", "CANCELLED", "NO_SHOW"] as const;
export type VisitStatus = (typeof visitStatuses)[number];

export const visitTransitions = ["CHECK_IN", "START", "COMPLETE", "CANCEL", "MARK_NO_SHOW"] as const;
export type VisitTransition = (typeof visitTransitions)[number];

export const transitionTable: Record<VisitStatus, Partial<Record<VisitTransition, VisitStatus>>> = {
  SCHEDULED: { CHECK_IN: "CHECKED_IN", START: "IN_PROGRESS", CANCEL: "CANCELLED", MARK_NO_SHOW: "NO_SHOW" },
  CHECKED_IN: { START: "IN_PROGRESS", CANCEL: "CANCELLED", MARK_NO_SHOW: "NO_SHOW" },
  IN_PROGRESS: { COMPLETE: "COMPLETED" },
  COMPLETED: {},
  CANCELLED: {},
  NO_SHOW: {},
};

/** How early a patient may be checked in (the waiting room opens). */
export const CHECK_IN_OPENS_MINUTES = 60;

/** A visit's join link works until an hour after its booked end, when the video room closes. */
export const JOIN_LINK_AFTER_END_MINUTES = 60;
export function joinLinkExpiry(endsAt: Date): Date {
  return new Date(endsAt.getTime() + JOIN_LINK_AFTER_END_MINUTES * 60_000);
}

export type TransitionResult = { ok: true; to: VisitStatus } | { ok: false; reason: TransitionRefusal };
export type TransitionRefusal = "not_allowed_from_status" | "too_early" | "reason_required";

export function applyTransition(
  from: VisitStatus,
  transition: VisitTransition,
  at: { now: Date; startsAt: Date; reason?: string | null },
): TransitionResult {
  const to = transitionTable[from][transition];
  if (!to) return { ok: false, reason: "not_allowed_from_status" };
  switch (transition) {
    case "MARK_NO_SHOW":
      // Nobody is a no-show before the visit was due to start.
      if (at.now.getTime() < at.startsAt.getTime()) return { ok: false, reason: "too_early" };
      break;
    case "CHECK_IN":
    case "START":
      if (at.now.getTime() < at.startsAt.getTime() - CHECK_IN_OPENS_MINUTES * 60_000)
        return { ok: false, reason: "too_early" };
      break;
    case "CANCEL":
      if (!at.reason || !at.reason.trim()) return { ok: false, reason: "reason_required" };
      break;
    case "COMPLETE":
      break;
  }
  return { ok: true, to };
}

export function isFinal(status: VisitStatus): boolean {
  return Object.keys(transitionTable[status]).length === 0;
}

/** Blocks time on the calendar (the exclusion constraints use the same rule). */
export function blocksTime(status: VisitStatus): boolean {
  return status !== "CANCELLED";
}

/** Reschedule and modality switch are allowed only before the visit is under way. */
export function canEditSchedule(status: VisitStatus): boolean {
  return status === "SCHEDULED";
}

export function canSwitchModality(status: VisitStatus): boolean {
  // A failing video may move to phone while the visit is under way (docs/ux-principles.md#clinician, visit workspace).
  return status === "SCHEDULED" || status === "CHECKED_IN" || status === "IN_PROGRESS";
}

export const statusLabels: Record<VisitStatus, { label: string; patientLabel: string }> = {
  SCHEDULED: { label: "Scheduled", patientLabel: "Booked" },
  CHECKED_IN: { label: "Checked in", patientLabel: "Checked in" },
  IN_PROGRESS: { label: "In progress", patientLabel: "Happening now" },
  COMPLETED: { label: "Completed", patientLabel: "Done" },
  CANCELLED: { label: "Cancelled", patientLabel: "Cancelled" },
  NO_SHOW: { label: "No-show", patientLabel: "Missed" },
};

export const transitionLabels: Record<VisitTransition, string> = {
  CHECK_IN: "Check in",
  START: "Start visit",
  COMPLETE: "Complete",
  CANCEL: "Cancel visit",
  MARK_NO_SHOW: "Mark no-show",
};

export const refusalMessages: Record<TransitionRefusal, string> = {
  not_allowed_from_status: "That step is not possible from the visit's current status.",
  too_early: "That step is not possible yet: it is too early for this visit.",
  reason_required: "Give a reason.",
};
