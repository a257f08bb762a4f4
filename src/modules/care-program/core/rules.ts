import { formatTenths, phq9Severity } from "@/modules/assessments/core/scoring";
import { consentExpiry } from "@/modules/consent/core/consent-rules";
import type { MmeTotal } from "@/modules/udt/core/mme";
import { addDays, daysBetween, formatLocalDate, laterOf, type LocalDate } from "./dates";
import {
  factsAsOf,
  heldSince,
  isBenzodiazepine,
  isOpioid,
  latestDoseIncrease,
  medicationTimeline,
  segmentHeldSince,
  segmentOn,
  type MedicationTimeline,
  type PatientCareFacts,
} from "./facts";
import { ltotStatus, type LtotStatus } from "./ltot";
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

const CDC_2022_URL = "https://www.cdc.gov/mmwr/volumes/71/rr/rr7103a1.htm";
const cdc2022 = (rec: string): RuleSource => ({
  citation: `CDC Clinical Practice Guideline for Prescribing Opioids for Pain - United States, 2022 (MMWR Recomm Rep 2022;71(RR-3)), ${rec}`,
  url: CDC_2022_URL,
});
const SIX_BUILDING_BLOCKS_URL = "https://www.improvingopioidcare.org";

const on = formatLocalDate;

/** Interval rules: the latest record on or before the date decides. */
function intervalOutcome(ctx: RuleContext, lastOn: LocalDate | null, intervalDays: number, what: string, lastText = ""): RuleOutcome {
  if (lastOn === null) return { applies: true, open: true, dueOn: ctx.registrySince, detail: `No ${what} on record.` };
  const due = addDays(lastOn, intervalDays + 1);
  const open = ctx.asOf >= due;
  return {
    applies: true,
    open,
    dueOn: due,
    detail: open
      ? `Last ${what} on ${on(lastOn)}${lastText}, ${daysBetween(lastOn, ctx.asOf)} days ago; one is due every ${intervalDays} days.`
      : `Last ${what} on ${on(lastOn)}${lastText}; next due ${on(due)}.`,
  };
}

const latestBy = <T>(xs: readonly T[], date: (x: T) => LocalDate): T | null => {
  let best: T | null = null;
  for (const x of xs) if (best === null || date(x) >= date(best)) best = x;
  return best;
};

/** Renewal date of an agreement signed on `signedOn`: the consent mechanism's expiry (same day, `months` later, end-of-month safe). */
export function agreementRenewalDue(signedOn: LocalDate, months: number): LocalDate {
  return consentExpiry(new Date(`${signedOn}T00:00:00Z`), months).toISOString().slice(0, 10);
}

type NaloxoneReason = "mme" | "benzodiazepine" | "overdose" | "sud";

function naloxoneReasons(ctx: RuleContext, date: LocalDate): NaloxoneReason[] {
  const { facts, settings } = ctx;
  const seg = segmentOn(ctx.meds, date);
  const out: NaloxoneReason[] = [];
  if (seg.mme.total >= settings.naloxoneMmeThreshold) out.push("mme");
  if (seg.opioid && seg.benzodiazepine) out.push("benzodiazepine");
  if (facts.riskHistory.some((r) => r.kind === "OVERDOSE" && r.recordedOn <= date)) out.push("overdose");
  if (facts.riskHistory.some((r) => r.kind === "SUBSTANCE_USE_DISORDER" && r.recordedOn <= date)) out.push("sud");
  return out;
}

function naloxoneCovered(ctx: RuleContext, date: LocalDate): boolean {
  if (segmentOn(ctx.meds, date).naloxone) return true;
  return ctx.facts.naloxoneOffers.some((o) => o.on <= date && daysBetween(o.on, date) <= ctx.settings.naloxoneOfferValidDays);
}

