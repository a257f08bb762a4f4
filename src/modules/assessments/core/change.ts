/**
 * Meaningful change in PEG from the patient's baseline (docs/clinical-reference.md#peg-meaningful-change):
 * - a drop of at least 30% (Farrar et al., Pain 2001; the usual convention), and, separately,
 * - a drop of at least 1 point (Reed et al., J Pain 2023, PMC10859144: MID about 1.0-1.75).
 * Scores are in tenths so the comparisons are exact integer arithmetic.
 */
export type PegChange = {
  /** Baseline minus this score, in tenths: positive means less pain/interference. */
  dropTenths: number;
  /** Percent change from baseline, rounded to a whole number (negative = improvement); null when baseline is 0. */
  percentChange: number | null;
  drop30Percent: boolean;
  drop1Point: boolean;
};

export function comparePegToBaseline(baselineTenths: number, scoreTenths: number): PegChange {
  const dropTenths = baselineTenths - scoreTenths;
  return {
    dropTenths,
    percentChange: baselineTenths === 0 ? null : Math.round(((scoreTenths - baselineTenths) * 100) / baselineTenths),
    // (b - s) / b >= 0.30  <=>  10 * (b - s) >= 3 * b  (b > 0); from a baseline of 0 nothing can drop.
    drop30Percent: baselineTenths > 0 && 10 * dropTenths >= 3 * baselineTenths,
    drop1Point: dropTenths >= 10,
  };
}
