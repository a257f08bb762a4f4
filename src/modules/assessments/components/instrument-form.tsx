"use client";

import { useActionState, type ReactNode } from "react";
import { FormStatus } from "@/components/ui/form-status";
import { SubmitButton } from "@/components/ui/submit-button";
import { idleForm, type FormState } from "@/lib/forms";
import type { InstrumentCode } from "../core/instruments";
import { InstrumentFields } from "./instrument-fields";

/**
 * One instrument as a form posting to a server action (staff entry, corrections, portal). Works
 * with JavaScript off too: errors come back server-rendered with the answers kept.
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
  return (
    <form action={formAction} className="flex flex-col gap-6" noValidate>
      {Object.entries(hidden).map(([k, v]) => (
        <input key={k} type="hidden" name={k} value={v} />
      ))}
      <FormStatus state={state} />
      {before}
      <InstrumentFields
        instrument={instrument}
        errors={state.errors}
        values={state.values}
        initialAnswers={initialAnswers}
      />
      <div>
        <SubmitButton pendingText="Sending…">{submitLabel}</SubmitButton>
      </div>
    </form>
  );
}
