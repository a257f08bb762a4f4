import type { MmeTotal } from "@/modules/udt/core/mme";
import { addDays, laterOf, type LocalDate } from "./dates";
import { factsAsOf, medicationTimeline, segmentOn, type MedicationTimeline, type PatientCareFacts } from "./facts";
import { agreementDue, pdmpDue, pegDue, phq9Due, udtDue, visitOverdue } from "./interval-rules";
import { ltotStatus, type LtotStatus } from "./ltot";
import { doseIncreaseFollowUp, highDoseContext, naloxoneIndicated, opioidBenzodiazepine } from "./medication-rules";
import type { CareProgramSettings } from "./settings";

/**
 * The care gaps, as one pure rule set: the registry, the pre-visit huddle and the measures all
 * call evaluateCareGaps, so "due" has one definition (docs/clinical-reference.md#registry-care-gaps-and-measures).
 * Each rule names its source and reads its thresholds from the clinic's settings.
 *
 * Counting (docs/clinical-reference.md#how-due-dates-are-counted): a record dated L with an
 * interval of N days keeps the rule satisfied through L + N; the gap opens on L + N + 1 ("none in
 * the last N days" includes the day exactly N days ago, as the chart's UDT flag does). A gap never
 * opens before the patient entered the registry, and a patient with no record at all is due from
 * that entry date. Gaps apply only to patients on LTOT.
 */
export type CareGapRuleId =
  | "peg-due"
  | "phq9-due"
  | "udt-due"
  | "agreement-due"
  | "pdmp-due"
  | "naloxone-indicated"
  | "opioid-benzodiazepine"
  | "dose-increase-follow-up"
  | "visit-overdue"
  | "high-dose-context";

/** "gap": something to do or review. "context": shown to inform the clinician, nothing to close. */
export type GapSeverity = "gap" | "context";

export type RuleSource = { citation: string; url: string };

/** What a rule says about one patient on one date. */
export type RuleOutcome = {
  /** Whether the rule's condition concerns this patient (e.g. naloxone is indicated); always true for interval rules. */
  applies: boolean;
  open: boolean;
  /** Open: the date it became due. Not open: the date it will open if nothing is recorded meanwhile (null when none can be predicted). */
  dueOn: LocalDate | null;
  /** Plain words, with the dates and figures behind the outcome. */
  detail: string;
};

export type RuleContext = {
  facts: PatientCareFacts;
  settings: CareProgramSettings;
  asOf: LocalDate;
  /** The patient's registry entry date (gaps never open before it). */
  registrySince: LocalDate;
  totalMme: MmeTotal;
  /** The medication list as segments (what was taken on any date up to asOf). */
  meds: MedicationTimeline;
};

export type CareGapRule = {
  id: CareGapRuleId;
  /** Plain-words name of the gap. */
  title: string;
  severity: GapSeverity;
  /** The rule in plain words with the clinic's thresholds, shown beside the gap. */
  rule: (s: CareProgramSettings) => string;
  source: RuleSource;
  /** The section of the project's clinical reference that explains it. */
  docs: `docs/clinical-reference.md#${string}`;
  settings: readonly (keyof CareProgramSettings)[];
  evaluate: (ctx: RuleContext) => RuleOutcome;
};

/** The rules in the order the registry, the huddle and the measures show them (interval-rules.ts, medication-rules.ts). */
export const careGapRules: readonly CareGapRule[] = [
  pegDue,
  phq9Due,
  udtDue,
  agreementDue,
  pdmpDue,
  naloxoneIndicated,
  opioidBenzodiazepine,
  doseIncreaseFollowUp,
  visitOverdue,
  highDoseContext,
];

export const careGapRuleIds: readonly CareGapRuleId[] = careGapRules.map((r) => r.id);

export function isCareGapRuleId(s: string): s is CareGapRuleId {
  return (careGapRuleIds as readonly string[]).includes(s);
}

export function careGapRule(id: CareGapRuleId): CareGapRule {
  return careGapRules.find((r) => r.id === id)!;
}

export type RuleResult = RuleOutcome & { ruleId: CareGapRuleId; severity: GapSeverity };
export type OpenGap = {
  ruleId: CareGapRuleId;
  title: string;
  severity: GapSeverity;
  dueSince: LocalDate;
  detail: string;
};

export type CareGapEvaluation = {
  asOf: LocalDate;
  ltot: LtotStatus;
  /** Total MME/day of the opioids on the list on `asOf`. */
  totalMme: MmeTotal;
  /** One result per rule (empty when the patient is not on LTOT: gaps concern the registry). */
  results: RuleResult[];
  /** The open ones, in rule order. */
  open: OpenGap[];
};

/**
 * All care gaps of one patient on `asOf`, from the records dated on or before it (factsAsOf), so
 * a past date gives the answer the records gave then. Gaps apply only to patients on LTOT.
 */
export function evaluateCareGaps(
  facts: PatientCareFacts,
  settings: CareProgramSettings,
  asOf: LocalDate,
): CareGapEvaluation {
  const f = factsAsOf(facts, asOf);
  const meds = medicationTimeline(f.medications);
  const ltot = ltotStatus(meds, f.ltotDecisions, settings, asOf);
  const totalMme = segmentOn(meds, asOf).mme;
  if (!ltot.onLtot) return { asOf, ltot, totalMme, results: [], open: [] };
  const registrySince = ltot.since ?? asOf;
  const ctx: RuleContext = { facts: f, settings, asOf, registrySince, totalMme, meds };
  const results: RuleResult[] = careGapRules.map((rule) => {
    const o = rule.evaluate(ctx);
    // A gap never opens before the patient entered the registry.
    const dueOn = o.open && o.dueOn !== null ? laterOf(o.dueOn, registrySince) : o.dueOn;
    return { ...o, dueOn, ruleId: rule.id, severity: rule.severity };
  });
  const open = results
    .filter((r) => r.open)
    .map((r) => ({
      ruleId: r.ruleId,
      title: careGapRule(r.ruleId).title,
      severity: r.severity,
      dueSince: r.dueOn ?? asOf,
      detail: r.detail,
    }));
  return { asOf, ltot, totalMme, results, open };
}

/** For the "due within N days" filter: open now, or opening on or before asOf + days. */
export function isDueWithin(result: Pick<RuleResult, "open" | "dueOn">, asOf: LocalDate, days: number): boolean {
  return result.open || (result.dueOn !== null && result.dueOn <= addDays(asOf, days));
}

/** The number of open care gaps on a registry row: context items are shown, not counted. */
export function openGapCount(e: Pick<CareGapEvaluation, "open">): number {
  return e.open.filter((g) => g.severity === "gap").length;
}
