"use client";

import { useActionState } from "react";
import { CheckboxField, TextField } from "@/components/ui/field";
import { FormStatus } from "@/components/ui/form-status";
import { SubmitButton } from "@/components/ui/submit-button";
import { idleForm, type FormState } from "@/lib/forms";

export function FormSettingsForm({
  action,
  initial,
}: {
  action: (p: FormState, fd: FormData) => Promise<FormState>;
  initial: { PEG: boolean; PHQ9: boolean; dueMinutesBefore: number; linkTtlHours: number };
}) {
  const [state, formAction] = useActionState(action, idleForm);
  const v = state.values;
  return (
    <form action={formAction} className="flex max-w-xl flex-col gap-4" noValidate>
      <FormStatus state={state} />
      <fieldset className="flex flex-col gap-1">
        <legend className="font-semibold">Forms requested for every booked visit</legend>
        <CheckboxField
          name="instrument_PEG"
          label="PEG (pain, enjoyment, general activity)"
          defaultChecked={v ? v.instrument_PEG === "on" : initial.PEG}
        />
        <CheckboxField
          name="instrument_PHQ9"
          label="PHQ-9 (depression)"
          defaultChecked={v ? v.instrument_PHQ9 === "on" : initial.PHQ9}
        />
      </fieldset>
      <TextField
        name="dueMinutesBefore"
        label="Due how many minutes before the visit"
        type="number"
        inputMode="numeric"
        defaultValue={v?.dueMinutesBefore ?? String(initial.dueMinutesBefore)}
        errors={state.errors?.dueMinutesBefore}
        hint="120 = two hours before, so the clinician can read them first."
      />
      <TextField
        name="linkTtlHours"
        label="Secure links expire after (hours)"
        type="number"
        inputMode="numeric"
        defaultValue={v?.linkTtlHours ?? String(initial.linkTtlHours)}
        errors={state.errors?.linkTtlHours}
      />
      <div>
        <SubmitButton>Save settings</SubmitButton>
      </div>
    </form>
  );
}
