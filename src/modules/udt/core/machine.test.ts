import { describe, expect, it } from "vitest";
import {
  allowedEvents,
  eventPerformers,
  isOpenState,
  nextState,
  transition,
  udtEvents,
  udtStates,
  type UdtEvent,
  type UdtPerformer,
  type UdtState,
} from "./machine";

// The expected table, written out by hand (not derived from the implementation) so a change to
// the machine must be made twice on purpose.
const expected: Record<UdtState, Partial<Record<UdtEvent, UdtState>>> = {
  ORDERED: { INSTRUCT: "INSTRUCTED", MISS_WINDOW: "WINDOW_MISSED", CANCEL: "CANCELLED" },
  INSTRUCTED: { RECORD_COLLECTION: "COLLECTED", MISS_WINDOW: "WINDOW_MISSED", CANCEL: "CANCELLED" },
  WINDOW_MISSED: { REOPEN_WINDOW: "ORDERED", CANCEL: "CANCELLED" },
  COLLECTED: { RECORD_RESULT: "RESULTED", CANCEL: "CANCELLED" },
  RESULTED: { INTERPRET_EXPECTED: "AWAITING_REVIEW", INTERPRET_UNEXPECTED: "CONFIRMATION_NEEDED", CANCEL: "CANCELLED" },
  CONFIRMATION_NEEDED: { ORDER_CONFIRMATION: "CONFIRMATION_ORDERED", CANCEL: "CANCELLED" },
  CONFIRMATION_ORDERED: { RECORD_CONFIRMATION: "AWAITING_REVIEW", CANCEL: "CANCELLED" },
  AWAITING_REVIEW: { REVIEW: "REVIEWED", CANCEL: "CANCELLED" },
  REVIEWED: { DISCUSS: "DISCUSSED", CANCEL: "CANCELLED" },
  DISCUSSED: { CLOSE: "CLOSED", CANCEL: "CANCELLED" },
  CLOSED: {},
  CANCELLED: {},
};

const performers: UdtPerformer[] = ["CLINICIAN", "COORDINATOR", "SYSTEM"];
const expectedPerformers: Record<UdtEvent, UdtPerformer[]> = {
  INSTRUCT: ["CLINICIAN", "COORDINATOR"],
  RECORD_COLLECTION: ["CLINICIAN", "COORDINATOR"],
  MISS_WINDOW: ["SYSTEM"],
  REOPEN_WINDOW: ["CLINICIAN", "COORDINATOR"],
  RECORD_RESULT: ["CLINICIAN", "COORDINATOR"],
  INTERPRET_EXPECTED: ["SYSTEM"],
  INTERPRET_UNEXPECTED: ["SYSTEM"],
  ORDER_CONFIRMATION: ["CLINICIAN", "COORDINATOR"],
  RECORD_CONFIRMATION: ["CLINICIAN", "COORDINATOR"],
  REVIEW: ["CLINICIAN"],
  DISCUSS: ["CLINICIAN"],
  CLOSE: ["CLINICIAN", "COORDINATOR"],
  CANCEL: ["CLINICIAN", "COORDINATOR"],
};

const pairs = udtStates.flatMap((s) => udtEvents.map((e) => [s, e] as const));

describe("UDT state machine: every (state, event) pair", () => {
  it("covers all 12 x 13 pairs", () => expect(pairs).toHaveLength(12 * 13));

  it.each(pairs)("%s + %s", (state, event) => {
    const want = expected[state][event] ?? null;
    expect(nextState(state, event)).toBe(want);
    for (const p of performers) {
      const r = transition(state, event, p);
      if (want === null) {
        expect(r).toMatchObject({ ok: false, code: "NOT_ALLOWED" });
        if (!r.ok) expect(r.message).toMatch(/is not allowed while the order is/);
      } else if (expectedPerformers[event].includes(p)) {
        expect(r).toEqual({ ok: true, from: state, to: want });
      } else {
        expect(r).toMatchObject({ ok: false, code: "WRONG_PERFORMER" });
      }
    }
  });
});

describe("UDT state machine: shape", () => {
  it("has the performers the clinic agreed on", () => {
    for (const e of udtEvents) expect([...eventPerformers[e]].sort()).toEqual([...expectedPerformers[e]].sort());
  });

  it("lets every open state be cancelled and nothing leave a terminal state", () => {
    for (const s of udtStates) {
      expect(allowedEvents(s).includes("CANCEL")).toBe(isOpenState(s));
      if (!isOpenState(s)) expect(allowedEvents(s)).toEqual([]);
    }
  });

  it("cannot skip a step: the only path from ORDERED to CLOSED passes every step", () => {
    // Breadth-first over non-cancel transitions: the shortest route must be the full workflow.
    const seen = new Map<UdtState, UdtEvent[]>([["ORDERED", []]]);
    const queue: UdtState[] = ["ORDERED"];
    while (queue.length) {
      const s = queue.shift()!;
      for (const e of allowedEvents(s)) {
        const t = nextState(s, e)!;
        if (e === "CANCEL" || seen.has(t)) continue;
        seen.set(t, [...seen.get(s)!, e]);
        queue.push(t);
      }
    }
    expect(seen.get("CLOSED")).toEqual([
      "INSTRUCT",
      "RECORD_COLLECTION",
      "RECORD_RESULT",
      "INTERPRET_EXPECTED",
      "REVIEW",
      "DISCUSS",
      "CLOSE",
    ]);
    expect(seen.get("CONFIRMATION_ORDERED")).toEqual([
      "INSTRUCT",
      "RECORD_COLLECTION",
      "RECORD_RESULT",
      "INTERPRET_UNEXPECTED",
      "ORDER_CONFIRMATION",
    ]);
  });
});
