import { describe, expect, it } from "vitest";
import { addDays, type LocalDate } from "./dates";
import type { PatientCareFacts } from "./facts";
import { agreementRenewalDue, careGapRules, evaluateCareGaps, isCareGapRuleId, isDueWithin, openGapCount, type CareGapRuleId } from "./rules";
import { defaultCareProgramSettings as defaults, type CareProgramSettings } from "./settings";
import { decision, med, wellCaredFor } from "./test-fixtures";

const ASOF = "2026-06-15";
/** wellCaredFor's oxycodone started 2025-01-01: in the registry from 2025-04-01. */
const REGISTRY_SINCE = "2025-04-01";

function ruleOf(f: PatientCareFacts, id: CareGapRuleId, asOf: LocalDate = ASOF, settings: CareProgramSettings = defaults) {
  const r = evaluateCareGaps(f, settings, asOf).results.find((x) => x.ruleId === id);
  if (!r) throw new Error(`no result for ${id}`);
  return r;
}

describe("the well-cared-for patient has no open gap", () => {
  it("all rules evaluated, none open", () => {
    const e = evaluateCareGaps(wellCaredFor(ASOF), defaults, ASOF);
    expect(e.ltot.onLtot).toBe(true);
    expect(e.results.map((r) => r.ruleId)).toEqual(careGapRules.map((r) => r.id));
    expect(e.open).toEqual([]);
  });
});

describe("interval rules: exactly at the interval, one day before and after, missing data", () => {
  // [rule, interval setting, facts with the last record dated `last`]
  const rules: [CareGapRuleId, keyof CareProgramSettings, (last: LocalDate | null) => Partial<PatientCareFacts>][] = [
    ["peg-due", "pegIntervalDays", (d) => ({ pegs: d ? [{ on: d, scoreTenths: 60 }] : [] })],
    ["phq9-due", "phq9IntervalDays", (d) => ({ phq9s: d ? [{ on: d, total: 12, item9: 0 }] : [] })],
    ["udt-due", "udtIntervalDays", (d) => ({ udts: d ? [{ collectedOn: d, interpretation: null }] : [] })],
    ["pdmp-due", "pdmpIntervalDays", (d) => ({ pdmpChecks: d ? [{ on: d, finding: null }] : [] })],
    ["visit-overdue", "visitIntervalDays", (d) => ({ visits: d ? [{ on: d, status: "COMPLETED" }] : [] })],
  ];
  const cases = rules.flatMap(([id, key, facts]) => {
    const n = defaults[key] as number;
    return [
      [id, `last exactly ${n} days ago: not due, due tomorrow`, facts(addDays(ASOF, -n)), false, addDays(ASOF, 1)],
      [id, `last ${n - 1} days ago: not due`, facts(addDays(ASOF, -(n - 1))), false, addDays(ASOF, 2)],
      [id, `last ${n + 1} days ago: due since today`, facts(addDays(ASOF, -(n + 1))), true, ASOF],
      [id, `last ${n + 10} days ago: due for 10 days`, facts(addDays(ASOF, -(n + 10))), true, addDays(ASOF, -9)],
      [id, "none on record: due since the registry entry", facts(null), true, REGISTRY_SINCE],
      [id, "only one from before the registry: due since the registry entry", facts("2024-01-01"), true, REGISTRY_SINCE],
      [id, "only one dated after the day asked: as if none", facts(addDays(ASOF, 1)), true, REGISTRY_SINCE],
    ] as const;
  });
  it.each(cases)("%s: %s", (id, _label, overrides, open, dueOn) => {
    const r = ruleOf(wellCaredFor(ASOF, "p1", overrides), id);
    expect({ open: r.open, dueOn: r.dueOn }).toEqual({ open, dueOn });
  });

  it("the latest record decides, whatever the list order", () => {
    const f = wellCaredFor(ASOF, "p1", { pegs: [{ on: addDays(ASOF, -10), scoreTenths: 40 }, { on: "2025-01-01", scoreTenths: 70 }] });
    expect(ruleOf(f, "peg-due").open).toBe(false);
  });

  it("follows the clinic's setting", () => {
    const f = wellCaredFor(ASOF, "p1", { pdmpChecks: [{ on: addDays(ASOF, -31), finding: null }] });
    expect(ruleOf(f, "pdmp-due").open).toBe(false);
    expect(ruleOf(f, "pdmp-due", ASOF, { ...defaults, pdmpIntervalDays: 30 })).toMatchObject({ open: true, dueOn: ASOF });
  });

  it("an ordered but never collected urine test does not count (only collections are facts)", () => {
    expect(ruleOf(wellCaredFor(ASOF, "p1", { udts: [] }), "udt-due").open).toBe(true);
  });

  it("details name the last record with its result", () => {
    const f = wellCaredFor(ASOF, "p1", {
      pegs: [{ on: "2026-01-05", scoreTenths: 63 }],
      phq9s: [{ on: "2025-05-01", total: 12, item9: 0 }],
      udts: [{ collectedOn: "2025-06-01", interpretation: "UNEXPECTED" }],
    });
    expect(ruleOf(f, "peg-due").detail).toBe("Last PEG on Jan 5, 2026 (score 6.3), 161 days ago; one is due every 90 days.");
    expect(ruleOf(f, "phq9-due").detail).toMatch(/^Last PHQ-9 on May 1, 2025 \(total 12, moderate\)/);
    expect(ruleOf(f, "udt-due").detail).toMatch(/unexpected result/);
    expect(ruleOf(wellCaredFor(ASOF, "p1", { pdmpChecks: [] }), "pdmp-due").detail).toBe("No PDMP check on record.");
  });
});

