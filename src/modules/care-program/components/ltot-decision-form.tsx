"use client";

import { useActionState } from "react";
import { TextAreaField } from "@/components/ui/field";
import { FormStatus } from "@/components/ui/form-status";
import { SubmitButton } from "@/components/ui/submit-button";
import { idleForm, type FormState } from "@/lib/forms";

type Action = (prev: FormState, fd: FormData) => Promise<FormState>;

const labels = {
  INCLUDE: "Include in the registry",
  EXCLUDE: "Exclude from the registry",
  CLEAR: "Clear the decision",
} as const;

/** One registry decision (include / exclude need a reason; clear hands the patient back to the medication rule). Works without JavaScript. */
export function LtotDecisionForm({ action, kind }: { action: Action; kind: "INCLUDE" | "EXCLUDE" | "CLEAR" }) {
  const [state, formAction] = useActionState(action, idleForm);
  const id = `ltot-${kind.toLowerCase()}`;
  return (
    <form action={formAction} noValidate className="flex flex-col gap-2" aria-describedby={`${id}-status`}>
      <FormStatus state={state} id={`${id}-status`} />
      <input type="hidden" name="kind" value={kind} />
      {kind === "CLEAR" ? (
        <TextAreaField
          id={`${id}-reason`}
          name="reason"
          label="Note (optional)"
          defaultValue={state.values?.reason}
          errors={state.errors?.reason}
          maxLength={500}
          rows={2}
        />
      ) : (
        <TextAreaField
          id={`${id}-reason`}
          name="reason"
          label="Reason"
          required
          defaultValue={state.values?.reason}
          errors={state.errors?.reason}
          maxLength={500}
          rows={2}
          hint="Recorded with your name and today's date; the care team sees it."
        />
      )}
      <div>
        <SubmitButton variant={kind === "INCLUDE" ? "primary" : "secondary"}>{labels[kind]}</SubmitButton>
      </div>
    </form>
  );
}
