import { addDays, daysBetween, type LocalDate } from "./dates";
import { heldSince, isBenzodiazepine, isOpioid, latestDoseIncrease, segmentHeldSince, segmentOn } from "./facts";
import type { CareGapRule, RuleContext } from "./rules";
import { cdc2022, latestBy, on } from "./rule-support";

/**
 * The medication rules: what the medication list and the risk history call for (naloxone, an
 * opioid with a benzodiazepine, a follow-up after a dose increase, the high-dose context mark).
 */

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
  return ctx.facts.naloxoneOffers.some(
    (o) => o.on <= date && daysBetween(o.on, date) <= ctx.settings.naloxoneOfferValidDays,
  );
}

export const naloxoneIndicated: CareGapRule = {
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
    if (reasons.length === 0)
      return { applies: false, open: false, dueOn: null, detail: "Naloxone is not indicated by the recorded facts." };
    const words: Record<NaloxoneReason, string> = {
      mme: `${ctx.totalMme.total} MME/day (at or above ${settings.naloxoneMmeThreshold})`,
      benzodiazepine: "an opioid with a benzodiazepine",
      overdose: "a history of overdose",
      sud: "a history of a substance use disorder",
    };
    const why = reasons.map((r) => words[r]).join("; ");
    if (segmentOn(ctx.meds, asOf).naloxone)
      return {
        applies: true,
        open: false,
        dueOn: null,
        detail: `Indicated (${why}); naloxone is on the medication list.`,
      };
    const lastOffer = latestBy(facts.naloxoneOffers, (o) => o.on);
    if (lastOffer && daysBetween(lastOffer.on, asOf) <= settings.naloxoneOfferValidDays) {
      return {
        applies: true,
        open: false,
        dueOn: addDays(lastOffer.on, settings.naloxoneOfferValidDays + 1),
        detail: `Indicated (${why}); ${lastOffer.outcome.toLowerCase()} on ${on(lastOffer.on)}.`,
      };
    }
    const changes = [
      ...ctx.meds.segments.map((seg) => seg.from),
      ...facts.riskHistory.map((r) => r.recordedOn),
      ...facts.naloxoneOffers.flatMap((o) => [o.on, addDays(o.on, settings.naloxoneOfferValidDays + 1)]),
    ];
    const since =
      heldSince((d) => naloxoneReasons(ctx, d).length > 0 && !naloxoneCovered(ctx, d), changes, asOf) ?? asOf;
    const offered = lastOffer ? `; last ${lastOffer.outcome.toLowerCase()} on ${on(lastOffer.on)}` : "";
    return {
      applies: true,
      open: true,
      dueOn: since,
      detail: `Indicated (${why}): no naloxone on the medication list and no offer in the last ${settings.naloxoneOfferValidDays} days${offered}.`,
    };
  },
};

export const opioidBenzodiazepine: CareGapRule = {
  id: "opioid-benzodiazepine",
  title: "Opioid with a benzodiazepine: review",
  severity: "gap",
  rule: () =>
    "An opioid and a benzodiazepine on the medication list together: review the combination with the patient. A prompt, never an automatic action.",
  source: cdc2022("Recommendation 11 (use particular caution when prescribing opioids with benzodiazepines)"),
  docs: "docs/clinical-reference.md#gap-opioid-with-benzodiazepine",
  settings: [],
  evaluate: (ctx) => {
    const active = segmentOn(ctx.meds, ctx.asOf).active;
    const opioids = active.filter(isOpioid);
    const benzos = active.filter(isBenzodiazepine);
    if (opioids.length === 0 || benzos.length === 0)
      return { applies: false, open: false, dueOn: null, detail: "No opioid with a benzodiazepine on the list." };
    const since = segmentHeldSince(ctx.meds, (seg) => seg.opioid && seg.benzodiazepine, ctx.asOf) ?? ctx.asOf;
    const names = (ms: typeof active) => ms.map((m) => m.name).join(", ");
    return {
      applies: true,
      open: true,
      dueOn: since,
      detail: `${names(opioids)} with ${names(benzos)}, together since ${on(since)}. To review with the patient; nothing changes automatically.`,
    };
  },
};

export const doseIncreaseFollowUp: CareGapRule = {
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
    const seen = facts.visits
      .filter((v) => v.status === "COMPLETED" && v.on > raised && v.on <= asOf)
      .map((v) => v.on)
      .sort()[0];
    if (seen)
      return {
        applies: true,
        open: false,
        dueOn: null,
        detail: `Dose started or raised on ${on(raised)}; seen on ${on(seen)}.`,
      };
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
};

export const highDoseContext: CareGapRule = {
  id: "high-dose-context",
  title: "High daily opioid dose (context)",
  severity: "context",
  rule: (s) =>
    `Total ${s.mmeContextHigh} MME/day or more: a context mark for the clinician's judgement, not a rule about the dose.`,
  source: cdc2022("Recommendation 4 (dosage; 50 and 90 MME/day as context)"),
  docs: "docs/clinical-reference.md#gap-high-dose-context",
  settings: ["mmeContextHigh"],
  evaluate: (ctx) => {
    const { total, excludedCount } = ctx.totalMme;
    if (total < ctx.settings.mmeContextHigh)
      return { applies: false, open: false, dueOn: null, detail: `Total ${total} MME/day.` };
    const since =
      segmentHeldSince(ctx.meds, (seg) => seg.mme.total >= ctx.settings.mmeContextHigh, ctx.asOf) ?? ctx.asOf;
    const bup = excludedCount > 0 ? " Buprenorphine is not counted in MME." : "";
    return {
      applies: true,
      open: true,
      dueOn: since,
      detail: `Total ${total} MME/day since ${on(since)}, at or above the ${ctx.settings.mmeContextHigh} MME/day context mark. Context for the clinician's judgement only.${bup}`,
    };
  },
};
