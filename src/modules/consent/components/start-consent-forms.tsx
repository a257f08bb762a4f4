"use client";

import { useActionState } from "react";
import { CheckboxField, TextAreaField } from "@/components/ui/field";
import { FormStatus } from "@/components/ui/form-status";
import { Icon } from "@/components/ui/icon";
import { warningIcon } from "@/components/ui/icons";
import { SubmitButton } from "@/components/ui/submit-button";
import { idleForm, type FormState } from "@/lib/forms";
import { consentStateLabel } from "../core/consent-rules";
import { startConsentLabels } from "../core/start-consent";
import type { StartConsentView } from "../start-consent.server";

type Action = (prev: FormState, formData: FormData) => Promise<FormState>;

/**
 * Starting a visit when no consent is on file (Today's "Call", the visit page): the two ways
 * forward, each one step and each a plain form (works without JavaScript). Verbal: read the
 * current text, tick that the patient agreed out loud, start. Emergency: say why, start. The
 * server decides again (core/start-consent.ts), in the transaction that starts the visit.
 */
export function StartWithConsentForms({
  action,
  view,
  idPrefix,
}: {
  action: Action;
  view: StartConsentView;
  idPrefix: string;
}) {
  const [verbalState, verbalAction] = useActionState(action, idleForm);
  const [emergencyState, emergencyAction] = useActionState(action, idleForm);
  const labels = startConsentLabels[view.kind];
  const word = view.kind === "VIDEO" ? "video" : "telephone";
  return (
    <div className="flex flex-col gap-2" role="group" aria-labelledby={`${idPrefix}-consent-h`}>
      <p id={`${idPrefix}-consent-h`} className="flex items-start gap-1 text-sm font-semibold text-amber-950">
        <Icon icon={warningIcon} className="mt-0.5" />
        <span>
          {view.kind === "VIDEO" ? "Video" : "Telephone"} consent: {consentStateLabel[view.status.state].toLowerCase()}.
          Before you start, record the patient&apos;s consent or say why you go ahead without it.
        </span>
      </p>
      {view.text ? (
        <details className="rounded-md border border-slate-200 p-2" open={verbalState.status === "error"}>
          <summary className="cursor-pointer font-medium">{labels.verbal}</summary>
          <form action={verbalAction} className="mt-2 flex flex-col gap-2" noValidate>
            <FormStatus state={verbalState} id={`${idPrefix}-verbal-status`} />
            <input type="hidden" name="consent" value="verbal" />
            <input type="hidden" name="textId" value={view.text.id} />
            <p className="text-sm text-slate-700">
              Read this to the patient ({view.text.title}, version {view.text.version}):
            </p>
            <p
              className="relative max-h-48 overflow-y-auto rounded-md bg-slate-50 p-2 text-sm whitespace-pre-line"
              tabIndex={0}
              aria-label={`${view.text.title}, version ${view.text.version}`}
            >
              {view.text.body}
            </p>
            <CheckboxField
              id={`${idPrefix}-agreed`}
              name="agreed"
              label={`The patient agreed out loud to ${word} visits (text version ${view.text.version})`}
              errors={verbalState.errors?.agreed}
            />
            <div>
              <SubmitButton pendingText="Recording…">{labels.verbal}</SubmitButton>
            </div>
          </form>
        </details>
      ) : (
        <p className="text-sm text-amber-950">
          No {word} consent text is published yet, so verbal consent cannot be recorded: an administrator adds one under
          Consent texts.
        </p>
      )}
      <details className="rounded-md border border-red-200 p-2" open={emergencyState.status === "error"}>
        <summary className="cursor-pointer font-medium text-red-900">{labels.emergency}</summary>
        <form action={emergencyAction} className="mt-2 flex flex-col gap-2" noValidate>
          <FormStatus state={emergencyState} id={`${idPrefix}-emergency-status`} />
          <input type="hidden" name="consent" value="emergency" />
          <TextAreaField
            id={`${idPrefix}-reason`}
            name="reason"
            label="Why the visit cannot wait for consent"
            hint="Recorded on the visit and shown on its note."
            required
            rows={2}
            maxLength={500}
            defaultValue={emergencyState.values?.reason}
            errors={emergencyState.errors?.reason}
          />
          <div>
            <SubmitButton variant="danger" pendingText="Starting…">
              {labels.emergency}
            </SubmitButton>
          </div>
        </form>
      </details>
    </div>
  );
}
