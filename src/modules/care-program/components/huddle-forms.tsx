"use client";

// Longer than 300 lines on purpose: the huddle's six small documenting forms share their id
// scheme and field helpers; each is a few dozen lines of markup.

import { useActionState } from "react";
import { SelectField, TextAreaField, TextField } from "@/components/ui/field";
import { FormStatus } from "@/components/ui/form-status";
import { SubmitButton } from "@/components/ui/submit-button";
import { idleForm, type FormState } from "@/lib/forms";

/**
 * The huddle's forms. Each is a plain form posting to its server action (works without
 * JavaScript); ids are prefixed with the visit so several visits' panels share one page (Today).
 * The server checks everything again (dates against the clinic's today, the role, the visit).
 */
type Action<S = FormState> = (prev: S, fd: FormData) => Promise<S>;

/** A required choice among a few radio buttons, its error linked to each button. */
function RadioChoice({
  name,
  legend,
  errorId,
  options,
  checked,
  errors,
}: {
  name: string;
  legend: string;
  errorId: string;
  options: { value: string; label: string }[];
  checked: string;
  errors?: string[];
}) {
  return (
    <fieldset className="flex flex-col gap-1">
      <legend className="font-medium">{`${legend} (required)`}</legend>
      {options.map((o) => (
        <label key={o.value} className="flex min-h-11 items-center gap-3">
          <input
            type="radio"
            name={name}
            value={o.value}
            defaultChecked={checked === o.value}
            className="h-5 w-5 accent-teal-700"
            aria-describedby={errors ? errorId : undefined}
          />
          {o.label}
        </label>
      ))}
      {errors ? (
        <p id={errorId} className="text-sm font-medium text-red-700">
          {errors.join(" ")}
        </p>
      ) : null}
    </fieldset>
  );
}

/** The short note every huddle record takes. */
function NoteField({ id, label, state }: { id: string; label: string; state: FormState }) {
  return (
    <TextAreaField
      id={id}
      name="note"
      label={label}
      rows={2}
      maxLength={1000}
      defaultValue={state.values?.note}
      errors={state.errors?.note}
    />
  );
}

const stateOptions = (states: readonly string[]) => states.map((s) => ({ value: s, label: s }));

export function PdmpCheckForm({
  action,
  idPrefix,
  defaults,
  states,
}: {
  action: Action;
  idPrefix: string;
  defaults: { checkedOn: string; state: string };
  states: readonly string[];
}) {
  const [state, formAction] = useActionState(action, idleForm);
  const v = (k: string, d: string) => state.values?.[k] ?? d;
  return (
    <form action={formAction} noValidate className="mt-2 flex flex-col gap-3">
      <FormStatus state={state} id={`${idPrefix}-pdmp-status`} />
      <div className="grid gap-3 sm:grid-cols-2">
        <TextField
          id={`${idPrefix}-pdmp-date`}
          name="checkedOn"
          type="date"
          label="Date checked"
          required
          defaultValue={v("checkedOn", defaults.checkedOn)}
          errors={state.errors?.checkedOn}
        />
        <SelectField
          id={`${idPrefix}-pdmp-state`}
          name="state"
          label="State's PDMP"
          required
          options={stateOptions(states)}
          placeholder="Choose a state"
          defaultValue={v("state", defaults.state)}
          errors={state.errors?.state}
          hint="The patient's state for this visit, unless you checked another."
        />
      </div>
      <RadioChoice
        name="finding"
        legend="What it showed"
        errorId={`${idPrefix}-pdmp-finding-error`}
        options={[
          { value: "CONSISTENT", label: "Consistent with the prescribed medications" },
          { value: "CONCERNS", label: "Concerns (describe them in the note)" },
        ]}
        checked={v("finding", "")}
        errors={state.errors?.finding}
      />
      <NoteField id={`${idPrefix}-pdmp-note`} label="Note" state={state} />
      <div>
        <SubmitButton pendingText="Saving…">Save PDMP check</SubmitButton>
      </div>
    </form>
  );
}

export function NaloxoneForm({ action, idPrefix, today }: { action: Action; idPrefix: string; today: string }) {
  const [state, formAction] = useActionState(action, idleForm);
  const v = (k: string, d: string) => state.values?.[k] ?? d;
  return (
    <form action={formAction} noValidate className="mt-2 flex flex-col gap-3">
      <FormStatus state={state} id={`${idPrefix}-nalox-status`} />
      <RadioChoice
        name="outcome"
        legend="Naloxone"
        errorId={`${idPrefix}-nalox-outcome-error`}
        options={[
          { value: "OFFERED", label: "Offered" },
          { value: "PRESCRIBED", label: "Prescribed" },
          { value: "DECLINED", label: "Declined by the patient" },
        ]}
        checked={v("outcome", "")}
        errors={state.errors?.outcome}
      />
      <TextField
        id={`${idPrefix}-nalox-date`}
        name="offeredOn"
        type="date"
        label="Date"
        required
        defaultValue={v("offeredOn", today)}
        errors={state.errors?.offeredOn}
      />
      <NoteField id={`${idPrefix}-nalox-note`} label="Naloxone note" state={state} />
      <div>
        <SubmitButton pendingText="Saving…">Save naloxone</SubmitButton>
      </div>
    </form>
  );
}

