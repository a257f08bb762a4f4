import { describe, expect, it } from "vitest";
import { drugKeys, medicationCatalog, type DrugKey } from "./medication-catalog";
import { computeMme, totalMme } from "./mme";

describe("MME/day (CDC 2022 factors)", () => {
  // [drug, dose, times/day, MME/day, factor]
  const rows: [DrugKey, number, number, number, number][] = [
    ["codeine", 30, 4, 18, 0.15],
    ["hydrocodone", 10, 4, 40, 1],
    ["hydromorphone", 2, 4, 40, 5],
    ["methadone", 10, 3, 141, 4.7],
    ["morphine", 15, 2, 30, 1],
    ["oxycodone", 10, 3, 45, 1.5],
    ["oxycodone", 5, 1, 7.5, 1.5],
    ["oxymorphone", 10, 2, 60, 3],
    ["tapentadol", 100, 2, 80, 0.4],
    ["tramadol", 50, 4, 40, 0.2],
    ["tramadol", 50, 0.5, 5, 0.2],
  ];
  it.each(rows)("%s %s mg x %s/day = %s MME/day (factor %s)", (drugKey, doseAmount, timesPerDay, mme, factor) => {
    const r = computeMme({ drugKey, doseAmount, timesPerDay });
    expect(r).toMatchObject({ kind: "computed", mmePerDay: mme, factor });
    if (r.kind === "computed") expect(r.formula).toContain(String(factor));
  });

  it.each([
    [12, 28.8],
    [25, 60],
    [50, 120],
  ])("fentanyl patch %s mcg/h = %s MME/day whatever the change interval", (rate, mme) => {
    for (const timesPerDay of [1 / 3, 1, 2]) {
      expect(computeMme({ drugKey: "fentanyl_patch", doseAmount: rate, timesPerDay })).toMatchObject({
        kind: "computed",
        mmePerDay: mme,
        factor: 2.4,
      });
    }
  });

  it("excludes buprenorphine from MME", () => {
    expect(computeMme({ drugKey: "buprenorphine", doseAmount: 8, timesPerDay: 2 })).toMatchObject({ kind: "excluded" });
  });

  it("does not compute MME for non-opioids", () => {
    for (const k of drugKeys.filter((k) => !medicationCatalog[k].opioid)) {
      expect(computeMme({ drugKey: k, doseAmount: 100, timesPerDay: 3 })).toEqual({ kind: "not_opioid" });
    }
  });

  it("uses exactly the factors from docs/clinical-reference.md#mme-conversion", () => {
    const factors = Object.fromEntries(
      drugKeys.filter((k) => medicationCatalog[k].mmeFactor !== null).map((k) => [k, medicationCatalog[k].mmeFactor]),
    );
    expect(factors).toEqual({
      codeine: 0.15,
      fentanyl_patch: 2.4,
      hydrocodone: 1,
      hydromorphone: 5,
      methadone: 4.7,
      morphine: 1,
      oxycodone: 1.5,
      oxymorphone: 3,
      tapentadol: 0.4,
      tramadol: 0.2,
    });
  });

  it.each([
    [[], 0, []],
    [[49.9], 49.9, []],
    [[50], 50, [50]],
    [[45, 44.9], 89.9, [50]],
    [[45, 45], 90, [50, 90]],
  ] as [number[], number, number[]][])("totals %j -> %s, context thresholds reached %j", (parts, total, reached) => {
    const r = totalMme([
      ...parts.map((m) => ({ kind: "computed" as const, mmePerDay: m, factor: 1, formula: "" })),
      { kind: "not_opioid" },
      { kind: "excluded", reason: "" },
    ]);
    expect(r).toEqual({ total, reached, excludedCount: 1 });
  });
});
