import { describe, expect, it } from "vitest";
import { addDays } from "./dates";
import { careGapRules, evaluateCareGaps, isCareGapRuleId, isDueWithin } from "./rules";
import { defaultCareProgramSettings as defaults } from "./settings";
import { ASOF, decision, med, ruleOf, wellCaredFor } from "./test-fixtures";

describe("the well-cared-for patient has no open gap", () => {
  it("all rules evaluated, none open", () => {
    const e = evaluateCareGaps(wellCaredFor(ASOF), defaults, ASOF);
    expect(e.ltot.onLtot).toBe(true);
    expect(e.results.map((r) => r.ruleId)).toEqual(careGapRules.map((r) => r.id));
    expect(e.open).toEqual([]);
  });
});

describe("who has gaps at all", () => {
  it("a patient not on LTOT has none", () => {
    const f = wellCaredFor(ASOF, "p1", {
      medications: [med("oxycodone", 10, 2, "2026-05-01")],
      pegs: [],
      agreements: [],
    });
    const e = evaluateCareGaps(f, defaults, ASOF);
    expect(e.ltot.because).toBe("NOT_LONG_ENOUGH");
    expect(e.results).toEqual([]);
    expect(e.open).toEqual([]);
  });

  it("a patient excluded by a clinician has none, and gets them back when the exclusion is cleared", () => {
    const excluded = wellCaredFor(ASOF, "p1", { pegs: [], ltotDecisions: [decision("EXCLUDE", "2026-01-01")] });
    expect(evaluateCareGaps(excluded, defaults, ASOF).open).toEqual([]);
    const cleared = { ...excluded, ltotDecisions: [...excluded.ltotDecisions, decision("CLEAR", "2026-03-01")] };
    // Back in the registry on the day the exclusion was cleared: the PEG is due from then, not from 2025.
    expect(evaluateCareGaps(cleared, defaults, ASOF).open.map((g) => [g.ruleId, g.dueSince])).toEqual([
      ["peg-due", "2026-03-01"],
    ]);
  });

  it("a patient included by a clinician is due from the inclusion", () => {
    const f = wellCaredFor(ASOF, "p1", {
      medications: [med("oxycodone", 10, 2, "2026-05-20")],
      pdmpChecks: [],
      ltotDecisions: [decision("INCLUDE", "2026-06-01")],
    });
    expect(evaluateCareGaps(f, defaults, ASOF).open.find((g) => g.ruleId === "pdmp-due")?.dueSince).toBe("2026-06-01");
  });
});

describe("due within N days (filters)", () => {
  const f = wellCaredFor(ASOF, "p1", { pegs: [{ on: addDays(ASOF, -80), scoreTenths: 50 }] }); // due in 11 days
  const peg = ruleOf(f, "peg-due");
  it.each([
    [10, false],
    [11, true],
    [30, true],
  ])("within %s days: %s", (days, due) => expect(isDueWithin(peg, ASOF, days)).toBe(due));
  it("an open gap is always due; a rule with nothing to predict never", () => {
    expect(isDueWithin({ open: true, dueOn: "2020-01-01" }, ASOF, 0)).toBe(true);
    expect(isDueWithin({ open: false, dueOn: null }, ASOF, 3650)).toBe(false);
  });
});

describe("the rule set itself", () => {
  it.each(careGapRules.map((r) => [r.id, r]))("%s names its source, its docs section and its settings", (_id, r) => {
    expect(r.title.length).toBeGreaterThan(5);
    expect(r.source.citation.length).toBeGreaterThan(10);
    expect(r.source.url).toMatch(/^https:\/\//);
    expect(r.docs).toMatch(/^docs\/clinical-reference\.md#[a-z0-9-]+$/);
    // That the anchor exists is checked by tests/unit/repository-self-contained.test.ts.
    for (const k of r.settings) expect(Object.keys(defaults)).toContain(k);
    expect(r.rule(defaults)).not.toContain("undefined");
  });
  it("ids are unique and recognised", () => {
    expect(new Set(careGapRules.map((r) => r.id)).size).toBe(careGapRules.length);
    expect(isCareGapRuleId("peg-due")).toBe(true);
    expect(isCareGapRuleId("peg")).toBe(false);
  });
  it("the rule text follows the clinic's thresholds", () => {
    const peg = careGapRules.find((r) => r.id === "peg-due")!;
    expect(peg.rule({ ...defaults, pegIntervalDays: 60 })).toContain("60 days");
  });
});
