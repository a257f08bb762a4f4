"use client";

import { useActionState } from "react";
import { SelectField, TextField } from "@/components/ui/field";
import { FormStatus } from "@/components/ui/form-status";
import { SubmitButton } from "@/components/ui/submit-button";
import type { VisitFormState } from "../../scheduling/form-state";

type Action = (prev: VisitFormState, fd: FormData) => Promise<VisitFormState>;
const idle: VisitFormState = { status: "idle" };

/** Invite a caregiver or interpreter to the video visit (works without JavaScript). */
export function InviteGuestForm({ action }: { action: Action }) {
  const [state, formAction] = useActionState(action, idle);
  return (
    <form action={formAction} className="flex flex-col gap-3">
      <FormStatus state={state} id="invite-status" />
      {state.joinUrl ? (
        <div className="flex flex-col gap-1">
          <label htmlFor="guest-url" className="font-medium">
            Guest link (for this guest and visit only)
          </label>
          <input
            id="guest-url"
            readOnly
            value={state.joinUrl}
            className="block w-full rounded-md border border-slate-400 bg-slate-50 px-3 py-2 font-mono text-sm"
          />
        </div>
      ) : null}
      <SelectField
        id="guest-role"
        name="role"
        label="Who"
        required
        errors={state.errors?.role}
        defaultValue={state.values?.role ?? "CAREGIVER"}
        options={[
          { value: "CAREGIVER", label: "Caregiver or family member" },
          { value: "INTERPRETER", label: "Interpreter" },
        ]}
      />
      <TextField
        id="guest-name"
        name="displayName"
        label="Their name"
        required
        errors={state.errors?.displayName}
        defaultValue={state.status === "success" ? "" : state.values?.displayName}
        autoComplete="off"
      />
      <div>
        <SubmitButton variant="secondary" pendingText="Making link…">
          Make guest link
        </SubmitButton>
      </div>
    </form>
  );
}
