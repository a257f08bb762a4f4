import { describe, expect, it } from "vitest";
import type { PatientCareFacts } from "./facts";
import {
  computeMeasureSeries,
  computeMonthMeasures,
  measureDefinitions,
  measurePercent,
  type MeasureId,
} from "./measures";
import { evaluateCareGaps } from "./rules";
import { defaultCareProgramSettings as defaults } from "./settings";
import { decision, med, wellCaredFor } from "./test-fixtures";

const MAY_END = "2026-05-31";

/** A small clinic, with every record of interest dated on May 31 or June 1. */
function clinic(): PatientCareFacts[] {
  return [
    // Everything recorded on the month's last day: counts for May.
    wellCaredFor(MAY_END, "p1"),
    // PEG, PDMP and agreement all dated the day after May ends: count for June, not May.
    wellCaredFor(MAY_END, "p2", {
      pegs: [{ on: "2026-06-01", scoreTenths: 40 }],
      pdmpChecks: [{ on: "2026-06-01", finding: "CONSISTENT" }],
      agreements: [{ signedOn: "2026-06-01", renewBy: null, revokedOn: null }],
    }),
    // 60 MME/day with a benzodiazepine, no naloxone; clinician c2 until June, then c1.
    wellCaredFor(MAY_END, "p3", {
      clinicians: [
        { clinicianId: "c2", since: "2025-01-01" },
        { clinicianId: "c1", since: "2026-06-01" },
      ],
      medications: [med("oxycodone", 20, 2, "2025-01-01"), med("lorazepam", 1, 2, "2026-01-01")],
    }),
    // 120 MME/day with naloxone on the list (c2).
    wellCaredFor(MAY_END, "p4", {
      clinicians: [{ clinicianId: "c2", since: "2025-01-01" }],
      medications: [med("oxycodone", 40, 2, "2025-01-01"), med("naloxone", 4, 1, "2025-01-01")],
    }),
    // Opioid started 2026-03-01: on LTOT from 2026-05-30 (not in April).
    wellCaredFor(MAY_END, "p5", { medications: [med("oxycodone", 10, 2, "2026-03-01")] }),
    // Excluded by a clinician: in no measure.
    wellCaredFor(MAY_END, "p6", { ltotDecisions: [decision("EXCLUDE", "2026-01-15")] }),
    // Never on an opioid: in no measure.
    wellCaredFor(MAY_END, "p7", { medications: [med("gabapentin", 300, 3, "2025-01-01")], clinicians: [] }),
  ];
}

const ids = (m: ReturnType<typeof computeMonthMeasures>["clinic"], id: MeasureId) => ({
  n: m[id].numerator,
  d: m[id].denominator,
});