describe("agreement due", () => {
  const signed = (signedOn: LocalDate, extra: { renewBy?: LocalDate; revokedOn?: LocalDate } = {}) =>
    wellCaredFor(ASOF, "p1", { agreements: [{ signedOn, renewBy: extra.renewBy ?? null, revokedOn: extra.revokedOn ?? null }] });
  it.each([
    ["signed 12 months ago today: due today", signed("2025-06-15"), true, "2026-06-15"],
    ["signed 12 months ago tomorrow: due tomorrow", signed("2025-06-16"), false, "2026-06-16"],
    ["signed 13 months ago", signed("2025-05-15"), true, "2026-05-15"],
    ["none signed", wellCaredFor(ASOF, "p1", { agreements: [] }), true, REGISTRY_SINCE],
    ["revoked", signed("2026-01-10", { revokedOn: "2026-03-01" }), true, "2026-03-01"],
    ["revoked after the day asked: still current", signed("2026-01-10", { revokedOn: "2026-06-16" }), false, "2027-01-10"],
    ["the record's own renewal date decides", signed("2026-01-10", { renewBy: "2026-06-10" }), true, "2026-06-10"],
    ["signed after the day asked: as if none", signed("2026-06-16"), true, REGISTRY_SINCE],
  ])("%s", (_label, f, open, dueOn) => {
    expect(ruleOf(f, "agreement-due")).toMatchObject({ open, dueOn });
  });

  it("the newest agreement decides, even when it was revoked", () => {
    const f = wellCaredFor(ASOF, "p1", {
      agreements: [
        { signedOn: "2026-05-01", renewBy: null, revokedOn: "2026-06-01" },
        { signedOn: "2026-01-01", renewBy: null, revokedOn: null },
      ],
    });
    expect(ruleOf(f, "agreement-due")).toMatchObject({ open: true, dueOn: "2026-06-01" });
  });

  it.each([
    ["2026-01-31", 1, "2026-02-28"],
    ["2028-02-29", 12, "2029-02-28"],
    ["2026-06-15", 12, "2027-06-15"],
    ["2026-06-15", 6, "2026-12-15"],
  ])("renewal of an agreement signed %s after %s months: %s", (signedOn, months, due) => {
    expect(agreementRenewalDue(signedOn, months)).toBe(due);
  });
});

