"use client";

import { useActionState } from "react";
import { SelectField, TextAreaField, TextField } from "@/components/ui/field";
import { Icon } from "@/components/ui/icon";
import { warningIcon } from "@/components/ui/icons";
import { FormStatus } from "@/components/ui/form-status";
import { SubmitButton } from "@/components/ui/submit-button";
import { idleForm, type FormState } from "@/lib/forms";

export function UdtOrderForm({
  action,
  panels,
  defaultWindowHours,
  suggestedReason,
}: {
  action: (p: FormState, fd: FormData) => Promise<FormState>;
  panels: { value: string; label: string }[];
  defaultWindowHours: number;
  suggestedReason: string;
}) {
  const [state, formAction] = useActionState(action, idleForm);
  const v = (k: string, d = "") => state.values?.[k] ?? d;
  const e = (k: string) => state.errors?.[k];
  return (
    <form action={formAction} noValidate className="flex max-w-2xl flex-col gap-4" aria-describedby="form-status">
      <FormStatus state={state} />
      <fieldset className="flex flex-col gap-2">
        <legend className="mb-1 font-semibold">Why a test is needed now (required)</legend>
        {[
          { value: "SAFETY_CONCERN", label: "Patient-safety concern" },
          { value: "NONE_IN_PAST_12_MONTHS", label: "No test in the past 12 months (CDC 2022 monitoring default)" },
        ].map((o) => (
          <label key={o.value} className="flex min-h-11 items-center gap-3">
            <input
              type="radio"
              name="reasonCode"
              value={o.value}
              defaultChecked={v("reasonCode", suggestedReason) === o.value}
              className="h-5 w-5 accent-teal-700"
              aria-describedby={e("reasonCode") ? "reasonCode-error" : undefined}
            />
            {o.label}
          </label>
        ))}
        {e("reasonCode") ? (
          <p id="reasonCode-error" className="text-sm font-medium text-red-700">
            <Icon icon={warningIcon} className="mr-1" />
            {e("reasonCode")!.join(" ")}
          </p>
        ) : null}
      </fieldset>
      <TextAreaField
        name="reasonNote"
        label="Reason details"
        hint="Required for a safety concern: what happened"
        defaultValue={v("reasonNote")}
        errors={e("reasonNote")}
        maxLength={1000}
      />
      <SelectField
        name="panelCode"
        label="Panel"
        required
        options={panels}
        defaultValue={v("panelCode", "CHRONIC_PAIN_STANDARD")}
        errors={e("panelCode")}
      />
      <SelectField
        name="collectionMethod"
        label="Collection method"
        required
        options={[
          { value: "LAB_PSC", label: "Lab / patient service center near the patient" },
          { value: "HOME_KIT_VIDEO_OBSERVED", label: "Home kit collected under video observation" },
        ]}
        defaultValue={v("collectionMethod", "LAB_PSC")}
        errors={e("collectionMethod")}
      />
      <TextField
        name="windowHours"
        label="Collection window (hours)"
        inputMode="numeric"
        defaultValue={v("windowHours", String(defaultWindowHours))}
        errors={e("windowHours")}
        hint={`Clinic default: ${defaultWindowHours} h. The window starts now.`}
      />
      <div>
        <SubmitButton>Order test</SubmitButton>
      </div>
    </form>
  );
}