export function RiskHistoryForm({ action, idPrefix, today }: { action: Action; idPrefix: string; today: string }) {
  const [state, formAction] = useActionState(action, idleForm);
  return (
    <form action={formAction} noValidate className="mt-2 flex flex-col gap-3">
      <FormStatus state={state} id={`${idPrefix}-risk-status`} />
      <SelectField
        id={`${idPrefix}-risk-kind`}
        name="kind"
        label="History of"
        required
        placeholder="Choose one"
        options={[
          { value: "OVERDOSE", label: "Overdose" },
          { value: "SUBSTANCE_USE_DISORDER", label: "Substance use disorder" },
        ]}
        defaultValue={state.values?.kind ?? ""}
        errors={state.errors?.kind}
        hint="Makes naloxone indicated at any dose."
      />
      <TextField
        id={`${idPrefix}-risk-date`}
        name="recordedOn"
        type="date"
        label="Date recorded"
        required
        defaultValue={state.values?.recordedOn ?? today}
        errors={state.errors?.recordedOn}
      />
      <NoteField id={`${idPrefix}-risk-note`} label="Risk history note" state={state} />
      <div>
        <SubmitButton pendingText="Saving…">Record risk history</SubmitButton>
      </div>
    </form>
  );
}

/** A urine drug test's details: queued by the coordinator, or ordered by the clinician. */
export function UdtHuddleForm({
  action,
  idPrefix,
  panels,
  submitLabel,
}: {
  action: Action;
  idPrefix: string;
  panels: { value: string; label: string }[];
  submitLabel: string;
}) {
  const [state, formAction] = useActionState(action, idleForm);
  const v = (k: string, d: string) => state.values?.[k] ?? d;
  return (
    <form action={formAction} noValidate className="mt-2 flex flex-col gap-3">
      <FormStatus state={state} id={`${idPrefix}-udt-status`} />
      <SelectField
        id={`${idPrefix}-udt-reason`}
        name="reasonCode"
        label="Why a test is needed now"
        required
        options={[
          { value: "NONE_IN_PAST_12_MONTHS", label: "No test in the past 12 months" },
          { value: "SAFETY_CONCERN", label: "Patient-safety concern" },
        ]}
        defaultValue={v("reasonCode", "NONE_IN_PAST_12_MONTHS")}
        errors={state.errors?.reasonCode}
      />
      <TextAreaField
        id={`${idPrefix}-udt-note`}
        name="reasonNote"
        label="Reason details"
        hint="Required for a safety concern: what happened."
        rows={2}
        maxLength={1000}
        defaultValue={state.values?.reasonNote}
        errors={state.errors?.reasonNote}
      />
      <SelectField
        id={`${idPrefix}-udt-panel`}
        name="panelCode"
        label="Panel"
        required
        options={panels}
        defaultValue={v("panelCode", "CHRONIC_PAIN_STANDARD")}
        errors={state.errors?.panelCode}
      />
      <SelectField
        id={`${idPrefix}-udt-method`}
        name="collectionMethod"
        label="Collection method"
        required
        options={[
          { value: "LAB_PSC", label: "Lab / patient service center near the patient" },
          { value: "HOME_KIT_VIDEO_OBSERVED", label: "Home kit collected under video observation" },
        ]}
        defaultValue={v("collectionMethod", "LAB_PSC")}
        errors={state.errors?.collectionMethod}
      />
      <div>
        <SubmitButton pendingText="Saving…">{submitLabel}</SubmitButton>
      </div>
    </form>
  );
}

/** The clinician orders the test a coordinator queued, with its prepared details. */
export function OrderQueuedUdtForm({
  action,
  idPrefix,
  queuedId,
  label,
}: {
  action: Action;
  idPrefix: string;
  queuedId: string;
  label: string;
}) {
  const [state, formAction] = useActionState(action, idleForm);
  return (
    <form action={formAction} className="flex flex-col gap-2">
      <FormStatus state={state} id={`${idPrefix}-order-queued-status`} />
      <input type="hidden" name="queuedId" value={queuedId} />
      <div>
        <SubmitButton pendingText="Ordering…">{label}</SubmitButton>
      </div>
    </form>
  );
}

export type SendFormsState = FormState & { link?: string; expiresAt?: string };

/** Requests the gap's form for the visit (when not requested yet) and shows a fresh link once. */
export function SendFormsForm({
  action,
  idPrefix,
  instruments,
  label,
}: {
  action: Action<SendFormsState>;
  idPrefix: string;
  instruments: string[];
  label: string;
}) {
  const [state, formAction] = useActionState(action, idleForm as SendFormsState);
  return (
    <form action={formAction} className="flex flex-col gap-2">
      <FormStatus state={state} id={`${idPrefix}-forms-status`} />
      <input type="hidden" name="instruments" value={instruments.join(",")} />
      {state.link ? (
        <div className="flex flex-col gap-1">
          <label htmlFor={`${idPrefix}-forms-link`} className="font-semibold">
            Secure link for the patient (shown only now)
          </label>
          <input
            id={`${idPrefix}-forms-link`}
            readOnly
            value={state.link}
            className="w-full rounded-md border border-slate-400 bg-slate-50 px-3 py-2 font-mono text-sm"
          />
        </div>
      ) : null}
      <div>
        <SubmitButton variant="secondary" pendingText="Sending…">
          {label}
        </SubmitButton>
      </div>
    </form>
  );
}
