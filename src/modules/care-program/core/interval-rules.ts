import { formatTenths, phq9Severity } from "@/modules/assessments/core/scoring";
import { consentExpiry } from "@/modules/consent/core/consent-rules";
import { addDays, daysBetween, type LocalDate } from "./dates";
import type { CareGapRule, RuleContext, RuleOutcome } from "./rules";
import { cdc2022, latestBy, on, SIX_BUILDING_BLOCKS_URL } from "./rule-support";

/**
 * The interval rules (docs/clinical-reference.md#how-due-dates-are-counted): PEG, PHQ-9, urine
 * drug test, patient agreement, PDMP check and visit, each due again some days (or months) after
 * the latest record.
 */

/** Interval rules: the latest record on or before the date decides. */
function intervalOutcome(
  ctx: RuleContext,
  lastOn: LocalDate | null,
  intervalDays: number,
  what: string,
  lastText = "",
): RuleOutcome {
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

/** Renewal date of an agreement signed on `signedOn`: the consent mechanism's expiry (same day, `months` later, end-of-month safe). */
export function agreementRenewalDue(signedOn: LocalDate, months: number): LocalDate {
  return consentExpiry(new Date(`${signedOn}T00:00:00Z`), months)
    .toISOString()
    .slice(0, 10);
}

export const pegDue: CareGapRule = {
  id: "peg-due",
  title: "PEG (pain and function) due",
  severity: "gap",
  rule: (s) =>
    `No PEG in the last ${s.pegIntervalDays} days: pain and function are reassessed at least every 3 months.`,
  source: cdc2022("Recommendation 7 (reassess benefits and risks regularly); PEG: Krebs et al., J Gen Intern Med 2009"),
  docs: "docs/clinical-reference.md#gap-peg-due",
  settings: ["pegIntervalDays"],
  evaluate: (ctx) => {
    const last = latestBy(ctx.facts.pegs, (r) => r.on);
    return intervalOutcome(
      ctx,
      last?.on ?? null,
      ctx.settings.pegIntervalDays,
      "PEG",
      last ? ` (score ${formatTenths(last.scoreTenths)})` : "",
    );
  },
};

export const phq9Due: CareGapRule = {
  id: "phq9-due",
  title: "PHQ-9 (depression) due",
  severity: "gap",
  rule: (s) => `No PHQ-9 in the last ${s.phq9IntervalDays} days, or none since the start of therapy.`,
  source: {
    citation:
      "Six Building Blocks program, Telemedicine & Chronic Pain Management (2021.05.18): PEG and PHQ-9 are the recommended assessments; PHQ-9: Kroenke et al., J Gen Intern Med 2001",
    url: SIX_BUILDING_BLOCKS_URL,
  },
  docs: "docs/clinical-reference.md#gap-phq-9-due",
  settings: ["phq9IntervalDays"],
  evaluate: (ctx) => {
    const last = latestBy(ctx.facts.phq9s, (r) => r.on);
    return intervalOutcome(
      ctx,
      last?.on ?? null,
      ctx.settings.phq9IntervalDays,
      "PHQ-9",
      last ? ` (total ${last.total}, ${phq9Severity(last.total)})` : "",
    );
  },
};

export const udtDue: CareGapRule = {
  id: "udt-due",
  title: "Urine drug test due",
  severity: "gap",
  rule: (s) => `No urine drug test collected in the last ${s.udtIntervalDays} days: at the start and at least yearly.`,
  source: cdc2022("Recommendation 10 (toxicology testing before starting and periodically during long-term therapy)"),
  docs: "docs/clinical-reference.md#gap-udt-due",
  settings: ["udtIntervalDays"],
  evaluate: (ctx) => {
    const last = latestBy(ctx.facts.udts, (r) => r.collectedOn);
    const result = last?.interpretation
      ? ` (${last.interpretation === "EXPECTED" ? "expected" : "unexpected"} result)`
      : "";
    return intervalOutcome(ctx, last?.collectedOn ?? null, ctx.settings.udtIntervalDays, "urine drug test", result);
  },
};

export const agreementDue: CareGapRule = {
  id: "agreement-due",
  title: "Patient agreement due",
  severity: "gap",
  rule: (s) =>
    `No signed patient agreement, a revoked one, or one signed more than ${s.agreementRenewalMonths} months ago.`,
  source: {
    citation: "Six Building Blocks program: patient agreements as informed consent, renewed regularly",
    url: SIX_BUILDING_BLOCKS_URL,
  },
  docs: "docs/clinical-reference.md#gap-agreement-due",
  settings: ["agreementRenewalMonths"],
  evaluate: (ctx) => {
    const newest = latestBy(ctx.facts.agreements, (a) => a.signedOn);
    if (!newest)
      return { applies: true, open: true, dueOn: ctx.registrySince, detail: "No signed patient agreement on record." };
    if (newest.revokedOn !== null && newest.revokedOn <= ctx.asOf) {
      return {
        applies: true,
        open: true,
        dueOn: newest.revokedOn,
        detail: `The agreement signed on ${on(newest.signedOn)} was revoked on ${on(newest.revokedOn)}.`,
      };
    }
    const renewal = newest.renewBy ?? agreementRenewalDue(newest.signedOn, ctx.settings.agreementRenewalMonths);
    const open = ctx.asOf >= renewal;
    return {
      applies: true,
      open,
      dueOn: renewal,
      detail: open
        ? `Signed on ${on(newest.signedOn)}; renewal was due ${on(renewal)}.`
        : `Signed on ${on(newest.signedOn)}; renewal due ${on(renewal)}.`,
    };
  },
};

export const pdmpDue: CareGapRule = {
  id: "pdmp-due",
  title: "PDMP check due",
  severity: "gap",
  rule: (s) => `No prescription drug monitoring program (PDMP) check in the last ${s.pdmpIntervalDays} days.`,
  source: cdc2022("Recommendation 9 (check the PDMP when starting and periodically during therapy)"),
  docs: "docs/clinical-reference.md#gap-pdmp-check-due",
  settings: ["pdmpIntervalDays"],
  evaluate: (ctx) =>
    intervalOutcome(
      ctx,
      latestBy(ctx.facts.pdmpChecks, (r) => r.on)?.on ?? null,
      ctx.settings.pdmpIntervalDays,
      "PDMP check",
    ),
};

export const visitOverdue: CareGapRule = {
  id: "visit-overdue",
  title: "No visit within the follow-up interval",
  severity: "gap",
  rule: (s) => `No visit in the last ${s.visitIntervalDays} days.`,
  source: cdc2022("Recommendation 7 (reevaluate benefits and risks regularly during continued therapy)"),
  docs: "docs/clinical-reference.md#gap-follow-up-due",
  settings: ["visitIntervalDays"],
  evaluate: (ctx) => {
    const last = latestBy(
      ctx.facts.visits.filter((v) => v.status === "COMPLETED"),
      (v) => v.on,
    );
    return intervalOutcome(ctx, last?.on ?? null, ctx.settings.visitIntervalDays, "visit");
  },
};
