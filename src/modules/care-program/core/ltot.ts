import { addDays, daysBetween, formatLocalDate, type LocalDate } from "./dates";
import {
  heldSince,
  medicationTimeline,
  segmentOn,
  type CareMedication,
  type LtotDecision,
  type MedicationTimeline,
} from "./facts";
import type { CareProgramSettings } from "./settings";

/**
 * Who is on long-term opioid therapy (docs/clinical-reference.md#ltot-registry): a patient taking
 * an opioid other than naloxone without a break for at least the clinic's threshold (default 90
 * days), unless a clinician decided otherwise. A clinician's decision (include or exclude, with a
 * reason) overrides the medication rule; the latest decision on or before the date wins, and a
 * CLEAR decision hands the patient back to the medication rule, so every decision is reversible.
 */
export type LtotBecause =
  /** On LTOT by the medication rule. */
  | "MEDICATIONS"
  | "CLINICIAN_INCLUDED"
  | "CLINICIAN_EXCLUDED"
  /** An opioid is taken, but not yet for the threshold. */
  | "NOT_LONG_ENOUGH"
  | "NO_ACTIVE_OPIOID";

export type LtotStatus = {
  onLtot: boolean;
  because: LtotBecause;
  /** First day of the current unbroken time on LTOT (registry entry); null when not on LTOT. */
  since: LocalDate | null;
  /** Start of the current continuous opioid use, and its length in days as of the date. */
  opioidSince: LocalDate | null;
  daysOnOpioid: number | null;
  /** The clinician decision in force, if any (CLEAR decisions are not "in force"). */
  decision: LtotDecision | null;
  /** The reason in plain words, for the registry and the huddle. */
  explanation: string;
};

/** The decision in force on `date`: the latest dated on or before it, same-day ties by recording time. */
export function decisionOn(decisions: readonly LtotDecision[], date: LocalDate): LtotDecision | null {
  let best: LtotDecision | null = null;
  for (const d of decisions) {
    if (d.decidedOn > date) continue;
    if (
      best === null ||
      d.decidedOn > best.decidedOn ||
      (d.decidedOn === best.decidedOn && d.recordedAt.getTime() >= best.recordedAt.getTime())
    )
      best = d;
  }
  return best === null || best.kind === "CLEAR" ? null : best;
}

/** The medication rule alone on `date`. */
function byMedications(t: MedicationTimeline, settings: CareProgramSettings, date: LocalDate) {
  const opioidSince = segmentOn(t, date).opioidSince;
  const daysOnOpioid = opioidSince === null ? null : daysBetween(opioidSince, date);
  return { opioidSince, daysOnOpioid, onLtot: daysOnOpioid !== null && daysOnOpioid >= settings.ltotMinDays };
}

function onLtotOn(
  t: MedicationTimeline,
  decisions: readonly LtotDecision[],
  settings: CareProgramSettings,
  date: LocalDate,
): boolean {
  const d = decisionOn(decisions, date);
  if (d) return d.kind === "INCLUDE";
  return byMedications(t, settings, date).onLtot;
}

export function isOnLtot(
  meds: readonly CareMedication[],
  decisions: readonly LtotDecision[],
  settings: CareProgramSettings,
  asOf: LocalDate,
): LtotStatus {
  return ltotStatus(medicationTimeline(meds), decisions, settings, asOf);
}

function sinceWithDecisions(
  t: MedicationTimeline,
  decisions: readonly LtotDecision[],
  settings: CareProgramSettings,
  asOf: LocalDate,
): LocalDate | null {
  const changes: LocalDate[] = decisions.map((d) => d.decidedOn);
  for (const s of t.segments) {
    if (s.from > asOf) break;
    changes.push(s.from);
    if (s.opioidSince === s.from) changes.push(addDays(s.from, settings.ltotMinDays));
  }
  return heldSince((d) => onLtotOn(t, decisions, settings, d), changes, asOf);
}

/** isOnLtot on a medication timeline already built (the rules build it once per evaluation). */
export function ltotStatus(
  t: MedicationTimeline,
  decisions: readonly LtotDecision[],
  settings: CareProgramSettings,
  asOf: LocalDate,
): LtotStatus {
  const med = byMedications(t, settings, asOf);
  const decision = decisionOn(decisions, asOf);
  // Membership can change only where the medication list changes, where a run of opioid use
  // reaches the threshold, or where a decision takes effect.
  // Without any decision the run is simply the opioid run from its threshold day on.
  const since =
    decisions.length === 0
      ? med.onLtot
        ? addDays(med.opioidSince!, settings.ltotMinDays)
        : null
      : sinceWithDecisions(t, decisions, settings, asOf);
  const base = { since, opioidSince: med.opioidSince, daysOnOpioid: med.daysOnOpioid, decision };
  const days = med.daysOnOpioid === null ? "" : ` (${med.daysOnOpioid} of ${settings.ltotMinDays} days)`;
  if (decision?.kind === "INCLUDE") {
    return {
      ...base,
      onLtot: true,
      because: "CLINICIAN_INCLUDED",
      explanation: `Included by a clinician on ${formatLocalDate(decision.decidedOn)}: ${decision.reason}`,
    };
  }
  if (decision?.kind === "EXCLUDE") {
    return {
      ...base,
      onLtot: false,
      because: "CLINICIAN_EXCLUDED",
      since: null,
      explanation: `Excluded by a clinician on ${formatLocalDate(decision.decidedOn)}: ${decision.reason}`,
    };
  }
  if (med.onLtot) {
    return {
      ...base,
      onLtot: true,
      because: "MEDICATIONS",
      explanation: `Taking an opioid since ${formatLocalDate(med.opioidSince!)}${days}.`,
    };
  }
  if (med.opioidSince !== null) {
    return {
      ...base,
      onLtot: false,
      because: "NOT_LONG_ENOUGH",
      since: null,
      explanation: `Taking an opioid since ${formatLocalDate(med.opioidSince)}${days}: not yet long-term.`,
    };
  }
  return {
    ...base,
    onLtot: false,
    because: "NO_ACTIVE_OPIOID",
    since: null,
    explanation: "No opioid on the medication list (naloxone does not count).",
  };
}
