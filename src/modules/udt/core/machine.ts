/**
 * The remote urine drug testing workflow as a pure state machine (docs/clinical-reference.md#remote-udt-workflow;
 * CDC 2022 Rec 10; Kale, Am Fam Physician 2019). Every step is an explicit event; the
 * table below is the only source of allowed transitions, so no step can be skipped. Persisting a
 * transition (with who, when, notes, and the version guard) is advance-udt-order.server.ts's job.
 */
export const udtStates = [
  "ORDERED",
  "INSTRUCTED",
  "COLLECTED",
  "WINDOW_MISSED",
  "RESULTED",
  "CONFIRMATION_NEEDED",
  "CONFIRMATION_ORDERED",
  "AWAITING_REVIEW",
  "REVIEWED",
  "DISCUSSED",
  "CLOSED",
  "CANCELLED",
] as const;
export type UdtState = (typeof udtStates)[number];

export const udtEvents = [
  "INSTRUCT",
  "RECORD_COLLECTION",
  "MISS_WINDOW",
  "REOPEN_WINDOW",
  "RECORD_RESULT",
  "INTERPRET_EXPECTED",
  "INTERPRET_UNEXPECTED",
  "ORDER_CONFIRMATION",
  "RECORD_CONFIRMATION",
  "REVIEW",
  "DISCUSS",
  "CLOSE",
  "CANCEL",
] as const;
export type UdtEvent = (typeof udtEvents)[number];

/** Who takes a step. SYSTEM steps happen without a person (overdue check, interpretation). */
export type UdtPerformer = "CLINICIAN" | "COORDINATOR" | "SYSTEM";

export const terminalStates: readonly UdtState[] = ["CLOSED", "CANCELLED"];
export const openStates: readonly UdtState[] = udtStates.filter((s) => !terminalStates.includes(s));
export const isOpenState = (s: UdtState): boolean => !terminalStates.includes(s);

/** (state, event) -> next state. Anything missing is not allowed. CANCEL is added below. */
const table: Record<UdtState, Partial<Record<UdtEvent, UdtState>>> = {
  ORDERED: { INSTRUCT: "INSTRUCTED", MISS_WINDOW: "WINDOW_MISSED" },
  INSTRUCTED: { RECORD_COLLECTION: "COLLECTED", MISS_WINDOW: "WINDOW_MISSED" },
  // A missed window stays in the coordinator's queue until a new window is set (and the patient
  // is instructed again) or the order is cancelled with a reason: never silently dropped.
  WINDOW_MISSED: { REOPEN_WINDOW: "ORDERED" },
  COLLECTED: { RECORD_RESULT: "RESULTED" },
  // Interpretation against the medication list runs automatically in the same transaction.
  RESULTED: { INTERPRET_EXPECTED: "AWAITING_REVIEW", INTERPRET_UNEXPECTED: "CONFIRMATION_NEEDED" },
  // Screening immunoassays are presumptive: confirm (GC-MS / LC-MS) before any decision.
  CONFIRMATION_NEEDED: { ORDER_CONFIRMATION: "CONFIRMATION_ORDERED" },
  CONFIRMATION_ORDERED: { RECORD_CONFIRMATION: "AWAITING_REVIEW" },
  AWAITING_REVIEW: { REVIEW: "REVIEWED" },
  REVIEWED: { DISCUSS: "DISCUSSED" },
  DISCUSSED: { CLOSE: "CLOSED" },
  CLOSED: {},
  CANCELLED: {},
};
for (const s of openStates) table[s].CANCEL = "CANCELLED";

/** Who may perform each event. */
export const eventPerformers: Record<UdtEvent, readonly UdtPerformer[]> = {
  INSTRUCT: ["COORDINATOR", "CLINICIAN"],
  RECORD_COLLECTION: ["COORDINATOR", "CLINICIAN"],
  MISS_WINDOW: ["SYSTEM"],
  REOPEN_WINDOW: ["COORDINATOR", "CLINICIAN"],
  RECORD_RESULT: ["COORDINATOR", "CLINICIAN"],
  INTERPRET_EXPECTED: ["SYSTEM"],
  INTERPRET_UNEXPECTED: ["SYSTEM"],
  ORDER_CONFIRMATION: ["COORDINATOR", "CLINICIAN"],
  RECORD_CONFIRMATION: ["COORDINATOR", "CLINICIAN"],
  // Reviewing and discussing a result is clinical judgement.
  REVIEW: ["CLINICIAN"],
  DISCUSS: ["CLINICIAN"],
  CLOSE: ["CLINICIAN", "COORDINATOR"],
  CANCEL: ["CLINICIAN", "COORDINATOR"],
};

export const eventLabels: Record<UdtEvent, string> = {
  INSTRUCT: "Patient instructed",
  RECORD_COLLECTION: "Sample collected",
  MISS_WINDOW: "Collection window missed - escalated to care coordinator",
  REOPEN_WINDOW: "New collection window set",
  RECORD_RESULT: "Screening result entered",
  INTERPRET_EXPECTED: "Interpreted: expected",
  INTERPRET_UNEXPECTED: "Interpreted: unexpected - confirmation needed",
  ORDER_CONFIRMATION: "Confirmatory test ordered",
  RECORD_CONFIRMATION: "Confirmatory result entered",
  REVIEW: "Reviewed by clinician",
  DISCUSS: "Discussed with patient",
  CLOSE: "Closed",
  CANCEL: "Cancelled",
};

export const stateLabels: Record<UdtState, string> = {
  ORDERED: "Ordered",
  INSTRUCTED: "Patient instructed",
  COLLECTED: "Collected",
  WINDOW_MISSED: "Window missed (escalated)",
  RESULTED: "Resulted",
  CONFIRMATION_NEEDED: "Unexpected - confirmation needed",
  CONFIRMATION_ORDERED: "Confirmatory test ordered",
  AWAITING_REVIEW: "Awaiting clinician review",
  REVIEWED: "Reviewed - discuss with patient",
  DISCUSSED: "Discussed",
  CLOSED: "Closed",
  CANCELLED: "Cancelled",
};

export type TransitionResult =
  { ok: true; from: UdtState; to: UdtState } | { ok: false; code: "NOT_ALLOWED" | "WRONG_PERFORMER"; message: string };

export function nextState(state: UdtState, event: UdtEvent): UdtState | null {
  return table[state][event] ?? null;
}

/** Events allowed in a state (any performer). */
export function allowedEvents(state: UdtState): UdtEvent[] {
  return udtEvents.filter((e) => table[state][e] !== undefined);
}

export function transition(state: UdtState, event: UdtEvent, performer: UdtPerformer): TransitionResult {
  const to = nextState(state, event);
  if (!to) {
    return {
      ok: false,
      code: "NOT_ALLOWED",
      message: `"${eventLabels[event]}" is not allowed while the order is "${stateLabels[state]}".`,
    };
  }
  if (!eventPerformers[event].includes(performer)) {
    const who = eventPerformers[event].map((p) => (p === "SYSTEM" ? "the system" : p.toLowerCase())).join(" or ");
    return { ok: false, code: "WRONG_PERFORMER", message: `"${eventLabels[event]}" can only be done by ${who}.` };
  }
  return { ok: true, from: state, to };
}
