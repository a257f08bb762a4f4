import { describe, expect, it } from "vitest";
import { addDays, type LocalDate } from "./dates";
import type { PatientCareFacts } from "./facts";
import { agreementRenewalDue } from "./interval-rules";
import type { CareGapRuleId } from "./rules";
import { defaultCareProgramSettings as defaults, type CareProgramSettings } from "./settings";
import { ASOF, REGISTRY_SINCE, ruleOf, wellCaredFor } from "./test-fixtures";

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
      [
        id,
        "only one from before the registry: due since the registry entry",
        facts("2024-01-01"),
        true,
        REGISTRY_SINCE,
      ],
      [id, "only one dated after the day asked: as if none", facts(addDays(ASOF, 1)), true, REGISTRY_SINCE],
    ] as const;
  });
  it.each(cases)("%s: %s", (id, _label, overrides, open, dueOn) => {
    const r = ruleOf(wellCaredFor(ASOF, "p1", overrides), id);
    expect({ open: r.open, dueOn: r.dueOn }).toEqual({ open, dueOn });
  });

  it("the latest record decides, whatever the list order", () => {
    const f = wellCaredFor(ASOF, "p1", {
      pegs: [
        { on: addDays(ASOF, -10), scoreTenths: 40 },
        { on: "2025-01-01", scoreTenths: 70 },
      ],
    });
    expect(ruleOf(f, "peg-due").open).toBe(false);
  });

  it("follows the clinic's setting", () => {
    const f = wellCaredFor(ASOF, "p1", { pdmpChecks: [{ on: addDays(ASOF, -31), finding: null }] });
    expect(ruleOf(f, "pdmp-due").open).toBe(false);
    expect(ruleOf(f, "pdmp-due", ASOF, { ...defaults, pdmpIntervalDays: 30 })).toMatchObject({
      open: true,
      dueOn: ASOF,
    });
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
    expect(ruleOf(f, "peg-due").detail).toBe(
      "Last PEG on Jan 5, 2026 (score 6.3), 161 days ago; one is due every 90 days.",
    );
    expect(ruleOf(f, "phq9-due").detail).toMatch(/^Last PHQ-9 on May 1, 2025 \(total 12, moderate\)/);
    expect(ruleOf(f, "udt-due").detail).toMatch(/unexpected result/);
    expect(ruleOf(wellCaredFor(ASOF, "p1", { pdmpChecks: [] }), "pdmp-due").detail).toBe("No PDMP check on record.");
  });
});

describe("agreement due", () => {
  const signed = (signedOn: LocalDate, extra: { renewBy?: LocalDate; revokedOn?: LocalDate } = {}) =>
    wellCaredFor(ASOF, "p1", {
      agreements: [{ signedOn, renewBy: extra.renewBy ?? null, revokedOn: extra.revokedOn ?? null }],
    });
  it.each([
    ["signed 12 months ago today: due today", signed("2025-06-15"), true, "2026-06-15"],
    ["signed 12 months ago tomorrow: due tomorrow", signed("2025-06-16"), false, "2026-06-16"],
    ["signed 13 months ago", signed("2025-05-15"), true, "2026-05-15"],
    ["none signed", wellCaredFor(ASOF, "p1", { agreements: [] }), true, REGISTRY_SINCE],
    ["revoked", signed("2026-01-10", { revokedOn: "2026-03-01" }), true, "2026-03-01"],
    [
      "revoked after the day asked: still current",
      signed("2026-01-10", { revokedOn: "2026-06-16" }),
      false,
      "2027-01-10",
    ],
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
