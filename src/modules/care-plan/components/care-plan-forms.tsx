"use client";

import { useActionState } from "react";
import { CheckboxField, SelectField, TextAreaField, TextField } from "@/components/ui/field";
import { FormStatus } from "@/components/ui/form-status";
import { Icon } from "@/components/ui/icon";
import { warningIcon } from "@/components/ui/icons";
import { SubmitButton } from "@/components/ui/submit-button";
import { idleForm } from "@/lib/forms";
import {
  advanceReferralAction,
  createReferralAction,
  recommendResourceAction,
  resourceFeedbackAction,
} from "../actions";
import {
  referralKindLabel,
  referralStatusLabel,
  referralTransitions,
  type ReferralStatus,
} from "../core/referral-states";

export function NewReferralForm({ patientId }: { patientId: string }) {
  const [state, action] = useActionState(createReferralAction, idleForm);
  const v = (k: string) => state.values?.[k] ?? "";
  return (
    <form action={action} className="flex flex-col gap-3" noValidate>
      <FormStatus state={state} id="referral-status" />
      <input type="hidden" name="patientId" value={patientId} />
      <SelectField
        id="referral-kind"
        name="kind"
        label="Referral to"
        required
        placeholder="Choose"
        defaultValue={v("kind")}
        errors={state.errors?.kind}
        options={Object.entries(referralKindLabel).map(([value, label]) => ({ value, label }))}
      />
      <TextField
        id="referral-detail"
        name="detail"
        label="Program or provider (required for Other)"
        defaultValue={v("detail")}
        errors={state.errors?.detail}
        maxLength={200}
      />
      <CheckboxField
        id="referral-telehealth"
        name="telehealth"
        label="By telehealth (behavioral health works well over video)"
        defaultChecked={v("telehealth") === "on"}
      />
      <TextAreaField
        id="referral-note"
        name="note"
        label="Note for the coordinator"
        defaultValue={v("note")}
        errors={state.errors?.note}
        maxLength={1000}
        rows={2}
      />
      <div>
        <SubmitButton>Add referral</SubmitButton>
      </div>
    </form>
  );
}

export function AdvanceReferralForm({
  referralId,
  status,
  version,
  idPrefix,
}: {
  referralId: string;
  status: ReferralStatus;
  version: number;
  idPrefix: string;
}) {
  const [state, action] = useActionState(advanceReferralAction, idleForm);
  const next = referralTransitions[status];
  if (next.length === 0) return null;
  return (
    <form action={action} className="mt-2 flex flex-wrap items-end gap-2" noValidate>
      <input type="hidden" name="referralId" value={referralId} />
      <input type="hidden" name="version" value={version} />
      <SelectField
        id={`${idPrefix}-to`}
        name="to"
        label="Move to"
        className="min-w-40"
        options={next.map((s) => ({ value: s, label: referralStatusLabel[s] }))}
        errors={state.errors?.to}
      />
      <TextField
        id={`${idPrefix}-note`}
        name="note"
        label="Note"
        className="min-w-48 flex-1"
        maxLength={1000}
        errors={state.errors?.note}
      />
      <SubmitButton variant="secondary">Update</SubmitButton>
      <div className="basis-full">
        <FormStatus state={state} id={`${idPrefix}-status`} />
      </div>
    </form>
  );
}

export function RecommendResourceForm({
  patientId,
  resources,
}: {
  patientId: string;
  resources: { id: string; name: string }[];
}) {
  const [state, action] = useActionState(recommendResourceAction, idleForm);
  return (
    <form action={action} className="flex flex-col gap-3" noValidate>
      <FormStatus state={state} id="recommend-status" />
      <input type="hidden" name="patientId" value={patientId} />
      <SelectField
        id="recommend-resourceId"
        name="resourceId"
        label="Self-management resource"
        required
        placeholder="Choose"
        options={resources.map((r) => ({ value: r.id, label: r.name }))}
        defaultValue={state.values?.resourceId}
        errors={state.errors?.resourceId}
      />
      <TextField
        id="recommend-note"
        name="note"
        label="Why (shown to the patient)"
        maxLength={500}
        defaultValue={state.values?.note}
        errors={state.errors?.note}
      />
      <div>
        <SubmitButton>Recommend</SubmitButton>
      </div>
    </form>
  );
}