describe("naloxone indicated and not on the list or offered", () => {
  const oxy = (dose: number, from = "2025-01-01") => med("oxycodone", dose, 2, from, null, `Oxycodone ${dose} mg`);
  const base = (overrides: Partial<PatientCareFacts>) => wellCaredFor(ASOF, "p1", overrides);
  it.each([
    ["49.5 MME/day: not indicated", base({ medications: [oxy(16.5)] }), false, false],
    ["exactly 50 MME/day: indicated", base({ medications: [med("morphine", 25, 2, "2025-01-01")] }), true, true],
    ["30 MME/day with a benzodiazepine", base({ medications: [oxy(10), med("lorazepam", 1, 2, "2026-01-01")] }), true, true],
    ["history of overdose", base({ riskHistory: [{ kind: "OVERDOSE", recordedOn: "2025-09-01" }] }), true, true],
    ["history of a substance use disorder", base({ riskHistory: [{ kind: "SUBSTANCE_USE_DISORDER", recordedOn: "2025-09-01" }] }), true, true],
    ["history recorded after the day asked", base({ riskHistory: [{ kind: "OVERDOSE", recordedOn: "2026-06-16" }] }), false, false],
    ["indicated, naloxone on the list", base({ medications: [oxy(20), med("naloxone", 4, 1, "2026-02-01")] }), true, false],
    ["indicated, naloxone stopped", base({ medications: [oxy(20), med("naloxone", 4, 1, "2025-02-01", "2026-02-01")] }), true, true],
    ["indicated, offered exactly 365 days ago", base({ medications: [oxy(20)], naloxoneOffers: [{ on: "2025-06-15", outcome: "OFFERED" }] }), true, false],
    ["indicated, offered 366 days ago", base({ medications: [oxy(20)], naloxoneOffers: [{ on: "2025-06-14", outcome: "OFFERED" }] }), true, true],
    ["indicated, declined last month (a documented offer)", base({ medications: [oxy(20)], naloxoneOffers: [{ on: "2026-05-15", outcome: "DECLINED" }] }), true, false],
  ])("%s", (_label, f, applies, open) => {
    expect(ruleOf(f, "naloxone-indicated")).toMatchObject({ applies, open });
  });

  it("naloxone itself adds nothing to the MME that makes it indicated", () => {
    const f = base({ medications: [oxy(16), med("naloxone", 40, 4, "2025-01-01")] });
    expect(evaluateCareGaps(f, defaults, ASOF).totalMme.total).toBe(48);
    expect(ruleOf(f, "naloxone-indicated").applies).toBe(false);
  });

  it("dates the gap from when it started: indication, stop of naloxone, or lapse of an offer", () => {
    // Raised to 60 MME/day on 2026-03-01 (the old row stops that day).
    const raised = [med("oxycodone", 10, 2, "2025-01-01", "2026-03-01"), oxy(20, "2026-03-01")];
    expect(ruleOf(base({ medications: raised }), "naloxone-indicated").dueOn).toBe("2026-03-01");
    expect(ruleOf(base({ medications: [...raised, med("naloxone", 4, 1, "2025-01-01", "2026-04-10")] }), "naloxone-indicated").dueOn).toBe("2026-04-10");
    expect(ruleOf(base({ medications: raised, naloxoneOffers: [{ on: "2025-05-01", outcome: "PRESCRIBED" }] }), "naloxone-indicated").dueOn).toBe("2026-05-02");
    expect(ruleOf(base({ medications: [oxy(20)], naloxoneOffers: [{ on: "2025-05-01", outcome: "OFFERED" }] }), "naloxone-indicated").dueOn).toBe("2026-05-02");
    // Indicated since before the registry: the gap dates from the registry entry.
    expect(ruleOf(base({ medications: [oxy(20)] }), "naloxone-indicated").dueOn).toBe(REGISTRY_SINCE);
  });

  it("an offer still valid gives the day it lapses", () => {
    const f = base({ medications: [oxy(20)], naloxoneOffers: [{ on: "2026-01-01", outcome: "OFFERED" }] });
    expect(ruleOf(f, "naloxone-indicated").dueOn).toBe("2027-01-02");
  });

  it("says why it is indicated", () => {
    const f = base({ medications: [oxy(20), med("lorazepam", 1, 2, "2026-01-01")], riskHistory: [{ kind: "OVERDOSE", recordedOn: "2025-09-01" }] });
    expect(ruleOf(f, "naloxone-indicated").detail).toBe(
      "Indicated (60 MME/day (at or above 50); an opioid with a benzodiazepine; a history of overdose): no naloxone on the medication list and no offer in the last 365 days.",
    );
  });
});

