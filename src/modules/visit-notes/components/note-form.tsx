"use client";

// Longer than 300 lines on purpose: the note is one form (one submit, one state); its sections
// are markup over fields whose rules live in visit-notes/core.

import { useActionState } from "react";
import { CheckboxField, SelectField, TextAreaField, TextField } from "@/components/ui/field";
import { FormStatus } from "@/components/ui/form-status";
import { Icon } from "@/components/ui/icon";
import { infoIcon, warningIcon } from "@/components/ui/icons";
import { SubmitButton } from "@/components/ui/submit-button";
import { idleForm } from "@/lib/forms";
import { usStates } from "../../patients/core/reference";
import { addAddendumAction, saveNoteAction } from "../actions";
import { audioOnlyReasons, participantRoles, virtualReasons } from "../core/note-rules";

export type NoteFormInitial = {
  visitId: string;
  version: number;
  modalityUsed: string;
  platform: string;
  audioOnlyReason: string;
  virtualReasons: string[];
  virtualReasonOther: string;
  patientState: string;
  patientLocation: string;
  patientAtHome: boolean;
  clinicianLocation: string;
  participants: { name: string; role: string }[];
  startedAt: string;
  endedAt: string;
  timesReason: string;
  examLimits: string;
  homeObservations: string;
  assessment: string;
  plan: string;
  payer: string;
  patientStatus: "NEW" | "ESTABLISHED";
  newPatientOverrideReason: string;
  billingCode: string;
  billingOverrideReason: string;
};

/** What the app recorded and derived, shown beside the fields the clinician may change. */
export type NoteFormFacts = {
  /** The recorded call times, formatted in the clinic zone; null when the app recorded none. */
  recordedStart: string | null;
  recordedEnd: string | null;
  visitInProgress: boolean;
  /** New or established from the clinic's history: the result in words and the rule. */
  patientStatus: { newPatient: boolean; summary: string; rule: string };
};

