import { monthEnd, type LocalDate, type Month } from "./dates";
import { clinicianOn, type PatientCareFacts } from "./facts";
import { evaluateCareGaps, type CareGapEvaluation, type CareGapRuleId } from "./rules";
import type { CareProgramSettings } from "./settings";

/**
 * The clinic's measures (docs/clinical-reference.md#measure-definitions): for a month, per clinic
 * and per clinician, over the patients on LTOT at the end of that month. Every figure is computed
 * from the same evaluateCareGaps as the registry (one definition of "due"), on the records dated
 * on or before the month's last day, so a past month never drifts. Each figure carries the patient
 * ids of its numerator and denominator so that it can link to them.
 */
export type MeasureId =
  | "on-ltot"
  | "current-agreement"
  | "udt-recent"
  | "peg-recent"
  | "phq9-recent"
  | "pdmp-recent"
  | "mme-low-mark"
  | "mme-high-mark"
  | "benzodiazepine"
  | "naloxone-when-indicated";

export type MeasureDefinition = {
  id: MeasureId;
  title: (s: CareProgramSettings) => string;
  /** The gap rule behind the figure, when there is one. */
  ruleId: CareGapRuleId | null;
  /** How the patient counts, given their evaluation on the month's last day (already on LTOT). */
  count: (e: CareGapEvaluation, s: CareProgramSettings) => { denominator: boolean; numerator: boolean };
};

const closed = (e: CareGapEvaluation, id: CareGapRuleId) => e.results.find((r) => r.ruleId === id)?.open === false;
const result = (e: CareGapEvaluation, id: CareGapRuleId) => e.results.find((r) => r.ruleId === id);
const everyone = (numerator: boolean) => ({ denominator: true, numerator });

export const measureDefinitions: readonly MeasureDefinition[] = [
  { id: "on-ltot", title: () => "Patients on long-term opioid therapy", ruleId: null, count: () => everyone(true) },
  {
    id: "current-agreement",
    title: () => "With a current patient agreement",
    ruleId: "agreement-due",
    count: (e) => everyone(closed(e, "agreement-due")),
  },
  {
    id: "udt-recent",
    title: (s) => `With a urine drug test in the last ${s.udtIntervalDays} days`,
    ruleId: "udt-due",
    count: (e) => everyone(closed(e, "udt-due")),
  },
  {
    id: "peg-recent",
    title: (s) => `With a PEG in the last ${s.pegIntervalDays} days`,
    ruleId: "peg-due",
    count: (e) => everyone(closed(e, "peg-due")),
  },
  {
    id: "phq9-recent",
    title: (s) => `With a PHQ-9 in the last ${s.phq9IntervalDays} days`,
    ruleId: "phq9-due",
    count: (e) => everyone(closed(e, "phq9-due")),
  },
  {
    id: "pdmp-recent",
    title: (s) => `With the PDMP checked in the last ${s.pdmpIntervalDays} days`,
    ruleId: "pdmp-due",
    count: (e) => everyone(closed(e, "pdmp-due")),
  },
  {
    id: "mme-low-mark",
    title: (s) => `At or above ${s.mmeContextLow} MME/day (context)`,
    ruleId: null,
    count: (e, s) => everyone(e.totalMme.total >= s.mmeContextLow),
  },
  {
    id: "mme-high-mark",
    title: (s) => `At or above ${s.mmeContextHigh} MME/day (context)`,
    ruleId: "high-dose-context",
    count: (e) => everyone(result(e, "high-dose-context")?.applies === true),
  },
  {
    id: "benzodiazepine",
    title: () => "Co-prescribed a benzodiazepine",
    ruleId: "opioid-benzodiazepine",
    count: (e) => everyone(result(e, "opioid-benzodiazepine")?.applies === true),
  },
  {
    id: "naloxone-when-indicated",
    title: () => "With naloxone on the list or offered, when indicated",
    ruleId: "naloxone-indicated",
    count: (e) => {
      const r = result(e, "naloxone-indicated");
      return { denominator: r?.applies === true, numerator: r?.applies === true && !r.open };
    },
  },
];

export type MeasureValue = { numerator: string[]; denominator: string[] };
export type MeasureSet = Record<MeasureId, MeasureValue>;

export type MonthMeasures = {
  month: Month;
  /** The date the figures were computed for: the month's last day, or today for the month in progress. */
  asOf: LocalDate;
  /** False for the month in progress (computed as of today). */
  complete: boolean;
  clinic: MeasureSet;
  /** Keyed by clinician id: the clinician responsible for the patient on `asOf`. */
  byClinician: Record<string, MeasureSet>;
};

function emptySet(): MeasureSet {
  const out = {} as MeasureSet;
  for (const d of measureDefinitions) out[d.id] = { numerator: [], denominator: [] };
  return out;
}

function add(set: MeasureSet, patientId: string, e: CareGapEvaluation, s: CareProgramSettings) {
  for (const d of measureDefinitions) {
    const c = d.count(e, s);
    if (!c.denominator) continue;
    set[d.id].denominator.push(patientId);
    if (c.numerator) set[d.id].numerator.push(patientId);
  }
}

function sortSet(set: MeasureSet): MeasureSet {
  for (const v of Object.values(set)) {
    v.numerator.sort();
    v.denominator.sort();
  }
  return set;
}

/**
 * The measures of one month. `today` (the clinic's date) stops the month in progress at today,
 * so a figure never counts something as overdue that is not overdue yet.
 */
export function computeMonthMeasures(
  patients: readonly PatientCareFacts[],
  month: Month,
  settings: CareProgramSettings,
  opts: { today?: LocalDate } = {},
): MonthMeasures {
  const end = monthEnd(month);
  const complete = opts.today === undefined || opts.today >= end;
  const asOf = complete ? end : opts.today!;
  const clinic = emptySet();
  const byClinician: Record<string, MeasureSet> = {};
  for (const p of patients) {
    const e = evaluateCareGaps(p, settings, asOf);
    if (!e.ltot.onLtot) continue;
    add(clinic, p.patientId, e, settings);
    const clinician = clinicianOn(p, asOf);
    if (clinician !== null) add((byClinician[clinician] ??= emptySet()), p.patientId, e, settings);
  }
  sortSet(clinic);
  for (const s of Object.values(byClinician)) sortSet(s);
  return { month, asOf, complete, clinic, byClinician };
}

/** Several months, oldest first (e.g. monthsEndingWith(monthOf(today), 12)). */
export function computeMeasureSeries(
  patients: readonly PatientCareFacts[],
  months: readonly Month[],
  settings: CareProgramSettings,
  opts: { today?: LocalDate } = {},
): MonthMeasures[] {
  return months
    .filter((m) => opts.today === undefined || `${m}-01` <= opts.today)
    .map((m) => computeMonthMeasures(patients, m, settings, opts));
}

/** Percent to one decimal, or null when nobody is in the denominator. */
export function measurePercent(v: MeasureValue): number | null {
  if (v.denominator.length === 0) return null;
  return Math.round((v.numerator.length * 1000) / v.denominator.length) / 10;
}
