import { describe, expect, it } from "vitest";
import type { AdvanceUdtInput } from "../schemas";
import type { UdtEvent, UdtPerformer, UdtState } from "./machine";
import { planUdtStep, udtStepNeeds, type StoredFinding, type UdtOrderSnapshot, type UdtStepContext } from "./plan-step";
import { panelSubstances } from "./substances";

const NOW = new Date("2026-12-02T15:00:00Z");
const order = (state: UdtState, over: Partial<UdtOrderSnapshot> = {}): UdtOrderSnapshot => ({
  state,
  version: 3,
  panelCode: "CHRONIC_PAIN_STANDARD",
  collectionMethod: "LAB_PSC",
  windowEnd: new Date("2026-12-03T15:00:00Z"),
  patientTimeZone: "America/Los_Angeles",
  times: {
    windowMissedAt: null,
    collectedAt: new Date("2026-12-02T12:00:00Z"),
    resultedAt: null,
    confirmationOrderedAt: null,
    confirmationResultedAt: null,
    reviewedAt: null,
    discussedAt: null,
  },
  ...over,
});
const ctx = (over: Partial<UdtStepContext> = {}): UdtStepContext => ({
  now: NOW,
  actorUserId: "u-1",
  performer: "CLINICIAN",
  ...over,
});
const base = { version: 3, notes: null };
const allNegative = panelSubstances("CHRONIC_PAIN_STANDARD").map((substance) => ({ substance, detected: false }));
const withOxy = allNegative.map((f) => (f.substance === "oxycodone" ? { ...f, detected: true } : f));
const oxycodone = [{ drugKey: "oxycodone" as const, name: "Oxycodone 5 mg" }];

describe("udtStepNeeds: what the server loads for a step", () => {
  it.each([
    ["INSTRUCT", { settings: false, findings: false, medications: false }],
    ["REOPEN_WINDOW", { settings: true, findings: false, medications: false }],
    ["RECORD_RESULT", { settings: false, findings: true, medications: true }],
    ["RECORD_CONFIRMATION", { settings: false, findings: true, medications: true }],
    ["REVIEW", { settings: false, findings: false, medications: false }],
  ] as [UdtEvent, ReturnType<typeof udtStepNeeds>][])("%s", (event, want) => {
    expect(udtStepNeeds(event)).toEqual(want);
  });
});

describe("planUdtStep: refusals", () => {
  it.each([
    [
      "a stale version",
      order("ORDERED", { version: 4 }),
      { event: "INSTRUCT", ...base, channel: "PHONE", instructionText: null },
      "CLINICIAN",
      "STALE",
    ],
    [
      "a step the state does not allow",
      order("ORDERED"),
      { event: "REVIEW", ...base, reviewNote: "ok" },
      "CLINICIAN",
      "NOT_ALLOWED",
    ],
    [
      "a coordinator reviewing (clinical judgement)",
      order("AWAITING_REVIEW"),
      { event: "REVIEW", ...base, reviewNote: "ok" },
      "COORDINATOR",
      "NOT_ALLOWED",
    ],
    [
      "a result missing panel substances",
      order("COLLECTED"),
      { event: "RECORD_RESULT", ...base, findings: allNegative.slice(1) },
      "COORDINATOR",
      "INVALID_FINDINGS",
    ],
    ["a closed order", order("CLOSED"), { event: "CANCEL", ...base, cancelReason: "x" }, "CLINICIAN", "NOT_ALLOWED"],
  ] as [string, UdtOrderSnapshot, AdvanceUdtInput, UdtPerformer, string][])(
    "%s",
    (_label, o, input, performer, code) => {
      const out = planUdtStep(o, input, ctx({ performer }));
      expect(out.ok).toBe(false);
      if (!out.ok) expect(out.refusal.code).toBe(code);
    },
  );
});

