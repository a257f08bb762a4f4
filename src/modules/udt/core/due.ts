import type { UdtState } from "./machine";

/**
 * The due step of an order (FHIR Task): what must happen next, who does it, and by when.
 * The collection deadline is the order's window (docs/clinical-reference.md#remote-udt-workflow: default 24 h, a clinic setting);
 * the other turnaround times are clinic conventions, not clinical rules, kept here in one place.
 */
export const turnaroundHours = {
  resultAfterCollection: 7 * 24,
  confirmationOrderAfterResult: 24,
  confirmationResultAfterOrder: 7 * 24,
  reviewAfterResult: 48,
  discussAfterReview: 7 * 24,
  closeAfterDiscussion: 48,
} as const;

export type DueRole = "COORDINATOR" | "CLINICIAN";
export type DueStep = { step: string; role: DueRole | null; dueAt: Date | null };

/** The order's step timestamps (null until the step is taken); the due step and the step planner read them. */
export type UdtOrderTimes = {
  windowMissedAt: Date | null;
  collectedAt: Date | null;
  resultedAt: Date | null;
  confirmationOrderedAt: Date | null;
  confirmationResultedAt: Date | null;
  reviewedAt: Date | null;
  discussedAt: Date | null;
};

export type DueInput = { state: UdtState; windowEnd: Date } & UdtOrderTimes;

const plusHours = (d: Date | null, h: number) => (d ? new Date(d.getTime() + h * 3_600_000) : null);

export function dueStepFor(o: DueInput): DueStep {
  const t = turnaroundHours;
  switch (o.state) {
    case "ORDERED":
      return { step: "Instruct patient", role: "COORDINATOR", dueAt: o.windowEnd };
    case "INSTRUCTED":
      return { step: "Confirm collection", role: "COORDINATOR", dueAt: o.windowEnd };
    case "WINDOW_MISSED":
      // Escalated: overdue since the window ended, so it sorts to the top of the queue.
      return { step: "Follow up missed collection", role: "COORDINATOR", dueAt: o.windowEnd };
    case "COLLECTED":
      return {
        step: "Enter screening result",
        role: "COORDINATOR",
        dueAt: plusHours(o.collectedAt, t.resultAfterCollection),
      };
    case "RESULTED":
      // Interpreted automatically in the same transaction; never waits for a person.
      return { step: "Interpretation", role: null, dueAt: null };
    case "CONFIRMATION_NEEDED":
      return {
        step: "Order confirmatory test",
        role: "COORDINATOR",
        dueAt: plusHours(o.resultedAt, t.confirmationOrderAfterResult),
      };
    case "CONFIRMATION_ORDERED":
      return {
        step: "Enter confirmatory result",
        role: "COORDINATOR",
        dueAt: plusHours(o.confirmationOrderedAt, t.confirmationResultAfterOrder),
      };
    case "AWAITING_REVIEW":
      return {
        step: "Review result",
        role: "CLINICIAN",
        dueAt: plusHours(o.confirmationResultedAt ?? o.resultedAt, t.reviewAfterResult),
      };
    case "REVIEWED":
      return { step: "Discuss with patient", role: "CLINICIAN", dueAt: plusHours(o.reviewedAt, t.discussAfterReview) };
    case "DISCUSSED":
      return { step: "Close order", role: "COORDINATOR", dueAt: plusHours(o.discussedAt, t.closeAfterDiscussion) };
    case "CLOSED":
    case "CANCELLED":
      return { step: "None", role: null, dueAt: null };
  }
}

export function isOverdue(dueAt: Date | null, now: Date): boolean {
  return dueAt !== null && dueAt.getTime() < now.getTime();
}

/** Is the collection window over for an order still waiting for its sample? */
export function isWindowMissed(state: UdtState, windowEnd: Date, now: Date): boolean {
  return (state === "ORDERED" || state === "INSTRUCTED") && windowEnd.getTime() <= now.getTime();
}

/**
 * The order's state as of `now`: an order still waiting for its sample once its window ended is
 * WINDOW_MISSED at once, for every reader, before the background worker records the escalation
 * (reads never write: docs/architecture.md#background-work). Its due role and time do not change
 * (the coordinator, the window's end), so queues sorted by the stored columns stay right.
 */
export function stateAsOf(state: UdtState, windowEnd: Date, now: Date): UdtState {
  return isWindowMissed(state, windowEnd, now) ? "WINDOW_MISSED" : state;
}
