"use client";

import { useActionState } from "react";
import { FormStatus } from "@/components/ui/form-status";
import { Icon } from "@/components/ui/icon";
import { phoneIcon, videoIcon, warningIcon } from "@/components/ui/icons";
import { SelectField, TextAreaField, TextField } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";
import type { VisitFormState } from "../form-state";

export type SlotOption = { value: string; label: string; clinicianName: string };
export type SlotDay = { heading: string; slots: SlotOption[] };

/**
 * Book: pick a slot, say why, video or phone, optional repeat. Works without JavaScript (plain
 * POST). The idempotency key is made by the server when the page renders, so a double click or a
 * resubmitted form books once.
 */
export function BookingForm({
  action,
  patient,
  visitTypeId,
  days,
  idempotencyKey,
  zoneNote,
}: {
  action: (prev: VisitFormState, fd: FormData) => Promise<VisitFormState>;
  patient: { id: string; canDoVideo: boolean; phoneLabel: string | null };
  visitTypeId: string;
  days: SlotDay[];
  idempotencyKey: string;
  zoneNote: string;
}) {
  const [state, formAction] = useActionState(action, { status: "idle" } as VisitFormState);
  const v = (k: string) => state.values?.[k];
  const e = (k: string) => state.errors?.[k];
  const defaultModality = v("modality") ?? (patient.canDoVideo ? "VIDEO" : "PHONE");
  return (
    <form action={formAction} className="flex flex-col gap-5" noValidate aria-describedby="form-status">
      <FormStatus state={state} />
      <input type="hidden" name="patientId" value={patient.id} />
      <input type="hidden" name="visitTypeId" value={visitTypeId} />
      <input type="hidden" name="idempotencyKey" value={idempotencyKey} />
      {state.nextSlots?.length ? (
        <fieldset className="rounded-lg border-2 border-amber-700 bg-amber-50 p-3">
          <legend className="px-1 font-semibold">Next free times</legend>
          <ul className="flex flex-wrap gap-2">
            {state.nextSlots.map((s) => (
              <li key={`${s.clinicianId}|${s.startsAt}`}>
                <label className="flex min-h-11 cursor-pointer items-center gap-2 rounded-md border border-slate-400 bg-white px-3 has-[:checked]:border-teal-800 has-[:checked]:bg-teal-50">
                  <input
                    type="radio"
                    name="slot"
                    value={`${s.clinicianId}|${s.startsAt}`}
                    className="h-5 w-5 accent-teal-700"
                  />
                  {s.label} · {s.clinicianName}
                </label>
              </li>
            ))}
          </ul>
        </fieldset>
      ) : null}
      <fieldset aria-describedby={e("startsAt") || e("slot") ? "slot-error" : "slot-hint"}>
        <legend className="mb-1 text-lg font-semibold">Open times</legend>
        <p id="slot-hint" className="mb-2 text-sm text-slate-600">
          {zoneNote}
        </p>
        {e("startsAt") || e("slot") || e("clinicianId") ? (
          <p id="slot-error" className="mb-2 flex gap-1 text-sm font-medium text-red-700">
            <Icon icon={warningIcon} />
            {[...(e("startsAt") ?? []), ...(e("slot") ?? []), ...(e("clinicianId") ?? [])].join(" ")}
          </p>
        ) : null}
        {days.length === 0 ? (
          <p className="text-slate-700">No open times match. Try other dates or another clinician.</p>
        ) : null}
        <div
          className="relative flex max-h-[28rem] flex-col gap-4 overflow-y-auto rounded-md border border-slate-200 p-3"
          tabIndex={0}
          aria-label="Open times list"
        >
          {days.map((d) => (
            <div key={d.heading} role="group" aria-label={d.heading}>
              <h3 className="mb-1 font-semibold">{d.heading}</h3>
              <ul className="flex flex-wrap gap-2">
                {d.slots.map((s) => (
                  <li key={s.value}>
                    <label className="flex min-h-11 cursor-pointer items-center gap-2 rounded-md border border-slate-400 bg-white px-3 has-[:checked]:border-teal-800 has-[:checked]:bg-teal-50">
                      <input
                        type="radio"
                        name="slot"
                        value={s.value}
                        defaultChecked={v("slot") === s.value}
                        className="h-5 w-5 accent-teal-700"
                      />
                      <span>
                        {s.label} <span className="text-slate-600">· {s.clinicianName}</span>
                      </span>
                    </label>
                  </li>
                ))}
              </ul>
            </div>
          ))}
        </div>
      </fieldset>
      <fieldset className="flex flex-col gap-2">
        <legend className="mb-1 text-lg font-semibold">How the visit happens</legend>
        {(["VIDEO", "PHONE"] as const).map((m) => (
          <label key={m} className="flex min-h-11 items-center gap-3">
            <input
              type="radio"
              name="modality"
              value={m}
              defaultChecked={defaultModality === m}
              className="h-5 w-5 accent-teal-700"
            />
            <span>
              <Icon icon={m === "VIDEO" ? videoIcon : phoneIcon} className="mr-1" />
              {m === "VIDEO" ? "Video visit (recommended)" : "Phone visit"}
              {m === "VIDEO" && !patient.canDoVideo ? (
                <span className="text-slate-600"> - the patient&apos;s record says they cannot do video</span>
              ) : null}
            </span>
          </label>
        ))}
        {e("modality") ? (
          <p className="text-sm font-medium text-red-700">
            <Icon icon={warningIcon} className="mr-1" />
            {e("modality")!.join(" ")}
          </p>
        ) : null}
        <TextField
          name="phoneNumber"
          label="Number to call (phone visits)"
          type="tel"
          inputMode="tel"
          defaultValue={v("phoneNumber")}
          errors={e("phoneNumber")}
          hint={
            patient.phoneLabel
              ? `Leave empty to use the number on file: ${patient.phoneLabel}`
              : "No number on file: enter one for a phone visit"
          }
        />
      </fieldset>
      <TextAreaField
        name="reason"
        label="Reason for the visit"
        required
        defaultValue={v("reason")}
        errors={e("reason")}
        maxLength={500}
        hint="Seen by staff only; never sent to the patient or put in calendar files."
      />
      <fieldset className="grid gap-4 sm:grid-cols-2">
        <legend className="mb-1 text-lg font-semibold">Repeat (recurring follow-up)</legend>
        <SelectField
          name="repeatEveryWeeks"
          label="Repeat"
          defaultValue={v("repeatEveryWeeks") ?? "0"}
          errors={e("repeatEveryWeeks")}
          options={[
            { value: "0", label: "Does not repeat" },
            { value: "1", label: "Every week" },
            { value: "2", label: "Every 2 weeks" },
            { value: "4", label: "Every 4 weeks" },
            { value: "6", label: "Every 6 weeks" },
            { value: "8", label: "Every 8 weeks" },
            { value: "12", label: "Every 12 weeks" },
          ]}
        />
        <TextField
          name="repeatCount"
          label="Number of visits"
          type="number"
          inputMode="numeric"
          defaultValue={v("repeatCount") ?? "1"}
          errors={e("repeatCount")}
          hint="Including the first; at most 12"
        />
      </fieldset>
      <div>
        <SubmitButton pendingText="Booking…">Book visit</SubmitButton>
      </div>
    </form>
  );
}
