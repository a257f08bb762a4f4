"use client";

import { useActionState } from "react";
import { CheckboxField, TextAreaField } from "@/components/ui/field";
import { FormStatus } from "@/components/ui/form-status";
import { SubmitButton } from "@/components/ui/submit-button";
import { idleForm, type FormState } from "@/lib/forms";

export function ResolveAlertForm({ action }: { action: (prev: FormState, fd: FormData) => Promise<FormState> }) {
  const [state, formAction] = useActionState(action, idleForm);
  return (
    <form action={formAction} className="flex max-w-2xl flex-col gap-4" noValidate>
      <FormStatus state={state} />
      <CheckboxField name="assessmentDone" label="I did a suicide-risk assessment with the patient today (required)" errors={state.errors?.assessmentDone} defaultChecked={state.values?.assessmentDone === "on"} />
      <TextAreaField name="plan" label="Follow-up plan" required rows={4} maxLength={2000} hint="What you found, what was agreed (safety plan, crisis line, next contact), and who follows up." errors={state.errors?.plan} defaultValue={state.values?.plan} />
      <div>
        <SubmitButton variant="danger" pendingText="Saving…">
          Acknowledge and close the alert
        </SubmitButton>
      </div>
    </form>
  );
}