describe("planUdtStep: each step's plan", () => {
  it("INSTRUCT writes the standard instructions (with the window's end in the patient's zone) when none are typed", () => {
    const out = planUdtStep(
      order("ORDERED"),
      { event: "INSTRUCT", ...base, channel: "PHONE", instructionText: null },
      ctx(),
    );
    if (!out.ok) throw new Error("refused");
    expect(out.plan.finalState).toBe("INSTRUCTED");
    expect(out.plan.finalVersion).toBe(4);
    expect(out.plan.changes.instructedById).toBe("u-1");
    expect(out.plan.changes.instructionText).toMatch(/7:00 AM/);
    expect(out.plan.events[0]!.details).toMatchObject({ channel: "PHONE" });
  });

  it.each([
    ["the hours given", 12, 36, 12],
    ["the clinic's setting when none given", undefined, 36, 36],
    ["24 hours when neither", undefined, undefined, 24],
  ])("REOPEN_WINDOW uses %s", (_label, hours, setting, want) => {
    const out = planUdtStep(
      order("WINDOW_MISSED"),
      { event: "REOPEN_WINDOW", ...base, windowHours: hours },
      ctx({ collectionWindowHours: setting }),
    );
    if (!out.ok) throw new Error("refused");
    expect(out.plan.changes.windowEnd!.getTime() - NOW.getTime()).toBe(want * 3_600_000);
    expect(out.plan.times.windowEnd).toEqual(out.plan.changes.windowEnd);
    expect(out.plan.changes.instructedAt).toBeNull();
    expect(out.plan.finalState).toBe("ORDERED");
  });

  it.each([
    ["all negative, no opioid listed", allNegative, [], "AWAITING_REVIEW", "EXPECTED", "INTERPRET_EXPECTED"],
    ["oxycodone detected and on the list", withOxy, oxycodone, "AWAITING_REVIEW", "EXPECTED", "INTERPRET_EXPECTED"],
    ["oxycodone detected, not on the list", withOxy, [], "CONFIRMATION_NEEDED", "UNEXPECTED", "INTERPRET_UNEXPECTED"],
  ] as const)(
    "RECORD_RESULT %s: two timeline rows, the second by the system",
    (_label, findings, meds, state, overall, auto) => {
      const out = planUdtStep(
        order("COLLECTED"),
        { event: "RECORD_RESULT", ...base, findings: [...findings] },
        ctx({ performer: "COORDINATOR", medications: meds as never, existingFindings: [] }),
      );
      if (!out.ok) throw new Error(JSON.stringify(out.refusal));
      expect(out.plan.finalState).toBe(state);
      expect(out.plan.changes.interpretation).toBe(overall);
      expect(out.plan.events.map((e) => [e.event, e.system])).toEqual([
        ["RECORD_RESULT", false],
        [auto, true],
      ]);
      expect(out.plan.finalVersion).toBe(5);
      expect(out.plan.findings).toHaveLength(findings.length);
      expect(out.plan.findings.every((f) => f.kind === "SCREEN")).toBe(true);
    },
  );

  it("RECORD_CONFIRMATION needs exactly the screen's unexpected substances and interprets them together", () => {
    const screen: StoredFinding[] = withOxy.map((f) => ({
      kind: "SCREEN",
      substance: f.substance,
      detected: f.detected,
      interpretation: f.substance === "oxycodone" ? "UNEXPECTED" : "EXPECTED",
    }));
    const missing = planUdtStep(
      order("CONFIRMATION_ORDERED"),
      { event: "RECORD_CONFIRMATION", ...base, findings: [] },
      ctx({ existingFindings: screen, medications: [] }),
    );
    expect(missing.ok).toBe(false);
    const out = planUdtStep(
      order("CONFIRMATION_ORDERED"),
      { event: "RECORD_CONFIRMATION", ...base, findings: [{ substance: "oxycodone", detected: false }] },
      ctx({ existingFindings: screen, medications: [] }),
    );
    if (!out.ok) throw new Error(JSON.stringify(out.refusal));
    expect(out.plan.finalState).toBe("AWAITING_REVIEW");
    expect(out.plan.changes.interpretation).toBe("EXPECTED");
    expect(out.plan.events).toHaveLength(1);
    expect(out.plan.events[0]!.notes).toBe("Consistent with the medication list");
    expect(out.plan.findings).toEqual([
      expect.objectContaining({ kind: "CONFIRMATORY", substance: "oxycodone", detected: false }),
    ]);
  });

  it.each([
    [
      "ORDER_CONFIRMATION",
      "CONFIRMATION_NEEDED",
      { event: "ORDER_CONFIRMATION", ...base, method: "LC_MS" },
      "CONFIRMATION_ORDERED",
      "confirmationMethod",
      "LC_MS",
    ],
    [
      "REVIEW",
      "AWAITING_REVIEW",
      { event: "REVIEW", ...base, reviewNote: "Consistent" },
      "REVIEWED",
      "reviewNote",
      "Consistent",
    ],
    [
      "DISCUSS",
      "REVIEWED",
      { event: "DISCUSS", ...base, discussionNote: "Talked", plan: "Continue" },
      "DISCUSSED",
      "discussionPlan",
      "Continue",
    ],
    ["CLOSE", "DISCUSSED", { event: "CLOSE", ...base }, "CLOSED", "closedAt", NOW],
    [
      "CANCEL",
      "INSTRUCTED",
      { event: "CANCEL", ...base, cancelReason: "Duplicate" },
      "CANCELLED",
      "cancelReason",
      "Duplicate",
    ],
  ] as [string, UdtState, AdvanceUdtInput, UdtState, string, unknown][])(
    "%s from %s",
    (_label, from, input, to, field, value) => {
      const out = planUdtStep(order(from), input, ctx());
      if (!out.ok) throw new Error(JSON.stringify(out.refusal));
      expect(out.plan.finalState).toBe(to);
      expect((out.plan.changes as Record<string, unknown>)[field]).toEqual(value);
      expect(out.plan.events).toEqual([expect.objectContaining({ event: input.event, from, to, system: false })]);
    },
  );

  it("DISCUSS without notes says what was documented; CANCEL joins reason and notes", () => {
    const d = planUdtStep(order("REVIEWED"), { event: "DISCUSS", ...base, discussionNote: "a", plan: "b" }, ctx());
    const c = planUdtStep(
      order("ORDERED"),
      { event: "CANCEL", version: 3, notes: "called twice", cancelReason: "Patient declined" },
      ctx(),
    );
    expect(d.ok && d.plan.events[0]!.notes).toBe("Conversation and plan documented");
    expect(c.ok && c.plan.events[0]!.notes).toBe("Patient declined - called twice");
  });
});