/** The structured telehealth header, assessment and plan; Save draft or Sign (locks it). */
export function NoteForm({
  initial,
  timeZone,
  suggestion,
  facts,
}: {
  initial: NoteFormInitial;
  timeZone: string;
  suggestion: { code: string | null; rules: string[] };
  facts: NoteFormFacts;
}) {
  const [state, action] = useActionState(saveNoteAction, idleForm);
  const sv = state.values;
  const v = (k: keyof NoteFormInitial) => (sv ? (sv[k] ?? "") : String(initial[k] ?? ""));
  const e = (k: string) => state.errors?.[k];
  const reasonsChecked = (k: string) =>
    sv ? (sv.virtualReasons ?? "").split(",").includes(k) : initial.virtualReasons.includes(k);
  const participants = [
    ...initial.participants,
    { name: "", role: "caregiver" },
    { name: "", role: "interpreter" },
  ].slice(0, 4);
  return (
    <form action={action} className="flex flex-col gap-6" noValidate>
      <FormStatus state={state} id="note-status" />
      {e("visit") ? (
        <p className="rounded-md border border-red-700 bg-red-50 p-2 text-red-900">
          <Icon icon={warningIcon} className="mr-1" />
          {e("visit")!.join(" ")}
        </p>
      ) : null}
      {e("consent") ? (
        <p className="rounded-md border border-red-700 bg-red-50 p-2 text-red-900">
          <Icon icon={warningIcon} className="mr-1" />
          {e("consent")!.join(" ")}
        </p>
      ) : null}
      <input type="hidden" name="visitId" value={initial.visitId} />
      <input type="hidden" name="version" value={initial.version} />
      <fieldset className="grid gap-4 rounded-lg border border-slate-200 bg-white p-4 sm:grid-cols-2">
        <legend className="px-1 text-lg font-semibold">Telehealth header</legend>
        <SelectField
          name="modalityUsed"
          label="Modality actually used"
          required
          defaultValue={v("modalityUsed")}
          errors={e("modalityUsed")}
          options={[
            { value: "AUDIO_VIDEO", label: "Audio-video" },
            { value: "AUDIO_ONLY", label: "Audio-only (telephone)" },
          ]}
        />
        <TextField
          name="platform"
          label="Platform (audio-video)"
          defaultValue={v("platform")}
          errors={e("platform")}
          maxLength={100}
        />
        <SelectField
          name="audioOnlyReason"
          label="If audio-only: why"
          defaultValue={v("audioOnlyReason")}
          placeholder="Not audio-only"
          errors={e("audioOnlyReason")}
          options={Object.entries(audioOnlyReasons).map(([value, label]) => ({ value, label }))}
        />
        <SelectField
          name="payer"
          label="Payer profile"
          required
          defaultValue={v("payer")}
          errors={e("payer")}
          options={[
            { value: "COMMERCIAL", label: "Commercial" },
            { value: "MEDICARE", label: "Medicare" },
          ]}
        />
        <fieldset className="sm:col-span-2" aria-describedby={e("virtualReasons") ? "virtualReasons-error" : undefined}>
          <legend className="font-medium">Why the visit is virtual</legend>
          <div className="mt-1 grid gap-1 sm:grid-cols-3">
            {Object.entries(virtualReasons).map(([value, label]) => (
              <label key={value} className="flex min-h-11 items-center gap-2">
                <input
                  key={`${value}-${String(reasonsChecked(value))}`}
                  type="checkbox"
                  name="virtualReasons"
                  value={value}
                  defaultChecked={reasonsChecked(value)}
                  className="h-5 w-5"
                />{" "}
                {label}
              </label>
            ))}
          </div>
          {e("virtualReasons") ? (
            <p id="virtualReasons-error" className="text-red-700">
              <Icon icon={warningIcon} className="mr-1" />
              {e("virtualReasons")!.join(" ")}
            </p>
          ) : null}
        </fieldset>
        <TextField
          name="virtualReasonOther"
          label="Other reason"
          defaultValue={v("virtualReasonOther")}
          errors={e("virtualReasonOther")}
          maxLength={200}
          className="sm:col-span-2"
        />
        <SelectField
          name="patientState"
          label="Patient's state today"
          required
          defaultValue={v("patientState")}
          placeholder="Choose"
          errors={e("patientState")}
          options={Object.entries(usStates).map(([code, name]) => ({ value: code, label: `${name} (${code})` }))}
        />
        <TextField
          name="patientLocation"
          label="Patient's location (address or place)"
          defaultValue={v("patientLocation")}
          errors={e("patientLocation")}
          maxLength={200}
        />
        <CheckboxField
          name="patientAtHome"
          label="Patient is at home (place of service 10)"
          defaultChecked={sv ? sv.patientAtHome === "on" : initial.patientAtHome}
        />
        <TextField
          name="clinicianLocation"
          label="Your location"
          required
          defaultValue={v("clinicianLocation")}
          errors={e("clinicianLocation")}
          maxLength={200}
        />
        <div className="rounded-md bg-slate-50 p-3 text-sm sm:col-span-2" id="recorded-times">
          <p>
            <Icon icon={infoIcon} className="mr-1" />
            <span className="font-semibold">Recorded by the app: </span>
            {facts.recordedStart ? `call started ${facts.recordedStart}` : "no call start recorded"}
            {" · "}
            {facts.recordedEnd
              ? `ended ${facts.recordedEnd}`
              : facts.visitInProgress
                ? "not ended yet (the visit is in progress: signing completes it)"
                : "no call end recorded"}
            {` (${timeZone}).`}
          </p>
          <p className="mt-1 text-slate-700">
            The times below start from these. A time that differs from a recorded one needs a reason; a time in the
            future, or an end before the start, cannot be signed.
          </p>
        </div>
        <TextField
          name="startedAt"
          label={`Start (${timeZone})`}
          type="datetime-local"
          required
          defaultValue={v("startedAt")}
          errors={e("startedAt")}
        />
        <TextField
          name="endedAt"
          label={`End (${timeZone})`}
          type="datetime-local"
          required
          defaultValue={v("endedAt")}
          errors={e("endedAt")}
        />
        <TextField
          name="timesReason"
          label="Reason if the times differ from the recorded ones"
          defaultValue={v("timesReason")}
          errors={e("timesReason")}
          maxLength={300}
          className="sm:col-span-2"
        />
        <fieldset className="sm:col-span-2">
          <legend className="font-medium">Others present</legend>
          <div className="mt-1 grid gap-2">
            {participants.map((p, i) => (
              <div key={i} className="grid gap-2 sm:grid-cols-2">
                <TextField
                  id={`participantName_${i}`}
                  name={`participantName_${i}`}
                  label={`Person ${i + 1} name`}
                  defaultValue={sv ? sv[`participantName_${i}`] : p.name}
                  maxLength={100}
                />
                <SelectField
                  id={`participantRole_${i}`}
                  name={`participantRole_${i}`}
                  label={`Person ${i + 1} role`}
                  defaultValue={sv ? sv[`participantRole_${i}`] : p.role}
                  options={Object.entries(participantRoles).map(([value, label]) => ({ value, label }))}
                />
              </div>
            ))}
          </div>
        </fieldset>
        <TextAreaField
          name="examLimits"
          label="Limits of the remote exam"
          required
          defaultValue={v("examLimits")}
          errors={e("examLimits")}
          className="sm:col-span-2"
          rows={2}
        />
        <TextAreaField
          name="homeObservations"
          label="What the video showed of the home setting (optional)"
          defaultValue={v("homeObservations")}
          errors={e("homeObservations")}
          className="sm:col-span-2"
          rows={2}
        />
      </fieldset>
      <fieldset className="grid gap-4 rounded-lg border border-slate-200 bg-white p-4">
        <legend className="px-1 text-lg font-semibold">Assessment and plan</legend>
        <TextAreaField
          name="assessment"
          label="Assessment"
          required
          defaultValue={v("assessment")}
          errors={e("assessment")}
          rows={5}
        />
        <TextAreaField name="plan" label="Plan" required defaultValue={v("plan")} errors={e("plan")} rows={5} />
      </fieldset>
      <fieldset className="grid gap-4 rounded-lg border border-slate-200 bg-white p-4 sm:grid-cols-2">
        <legend className="px-1 text-lg font-semibold">Billing</legend>
        <div className="rounded-md bg-slate-50 p-3 text-sm sm:col-span-2" aria-live="polite">
          <p className="font-semibold">
            Suggested: {suggestion.code ?? "no level by time - choose by medical decision making"}
          </p>
          <ul className="ml-4 list-disc">
            {suggestion.rules.map((r) => (
              <li key={r}>{r}</li>
            ))}
          </ul>
          <p className="mt-1 text-slate-700">
            The suggestion is recalculated from modality, payer, new or established, time and place when you save.
          </p>
        </div>
        <fieldset className="sm:col-span-2" aria-describedby="patientStatus-basis">
          <legend className="font-medium">New or established patient</legend>
          <p id="patientStatus-basis" className="text-sm">
            <span className="font-semibold">{facts.patientStatus.summary}</span>{" "}
            <span className="text-slate-700">{facts.patientStatus.rule}</span>
          </p>
          <div className="mt-1 flex flex-wrap gap-x-6">
            {(["ESTABLISHED", "NEW"] as const).map((value) => (
              <label key={value} className="flex min-h-11 items-center gap-2">
                <input
                  key={`${value}-${v("patientStatus")}`}
                  type="radio"
                  name="patientStatus"
                  value={value}
                  defaultChecked={v("patientStatus") === value}
                  className="h-5 w-5 accent-teal-700"
                />
                {value === "NEW" ? "New patient" : "Established patient"}
                {(value === "NEW") === facts.patientStatus.newPatient ? " (from the clinic's history)" : ""}
              </label>
            ))}
          </div>
        </fieldset>
        <TextField
          name="newPatientOverrideReason"
          label="Reason if you change new or established"
          defaultValue={v("newPatientOverrideReason")}
          errors={e("newPatientOverrideReason")}
          maxLength={300}
          className="sm:col-span-2"
        />
        <TextField
          name="billingCode"
          label="Code to bill"
          required
          defaultValue={v("billingCode")}
          errors={e("billingCode")}
          maxLength={10}
        />
        <TextField
          name="billingOverrideReason"
          label="Reason if you change the suggested code"
          defaultValue={v("billingOverrideReason")}
          errors={e("billingOverrideReason")}
          maxLength={500}
          className="sm:col-span-2"
        />
      </fieldset>
      <div className="flex flex-wrap gap-3">
        <SubmitButton name="intent" value="save" variant="secondary">
          Save draft
        </SubmitButton>
        <SubmitButton name="intent" value="sign">
          Sign and lock
        </SubmitButton>
      </div>
    </form>
  );
}

export function AddendumForm({ visitId }: { visitId: string }) {
  const [state, action] = useActionState(addAddendumAction, idleForm);
  return (
    <form action={action} className="no-print flex flex-col gap-3" noValidate>
      <FormStatus state={state} id="addendum-status" />
      <input type="hidden" name="visitId" value={visitId} />
      <TextAreaField name="text" label="Addendum" required errors={state.errors?.text} rows={3} maxLength={5000} />
      <div>
        <SubmitButton>Add addendum</SubmitButton>
      </div>
    </form>
  );
}