describe("opioid with a benzodiazepine", () => {
  it.each([
    ["both on the list", [med("oxycodone", 10, 2, "2025-01-01"), med("lorazepam", 1, 2, "2026-02-01")], true, "2026-02-01"],
    ["the benzodiazepine stopped", [med("oxycodone", 10, 2, "2025-01-01"), med("lorazepam", 1, 2, "2026-02-01", "2026-06-01")], false, null],
    ["the benzodiazepine starts after the day asked", [med("oxycodone", 10, 2, "2025-01-01"), med("lorazepam", 1, 2, "2026-06-16")], false, null],
    ["naloxone with a benzodiazepine is not an opioid with one", [med("oxycodone", 10, 2, "2025-01-01", "2026-01-01"), med("buprenorphine", 8, 1, "2026-01-01"), med("naloxone", 4, 1, "2025-01-01"), med("diazepam", 5, 1, "2026-03-01")], true, "2026-03-01"],
  ])("%s", (_label, medications, open, dueOn) => {
    expect(ruleOf(wellCaredFor(ASOF, "p1", { medications }), "opioid-benzodiazepine")).toMatchObject({ open, dueOn });
  });

  it("is a prompt to review, not an instruction", () => {
    const r = ruleOf(wellCaredFor(ASOF, "p1", { medications: [med("oxycodone", 10, 2, "2025-01-01", null, "Oxycodone 10 mg"), med("lorazepam", 1, 2, "2026-02-01", null, "Lorazepam 1 mg")] }), "opioid-benzodiazepine");
    expect(r.detail).toBe("Oxycodone 10 mg with Lorazepam 1 mg, together since Feb 1, 2026. To review with the patient; nothing changes automatically.");
    expect(r.detail).not.toMatch(/\b(stop|taper|discontinue)\b/i);
  });
});

describe("follow-up after a dose increase", () => {
  // Raised from 30 to 45 MME/day on 2026-05-01 (day 28 after it: 2026-05-29).
  const raised = [med("oxycodone", 10, 2, "2025-01-01", "2026-05-01"), med("oxycodone", 15, 2, "2026-05-01")];
  const f = (visits: LocalDate[], medications = raised, doseIncreases: LocalDate[] = []) =>
    wellCaredFor(ASOF, "p1", { medications, doseIncreases, visits: visits.map((on) => ({ on, status: "COMPLETED" as const })) });
  it.each([
    ["no visit since, day 28: not yet due", f(["2026-04-20"]), "2026-05-29", false, "2026-05-30"],
    ["no visit since, day 29: due", f(["2026-04-20"]), "2026-05-30", true, "2026-05-30"],
    ["the visit on the day of the increase is not its follow-up", f(["2026-05-01"]), "2026-05-30", true, "2026-05-30"],
    ["seen the next day", f(["2026-05-01", "2026-05-02"]), "2026-06-15", false, null],
    ["seen on day 28", f(["2026-05-29"]), "2026-06-15", false, null],
    ["seen late, on day 40: closed", f(["2026-06-10"]), "2026-06-15", false, null],
    ["a visit after the day asked does not count yet", f(["2026-06-10"]), "2026-06-09", true, "2026-05-30"],
    ["a lower dose is not an increase", f(["2026-04-20"], [med("oxycodone", 15, 2, "2025-01-01", "2026-05-01"), med("oxycodone", 10, 2, "2026-05-01")]), "2026-06-15", false, null],
    ["a documented increase (buprenorphine has no MME)", f(["2026-04-20"], [med("buprenorphine", 8, 2, "2025-01-01")], ["2026-05-01"]), "2026-06-15", true, "2026-05-30"],
  ])("%s", (_label, facts, asOf, open, dueOn) => {
    expect(ruleOf(facts, "dose-increase-follow-up", asOf)).toMatchObject({ open, dueOn });
  });

  it("uses the clinic's follow-up interval", () => {
    expect(ruleOf(f(["2026-04-20"]), "dose-increase-follow-up", "2026-05-15", { ...defaults, doseIncreaseFollowUpDays: 14 })).toMatchObject({ open: false, dueOn: "2026-05-16" });
    expect(ruleOf(f(["2026-04-20"]), "dose-increase-follow-up", "2026-05-16", { ...defaults, doseIncreaseFollowUpDays: 14 })).toMatchObject({ open: true, dueOn: "2026-05-16" });
  });

  it("says by when the visit is due", () => {
    expect(ruleOf(f(["2026-04-20"]), "dose-increase-follow-up", "2026-05-10").detail).toBe("Dose started or raised on May 1, 2026; a visit is due by May 29, 2026.");
  });
});

