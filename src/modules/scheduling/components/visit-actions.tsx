"use client";

import { useActionState } from "react";
import { FormStatus } from "@/components/ui/form-status";
import { Icon } from "@/components/ui/icon";
import { warningIcon } from "@/components/ui/icons";
import { TextAreaField, TextField } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";
import type { VisitFormState } from "../form-state";

type Action = (prev: VisitFormState, fd: FormData) => Promise<VisitFormState>;
const idle: VisitFormState = { status: "idle" };

/** One lifecycle step (check in, start, complete, no-show) as its own small form. */
export function TransitionForm({
  action,
  transition,
  label,
  id,
  children,
}: {
  action: Action;
  transition: string;
  label: string;
  id: string;
  /** Fields asked with the step (the patient's state at check-in). */ children?: React.ReactNode;
}) {
  const [state, formAction] = useActionState(action, idle);
  return (
    <form action={formAction} className="flex flex-col gap-2">
      <FormStatus state={state} id={`${id}-status`} />
      <input type="hidden" name="transition" value={transition} />
      {children}
      <div>
        <SubmitButton variant="secondary" pendingText="Saving…">
          {label}
        </SubmitButton>
      </div>
    </form>
  );
}

export function CancelForm({ action }: { action: Action }) {
  const [state, formAction] = useActionState(action, idle);
  return (
    <form action={formAction} className="flex flex-col gap-3" noValidate>
      <FormStatus state={state} id="cancel-status" />
      <TextAreaField
        name="reason"
        id="cancel-reason"
        label="Reason for cancelling"
        required
        defaultValue={state.values?.reason}
        errors={state.errors?.reason}
        maxLength={500}
        rows={2}
      />
      <div>
        <SubmitButton variant="danger" pendingText="Cancelling…">
          Cancel visit
        </SubmitButton>
      </div>
    </form>
  );
}

export function RescheduleForm({
  action,
  sequence,
  options,
}: {
  action: Action;
  sequence: number;
  options: { value: string; label: string }[];
}) {
  const [state, formAction] = useActionState(action, idle);
  const next = state.nextSlots?.map((s) => ({ value: `${s.clinicianId}|${s.startsAt}`, label: s.label })) ?? [];
  const all = [...next, ...options.filter((o) => !next.some((n) => n.value === o.value))];
  return (
    <form action={formAction} className="flex flex-col gap-3" noValidate>
      <FormStatus state={state} id="reschedule-status" />
      <input type="hidden" name="expectedSequence" value={sequence} />
      <fieldset>
        <legend className="mb-1 font-medium">New time (same clinician and length)</legend>
        {state.errors?.startsAt ? (
          <p className="mb-1 text-sm font-medium text-red-700">
            <Icon icon={warningIcon} className="mr-1" />
            {state.errors.startsAt.join(" ")}
          </p>
        ) : null}
        {all.length === 0 ? <p className="text-slate-700">No open times in the next two weeks.</p> : null}
        <ul className="relative flex max-h-64 flex-wrap gap-2 overflow-y-auto" tabIndex={0} aria-label="Open times">
          {all.map((o) => (
            <li key={o.value}>
              <label className="flex min-h-11 cursor-pointer items-center gap-2 rounded-md border border-slate-400 bg-white px-3 has-[:checked]:border-teal-800 has-[:checked]:bg-teal-50">
                <input type="radio" name="slot" value={o.value} className="h-5 w-5 accent-teal-700" />
                {o.label}
              </label>
            </li>
          ))}
        </ul>
      </fieldset>
      <TextField
        name="reason"
        id="reschedule-reason"
        label="Reason for the change"
        defaultValue={state.values?.reason}
        errors={state.errors?.reason}
        maxLength={500}
      />
      <div>
        <SubmitButton pendingText="Moving…">Reschedule</SubmitButton>
      </div>
    </form>
  );
}

export function SwitchModalityForm({
  action,
  to,
  phoneHint,
}: {
  action: Action;
  to: "VIDEO" | "PHONE";
  phoneHint: string;
}) {
  const [state, formAction] = useActionState(action, idle);
  return (
    <form action={formAction} className="flex flex-col gap-3" noValidate>
      <FormStatus state={state} id="switch-status" />
      <input type="hidden" name="modality" value={to} />
      {to === "PHONE" ? (
        <TextField
          name="phoneNumber"
          id="switch-phone"
          label="Number to call"
          type="tel"
          inputMode="tel"
          defaultValue={state.values?.phoneNumber}
          errors={state.errors?.phoneNumber}
          hint={phoneHint}
        />
      ) : null}
      <TextField
        name="reason"
        id="switch-reason"
        label="Reason for the switch"
        required
        defaultValue={state.values?.reason}
        errors={state.errors?.reason}
        maxLength={500}
      />
      <div>
        <SubmitButton variant="secondary" pendingText="Switching…">
          {to === "PHONE" ? "Switch to phone" : "Switch to video"}
        </SubmitButton>
      </div>
    </form>
  );
}

export function JoinLinkForm({ action }: { action: Action }) {
  const [state, formAction] = useActionState(action, idle);
  return (
    <form action={formAction} className="flex flex-col gap-3">
      <FormStatus state={state} id="join-status" />
      {state.joinUrl ? (
        <div className="flex flex-col gap-1">
          <label htmlFor="join-url" className="font-medium">
            Patient join link (for this patient and visit only; asks for their date of birth)
          </label>
          <input
            id="join-url"
            readOnly
            value={state.joinUrl}
            className="block w-full rounded-md border border-slate-400 bg-slate-50 px-3 py-2 font-mono text-sm"
          />
        </div>
      ) : null}
      <div>
        <SubmitButton variant="secondary" pendingText="Making link…">
          Make a new join link
        </SubmitButton>
      </div>
    </form>
  );
}
