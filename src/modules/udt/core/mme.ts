import { catalogDrug, type DrugKey } from "./medication-catalog";

/**
 * Morphine milligram equivalents per day (CDC 2022 guideline, conversion factors in
 * docs/clinical-reference.md#mme-conversion). 50 and 90 MME/day are shown as context thresholds, never as limits: CDC 2022
 * says they are not hard ceilings and must not be used to force tapers.
 */
export const MME_CONTEXT_THRESHOLDS = [50, 90] as const;

export type MmeInput = { drugKey: DrugKey; doseAmount: number; timesPerDay: number };

export type MmeResult =
  | { kind: "not_opioid" }
  /** Buprenorphine: an opioid, but excluded from MME by CDC 2022. */
  | { kind: "excluded"; reason: string }
  | { kind: "computed"; mmePerDay: number; factor: number; formula: string };

const round1 = (n: number) => Math.round(n * 10) / 10;

export function computeMme(m: MmeInput): MmeResult {
  const drug = catalogDrug(m.drugKey);
  if (!drug.opioid) return { kind: "not_opioid" };
  if (drug.mmeFactor === null) {
    return { kind: "excluded", reason: "Buprenorphine is not converted to MME (CDC 2022)" };
  }
  const factor = drug.mmeFactor;
  if (drug.unit === "mcg/h") {
    // Fentanyl patch: the factor applies to the hourly rate (2.4 x mcg/h = MME/day); how often
    // the patch is changed does not alter the daily amount.
    return {
      kind: "computed",
      mmePerDay: round1(m.doseAmount * factor),
      factor,
      formula: `${fmt(m.doseAmount)} mcg/h × ${factor}`,
    };
  }
  return {
    kind: "computed",
    mmePerDay: round1(m.doseAmount * m.timesPerDay * factor),
    factor,
    formula: `${fmt(m.doseAmount)} mg × ${fmt(m.timesPerDay)}/day × ${factor}`,
  };
}

const fmt = (n: number) => (Number.isInteger(n) ? String(n) : String(Math.round(n * 1000) / 1000));

export type MmeTotal = {
  total: number;
  /** Thresholds the total reaches (context only). */
  reached: number[];
  excludedCount: number;
};

export function totalMme(results: MmeResult[]): MmeTotal {
  let total = 0;
  let excludedCount = 0;
  for (const r of results) {
    switch (r.kind) {
      case "computed":
        total += r.mmePerDay;
        break;
      case "excluded":
        excludedCount += 1;
        break;
      case "not_opioid":
        break;
    }
  }
  total = round1(total);
  return { total, reached: MME_CONTEXT_THRESHOLDS.filter((t) => total >= t), excludedCount };
}