describe("high daily dose: context, never a limit", () => {
  it.each([
    ["89.9 MME/day", [med("morphine", 89.9, 1, "2025-01-01")], false],
    ["exactly 90 MME/day", [med("oxycodone", 30, 2, "2025-01-01")], true],
    ["90 MME/day from two opioids", [med("oxycodone", 10, 2, "2025-01-01"), med("morphine", 30, 2, "2025-01-01")], true],
    ["buprenorphine is not converted", [med("buprenorphine", 32, 4, "2025-01-01")], false],
  ])("%s: shown %s", (_label, medications, open) => {
    const r = ruleOf(wellCaredFor(ASOF, "p1", { medications }), "high-dose-context");
    expect({ open: r.open, severity: r.severity }).toEqual({ open, severity: "context" });
  });

  it("is shown but not counted among the open gaps", () => {
    const e = evaluateCareGaps(wellCaredFor(ASOF, "p1", { medications: [med("oxycodone", 40, 3, "2025-01-01")], naloxoneOffers: [{ on: ASOF, outcome: "OFFERED" }] }), defaults, ASOF);
    expect(e.open.map((g) => [g.ruleId, g.severity])).toEqual([["high-dose-context", "context"]]);
    expect(openGapCount(e)).toBe(0);
  });

  it("is never worded as a limit or a call to taper", () => {
    const r = careGapRules.find((x) => x.id === "high-dose-context")!;
    const detail = ruleOf(wellCaredFor(ASOF, "p1", { medications: [med("oxycodone", 40, 3, "2025-01-01")] }), "high-dose-context").detail;
    expect(detail).toBe("Total 180 MME/day since Jan 1, 2025, at or above the 90 MME/day context mark. Context for the clinician's judgement only.");
    for (const text of [r.title, r.rule(defaults), detail]) expect(text).not.toMatch(/limit|taper|reduc|exceed|maximum|too high|lower the dose|decrease/i);
  });
});

describe("who has gaps at all", () => {
  it("a patient not on LTOT has none", () => {
    const f = wellCaredFor(ASOF, "p1", { medications: [med("oxycodone", 10, 2, "2026-05-01")], pegs: [], agreements: [] });
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
    expect(evaluateCareGaps(cleared, defaults, ASOF).open.map((g) => [g.ruleId, g.dueSince])).toEqual([["peg-due", "2026-03-01"]]);
  });

  it("a patient included by a clinician is due from the inclusion", () => {
    const f = wellCaredFor(ASOF, "p1", { medications: [med("oxycodone", 10, 2, "2026-05-20")], pdmpChecks: [], ltotDecisions: [decision("INCLUDE", "2026-06-01")] });
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
