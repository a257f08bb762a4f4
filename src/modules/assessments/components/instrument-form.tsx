"use client";

import { useActionState, type ReactNode } from "react";
import { FormStatus } from "@/components/ui/form-status";
import { SubmitButton } from "@/components/ui/submit-button";
import { idleForm, type FormState } from "@/lib/forms";
import { instruments, type InstrumentCode } from "../core/instruments";

/**
 * One instrument on one page, in its own wording. Every answer is a whole-row tappable label
 * (>= 48 px) around a real radio button inside a fieldset whose legend is the question, so it
 * works with a keyboard, a screen reader, and with JavaScript off (the form posts to a server
 * action; errors come back server-rendered with the answers kept).
 */
export function InstrumentForm({
  action,
  instrument,
  hidden,
  before,
  submitLabel,
  initialAnswers,
}: {
  action: (prev: FormState, fd: FormData) => Promise<FormState>;
  instrument: InstrumentCode;
  hidden: Record<string, string>;
  before?: ReactNode;
  submitLabel: string;
  initialAnswers?: Record<string, number>;
}) {
  const [state, formAction] = useActionState(action, idleForm);
  const inst = instruments[instrument];
  const chosen = (itemId: string): string | undefined => {
    const fromState = state.values?.[`q_${itemId}`];
    if (fromState !== undefined) return fromState;
    const init = initialAnswers?.[itemId];
    return init === undefined ? undefined : String(init);
  };
  return (
    <form action={formAction} className="flex flex-col gap-6" noValidate>
      {Object.entries(hidden).map(([k, v]) => (
        <input key={k} type="hidden" name={k} value={v} />
      ))}
      <input type="hidden" name="instrument" value={instrument} />
      <FormStatus state={state} />
      {before}
      <p className="text-lg font-medium text-slate-900">{inst.stem}</p>
      {inst.items.map((item) => {
        const field = `q_${item.id}`;
        const errors = state.errors?.[field];
        const value = chosen(item.id);
        return (
          <fieldset key={item.id} className="flex flex-col gap-2" aria-describedby={errors?.length ? `${field}-error` : undefined}>
            <legend className="mb-2 text-lg font-semibold text-slate-900">
              <span className="block text-sm font-medium text-slate-600">
                Question {item.number} of {inst.items.length}
                {item.required ? "" : " (you may skip this one)"}
              </span>
              {item.text}
            </legend>
            {errors?.length ? (
              <p id={`${field}-error`} className="flex items-start gap-1 font-medium text-red-800">
                <span aria-hidden="true">⚠</span>
                <span>{errors.join(" ")}</span>
              </p>
            ) : null}
            <div className={inst.code === "PEG" ? "grid grid-cols-1 gap-2 sm:grid-cols-2" : "flex flex-col gap-2"}>
              {item.options.map((o) => (
                <label
                  key={o.value}
                  className="flex min-h-12 cursor-pointer items-center gap-3 rounded-lg border border-slate-400 bg-white px-4 py-2 text-base hover:border-teal-700 has-checked:border-2 has-checked:border-teal-800 has-checked:bg-teal-50 has-focus-visible:ring-2 has-focus-visible:ring-teal-700"
                >
                  <input type="radio" name={field} value={o.value} defaultChecked={value === String(o.value)} className="h-5 w-5 shrink-0 accent-teal-800" />
                  <span>{o.label}</span>
                </label>
              ))}
            </div>
          </fieldset>
        );
      })}
      <div>
        <SubmitButton pendingText="Sending…">{submitLabel}</SubmitButton>
      </div>
    </form>
  );
}
