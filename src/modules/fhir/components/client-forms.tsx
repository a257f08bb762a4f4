"use client";

import { useActionState } from "react";
import { CheckboxField, TextAreaField, TextField } from "@/components/ui/field";
import { FormStatus } from "@/components/ui/form-status";
import { SubmitButton } from "@/components/ui/submit-button";
import { idleForm, type FormState } from "@/lib/forms";

type Action = (prev: FormState, fd: FormData) => Promise<FormState>;

export function RegisterClientForm({ action, scopes }: { action: Action; scopes: string[] }) {
  const [state, formAction] = useActionState(action, idleForm);
  const v = (k: string) => state.values?.[k] ?? "";
  return (
    <form action={formAction} className="flex flex-col gap-3" noValidate>
      <FormStatus state={state} id="fhir-client-status" />
      <TextField
        name="name"
        id="fhir-name"
        label="Name"
        required
        defaultValue={v("name")}
        errors={state.errors?.name}
        maxLength={120}
      />
      <TextAreaField
        name="jwks"
        id="fhir-jwks"
        label="Public key set (JWKS)"
        hint='The client’s public keys as JSON: {"keys": [...]}, RSA or P-384 EC keys for RS384 or ES384.'
        required
        rows={6}
        defaultValue={v("jwks")}
        errors={state.errors?.jwks}
      />
      <fieldset className="flex flex-col gap-1">
        <legend className="font-medium text-slate-900">Scopes it may get (read and search)</legend>
        {scopes.map((s) => (
          <CheckboxField
            key={s}
            name={`scope:${s}`}
            id={`fhir-scope-${s.replace(/[^A-Za-z]/g, "")}`}
            label={s}
            defaultChecked={state.values?.[`scope:${s}`] === "on"}
          />
        ))}
        {state.errors?.scopes ? <p className="text-red-800">{state.errors.scopes.join(" ")}</p> : null}
      </fieldset>
      <div>
        <SubmitButton>Register client</SubmitButton>
      </div>
    </form>
  );
}

export function RevokeClientForm({ action, name }: { action: Action; name: string }) {
  const [state, formAction] = useActionState(action, idleForm);
  return (
    <form action={formAction} className="flex flex-col gap-2">
      <FormStatus state={state} id={`revoke-${name}-status`} />
      <div>
        <SubmitButton>
          Revoke<span className="sr-only"> {name}</span>
        </SubmitButton>
      </div>
    </form>
  );
}
