"use client";

import Link from "next/link";
import { useActionState } from "react";
import { SelectField, TextAreaField, TextField } from "@/components/ui/field";
import { FormStatus } from "@/components/ui/form-status";
import { Icon } from "@/components/ui/icon";
import { warningIcon } from "@/components/ui/icons";
import { SubmitButton } from "@/components/ui/submit-button";
import { idleForm, type FormState } from "@/lib/forms";
import {
  recordAgreementAction,
  revokeAgreementAction,
  revokeOwnAgreementAction,
  signAgreementByLinkAction,
  signOwnAgreementAction,
} from "../actions";

type Text = { id: string; version: number; title: string; body: string };

/**
 * The patient reads the agreement, ticks "I agree" and signs by typing their full name (the
 * e-consent's rule). A plain form POST: works without JavaScript (portal and secure link alike).
 */
export function SignAgreementForm({
  text,
  idempotencyKey,
  via,
}: {
  text: Text;
  idempotencyKey: string;
  via: "portal" | "link";
}) {
  const [state, action] = useActionState(
    via === "portal" ? signOwnAgreementAction : signAgreementByLinkAction,
    idleForm,
  );
  return (
    <form action={action} className="flex flex-col gap-3" noValidate>
      <FormStatus state={state} id="sign-agreement-status" />
      <input type="hidden" name="textId" value={text.id} />
      <input type="hidden" name="idempotencyKey" value={idempotencyKey} />
      <div className="rounded-md border border-slate-200 bg-slate-50 p-3">
        <h3 className="mb-2 text-lg font-semibold">{text.title}</h3>
        <p className="whitespace-pre-line">{text.body}</p>
        <p className="mt-2 text-sm text-slate-600">Version {text.version}</p>
      </div>
      <div className="flex min-h-11 items-center gap-3">
        <input
          id="agreement-agree"
          name="agree"
          type="checkbox"
          className="h-6 w-6"
          aria-invalid={state.errors?.agree ? true : undefined}
          aria-describedby={state.errors?.agree ? "agreement-agree-error" : undefined}
        />
        <label htmlFor="agreement-agree" className="font-medium">
          I have read this agreement and I agree to it
        </label>
      </div>
      {state.errors?.agree ? (
        <p id="agreement-agree-error" className="text-red-700">
          <Icon icon={warningIcon} className="mr-1" />
          {state.errors.agree.join(" ")}
        </p>
      ) : null}
      <TextField
        id="agreement-typedName"
        name="typedName"
        label="Type your full name to sign"
        required
        defaultValue={state.values?.typedName}
        errors={state.errors?.typedName}
        maxLength={100}
      />
      <div>
        <SubmitButton pendingText="Signing…">Sign the agreement</SubmitButton>
      </div>
    </form>
  );
}

/** The confirmation step of revoking (reached from "Revoke my agreement"). Works without JavaScript. */
export function RevokeOwnAgreementForm({ agreementId }: { agreementId: string }) {
  const [state, action] = useActionState(revokeOwnAgreementAction, idleForm);
  return (
    <form action={action} className="flex flex-col gap-3" noValidate>
      <FormStatus state={state} id="revoke-own-agreement-status" />
      <input type="hidden" name="agreementId" value={agreementId} />
      <TextAreaField
        id="revoke-agreement-note"
        name="note"
        label="Anything you want to tell us (you can leave this empty)"
        rows={3}
        maxLength={500}
        defaultValue={state.values?.note}
        errors={state.errors?.note}
      />
      <div className="flex flex-wrap items-center gap-4">
        <SubmitButton variant="danger" pendingText="Saving…">
          Yes, revoke my agreement
        </SubmitButton>
        <Link href="/me/agreement" className="font-medium underline underline-offset-2">
          No, keep my agreement
        </Link>
      </div>
    </form>
  );
}

/** Staff: the patient signed the paper form, or agreed verbally (a witness is then required). */
export function RecordAgreementForm({
  patientId,
  text,
  idempotencyKey,
}: {
  patientId: string;
  text: Text;
  idempotencyKey: string;
}) {
  const [state, action] = useActionState(recordAgreementAction, idleForm);
  return (
    <form action={action} className="flex flex-col gap-3" noValidate>
      <FormStatus state={state} id="record-agreement-status" />
      <input type="hidden" name="patientId" value={patientId} />
      <input type="hidden" name="textId" value={text.id} />
      <input type="hidden" name="idempotencyKey" value={idempotencyKey} />
      <details className="rounded-md border border-slate-200 p-2">
        <summary className="cursor-pointer font-medium">
          The agreement: {text.title} (version {text.version})
        </summary>
        <p className="mt-2 whitespace-pre-line text-slate-800">{text.body}</p>
      </details>
      <SelectField
        id="agreement-method"
        name="method"
        label="How the patient agreed"
        required
        defaultValue={state.values?.method ?? "PAPER"}
        errors={state.errors?.method}
        options={[
          { value: "PAPER", label: "Signed the paper form" },
          { value: "VERBAL", label: "Agreed verbally (witness required)" },
        ]}
      />
      <TextField
        id="agreement-witnessName"
        name="witnessName"
        label="Witness"
        hint="Required when the patient agreed verbally."
        defaultValue={state.values?.witnessName}
        errors={state.errors?.witnessName}
        maxLength={100}
      />
      <div>
        <SubmitButton pendingText="Saving…">Record the agreement</SubmitButton>
      </div>
    </form>
  );
}

export function RevokeAgreementForm({ agreementId }: { agreementId: string }) {
  const [state, action] = useActionState(revokeAgreementAction, idleForm);
  return (
    <form action={action} className="mt-2 flex flex-wrap items-end gap-2" noValidate>
      <input type="hidden" name="agreementId" value={agreementId} />
      <TextField
        id={`agreement-reason-${agreementId}`}
        name="reason"
        label="Reason for revoking the agreement"
        className="min-w-56 flex-1"
        maxLength={500}
        errors={state.errors?.reason}
      />
      <SubmitButton variant="danger">Revoke agreement</SubmitButton>
      <div className="basis-full">
        <FormStatus state={state} id={`revoke-agreement-${agreementId}-status`} />
      </div>
    </form>
  );
}

export type AgreementLinkState = FormState & { link?: string; expiresAt?: string };

/** Staff: a secure link for the patient to sign; shown once, for staff to send by text or email. */
export function SendAgreementLinkForm({
  action,
  origin,
  timeZone,
}: {
  action: (prev: AgreementLinkState, fd: FormData) => Promise<AgreementLinkState>;
  origin: string;
  timeZone: string;
}) {
  const [state, formAction] = useActionState(action, idleForm as AgreementLinkState);
  return (
    <form action={formAction} className="flex flex-col gap-3">
      <FormStatus state={state} id="agreement-link-status" />
      {state.link ? (
        <div className="flex flex-col gap-1">
          <label htmlFor="agreement-link" className="font-semibold">
            Secure link to sign (shown only now)
          </label>
          <input
            id="agreement-link"
            readOnly
            value={`${origin}${state.link}`}
            className="w-full rounded-md border border-slate-400 bg-slate-50 px-3 py-2 font-mono text-sm"
          />
          <p className="text-sm text-slate-700">
            Expires{" "}
            {state.expiresAt
              ? new Date(state.expiresAt).toLocaleString("en-US", { timeZone, timeZoneName: "short" })
              : ""}
            . Works until the agreement is signed. The patient confirms their date of birth first.
          </p>
        </div>
      ) : null}
      <div>
        <SubmitButton variant="secondary" pendingText="Creating…">
          Create a link to sign
        </SubmitButton>
      </div>
    </form>
  );
}