export const careGapRules: readonly CareGapRule[] = [
  {
    id: "peg-due",
    title: "PEG (pain and function) due",
    severity: "gap",
    rule: (s) => `No PEG in the last ${s.pegIntervalDays} days: pain and function are reassessed at least every 3 months.`,
    source: cdc2022("Recommendation 7 (reassess benefits and risks regularly); PEG: Krebs et al., J Gen Intern Med 2009"),
    docs: "docs/clinical-reference.md#gap-peg-due",
    settings: ["pegIntervalDays"],
    evaluate: (ctx) => {
      const last = latestBy(ctx.facts.pegs, (r) => r.on);
      return intervalOutcome(ctx, last?.on ?? null, ctx.settings.pegIntervalDays, "PEG", last ? ` (score ${formatTenths(last.scoreTenths)})` : "");
    },
  },
  {
    id: "phq9-due",
    title: "PHQ-9 (depression) due",
    severity: "gap",
    rule: (s) => `No PHQ-9 in the last ${s.phq9IntervalDays} days, or none since the start of therapy.`,
    source: { citation: "Six Building Blocks program, Telemedicine & Chronic Pain Management (2021.05.18): PEG and PHQ-9 are the recommended assessments; PHQ-9: Kroenke et al., J Gen Intern Med 2001", url: SIX_BUILDING_BLOCKS_URL },
    docs: "docs/clinical-reference.md#gap-phq-9-due",
    settings: ["phq9IntervalDays"],
    evaluate: (ctx) => {
      const last = latestBy(ctx.facts.phq9s, (r) => r.on);
      return intervalOutcome(ctx, last?.on ?? null, ctx.settings.phq9IntervalDays, "PHQ-9", last ? ` (total ${last.total}, ${phq9Severity(last.total)})` : "");
    },
  },
  {
    id: "udt-due",
    title: "Urine drug test due",
    severity: "gap",
    rule: (s) => `No urine drug test collected in the last ${s.udtIntervalDays} days: at the start and at least yearly.`,
    source: cdc2022("Recommendation 10 (toxicology testing before starting and periodically during long-term therapy)"),
    docs: "docs/clinical-reference.md#gap-udt-due",
    settings: ["udtIntervalDays"],
    evaluate: (ctx) => {
      const last = latestBy(ctx.facts.udts, (r) => r.collectedOn);
      const result = last?.interpretation ? ` (${last.interpretation === "EXPECTED" ? "expected" : "unexpected"} result)` : "";
      return intervalOutcome(ctx, last?.collectedOn ?? null, ctx.settings.udtIntervalDays, "urine drug test", result);
    },
  },
  {
    id: "agreement-due",
    title: "Patient agreement due",
    severity: "gap",
    rule: (s) => `No signed patient agreement, a revoked one, or one signed more than ${s.agreementRenewalMonths} months ago.`,
    source: { citation: "Six Building Blocks program: patient agreements as informed consent, renewed regularly", url: SIX_BUILDING_BLOCKS_URL },
    docs: "docs/clinical-reference.md#gap-agreement-due",
    settings: ["agreementRenewalMonths"],
    evaluate: (ctx) => {
      const newest = latestBy(ctx.facts.agreements, (a) => a.signedOn);
      if (!newest) return { applies: true, open: true, dueOn: ctx.registrySince, detail: "No signed patient agreement on record." };
      if (newest.revokedOn !== null && newest.revokedOn <= ctx.asOf) {
        return { applies: true, open: true, dueOn: newest.revokedOn, detail: `The agreement signed on ${on(newest.signedOn)} was revoked on ${on(newest.revokedOn)}.` };
      }
      const renewal = newest.renewBy ?? agreementRenewalDue(newest.signedOn, ctx.settings.agreementRenewalMonths);
      const open = ctx.asOf >= renewal;
      return { applies: true, open, dueOn: renewal, detail: open ? `Signed on ${on(newest.signedOn)}; renewal was due ${on(renewal)}.` : `Signed on ${on(newest.signedOn)}; renewal due ${on(renewal)}.` };
    },
  },
  {
    id: "pdmp-due",
    title: "PDMP check due",
    severity: "gap",
    rule: (s) => `No prescription drug monitoring program (PDMP) check in the last ${s.pdmpIntervalDays} days.`,
    source: cdc2022("Recommendation 9 (check the PDMP when starting and periodically during therapy)"),
    docs: "docs/clinical-reference.md#gap-pdmp-check-due",
    settings: ["pdmpIntervalDays"],
    evaluate: (ctx) => intervalOutcome(ctx, latestBy(ctx.facts.pdmpChecks, (r) => r.on)?.on ?? null, ctx.settings.pdmpIntervalDays, "PDMP check"),
  },
  {
    id: "naloxone-indicated",
    title: "Naloxone indicated, not on the list or offered",
    severity: "gap",
    rule: (s) =>
      `Naloxone is indicated at ${s.naloxoneMmeThreshold} MME/day or more, with an opioid and a benzodiazepine together, or after an overdose or a substance use disorder; a gap while none is on the medication list and no offer is documented in the last ${s.naloxoneOfferValidDays} days.`,
    source: cdc2022("Recommendation 8 (offer naloxone when factors increase the risk of overdose)"),
    docs: "docs/clinical-reference.md#gap-naloxone-indicated",
    settings: ["naloxoneMmeThreshold", "naloxoneOfferValidDays"],
    evaluate: (ctx) => {
      const { facts, settings, asOf } = ctx;
      const reasons = naloxoneReasons(ctx, asOf);
      if (reasons.length === 0) return { applies: false, open: false, dueOn: null, detail: "Naloxone is not indicated by the recorded facts." };
      const words: Record<NaloxoneReason, string> = {
        mme: `${ctx.totalMme.total} MME/day (at or above ${settings.naloxoneMmeThreshold})`,
        benzodiazepine: "an opioid with a benzodiazepine",
        overdose: "a history of overdose",
        sud: "a history of a substance use disorder",
      };
      const why = reasons.map((r) => words[r]).join("; ");
      if (segmentOn(ctx.meds, asOf).naloxone) return { applies: true, open: false, dueOn: null, detail: `Indicated (${why}); naloxone is on the medication list.` };
      const lastOffer = latestBy(facts.naloxoneOffers, (o) => o.on);
      if (lastOffer && daysBetween(lastOffer.on, asOf) <= settings.naloxoneOfferValidDays) {
        return { applies: true, open: false, dueOn: addDays(lastOffer.on, settings.naloxoneOfferValidDays + 1), detail: `Indicated (${why}); ${lastOffer.outcome.toLowerCase()} on ${on(lastOffer.on)}.` };
      }
      const changes = [
        ...ctx.meds.segments.map((seg) => seg.from),
        ...facts.riskHistory.map((r) => r.recordedOn),
        ...facts.naloxoneOffers.flatMap((o) => [o.on, addDays(o.on, settings.naloxoneOfferValidDays + 1)]),
      ];
      const since = heldSince((d) => naloxoneReasons(ctx, d).length > 0 && !naloxoneCovered(ctx, d), changes, asOf) ?? asOf;
      const offered = lastOffer ? `; last ${lastOffer.outcome.toLowerCase()} on ${on(lastOffer.on)}` : "";
      return { applies: true, open: true, dueOn: since, detail: `Indicated (${why}): no naloxone on the medication list and no offer in the last ${settings.naloxoneOfferValidDays} days${offered}.` };
    },
  },
  {
    id: "opioid-benzodiazepine",
    title: "Opioid with a benzodiazepine: review",
    severity: "gap",
    rule: () => "An opioid and a benzodiazepine on the medication list together: review the combination with the patient. A prompt, never an automatic action.",
    source: cdc2022("Recommendation 11 (use particular caution when prescribing opioids with benzodiazepines)"),
    docs: "docs/clinical-reference.md#gap-opioid-with-benzodiazepine",
    settings: [],
    evaluate: (ctx) => {
      const active = segmentOn(ctx.meds, ctx.asOf).active;
      const opioids = active.filter(isOpioid);
      const benzos = active.filter(isBenzodiazepine);
      if (opioids.length === 0 || benzos.length === 0) return { applies: false, open: false, dueOn: null, detail: "No opioid with a benzodiazepine on the list." };
      const since = segmentHeldSince(ctx.meds, (seg) => seg.opioid && seg.benzodiazepine, ctx.asOf) ?? ctx.asOf;
      const names = (ms: typeof active) => ms.map((m) => m.name).join(", ");
      return { applies: true, open: true, dueOn: since, detail: `${names(opioids)} with ${names(benzos)}, together since ${on(since)}. To review with the patient; nothing changes automatically.` };
    },
  },
  {
    id: "dose-increase-follow-up",
    title: "Follow-up due after a dose increase",
    severity: "gap",
    rule: (s) => `An opioid started or raised with no visit within ${s.doseIncreaseFollowUpDays} days after it.`,
    source: cdc2022("Recommendation 7 (follow up within 1 to 4 weeks of starting or raising a dose)"),
    docs: "docs/clinical-reference.md#gap-follow-up-due",
    settings: ["doseIncreaseFollowUpDays"],
    evaluate: (ctx) => {
      const { facts, settings, asOf } = ctx;
      const raised = latestDoseIncrease(facts, asOf, ctx.meds);
      if (raised === null) return { applies: false, open: false, dueOn: null, detail: "No dose increase on record." };
      const seen = facts.visits.filter((v) => v.status === "COMPLETED" && v.on > raised && v.on <= asOf).map((v) => v.on).sort()[0];
      if (seen) return { applies: true, open: false, dueOn: null, detail: `Dose started or raised on ${on(raised)}; seen on ${on(seen)}.` };
      const due = addDays(raised, settings.doseIncreaseFollowUpDays + 1);
      const open = asOf >= due;
      return {
        applies: true,
        open,
        dueOn: due,
        detail: open
          ? `Dose started or raised on ${on(raised)}; no visit since (one was due within ${settings.doseIncreaseFollowUpDays} days).`
          : `Dose started or raised on ${on(raised)}; a visit is due by ${on(addDays(raised, settings.doseIncreaseFollowUpDays))}.`,
      };
    },
  },
  {
    id: "visit-overdue",
    title: "No visit within the follow-up interval",
    severity: "gap",
    rule: (s) => `No visit in the last ${s.visitIntervalDays} days.`,
    source: cdc2022("Recommendation 7 (reevaluate benefits and risks regularly during continued therapy)"),
    docs: "docs/clinical-reference.md#gap-follow-up-due",
    settings: ["visitIntervalDays"],
    evaluate: (ctx) => {
      const last = latestBy(ctx.facts.visits.filter((v) => v.status === "COMPLETED"), (v) => v.on);
      return intervalOutcome(ctx, last?.on ?? null, ctx.settings.visitIntervalDays, "visit");
    },
  },
  {
    id: "high-dose-context",
    title: "High daily opioid dose (context)",
    severity: "context",
    rule: (s) => `Total ${s.mmeContextHigh} MME/day or more: a context mark for the clinician's judgement, not a rule about the dose.`,
    source: cdc2022("Recommendation 4 (dosage; 50 and 90 MME/day as context)"),
    docs: "docs/clinical-reference.md#gap-high-dose-context",
    settings: ["mmeContextHigh"],
    evaluate: (ctx) => {
      const { total, excludedCount } = ctx.totalMme;
      if (total < ctx.settings.mmeContextHigh) return { applies: false, open: false, dueOn: null, detail: `Total ${total} MME/day.` };
      const since = segmentHeldSince(ctx.meds, (seg) => seg.mme.total >= ctx.settings.mmeContextHigh, ctx.asOf) ?? ctx.asOf;
      const bup = excludedCount > 0 ? " Buprenorphine is not counted in MME." : "";
      return {
        applies: true,
        open: true,
        dueOn: since,
        detail: `Total ${total} MME/day since ${on(since)}, at or above the ${ctx.settings.mmeContextHigh} MME/day context mark. Context for the clinician's judgement only.${bup}`,
      };
    },
  },
];

export const careGapRuleIds: readonly CareGapRuleId[] = careGapRules.map((r) => r.id);

export function isCareGapRuleId(s: string): s is CareGapRuleId {
  return (careGapRuleIds as readonly string[]).includes(s);
}

export function careGapRule(id: CareGapRuleId): CareGapRule {
  return careGapRules.find((r) => r.id === id)!;
}

export type RuleResult = RuleOutcome & { ruleId: CareGapRuleId; severity: GapSeverity };
export type OpenGap = { ruleId: CareGapRuleId; title: string; severity: GapSeverity; dueSince: LocalDate; detail: string };

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
export function evaluateCareGaps(facts: PatientCareFacts, settings: CareProgramSettings, asOf: LocalDate): CareGapEvaluation {
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
    .map((r) => ({ ruleId: r.ruleId, title: careGapRule(r.ruleId).title, severity: r.severity, dueSince: r.dueOn ?? asOf, detail: r.detail }));
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
