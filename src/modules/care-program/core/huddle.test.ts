import { describe, expect, it } from "vitest";
import {
  documentedDateProblem,
  emptyReviewed,
  followUpWindow,
  formsToSend,
  gapAction,
  gapActionTable,
  huddleItems,
  noHuddleState,
  pdmpDefaults,
  reviewedLines,
  type HuddleActionKind,
  type HuddleRole,
  type HuddleState,
} from "./huddle";
import { careGapRuleIds, type CareGapRuleId, type OpenGap } from "./rules";
import { defaultCareProgramSettings as defaults } from "./settings";

describe("which action a gap offers to which role", () => {
  const rows: [CareGapRuleId, HuddleRole, HuddleActionKind][] = [
    ["peg-due", "COORDINATOR", "send-forms"],
    ["peg-due", "CLINICIAN", "send-forms"],
    ["phq9-due", "COORDINATOR", "send-forms"],
    ["phq9-due", "CLINICIAN", "send-forms"],
    ["udt-due", "COORDINATOR", "queue-udt"],
    ["udt-due", "CLINICIAN", "order-udt"],
    ["agreement-due", "COORDINATOR", "agreement"],
    ["agreement-due", "CLINICIAN", "agreement"],
    ["pdmp-due", "COORDINATOR", "for-clinician"],
    ["pdmp-due", "CLINICIAN", "document-pdmp"],
    ["naloxone-indicated", "COORDINATOR", "for-clinician"],
    ["naloxone-indicated", "CLINICIAN", "document-naloxone"],
    ["opioid-benzodiazepine", "COORDINATOR", "for-clinician"],
    ["opioid-benzodiazepine", "CLINICIAN", "review-medications"],
    ["dose-increase-follow-up", "COORDINATOR", "book-follow-up"],
    ["dose-increase-follow-up", "CLINICIAN", "book-follow-up"],
    ["visit-overdue", "COORDINATOR", "book-follow-up"],
    ["visit-overdue", "CLINICIAN", "book-follow-up"],
    ["high-dose-context", "COORDINATOR", "none"],
    ["high-dose-context", "CLINICIAN", "none"],
  ];
  it.each(rows)("%s for the %s: %s", (rule, role, kind) => {
    expect(gapActionTable[rule][role]).toBe(kind);
    const a = gapAction(rule, role);
    expect(a.kind).toBe(kind);
    expect(a.label.length).toBeGreaterThan(5);
  });

  it("covers every rule for both roles", () => {
    expect(rows.length).toBe(careGapRuleIds.length * 2);
    for (const id of careGapRuleIds)
      for (const role of ["CLINICIAN", "COORDINATOR"] as const)
        expect(rows.some(([r, ro]) => r === id && ro === role)).toBe(true);
  });
});

describe("what is already under way changes the action", () => {
  const queued: HuddleState = { ...noHuddleState, udtQueued: true };
  const ordered: HuddleState = { ...noHuddleState, udtOrderOpen: true };
  const rows: [string, CareGapRuleId, HuddleRole, HuddleState, HuddleActionKind, RegExp][] = [
    [
      "nothing under way: the coordinator queues",
      "udt-due",
      "COORDINATOR",
      noHuddleState,
      "queue-udt",
      /^Queue a urine drug test/,
    ],
    [
      "queued: the coordinator sees it waiting",
      "udt-due",
      "COORDINATOR",
      queued,
      "under-way",
      /queued for the clinician/,
    ],
    [
      "queued: the clinician orders the queued one",
      "udt-due",
      "CLINICIAN",
      queued,
      "order-udt",
      /the coordinator queued/,
    ],
    [
      "ordered: the clinician waits for the sample",
      "udt-due",
      "CLINICIAN",
      ordered,
      "under-way",
      /waiting for the sample/,
    ],
    [
      "ordered and queued: ordered wins",
      "udt-due",
      "COORDINATOR",
      { ...queued, udtOrderOpen: true },
      "under-way",
      /waiting for the sample/,
    ],
    ["PEG not requested", "peg-due", "COORDINATOR", noHuddleState, "send-forms", /^Send the PEG form/],
    [
      "PEG requested already: resend the link",
      "peg-due",
      "COORDINATOR",
      { ...noHuddleState, formsPending: ["PEG"] },
      "send-forms",
      /new link/,
    ],
    [
      "PHQ-9 requested does not change PEG",
      "peg-due",
      "CLINICIAN",
      { ...noHuddleState, formsPending: ["PHQ9"] },
      "send-forms",
      /^Send the PEG form/,
    ],
  ];
  it.each(rows)("%s", (_l, rule, role, state, kind, label) => {
    const a = gapAction(rule, role, state);
    expect(a.kind).toBe(kind);
    expect(a.label).toMatch(label);
  });
});

const gap = (ruleId: CareGapRuleId, severity: "gap" | "context" = "gap"): OpenGap => ({
  ruleId,
  title: ruleId,
  severity,
  dueSince: "2026-11-01",
  detail: "",
});

