"use client";

import { useActionState } from "react";
import { TextField } from "@/components/ui/field";
import { FormStatus } from "@/components/ui/form-status";
import { SubmitButton } from "@/components/ui/submit-button";
import { idleForm, type FormState } from "@/lib/forms";

export function UdtSettingsForm({
  action,
  initial,
}: {
  action: (p: FormState, fd: FormData) => Promise<FormState>;
  initial: { collectionWindowHours: number; monitoringIntervalDays: number };
}) {
  const [state, formAction] = useActionState(action, idleForm);
  return (
    <form action={formAction} noValidate className="flex max-w-md flex-col gap-4" aria-describedby="form-status">
      <FormStatus state={state} />
      <TextField
        name="collectionWindowHours"
        label="Collection window for new orders (hours)"
        required
        inputMode="numeric"
        defaultValue={state.values?.collectionWindowHours ?? String(initial.collectionWindowHours)}
        errors={state.errors?.collectionWindowHours}
        hint="Default 24 h. 1 to 168."
      />
      <TextField
        name="monitoringIntervalDays"
        label="Flag charts when the last test is older than (days)"
        required
        inputMode="numeric"
        defaultValue={state.values?.monitoringIntervalDays ?? String(initial.monitoringIntervalDays)}
        errors={state.errors?.monitoringIntervalDays}
        hint="Default 365 (CDC 2022: at least yearly during long-term opioid therapy). 30 to 730."
      />
      <div>
        <SubmitButton>Save settings</SubmitButton>
      </div>
    </form>
  );
}
