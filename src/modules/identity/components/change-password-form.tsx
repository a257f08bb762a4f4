"use client";

import { useActionState } from "react";
import { TextField } from "@/components/ui/field";
import { FormStatus } from "@/components/ui/form-status";
import { SubmitButton } from "@/components/ui/submit-button";
import { idleForm } from "@/lib/forms";
import { changeOwnPasswordAction } from "../actions";

export function ChangePasswordForm() {
  const [state, action] = useActionState(changeOwnPasswordAction, idleForm);
  return (
    <form action={action} className="flex flex-col gap-4" noValidate>
      <FormStatus state={state} />
      <TextField
        name="currentPassword"
        label="Current password"
        type="password"
        autoComplete="current-password"
        required
        errors={state.errors?.currentPassword}
      />
      <TextField
        name="newPassword"
        label="New password"
        type="password"
        autoComplete="new-password"
        required
        errors={state.errors?.newPassword}
        hint="At least 8 characters. A passphrase of several words is easy to remember and strong."
      />
      <div>
        <SubmitButton>Change password</SubmitButton>
      </div>
    </form>
  );
}
