"use client";

import { useActionState } from "react";
import { SelectField, TextAreaField, TextField } from "@/components/ui/field";
import { FormStatus } from "@/components/ui/form-status";
import { SubmitButton } from "@/components/ui/submit-button";
import { idleForm } from "@/lib/forms";
import { publishConsentTextAction } from "../../consent/actions";
import { addResourceAction } from "../actions";

export function AddResourceForm() {
  const [state, action] = useActionState(addResourceAction, idleForm);
  const v = (k: string) => state.values?.[k] ?? "";
  return (
    <form action={action} className="flex max-w-xl flex-col gap-3" noValidate>
      <FormStatus state={state} />
      <TextField
        name="name"
        label="Name"
        required
        defaultValue={v("name")}
        errors={state.errors?.name}
        maxLength={100}
      />
      <TextAreaField
        name="purpose"
        label="What it is for (patients read this)"
        required
        defaultValue={v("purpose")}
        errors={state.errors?.purpose}
        maxLength={500}
      />
      <TextField
        name="url"
        label="Link"
        required
        defaultValue={v("url")}
        errors={state.errors?.url}
        placeholder="https://"
      />
      <div>
        <SubmitButton>Add resource</SubmitButton>
      </div>
    </form>
  );
}

export function PublishConsentTextForm() {
  const [state, action] = useActionState(publishConsentTextAction, idleForm);
  const v = (k: string) => state.values?.[k] ?? "";
  return (
    <form action={action} className="flex max-w-2xl flex-col gap-3" noValidate>
      <FormStatus state={state} />
      <SelectField
        name="kind"
        label="For"
        required
        defaultValue={v("kind")}
        placeholder="Choose"
        errors={state.errors?.kind}
        options={[
          { value: "VIDEO", label: "Video (telehealth) visits" },
          { value: "PHONE", label: "Telephone visits" },
          { value: "OPIOID_AGREEMENT", label: "Opioid treatment agreement" },
        ]}
      />
      <TextField
        name="title"
        label="Title"
        required
        defaultValue={v("title")}
        errors={state.errors?.title}
        maxLength={200}
      />
      <TextAreaField
        name="body"
        label="Consent text (plain language)"
        required
        defaultValue={v("body")}
        errors={state.errors?.body}
        rows={8}
        maxLength={10000}
      />
      <div>
        <SubmitButton>Publish new version</SubmitButton>
      </div>
    </form>
  );
}
