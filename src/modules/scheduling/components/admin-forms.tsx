"use client";

import { useActionState } from "react";
import { CheckboxField, SelectField, TextField } from "@/components/ui/field";
import { FormStatus } from "@/components/ui/form-status";
import { SubmitButton } from "@/components/ui/submit-button";
import { idleForm, type FormState } from "@/lib/forms";

type Action = (prev: FormState, fd: FormData) => Promise<FormState>;

export function VisitTypeForm({
  action,
  initial,
  submitLabel,
  idPrefix,
}: {
  action: Action;
  initial: { name: string; durationMinutes: string; active: boolean };
  submitLabel: string;
  idPrefix: string;
}) {
  const [state, formAction] = useActionState(action, idleForm);
  const v = (k: string, d: string) => state.values?.[k] ?? d;
  return (
    <form action={formAction} className="flex flex-col gap-3" noValidate>
      <FormStatus state={state} id={`${idPrefix}-status`} />
      <div className="grid gap-3 sm:grid-cols-3 sm:items-end">
        <TextField
          name="name"
          id={`${idPrefix}-name`}
          label="Name"
          required
          defaultValue={v("name", initial.name)}
          errors={state.errors?.name}
          maxLength={80}
        />
        <TextField
          name="durationMinutes"
          id={`${idPrefix}-duration`}
          label="Length (minutes)"
          type="number"
          inputMode="numeric"
          required
          defaultValue={v("durationMinutes", initial.durationMinutes)}
          errors={state.errors?.durationMinutes}
        />
        <CheckboxField
          name="active"
          id={`${idPrefix}-active`}
          label="Can be booked"
          defaultChecked={state.values ? state.values.active === "on" : initial.active}
        />
      </div>
      <div>
        <SubmitButton>{submitLabel}</SubmitButton>
      </div>
    </form>
  );
}

const weekdayNames = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];

export function WeeklyHoursForm({
  action,
  initial,
  zone,
}: {
  action: Action;
  initial: Record<string, string>;
  zone: string;
}) {
  const [state, formAction] = useActionState(action, idleForm);
  const v = (k: string) => state.values?.[k] ?? initial[k] ?? "";
  return (
    <form action={formAction} className="flex flex-col gap-3" noValidate>
      <FormStatus state={state} id="hours-status" />
      <p className="text-sm text-slate-700">
        One working window per day, in clinic time ({zone}). Leave both empty for a day off. Use 24-hour times like
        09:00 and 17:00.
      </p>
      <div className="grid gap-2">
        {weekdayNames.map((name, i) => (
          <fieldset
            key={name}
            className="grid min-w-0 grid-cols-[5.5rem_minmax(0,1fr)_minmax(0,1fr)] items-end gap-2 sm:grid-cols-[7rem_1fr_1fr]"
          >
            <legend className="sr-only">{name}</legend>
            <span className="pb-2 font-medium" aria-hidden="true">
              {name}
            </span>
            <TextField
              name={`start_${i + 1}`}
              label={`${name} start`}
              defaultValue={v(`start_${i + 1}`)}
              errors={state.errors?.[`start_${i + 1}`]}
              placeholder="09:00"
              maxLength={5}
            />
            <TextField
              name={`end_${i + 1}`}
              label={`${name} end`}
              defaultValue={v(`end_${i + 1}`)}
              errors={state.errors?.[`end_${i + 1}`]}
              placeholder="17:00"
              maxLength={5}
            />
          </fieldset>
        ))}
      </div>
      <div>
        <SubmitButton>Save working hours</SubmitButton>
      </div>
    </form>
  );
}

export function ExceptionForm({ action }: { action: Action }) {
  const [state, formAction] = useActionState(action, idleForm);
  const v = (k: string) => state.values?.[k];
  return (
    <form action={formAction} className="flex flex-col gap-3" noValidate>
      <FormStatus state={state} id="exception-status" />
      <div className="grid gap-3 sm:grid-cols-4 sm:items-end">
        <SelectField
          name="kind"
          label="Kind"
          defaultValue={v("kind") ?? "TIME_OFF"}
          errors={state.errors?.kind}
          options={[
            { value: "TIME_OFF", label: "Time off" },
            { value: "EXTRA_HOURS", label: "Extra hours" },
          ]}
        />
        <TextField name="date" label="Date" type="date" required defaultValue={v("date")} errors={state.errors?.date} />
        <TextField
          name="startTime"
          label="From"
          required
          defaultValue={v("startTime") ?? "09:00"}
          errors={state.errors?.startTime}
          maxLength={5}
        />
        <TextField
          name="endTime"
          label="To"
          required
          defaultValue={v("endTime") ?? "17:00"}
          errors={state.errors?.endTime}
          maxLength={5}
        />
      </div>
      <TextField
        name="note"
        label="Note (optional, not shown to patients)"
        defaultValue={v("note")}
        errors={state.errors?.note}
        maxLength={200}
      />
      <div>
        <SubmitButton variant="secondary">Add</SubmitButton>
      </div>
    </form>
  );
}
