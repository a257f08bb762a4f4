"use client";

import { useActionState } from "react";
import { CheckboxField, TextAreaField } from "@/components/ui/field";
import { FormStatus } from "@/components/ui/form-status";
import { SubmitButton } from "@/components/ui/submit-button";
import { idleForm, type FormState } from "@/lib/forms";

/**
 * One follow-up for the patient: it closes the open alerts listed here (`alertIds`, the ones the
 * page showed), so an alert raised after the page was shown stays open.
 */
export function ResolveAlertForm({
  action,
  alertIds,
}: {
  action: (prev: FormState, fd: FormData) => Promise<FormState>;
  alertIds: string[];
}) {
  const [state, formAction] = useActionState(action, idleForm);
  return (
    <form action={formAction} className="flex max-w-2xl flex-col gap-4" noValidate>
      <FormStatus state={state} />
      <input type="hidden" name="alertIds" value={alertIds.join(",")} />
      <CheckboxField
        name="assessmentDone"
        label="I did a suicide-risk assessment with the patient today (required)"
        errors={state.errors?.assessmentDone}
        defaultChecked={state.values?.assessmentDone === "on"}
      />
      <TextAreaField
        name="plan"
        label="Follow-up plan"
        required
        rows={4}
        maxLength={2000}
        hint="What you found, what was agreed (safety plan, crisis line, next contact), and who follows up."
        errors={state.errors?.plan}
        defaultValue={state.values?.plan}
      />
      <div>
        <SubmitButton variant="danger" pendingText="Saving…">
          {alertIds.length > 1
            ? `Acknowledge and close the ${alertIds.length} alerts`
            : "Acknowledge and close the alert"}
        </SubmitButton>
      </div>
    </form>
  );
}
