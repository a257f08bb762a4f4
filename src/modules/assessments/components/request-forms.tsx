"use client";

import { useActionState } from "react";
import { SelectField, TextField } from "@/components/ui/field";
import { FormStatus } from "@/components/ui/form-status";
import { SubmitButton } from "@/components/ui/submit-button";
import { idleForm, type FormState } from "@/lib/forms";

type Action<S = FormState> = (prev: S, fd: FormData) => Promise<S>;

export function AddRequestForm({ action, visits }: { action: Action; visits: { id: string; label: string }[] }) {
  const [state, formAction] = useActionState(action, idleForm);
  return (
    <form action={formAction} className="flex flex-col gap-3" noValidate>
      <FormStatus state={state} id="add-status" />
      <SelectField
        name="instrument"
        label="Form"
        required
        options={[
          { value: "PEG", label: "PEG (pain)" },
          { value: "PHQ9", label: "PHQ-9 (depression)" },
        ]}
        defaultValue={state.values?.instrument ?? "PEG"}
        errors={state.errors?.instrument}
      />
      <SelectField
        name="visitId"
        label="For visit"
        options={visits.map((v) => ({ value: v.id, label: v.label }))}
        placeholder="No visit (on its own)"
        defaultValue={state.values?.visitId ?? ""}
        errors={state.errors?.visitId}
        hint="With a visit, it is due with that visit's other forms."
      />
      <SelectField
        name="dueInDays"
        label="Due (when not for a visit)"
        options={[0, 1, 2, 3, 7].map((d) => ({
          value: String(d),
          label: d === 0 ? "Today" : d === 1 ? "Tomorrow" : `In ${d} days`,
        }))}
        hint="By the end of that day, clinic time."
        defaultValue={state.values?.dueInDays ?? "2"}
        errors={state.errors?.dueInDays}
      />
      <div>
        <SubmitButton>Add form</SubmitButton>
      </div>
    </form>
  );
}

export function CancelRequestForm({ action, requestId, label }: { action: Action; requestId: string; label: string }) {
  const [state, formAction] = useActionState(action, idleForm);
  return (
    <form action={formAction} className="flex flex-wrap items-end gap-2" noValidate>
      <input type="hidden" name="requestId" value={requestId} />
      <TextField
        name="reason"
        label={`Why remove ${label}?`}
        maxLength={300}
        errors={state.errors?.reason}
        defaultValue={state.values?.reason}
      />
      <SubmitButton variant="secondary" pendingText="Removing…">
        Remove
      </SubmitButton>
      <FormStatus state={state} id={`cancel-${requestId}`} />
    </form>
  );
}

export type ReminderState = FormState & { link?: string; expiresAt?: string };

export function ReminderForm({ action, origin }: { action: Action<ReminderState>; origin: string }) {
  const [state, formAction] = useActionState(action, idleForm as ReminderState);
  return (
    <form action={formAction} className="flex flex-col gap-3">
      <FormStatus state={state} id="reminder-status" />
      {state.link ? (
        <div className="flex flex-col gap-1">
          <label htmlFor="reminder-link" className="font-semibold">
            Secure link (shown only now)
          </label>
          <input
            id="reminder-link"
            readOnly
            value={`${origin}${state.link}`}
            className="w-full rounded-md border border-slate-400 bg-slate-50 px-3 py-2 font-mono text-sm"
          />
          <p className="text-sm text-slate-700">
            Expires{" "}
            {state.expiresAt ? new Date(state.expiresAt).toLocaleString("en-US", { timeZoneName: "short" }) : ""}. Works
            until the forms are sent.
          </p>
        </div>
      ) : null}
      <div>
        <SubmitButton variant="secondary" pendingText="Creating…">
          Send reminder with a new link
        </SubmitButton>
      </div>
    </form>
  );
}
