"use client";

import { useActionState } from "react";
import { TextField } from "@/components/ui/field";
import { FormStatus } from "@/components/ui/form-status";
import { SubmitButton } from "@/components/ui/submit-button";
import { idleForm, type FormState } from "@/lib/forms";
import type { CareProgramSettings } from "../core/settings";

type Field = { key: keyof CareProgramSettings; label: string; hint: string; kind: "number" | "date" };

/** Every threshold of careProgramSettingsSchema, grouped; hints give the default and its bounds. */
export const settingsGroups: { legend: string; fields: Field[] }[] = [
  {
    legend: "Registry",
    fields: [
      {
        key: "ltotMinDays",
        label: "LTOT threshold (days of continuous opioid use)",
        hint: "Default 90. 1 to 3650.",
        kind: "number",
      },
    ],
  },
  {
    legend: "How often (care gaps)",
    fields: [
      { key: "pegIntervalDays", label: "PEG interval (days)", hint: "Default 90. 1 to 3650.", kind: "number" },
      { key: "phq9IntervalDays", label: "PHQ-9 interval (days)", hint: "Default 365. 1 to 3650.", kind: "number" },
      {
        key: "udtIntervalDays",
        label: "Urine drug test interval (days)",
        hint: "Default 365. 1 to 3650.",
        kind: "number",
      },
      {
        key: "agreementRenewalMonths",
        label: "Agreement renewal (months)",
        hint: "Default 12. 1 to 120.",
        kind: "number",
      },
      { key: "pdmpIntervalDays", label: "PDMP check interval (days)", hint: "Default 90. 1 to 3650.", kind: "number" },
      { key: "visitIntervalDays", label: "Visit interval (days)", hint: "Default 90. 1 to 3650.", kind: "number" },
      {
        key: "doseIncreaseFollowUpDays",
        label: "Follow-up after a dose increase (days)",
        hint: "Default 28. 1 to 365.",
        kind: "number",
      },
    ],
  },
  {
    legend: "Naloxone and dose context",
    fields: [
      {
        key: "naloxoneMmeThreshold",
        label: "Naloxone indicated from (MME/day)",
        hint: "Default 50. More than 0, at most 10000.",
        kind: "number",
      },
      {
        key: "naloxoneOfferValidDays",
        label: "A naloxone offer counts for (days)",
        hint: "Default 365. 1 to 3650.",
        kind: "number",
      },
      {
        key: "mmeContextLow",
        label: "Lower MME context mark (MME/day)",
        hint: "Default 50. Context, never a limit.",
        kind: "number",
      },
      {
        key: "mmeContextHigh",
        label: "Upper MME context mark (MME/day)",
        hint: "Default 90. Above the lower mark. Context, never a limit.",
        kind: "number",
      },
    ],
  },
  {
    legend: "DEA telemedicine prescribing",
    fields: [
      {
        key: "deaFlexibilityEndsOn",
        label: "DEA telemedicine flexibilities in force through",
        hint: "Default 2026-12-31 (the current temporary extension). Change it when the DEA extends them again.",
        kind: "date",
      },
    ],
  },
];

export function CareProgramSettingsForm({
  action,
  initial,
}: {
  action: (p: FormState, fd: FormData) => Promise<FormState>;
  initial: CareProgramSettings;
}) {
  const [state, formAction] = useActionState(action, idleForm);
  return (
    <form action={formAction} noValidate className="flex max-w-3xl flex-col gap-5" aria-describedby="form-status">
      <FormStatus state={state} />
      {settingsGroups.map((g) => (
        <fieldset key={g.legend} className="grid gap-4 rounded-lg border border-slate-200 bg-white p-4 sm:grid-cols-2">
          <legend className="px-1 text-lg font-semibold">{g.legend}</legend>
          {g.fields.map((f) => (
            <TextField
              key={f.key}
              name={f.key}
              label={f.label}
              required
              type={f.kind === "date" ? "date" : "text"}
              inputMode={f.kind === "number" ? "numeric" : undefined}
              defaultValue={state.values?.[f.key] ?? String(initial[f.key])}
              errors={state.errors?.[f.key]}
              hint={f.hint}
            />
          ))}
        </fieldset>
      ))}
      <div>
        <SubmitButton>Save settings</SubmitButton>
      </div>
    </form>
  );
}
