"use client";

import { useActionState } from "react";
import { FormStatus } from "@/components/ui/form-status";
import { SubmitButton } from "@/components/ui/submit-button";
import { idleForm, type FormState } from "@/lib/forms";

/** Records the patient's state for a visit; the field itself is passed in (StateAtVisitField). */
export function VisitLocationForm({
  action,
  idPrefix,
  children,
}: {
  action: (p: FormState, fd: FormData) => Promise<FormState>;
  idPrefix: string;
  children: React.ReactNode;
}) {
  const [state, formAction] = useActionState(action, idleForm);
  return (
    <form action={formAction} noValidate className="flex flex-col gap-2">
      <FormStatus state={state} id={`${idPrefix}-status`} />
      {children}
      {state.errors?.patientLocationState ? (
        <p className="text-sm font-medium text-red-700">{state.errors.patientLocationState.join(" ")}</p>
      ) : null}
      <div>
        <SubmitButton variant="secondary">Save the patient&apos;s state</SubmitButton>
      </div>
    </form>
  );
}