describe("panel items", () => {
  it("puts context items after the gaps, each with its action", () => {
    const r = huddleItems([gap("high-dose-context", "context"), gap("pdmp-due"), gap("peg-due")], "CLINICIAN");
    expect(r.gaps.map((g) => [g.ruleId, g.action.kind])).toEqual([
      ["pdmp-due", "document-pdmp"],
      ["peg-due", "send-forms"],
    ]);
    expect(r.context.map((g) => g.ruleId)).toEqual(["high-dose-context"]);
  });

  const forms: [string, CareGapRuleId[], string[]][] = [
    ["no form gap", ["pdmp-due", "udt-due"], []],
    ["PEG only", ["peg-due"], ["PEG"]],
    ["both, in rule order", ["peg-due", "pdmp-due", "phq9-due"], ["PEG", "PHQ9"]],
  ];
  it.each(forms)("forms to send: %s", (_l, rules, want) => expect(formsToSend(rules.map((r) => gap(r)))).toEqual(want));
});

describe("PDMP defaults", () => {
  const rows: [string, string | null, string | null, string][] = [
    ["the patient's state at the visit", "id", "WA", "ID"],
    ["else where they live", null, "wa", "WA"],
    ["nothing known: empty (the form asks)", null, null, ""],
  ];
  it.each(rows)("%s", (_l, visitState, residenceState, state) => {
    expect(pdmpDefaults({ today: "2026-12-02", visitState, residenceState })).toEqual({
      checkedOn: "2026-12-02",
      state,
    });
  });
});

describe("documented dates", () => {
  const rows: [string, string, boolean][] = [
    ["today", "2026-12-02", true],
    ["tomorrow is refused", "2026-12-03", false],
    ["365 days ago", "2025-12-02", true],
    ["366 days ago is refused", "2025-12-01", false],
  ];
  it.each(rows)("%s", (_l, date, ok) => {
    const p = documentedDateProblem(date, "2026-12-02");
    expect(p === null).toBe(ok);
    if (!ok) expect(p).toMatch(/enter/);
  });
});

describe("follow-up window", () => {
  it("after a dose increase: 1 to 4 weeks after the visit", () =>
    expect(followUpWindow("dose-increase-follow-up", "2026-12-02", defaults)).toEqual({
      from: "2026-12-09",
      to: "2026-12-30",
    }));
  it("otherwise: the two weeks before the visit interval ends", () =>
    expect(followUpWindow("visit-overdue", "2026-12-02", defaults)).toEqual({ from: "2027-02-16", to: "2027-03-02" }));
  it("a short follow-up setting stays a valid range", () => {
    const w = followUpWindow("dose-increase-follow-up", "2026-12-02", { ...defaults, doseIncreaseFollowUpDays: 3 });
    expect(w).toEqual({ from: "2026-12-05", to: "2026-12-05" });
  });
});

describe("Reviewed before the visit", () => {
  it("says nothing when nothing was documented", () => expect(reviewedLines(emptyReviewed)).toEqual([]));
  it("prints every documented item in plain words", () => {
    const lines = reviewedLines({
      pdmpChecks: [{ checkedOn: "2026-12-02", state: "WA", finding: "CONSISTENT", note: null, by: "Dr. A" }],
      naloxone: [{ offeredOn: "2026-12-02", outcome: "PRESCRIBED", note: "Nasal spray", by: "Dr. A" }],
      riskHistory: [{ kind: "OVERDOSE", recordedOn: "2026-12-01", note: null, by: "Dr. A" }],
      udtOrders: [
        {
          status: "QUEUED",
          panel: "Opioid panel",
          reason: "none in 12 months",
          queuedBy: "Coord B",
          orderedBy: null,
          orderedOn: null,
        },
        {
          status: "ORDERED",
          panel: "Opioid panel",
          reason: "none in 12 months",
          queuedBy: "Coord B",
          orderedBy: "Dr. A",
          orderedOn: "2026-12-02",
        },
      ],
      forms: [{ instrument: "PHQ9", state: "done" }],
    });
    expect(lines).toEqual([
      { label: "PDMP", text: "Checked Dec 2, 2026 (WA): consistent with the prescribed medications; by Dr. A" },
      { label: "Naloxone", text: "Prescribed Dec 2, 2026; by Dr. A. Note: Nasal spray" },
      { label: "Risk history", text: "History of overdose, recorded Dec 1, 2026; by Dr. A" },
      {
        label: "Urine drug test",
        text: "Opioid panel queued for the clinician by Coord B (none in 12 months), not ordered yet",
      },
      { label: "Urine drug test", text: "Opioid panel ordered Dec 2, 2026 (none in 12 months); by Dr. A" },
      { label: "Pre-visit form", text: "PHQ-9 answered" },
    ]);
  });
});