describe("a month's measures, from the records as they stood at its end", () => {
  const may = computeMonthMeasures(clinic(), "2026-05", defaults);
  const all = ["p1", "p2", "p3", "p4", "p5"];

  it("is computed on the month's last day", () => {
    expect(may).toMatchObject({ month: "2026-05", asOf: MAY_END, complete: true });
  });

  it.each([
    ["on-ltot", all, all],
    ["current-agreement", ["p1", "p3", "p4", "p5"], all],
    ["udt-recent", all, all],
    ["peg-recent", ["p1", "p3", "p4", "p5"], all],
    ["phq9-recent", all, all],
    ["pdmp-recent", ["p1", "p3", "p4", "p5"], all],
    ["mme-low-mark", ["p3", "p4"], all],
    ["mme-high-mark", ["p4"], all],
    ["benzodiazepine", ["p3"], all],
    ["naloxone-when-indicated", ["p4"], ["p3", "p4"]],
  ] as [MeasureId, string[], string[]][])("clinic %s: numerator %j of %j", (id, n, d) => {
    expect(ids(may.clinic, id)).toEqual({ n, d });
  });

  it("a record dated the day after the month ends counts for the next month only", () => {
    const june = computeMonthMeasures(clinic(), "2026-06", defaults);
    // By June 30 p1's May 31 PEG and PDMP are still within 90 days, and p2's June 1 ones count.
    expect(june.clinic["peg-recent"].numerator).toContain("p2");
    expect(june.clinic["pdmp-recent"].numerator).toContain("p2");
    expect(june.clinic["current-agreement"].numerator).toContain("p2");
  });

  it("a patient enters the registry's measures in the month they reach the threshold", () => {
    const april = computeMonthMeasures(clinic(), "2026-04", defaults);
    expect(april.clinic["on-ltot"].denominator).not.toContain("p5");
    expect(may.clinic["on-ltot"].denominator).toContain("p5");
  });

  it("per clinician: the clinician responsible on the month's last day", () => {
    expect(Object.keys(may.byClinician).sort()).toEqual(["c1", "c2"]);
    expect(may.byClinician.c1!["on-ltot"].denominator).toEqual(["p1", "p2", "p5"]);
    expect(may.byClinician.c2!["on-ltot"].denominator).toEqual(["p3", "p4"]);
    expect(may.byClinician.c2!["naloxone-when-indicated"]).toEqual({ numerator: ["p4"], denominator: ["p3", "p4"] });
    const june = computeMonthMeasures(clinic(), "2026-06", defaults);
    expect(june.byClinician.c1!["on-ltot"].denominator).toEqual(["p1", "p2", "p3", "p5"]);
  });

  it("a past month does not move when later records are added", () => {
    const later = clinic().map((p) => ({
      ...p,
      pegs: [...p.pegs, { on: "2026-07-10", scoreTenths: 10 }],
      ltotDecisions: [...p.ltotDecisions, decision("EXCLUDE", "2026-07-01")],
    }));
    expect(computeMonthMeasures(later, "2026-05", defaults)).toEqual(may);
  });

  it("uses the same rules as the registry: one definition of due", () => {
    for (const p of clinic()) {
      const e = evaluateCareGaps(p, defaults, MAY_END);
      for (const def of measureDefinitions) {
        if (
          !def.ruleId ||
          def.id === "naloxone-when-indicated" ||
          def.id === "benzodiazepine" ||
          def.id === "mme-high-mark"
        )
          continue;
        const gap = e.results.find((r) => r.ruleId === def.ruleId);
        if (!e.ltot.onLtot) continue;
        expect(may.clinic[def.id].numerator.includes(p.patientId), `${def.id} ${p.patientId}`).toBe(
          gap?.open === false,
        );
      }
    }
  });
});

describe("the month in progress stops at today", () => {
  it("is computed as of today and marked incomplete", () => {
    const m = computeMonthMeasures(clinic(), "2026-06", defaults, { today: "2026-06-10" });
    expect(m).toMatchObject({ asOf: "2026-06-10", complete: false });
  });

  it("a month already over is complete whatever today is", () => {
    expect(computeMonthMeasures(clinic(), "2026-05", defaults, { today: "2026-05-31" })).toMatchObject({
      asOf: MAY_END,
      complete: true,
    });
    expect(computeMonthMeasures(clinic(), "2026-05", defaults, { today: "2026-08-01" })).toMatchObject({
      asOf: MAY_END,
      complete: true,
    });
  });

  it("a series leaves out months that have not begun", () => {
    const s = computeMeasureSeries(clinic(), ["2026-04", "2026-05", "2026-06", "2026-07"], defaults, {
      today: "2026-06-10",
    });
    expect(s.map((m) => [m.month, m.asOf, m.complete])).toEqual([
      ["2026-04", "2026-04-30", true],
      ["2026-05", "2026-05-31", true],
      ["2026-06", "2026-06-10", false],
    ]);
  });
});

describe("percent", () => {
  it.each([
    [[], [], null],
    [[], ["a"], 0],
    [["a", "b"], ["a", "b", "c"], 66.7],
    [["a"], ["a"], 100],
  ])("%j of %j: %s", (numerator, denominator, pct) => {
    expect(measurePercent({ numerator, denominator })).toBe(pct);
  });

  it("an empty clinic has empty figures", () => {
    const m = computeMonthMeasures([], "2026-05", defaults);
    expect(m.clinic["on-ltot"]).toEqual({ numerator: [], denominator: [] });
    expect(m.byClinician).toEqual({});
  });
});
