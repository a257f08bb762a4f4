"use client";

import { useActionState } from "react";
import { SelectField, TextField } from "@/components/ui/field";
import { FormStatus } from "@/components/ui/form-status";
import { SubmitButton } from "@/components/ui/submit-button";
import { idleForm, type FormState } from "@/lib/forms";

type Action = (p: FormState, fd: FormData) => Promise<FormState>;

export function AddLicenseForm({ action, states }: { action: Action; states: { value: string; label: string }[] }) {
  const [state, formAction] = useActionState(action, idleForm);
  const v = (k: string) => (state.status === "error" ? state.values?.[k] : undefined);
  return (
    <form action={formAction} noValidate className="flex flex-col gap-3">
      <FormStatus state={state} id="license-status" />
      <div className="grid gap-3 sm:grid-cols-3">
        <SelectField
          name="state"
          id="license-state"
          label="State"
          required
          placeholder="Choose"
          defaultValue={v("state") ?? ""}
          errors={state.errors?.state}
          options={states}
        />
        <TextField
          name="licenseNumber"
          id="license-number"
          label="License number (optional)"
          defaultValue={v("licenseNumber")}
          errors={state.errors?.licenseNumber}
          maxLength={40}
        />
        <TextField
          name="expiresOn"
          id="license-expires"
          label="Expires on (optional)"
          type="date"
          defaultValue={v("expiresOn")}
          errors={state.errors?.expiresOn}
          hint="The last day it is valid."
        />
      </div>
      <div>
        <SubmitButton variant="secondary">Add license</SubmitButton>
      </div>
    </form>
  );
}

export function RemoveLicenseForm({
  action,
  licenseId,
  state: code,
}: {
  action: Action;
  licenseId: string;
  state: string;
}) {
  const [state, formAction] = useActionState(action, idleForm);
  return (
    <form action={formAction} className="flex flex-col gap-1">
      <input type="hidden" name="licenseId" value={licenseId} />
      <SubmitButton variant="secondary" pendingText="Removing…">
        Remove<span className="sr-only"> the {code} license</span>
      </SubmitButton>
      <FormStatus state={state} id={`remove-${licenseId}-status`} />
    </form>
  );
}
