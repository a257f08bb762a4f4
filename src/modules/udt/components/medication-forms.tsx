"use client";

import { useActionState } from "react";
import { inputClass, SelectField, TextField } from "@/components/ui/field";
import { Icon } from "@/components/ui/icon";
import { warningIcon } from "@/components/ui/icons";
import { FormStatus } from "@/components/ui/form-status";
import { SubmitButton } from "@/components/ui/submit-button";
import { idleForm, type FormState } from "@/lib/forms";

type Action = (prev: FormState, fd: FormData) => Promise<FormState>;

export function AddMedicationForm({
  action,
  drugs,
  routes,
  today,
}: {
  action: Action;
  drugs: { value: string; label: string }[];
  routes: { value: string; label: string }[];
  today: string;
}) {
  const [state, formAction] = useActionState(action, idleForm);
  const v = (k: string, d = "") => state.values?.[k] ?? d;
  const e = (k: string) => state.errors?.[k];
  return (
    <form action={formAction} noValidate className="flex flex-col gap-3" aria-describedby="add-med-status">
      <FormStatus state={state} id="add-med-status" />
      <div className="grid gap-3 sm:grid-cols-2">
        <SelectField
          name="drugKey"
          label="Medication"
          required
          options={drugs}
          placeholder="Choose a medication"
          defaultValue={v("drugKey")}
          errors={e("drugKey")}
          hint="Opioid status and MME factor come from this choice"
        />
        <TextField
          name="name"
          label="Name as prescribed"
          required
          defaultValue={v("name")}
          errors={e("name")}
          maxLength={200}
          placeholder="e.g. Oxycodone 10 mg tablet"
        />
        <TextField
          name="doseAmount"
          label="Dose (mg; fentanyl patch: mcg/h)"
          required
          inputMode="numeric"
          defaultValue={v("doseAmount")}
          errors={e("doseAmount")}
        />
        <TextField
          name="timesPerDay"
          label="Doses per day"
          required
          inputMode="numeric"
          defaultValue={v("timesPerDay")}
          errors={e("timesPerDay")}
          hint="e.g. 3 for three times a day; 0.333 for a patch changed every 72 h"
        />
        <SelectField
          name="route"
          label="Route"
          required
          options={routes}
          defaultValue={v("route", "ORAL")}
          errors={e("route")}
        />
        <TextField
          name="startedOn"
          label="Start date"
          type="date"
          required
          defaultValue={v("startedOn", today)}
          errors={e("startedOn")}
        />
        <TextField
          name="prescriber"
          label="Prescriber"
          required
          defaultValue={v("prescriber")}
          errors={e("prescriber")}
          maxLength={120}
        />
      </div>
      <div>
        <SubmitButton>Add medication</SubmitButton>
      </div>
    </form>
  );
}

export function StopMedicationForm({
  action,
  medicationId,
  name,
  today,
}: {
  action: Action;
  medicationId: string;
  name: string;
  today: string;
}) {
  const [state, formAction] = useActionState(action, idleForm);
  const id = `stop-${medicationId}`;
  return (
    <details className="mt-1">
      <summary className="cursor-pointer text-sm font-medium text-teal-900 underline underline-offset-2">
        Stop {name}
      </summary>
      <form action={formAction} noValidate className="mt-2 flex flex-col gap-2" aria-describedby={`${id}-status`}>
        <FormStatus state={state} id={`${id}-status`} />
        <input type="hidden" name="medicationId" value={medicationId} />
        {/* Several stop forms share the page: ids are made unique per medication. */}
        <label htmlFor={`${id}-date`} className="font-medium">
          Stop date (required)
        </label>
        <input
          id={`${id}-date`}
          name="stoppedOn"
          type="date"
          required
          defaultValue={state.values?.stoppedOn ?? today}
          aria-invalid={state.errors?.stoppedOn ? true : undefined}
          aria-describedby={state.errors?.stoppedOn ? `${id}-date-error` : undefined}
          className={inputClass}
        />
        {state.errors?.stoppedOn ? (
          <p id={`${id}-date-error`} className="text-sm font-medium text-red-700">
            <Icon icon={warningIcon} className="mr-1" />
            {state.errors.stoppedOn.join(" ")}
          </p>
        ) : null}
        <label htmlFor={`${id}-reason`} className="font-medium">
          Why it was stopped (required)
        </label>
        <input
          id={`${id}-reason`}
          name="stopReason"
          type="text"
          required
          maxLength={300}
          defaultValue={state.values?.stopReason}
          aria-invalid={state.errors?.stopReason ? true : undefined}
          aria-describedby={state.errors?.stopReason ? `${id}-reason-error` : undefined}
          className={inputClass}
        />
        {state.errors?.stopReason ? (
          <p id={`${id}-reason-error`} className="text-sm font-medium text-red-700">
            <Icon icon={warningIcon} className="mr-1" />
            {state.errors.stopReason.join(" ")}
          </p>
        ) : null}
        <div>
          <SubmitButton variant="secondary">Stop medication</SubmitButton>
        </div>
      </form>
    </details>
  );
}
