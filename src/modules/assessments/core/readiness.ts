import { addDays, wallClockAt, zonedToUtc } from "../../scheduling/core/time";

/**
 * When a form is due and whether it is late: the one rule behind every "Due" and "Overdue" the
 * app shows (staff chart forms page, forms queue and its badge, Today and the visit list, the
 * patient portal and the link pages). docs/decisions/form-due-times.md.
 */
export type FormReadiness = "done" | "pending" | "overdue" | "none";

export type RequestForReadiness = { status: "PENDING" | "COMPLETED" | "CANCELLED"; dueAt: Date };

export type DueSettings = { dueMinutesBefore: number };

/**
 * When a pre-visit form is due. Normally `dueMinutesBefore` minutes before the visit (a clinic
 * setting, so the clinician can read the answers first). A request made at or after that moment
 * (a visit booked 90 minutes ahead with a 2-hour lead, a form added late) would be overdue the
 * moment it exists, so it is due when the visit starts instead: the latest time the answers still
 * serve the visit. Requests are only made before a visit starts (booking refuses past times; a
 * form is not added to a visit that has begun), so a new request is never overdue at once.
 */
export function preVisitDueAt(visitStartsAt: Date, requestedAt: Date, settings: DueSettings): Date {
  const onTime = visitStartsAt.getTime() - settings.dueMinutesBefore * 60_000;
  return new Date(requestedAt.getTime() < onTime ? onTime : visitStartsAt.getTime());
}

/**
 * A form asked for outside a visit, due `dueInDays` clinic days from today (0 = today): by the
 * last minute of that day in the clinic's zone, so "today" still leaves the rest of the day.
 */
export function standaloneDueAt(requestedAt: Date, dueInDays: number, timeZone: string): Date {
  const day = addDays(wallClockAt(requestedAt, timeZone).date, dueInDays);
  return new Date(zonedToUtc(addDays(day, 1), 0, timeZone).getTime() - 60_000);
}

/** Overdue from the due time on (the due minute itself counts as late). */
export function isPastDue(dueAt: Date, now: Date): boolean {
  return dueAt.getTime() <= now.getTime();
}

/**
 * done: every active request is completed; overdue: any pending request is past its due time;
 * pending: otherwise; none: no active requests (all cancelled or never sent).
 */
export function computeReadiness(requests: readonly RequestForReadiness[], now: Date): FormReadiness {
  const active = requests.filter((r) => r.status !== "CANCELLED");
  if (active.length === 0) return "none";
  const pending = active.filter((r) => r.status === "PENDING");
  if (pending.length === 0) return "done";
  return pending.some((r) => isPastDue(r.dueAt, now)) ? "overdue" : "pending";
}

export function requestState(r: RequestForReadiness, now: Date): "done" | "pending" | "overdue" | "cancelled" {
  switch (r.status) {
    case "COMPLETED":
      return "done";
    case "CANCELLED":
      return "cancelled";
    case "PENDING":
      return isPastDue(r.dueAt, now) ? "overdue" : "pending";
  }
}
