"use client";

import { useActionState } from "react";
import { CheckboxField, SelectField, TextAreaField, TextField } from "@/components/ui/field";
import { FormStatus } from "@/components/ui/form-status";
import { SubmitButton } from "@/components/ui/submit-button";
import { idleForm, type FormState } from "@/lib/forms";
import { commonTimeZones, languages, usStates } from "../core/reference";

export type PatientFormValues = Partial<Record<string, string>> & { canDoVideo?: string };

/** Add / edit a patient. Works without JavaScript (plain POST to the server action). */
export function PatientForm({
  action,
  initial,
  clinicians,
  submitLabel,
}: {
  action: (prev: FormState, fd: FormData) => Promise<FormState>;
  initial: PatientFormValues;
  clinicians: { id: string; name: string }[];
  submitLabel: string;
}) {
  const [state, formAction] = useActionState(action, idleForm);
  const v = (k: string) => state.values?.[k] ?? initial[k] ?? "";
  const e = (k: string) => state.errors?.[k];
  return (
    <form action={formAction} className="flex max-w-3xl flex-col gap-5" noValidate aria-describedby="form-status">
      <FormStatus state={state} />
      <fieldset className="grid gap-4 sm:grid-cols-2">
        <legend className="mb-2 text-lg font-semibold">Identity</legend>
        <TextField
          name="givenName"
          label="First name"
          required
          defaultValue={v("givenName")}
          errors={e("givenName")}
          autoComplete="off"
          maxLength={100}
        />
        <TextField
          name="familyName"
          label="Last name"
          required
          defaultValue={v("familyName")}
          errors={e("familyName")}
          autoComplete="off"
          maxLength={100}
        />
        <TextField
          name="birthDate"
          label="Date of birth"
          type="date"
          required
          defaultValue={v("birthDate")}
          errors={e("birthDate")}
          hint="YYYY-MM-DD"
        />
        <TextField
          name="mrn"
          label="Medical record number (MRN)"
          required
          defaultValue={v("mrn")}
          errors={e("mrn")}
          maxLength={20}
        />
      </fieldset>
      <fieldset className="grid gap-4 sm:grid-cols-2">
        <legend className="mb-2 text-lg font-semibold">Contact and preferences</legend>
        <TextField
          name="phone"
          label="Phone"
          type="tel"
          inputMode="tel"
          defaultValue={v("phone")}
          errors={e("phone")}
          hint="10-digit US number; used for phone visits"
        />
        <TextField name="email" label="Email" type="email" defaultValue={v("email")} errors={e("email")} />
        <SelectField
          name="timeZone"
          label="Time zone"
          required
          defaultValue={v("timeZone") || "America/Los_Angeles"}
          errors={e("timeZone")}
          options={commonTimeZones.map((z) => ({ value: z, label: z.replace("_", " ") }))}
          hint="Visit times are shown to the patient in this zone"
        />
        <SelectField
          name="stateOfResidence"
          label="State where the patient lives"
          required
          defaultValue={v("stateOfResidence")}
          errors={e("stateOfResidence")}
          placeholder="Choose a state"
          options={Object.entries(usStates).map(([code, name]) => ({ value: code, label: `${name} (${code})` }))}
        />
        <SelectField
          name="preferredLanguage"
          label="Preferred language"
          required
          defaultValue={v("preferredLanguage") || "en"}
          errors={e("preferredLanguage")}
          options={Object.entries(languages).map(([code, name]) => ({ value: code, label: name }))}
        />
        <SelectField
          name="primaryClinicianId"
          label="Primary clinician"
          defaultValue={v("primaryClinicianId")}
          errors={e("primaryClinicianId")}
          placeholder="Not assigned"
          options={clinicians.map((c) => ({ value: c.id, label: c.name }))}
        />
        <CheckboxField
          name="canDoVideo"
          label="Can do video visits (has a camera device and connection)"
          defaultChecked={(state.values ? state.values.canDoVideo : initial.canDoVideo) === "on"}
          errors={e("canDoVideo")}
          className="sm:col-span-2"
        />
        <TextAreaField
          name="allergies"
          label="Allergies"
          defaultValue={v("allergies")}
          errors={e("allergies")}
          maxLength={500}
          className="sm:col-span-2"
        />
      </fieldset>
      <div>
        <SubmitButton>{submitLabel}</SubmitButton>
      </div>
    </form>
  );
}
