"use client";

import { useActionState } from "react";
import { SelectField, TextField } from "@/components/ui/field";
import { FormStatus } from "@/components/ui/form-status";
import { SubmitButton } from "@/components/ui/submit-button";
import { idleForm, type FormState } from "@/lib/forms";
import { roleLabels, roles } from "../core/roles";

type Action = (prev: FormState, fd: FormData) => Promise<FormState>;
const roleOptions = roles.map((r) => ({ value: r, label: roleLabels[r] }));

export function CreateUserForm({ action }: { action: Action }) {
  const [state, formAction] = useActionState(action, idleForm);
  const v = (k: string) => state.values?.[k] ?? "";
  return (
    <form action={formAction} className="flex max-w-xl flex-col gap-4" noValidate>
      <FormStatus state={state} />
      <TextField name="name" label="Full name" required defaultValue={v("name")} errors={state.errors?.name} />
      <TextField
        name="email"
        label="Email (used to sign in)"
        type="email"
        required
        defaultValue={v("email")}
        errors={state.errors?.email}
        autoComplete="off"
      />
      <SelectField
        name="role"
        label="Role"
        required
        options={roleOptions}
        defaultValue={v("role")}
        placeholder="Choose a role"
        errors={state.errors?.role}
      />
      <TextField
        name="patientMrn"
        label="Patient MRN (patient accounts only)"
        defaultValue={v("patientMrn")}
        errors={state.errors?.patientMrn}
        hint="Links the account to the patient's record so they see only their own care."
      />
      <TextField
        name="password"
        label="Initial password"
        type="password"
        required
        autoComplete="new-password"
        errors={state.errors?.password}
        hint="At least 8 characters. Give it to the person securely."
      />
      <div>
        <SubmitButton>Create account</SubmitButton>
      </div>
    </form>
  );
}

export function EditUserForm({
  action,
  initial,
}: {
  action: Action;
  initial: { name: string; role: string; patientMrn: string };
}) {
  const [state, formAction] = useActionState(action, idleForm);
  const v = (k: keyof typeof initial) => state.values?.[k] ?? initial[k];
  return (
    <form action={formAction} className="flex flex-col gap-4" noValidate>
      <FormStatus state={state} id="edit-status" />
      <TextField name="name" label="Full name" required defaultValue={v("name")} errors={state.errors?.name} />
      <SelectField
        name="role"
        label="Role"
        required
        options={roleOptions}
        defaultValue={v("role")}
        errors={state.errors?.role}
        hint="Changing the role ends the person's open sessions."
      />
      <TextField
        name="patientMrn"
        label="Linked patient MRN (patient accounts only)"
        defaultValue={v("patientMrn")}
        errors={state.errors?.patientMrn}
      />
      <div>
        <SubmitButton>Save account</SubmitButton>
      </div>
    </form>
  );
}

export function ActiveToggleForm({ action, active }: { action: Action; active: boolean }) {
  const [state, formAction] = useActionState(action, idleForm);
  return (
    <form action={formAction} className="flex flex-col gap-3">
      <FormStatus state={state} id="active-status" />
      <input type="hidden" name="active" value={active ? "false" : "true"} />
      <div>
        <SubmitButton variant={active ? "danger" : "primary"}>
          {active ? "Deactivate account" : "Reactivate account"}
        </SubmitButton>
      </div>
    </form>
  );
}

export function ResetPasswordForm({ action }: { action: Action }) {
  const [state, formAction] = useActionState(action, idleForm);
  return (
    <form action={formAction} className="flex flex-col gap-3" noValidate>
      <FormStatus state={state} id="reset-status" />
      <TextField
        name="password"
        label="New password"
        type="password"
        required
        autoComplete="new-password"
        errors={state.errors?.password}
        hint="At least 8 characters."
      />
      <div>
        <SubmitButton variant="secondary">Reset password</SubmitButton>
      </div>
    </form>
  );
}
