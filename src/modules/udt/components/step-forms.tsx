"use client";

import { useActionState } from "react";
import { SelectField, TextAreaField, TextField } from "@/components/ui/field";
import { Icon } from "@/components/ui/icon";
import { warningIcon } from "@/components/ui/icons";
import { FormStatus, Notice } from "@/components/ui/form-status";
import { SubmitButton } from "@/components/ui/submit-button";
import { idleForm, type FormState } from "@/lib/forms";
import type { UdtEvent } from "../core/machine";
import {
  confirmationMethodLabels,
  confirmationMethods,
  instructionChannelLabels,
  instructionChannels,
} from "../schemas";

type Action = (prev: FormState, fd: FormData) => Promise<FormState>;

export type StepFormProps = {
  action: Action;
  event: UdtEvent;
  version: number;
  panelSubstances: { key: string; label: string }[];
  toConfirm: { key: string; label: string }[];
  defaultInstructions: string;
  defaultWindowHours: number;
};

const titles: Partial<Record<UdtEvent, { title: string; button: string }>> = {
  INSTRUCT: { title: "Record the patient instructions", button: "Save: patient instructed" },
  RECORD_COLLECTION: { title: "Confirm the sample was collected", button: "Sample collected" },
  REOPEN_WINDOW: { title: "Set a new collection window", button: "Set new window" },
  RECORD_RESULT: { title: "Enter the screening result", button: "Save result" },
  ORDER_CONFIRMATION: { title: "Order confirmatory testing", button: "Order confirmatory test" },
  RECORD_CONFIRMATION: { title: "Enter the confirmatory result", button: "Save confirmatory result" },
  REVIEW: { title: "Review the result", button: "Mark reviewed" },
  DISCUSS: { title: "Document the discussion with the patient", button: "Save discussion" },
  CLOSE: { title: "Close the order", button: "Close order" },
};

function FindingRadios({
  substances,
  errors,
  values,
}: {
  substances: { key: string; label: string }[];
  errors?: Record<string, string[]>;
  values?: Record<string, string>;
}) {
  return (
    <div className="grid gap-2 sm:grid-cols-2">
      {substances.map((s) => {
        const name = `finding_${s.key}`;
        const err = errors?.[name];
        return (
          <fieldset
            key={s.key}
            className="rounded-md border border-slate-300 p-2"
            aria-describedby={err ? `${name}-error` : undefined}
          >
            <legend className="px-1 font-medium">{s.label}</legend>
            <div className="flex flex-wrap gap-4">
              {(["not_detected", "detected"] as const).map((v) => (
                <label key={v} className="flex min-h-11 items-center gap-2">
                  <input
                    type="radio"
                    name={name}
                    value={v}
                    defaultChecked={values?.[name] === v}
                    className="h-5 w-5 accent-teal-700"
                  />
                  {v === "detected" ? "Detected" : "Not detected"}
                </label>
              ))}
            </div>
            {err ? (
              <p id={`${name}-error`} className="text-sm font-medium text-red-700">
                <Icon icon={warningIcon} className="mr-1" />
                {err.join(" ")}
              </p>
            ) : null}
          </fieldset>
        );
      })}
    </div>
  );
}

