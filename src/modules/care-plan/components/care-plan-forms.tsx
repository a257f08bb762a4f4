"use client";

import { useActionState } from "react";
import { CheckboxField, SelectField, TextAreaField, TextField } from "@/components/ui/field";
import { FormStatus } from "@/components/ui/form-status";
import { SubmitButton } from "@/components/ui/submit-button";
import { idleForm } from "@/lib/forms";
import { advanceReferralAction, createReferralAction, recommendResourceAction } from "../actions";
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
