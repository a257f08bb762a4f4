"use client";

import Link from "next/link";
import { useActionState } from "react";
import { SelectField, TextAreaField, TextField } from "@/components/ui/field";
import { FormStatus } from "@/components/ui/form-status";
import { Icon } from "@/components/ui/icon";
import { warningIcon } from "@/components/ui/icons";
import { SubmitButton } from "@/components/ui/submit-button";
import { idleForm } from "@/lib/forms";
import {
  captureVerbalConsentAction,
  giveElectronicConsentAction,
  revokeConsentAction,
  withdrawOwnConsentAction,
} from "../actions";

type Text = { id: string; kind: "VIDEO" | "PHONE"; version: number; title: string; body: string };

/** Staff: read the current text aloud, then record the verbal consent. */
export function VerbalConsentForm({
  patientId,
  texts,
  idempotencyKey,
  defaultKind,
}: {
  patientId: string;
  texts: Text[];
  idempotencyKey: string;
  defaultKind: "VIDEO" | "PHONE";
}) {
  const [state, action] = useActionState(captureVerbalConsentAction, idleForm);
  return (
    <form action={action} className="flex flex-col gap-3" noValidate>
      <FormStatus state={state} id="verbal-consent-status" />
      <input type="hidden" name="patientId" value={patientId} />
      <input type="hidden" name="idempotencyKey" value={idempotencyKey} />
      {texts.map((t) => (
        <details key={t.id} className="rounded-md border border-slate-200 p-2">
          <summary className="cursor-pointer font-medium">
            Text to read aloud: {t.title} (version {t.version})
          </summary>
          <p className="mt-2 whitespace-pre-line text-slate-800">{t.body}</p>
        </details>
      ))}
      <SelectField
        id="consent-kind"
        name="kind"
        label="Consent to"
        required
        defaultValue={state.values?.kind ?? defaultKind}
        errors={state.errors?.kind}
        options={[
          { value: "VIDEO", label: "Video (telehealth) visits" },
          { value: "PHONE", label: "Telephone visits" },
        ]}
      />
      <SelectField
        id="consent-textId"
        name="textId"
        label="Text that was read"
        required
        defaultValue={state.values?.textId ?? texts.find((t) => t.kind === defaultKind)?.id}
        errors={state.errors?.textId}
        options={texts.map((t) => ({
          value: t.id,
          label: `${t.kind === "VIDEO" ? "Video" : "Telephone"} consent, version ${t.version}`,
        }))}
      />
      <TextField
        id="consent-witnessName"
        name="witnessName"
        label="Witness (optional)"
        defaultValue={state.values?.witnessName}
        errors={state.errors?.witnessName}
        maxLength={100}
      />
      <div>
        <SubmitButton>Record verbal consent</SubmitButton>
      </div>
    </form>
  );
}

export function RevokeConsentForm({ consentId }: { consentId: string }) {
  const [state, action] = useActionState(revokeConsentAction, idleForm);
  return (
    <form action={action} className="mt-2 flex flex-wrap items-end gap-2" noValidate>
      <input type="hidden" name="consentId" value={consentId} />
      <TextField
        id={`reason-${consentId}`}
        name="reason"
        label="Reason for revoking"
        className="min-w-56 flex-1"
        maxLength={500}
        errors={state.errors?.reason}
      />
      <SubmitButton variant="danger">Revoke</SubmitButton>
      <div className="basis-full">
        <FormStatus state={state} id={`revoke-${consentId}-status`} />
      </div>
    </form>
  );
}

/** Patient: read, type full name, agree. Works without JavaScript. */
export function ElectronicConsentForm({ text, idempotencyKey }: { text: Text; idempotencyKey: string }) {
  const [state, action] = useActionState(giveElectronicConsentAction, idleForm);
  if (state.status === "success") return <FormStatus state={state} id={`e-consent-${text.kind}-status`} />;
  return (
    <form action={action} className="flex flex-col gap-3" noValidate>
      <FormStatus state={state} id={`e-consent-${text.kind}-status`} />
      <input type="hidden" name="kind" value={text.kind} />
      <input type="hidden" name="textId" value={text.id} />
      <input type="hidden" name="idempotencyKey" value={idempotencyKey} />
      <div className="rounded-md border border-slate-200 bg-slate-50 p-3">
        <p className="whitespace-pre-line">{text.body}</p>
        <p className="mt-2 text-sm text-slate-600">Version {text.version}</p>
      </div>
      <div className="flex min-h-11 items-center gap-3">
        <input
          id={`agree-${text.kind}`}
          name="agree"
          type="checkbox"
          className="h-6 w-6"
          aria-describedby={state.errors?.agree ? `agree-${text.kind}-error` : undefined}
        />
        <label htmlFor={`agree-${text.kind}`} className="font-medium">
          I agree to {text.kind === "VIDEO" ? "video" : "telephone"} visits
        </label>
      </div>
      {state.errors?.agree ? (
        <p id={`agree-${text.kind}-error`} className="text-red-700">
          <Icon icon={warningIcon} className="mr-1" />
          {state.errors.agree.join(" ")}
        </p>
      ) : null}
      <TextField
        id={`typedName-${text.kind}`}
        name="typedName"
        label="Type your full name to sign"
        required
        defaultValue={state.values?.typedName}
        errors={state.errors?.typedName}
        maxLength={100}
      />
      <div>
        <SubmitButton>Sign</SubmitButton>
      </div>
    </form>
  );
}

/**
 * Patient: the confirmation step of withdrawing consent (reached from "Withdraw my consent").
 * A plain form: works without JavaScript; on success the page reloads with a confirmation.
 */
export function WithdrawConsentForm({ consentId, kind }: { consentId: string; kind: "VIDEO" | "PHONE" }) {
  const [state, action] = useActionState(withdrawOwnConsentAction, idleForm);
  const word = kind === "VIDEO" ? "video" : "phone";
  return (
    <form action={action} className="flex flex-col gap-3" noValidate>
      <FormStatus state={state} id={`withdraw-${kind}-status`} />
      <input type="hidden" name="consentId" value={consentId} />
      <TextAreaField
        id={`withdraw-note-${kind}`}
        name="note"
        label="Anything you want to tell us (you can leave this empty)"
        rows={3}
        maxLength={500}
        defaultValue={state.values?.note}
        errors={state.errors?.note}
      />
      <div className="flex flex-wrap items-center gap-4">
        <SubmitButton variant="danger" pendingText="Saving…">
          Yes, withdraw my consent to {word} visits
        </SubmitButton>
        <Link href="/me/consent" className="font-medium underline underline-offset-2">
          No, keep my consent
        </Link>
      </div>
    </form>
  );
}