export function UdtStepForm(p: StepFormProps) {
  const [state, formAction] = useActionState(p.action, idleForm);
  const e = (k: string) => state.errors?.[k];
  const v = (k: string, d = "") => state.values?.[k] ?? d;
  const t = titles[p.event];
  if (!t) return null;
  return (
    <form
      action={formAction}
      noValidate
      className="flex flex-col gap-3"
      aria-labelledby="step-h"
      aria-describedby="step-status"
    >
      <h2 id="step-h" className="text-lg font-semibold">
        {t.title}
      </h2>
      <FormStatus state={state} id="step-status" />
      <input type="hidden" name="event" value={p.event} />
      <input type="hidden" name="version" value={p.version} />
      {p.event === "INSTRUCT" ? (
        <>
          <SelectField
            name="channel"
            label="How the patient was told"
            required
            options={instructionChannels.map((c) => ({ value: c, label: instructionChannelLabels[c] }))}
            defaultValue={v("channel", "PHONE")}
            errors={e("channel")}
          />
          <TextAreaField
            name="instructionText"
            label="What the patient was told"
            rows={5}
            defaultValue={v("instructionText", p.defaultInstructions)}
            errors={e("instructionText")}
            maxLength={2000}
            hint="Recorded with your name and the time"
          />
        </>
      ) : null}
      {p.event === "REOPEN_WINDOW" ? (
        <TextField
          name="windowHours"
          label="New window (hours from now)"
          inputMode="numeric"
          defaultValue={v("windowHours", String(p.defaultWindowHours))}
          errors={e("windowHours")}
        />
      ) : null}
      {p.event === "RECORD_RESULT" ? (
        <>
          <p className="text-slate-700">
            Screening immunoassay results are presumptive. Choose a finding for every substance on the panel.
          </p>
          <FindingRadios substances={p.panelSubstances} errors={state.errors} values={state.values} />
          <TextField
            name="otherSubstances"
            label="Other substances detected (as named on the lab report, comma-separated)"
            defaultValue={v("otherSubstances")}
            errors={e("substances")}
            maxLength={500}
          />
        </>
      ) : null}
      {p.event === "ORDER_CONFIRMATION" ? (
        <>
          <p>Confirm: {p.toConfirm.map((s) => s.label).join(", ") || "the unexpected findings"}.</p>
          <SelectField
            name="method"
            label="Method"
            required
            options={confirmationMethods.map((m) => ({ value: m, label: confirmationMethodLabels[m] }))}
            defaultValue={v("method", "LC_MS")}
            errors={e("method")}
          />
        </>
      ) : null}
      {p.event === "RECORD_CONFIRMATION" ? (
        <>
          <FindingRadios substances={p.toConfirm} errors={state.errors} values={state.values} />
          <TextField
            name="otherSubstances"
            label="Other substances confirmed (comma-separated)"
            defaultValue={v("otherSubstances")}
            errors={e("substances")}
            maxLength={500}
          />
        </>
      ) : null}
      {p.event === "REVIEW" ? (
        <TextAreaField
          name="reviewNote"
          label="Review note"
          required
          rows={4}
          defaultValue={v("reviewNote")}
          errors={e("reviewNote")}
          maxLength={4000}
        />
      ) : null}
      {p.event === "DISCUSS" ? (
        <>
          <Notice kind="info">
            <p className="font-semibold">Before you document the plan</p>
            <p>Do not dismiss a patient from care because of a urine drug test result.</p>
            <p>
              If opioid use disorder is suspected, offer or arrange evidence-based medication treatment (CDC 2022,
              Recommendation 12).
            </p>
          </Notice>
          <TextAreaField
            name="discussionNote"
            label="What was discussed with the patient"
            required
            rows={4}
            defaultValue={v("discussionNote")}
            errors={e("discussionNote")}
            maxLength={4000}
          />
          <TextAreaField
            name="plan"
            label="Plan"
            required
            rows={3}
            defaultValue={v("plan")}
            errors={e("plan")}
            maxLength={4000}
          />
        </>
      ) : null}
      <TextAreaField
        name="notes"
        label="Notes (optional)"
        rows={2}
        defaultValue={v("notes")}
        errors={e("notes")}
        maxLength={2000}
      />
      <div>
        <SubmitButton>{t.button}</SubmitButton>
      </div>
    </form>
  );
}

export function CancelOrderForm({ action, version }: { action: Action; version: number }) {
  const [state, formAction] = useActionState(action, idleForm);
  return (
    <details className="rounded-lg border border-slate-200 bg-white p-4">
      <summary className="cursor-pointer font-semibold">Cancel this order</summary>
      <form action={formAction} noValidate className="mt-3 flex flex-col gap-3" aria-describedby="cancel-status">
        <FormStatus state={state} id="cancel-status" />
        <input type="hidden" name="event" value="CANCEL" />
        <input type="hidden" name="version" value={version} />
        <TextField
          name="cancelReason"
          label="Reason for cancelling"
          required
          defaultValue={state.values?.cancelReason}
          errors={state.errors?.cancelReason}
          maxLength={1000}
        />
        <div>
          <SubmitButton variant="danger">Cancel order</SubmitButton>
        </div>
      </form>
    </details>
  );
}
