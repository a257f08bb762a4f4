"use client";

import { useActionState } from "react";
import { SelectField, TextAreaField, TextField } from "@/components/ui/field";
import { FormStatus } from "@/components/ui/form-status";
import { SubmitButton } from "@/components/ui/submit-button";
import { idleForm, type FormState } from "@/lib/forms";

export function InPersonEvaluationForm({
  action,
  clinicians,
  today,
  defaultClinicianId,
}: {
  action: (p: FormState, fd: FormData) => Promise<FormState>;
  clinicians: { id: string; name: string }[];
  today: string;
  defaultClinicianId: string | null;
}) {
  const [state, formAction] = useActionState(action, idleForm);
  const v = (k: string, d = "") => (state.status === "error" ? (state.values?.[k] ?? d) : d);
  return (
    <form action={formAction} noValidate className="flex flex-col gap-3" aria-describedby="inperson-status">
      <FormStatus state={state} id="inperson-status" />
      <div className="grid gap-3 sm:grid-cols-2">
        <TextField
          name="seenOn"
          id="inperson-seenOn"
          label="Date seen in person"
          type="date"
          required
          defaultValue={v("seenOn", today)}
          errors={state.errors?.seenOn}
        />
        <SelectField
          name="clinicianId"
          id="inperson-clinicianId"
          label="Clinician who saw the patient"
          required
          placeholder="Choose"
          defaultValue={v("clinicianId", defaultClinicianId ?? "")}
          errors={state.errors?.clinicianId}
          options={clinicians.map((c) => ({ value: c.id, label: c.name }))}
        />
      </div>
      <TextAreaField
        name="note"
        id="inperson-note"
        label="Note (optional)"
        hint="Where, and what the evaluation covered. At most 500 characters."
        defaultValue={v("note")}
        errors={state.errors?.note}
        maxLength={500}
        rows={2}
      />
      <div>
        <SubmitButton variant="secondary">Record in-person evaluation</SubmitButton>
      </div>
    </form>
  );
}

/** Withdraws one evaluation entered in error; the reason is required and kept on the record. */
export function WithdrawInPersonForm({
  action,
  evaluationId,
  seenOnLabel,
}: {
  action: (p: FormState, fd: FormData) => Promise<FormState>;
  evaluationId: string;
  seenOnLabel: string;
}) {
  const [state, formAction] = useActionState(action, idleForm);
  const statusId = `withdraw-status-${evaluationId}`;
  return (
    <form action={formAction} noValidate className="mt-2 flex flex-col gap-2" aria-describedby={statusId}>
      <FormStatus state={state} id={statusId} />
      <input type="hidden" name="evaluationId" value={evaluationId} />
      <TextField
        name="reason"
        id={`withdraw-reason-${evaluationId}`}
        label={`Why is the record of ${seenOnLabel} wrong?`}
        hint="For example: wrong patient, wrong date, the visit did not happen. Kept on the record."
        required
        maxLength={300}
        defaultValue={state.status === "error" ? (state.values?.reason ?? "") : ""}
        errors={state.errors?.reason}
      />
      <div>
        <SubmitButton variant="secondary">Withdraw this evaluation</SubmitButton>
      </div>
    </form>
  );
}