/** Patient-facing: big tappable choices, plain words, works without JavaScript. */
export function ResourceFeedbackForm({ recommendationId, name }: { recommendationId: string; name: string }) {
  const [state, action] = useActionState(resourceFeedbackAction, idleForm);
  const err = state.errors ?? {};
  // React resets a form after its action: restore the answers the patient already gave.
  const was = (k: string, v: string) => state.values?.[k] === v;
  const choice =
    "flex min-h-11 cursor-pointer items-center gap-3 rounded-md border border-slate-300 bg-white px-3 py-2 has-[:checked]:border-teal-800 has-[:checked]:bg-teal-50";
  return (
    <form action={action} className="mt-3 flex flex-col gap-3" noValidate>
      <FormStatus state={state} id={`fb-${recommendationId}-status`} />
      <input type="hidden" name="recommendationId" value={recommendationId} />
      <fieldset aria-describedby={err.tried ? `fb-${recommendationId}-tried-error` : undefined}>
        <legend className="mb-1 font-medium">Did you try {name}?</legend>
        <div className="grid gap-2 sm:grid-cols-2">
          <label className={choice}>
            <input
              key={`tried-yes-${String(was("tried", "yes"))}`}
              type="radio"
              name="tried"
              value="yes"
              defaultChecked={was("tried", "yes")}
              className="h-5 w-5"
            />{" "}
            Yes, I tried it
          </label>
          <label className={choice}>
            <input
              key={`tried-no-${String(was("tried", "no"))}`}
              type="radio"
              name="tried"
              value="no"
              defaultChecked={was("tried", "no")}
              className="h-5 w-5"
            />{" "}
            Not yet
          </label>
        </div>
        {err.tried ? (
          <p id={`fb-${recommendationId}-tried-error`} className="mt-1 text-red-700">
            <Icon icon={warningIcon} className="mr-1" />
            {err.tried.join(" ")}
          </p>
        ) : null}
      </fieldset>
      <fieldset aria-describedby={err.helped ? `fb-${recommendationId}-helped-error` : undefined}>
        <legend className="mb-1 font-medium">If you tried it: did it help?</legend>
        <div className="grid gap-2 sm:grid-cols-3">
          <label className={choice}>
            <input
              key={`helped-YES-${String(was("helped", "YES"))}`}
              type="radio"
              name="helped"
              value="YES"
              defaultChecked={was("helped", "YES")}
              className="h-5 w-5"
            />{" "}
            Yes
          </label>
          <label className={choice}>
            <input
              key={`helped-SOMEWHAT-${String(was("helped", "SOMEWHAT"))}`}
              type="radio"
              name="helped"
              value="SOMEWHAT"
              defaultChecked={was("helped", "SOMEWHAT")}
              className="h-5 w-5"
            />{" "}
            A little
          </label>
          <label className={choice}>
            <input
              key={`helped-NO-${String(was("helped", "NO"))}`}
              type="radio"
              name="helped"
              value="NO"
              defaultChecked={was("helped", "NO")}
              className="h-5 w-5"
            />{" "}
            No
          </label>
        </div>
        {err.helped ? (
          <p id={`fb-${recommendationId}-helped-error`} className="mt-1 text-red-700">
            <Icon icon={warningIcon} className="mr-1" />
            {err.helped.join(" ")}
          </p>
        ) : null}
      </fieldset>
      <div>
        <SubmitButton>Send my answer</SubmitButton>
      </div>
    </form>
  );
}
