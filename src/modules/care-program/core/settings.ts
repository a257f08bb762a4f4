import { z } from "zod";
import { isCalendarDate } from "@/lib/input";
import { MME_CONTEXT_THRESHOLDS } from "@/modules/udt/core/mme";

/**
 * The care program's thresholds: every one a clinic setting, each default taken from
 * docs/clinical-reference.md#care-program-settings (which gives its source). One schema, so the
 * admin form, the stored row and the rules can never disagree on a default. Forms sent by
 * browsers carry strings, hence the coercion; an empty or out-of-range value is refused with a
 * message that names the setting.
 */
const days = (label: string, max: number, fallback: number) =>
  z.coerce
    .number({ error: `${label}: enter a number of days` })
    .int({ error: `${label}: enter a whole number of days` })
    .min(1, { error: `${label}: at least 1 day` })
    .max(max, { error: `${label}: at most ${max} days` })
    .default(fallback);

const mme = (label: string, fallback: number) =>
  z.coerce
    .number({ error: `${label}: enter MME per day` })
    .positive({ error: `${label}: more than 0 MME/day` })
    .max(10_000, { error: `${label}: at most 10000 MME/day` })
    .default(fallback);

export const careProgramSettingsSchema = z
  .object({
    /** On LTOT from this many days of continuous opioid use (docs/clinical-reference.md#ltot-registry). */
    ltotMinDays: days("LTOT threshold", 3650, 90),
    /** docs/clinical-reference.md#gap-peg-due */
    pegIntervalDays: days("PEG interval", 3650, 90),
    /** docs/clinical-reference.md#gap-phq-9-due */
    phq9IntervalDays: days("PHQ-9 interval", 3650, 365),
    /** docs/clinical-reference.md#gap-udt-due (the same default as the chart's UDT monitoring flag). */
    udtIntervalDays: days("UDT interval", 3650, 365),
    /** docs/clinical-reference.md#gap-agreement-due: renewal after this many months (the consent mechanism's expiry). */
    agreementRenewalMonths: z.coerce
      .number({ error: "Agreement renewal: enter a number of months" })
      .int({ error: "Agreement renewal: enter a whole number of months" })
      .min(1, { error: "Agreement renewal: at least 1 month" })
      .max(120, { error: "Agreement renewal: at most 120 months" })
      .default(12),
    /** docs/clinical-reference.md#gap-pdmp-check-due */
    pdmpIntervalDays: days("PDMP check interval", 3650, 90),
    /** docs/clinical-reference.md#gap-naloxone-indicated: naloxone indicated at or above this total. */
    naloxoneMmeThreshold: mme("Naloxone MME threshold", MME_CONTEXT_THRESHOLDS[0]),
    /** docs/clinical-reference.md#gap-naloxone-indicated: a documented offer counts for this many days. */
    naloxoneOfferValidDays: days("Naloxone offer validity", 3650, 365),
    /** docs/clinical-reference.md#gap-follow-up-due: a visit within this many days after a dose increase. */
    doseIncreaseFollowUpDays: days("Follow-up after a dose increase", 365, 28),
    /** docs/clinical-reference.md#gap-follow-up-due: otherwise a visit at least this often. */
    visitIntervalDays: days("Visit interval", 3650, 90),
    /** docs/clinical-reference.md#mme-context-thresholds: the lower context mark (measures). */
    mmeContextLow: mme("Lower MME context mark", MME_CONTEXT_THRESHOLDS[0]),
    /** docs/clinical-reference.md#gap-high-dose-context: the upper context mark (a context item, never a limit). */
    mmeContextHigh: mme("Upper MME context mark", MME_CONTEXT_THRESHOLDS[1]),
    /** docs/clinical-reference.md#dea-telemedicine-flag: last day the DEA telemedicine flexibilities are in force. */
    deaFlexibilityEndsOn: z
      .string({ error: "DEA flexibility end date: enter a date (YYYY-MM-DD)" })
      .refine(isCalendarDate, { error: "DEA flexibility end date: enter a real date (YYYY-MM-DD)" })
      .default("2026-12-31"),
  })
  .strict()
  .refine((s) => s.mmeContextLow < s.mmeContextHigh, {
    path: ["mmeContextHigh"],
    error: "Upper MME context mark: must be above the lower mark",
  });

export type CareProgramSettings = z.output<typeof careProgramSettingsSchema>;

export const defaultCareProgramSettings: CareProgramSettings = Object.freeze(careProgramSettingsSchema.parse({}));
