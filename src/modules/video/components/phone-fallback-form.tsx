"use client";

import { buttonClass } from "@/components/ui/button-class";
import { formatUsPhone } from "../../patients/core/format";
import { audioOnlyReasons } from "../schemas";
import type { RoomAct } from "./waiting-room-panel";

/** The one-action fall back to phone: the reason (note and billing modifier) and the number to call. */
export function PhoneFallbackForm({
  patientPhone,
  busy,
  act,
}: {
  patientPhone: string | null;
  busy: string | null;
  act: RoomAct;
}) {
  return (
    <details className="rounded-lg border border-slate-200 bg-white p-4">
      <summary className="cursor-pointer font-semibold">Video not working? Switch to phone</summary>
      <form
        className="mt-3 flex flex-col gap-3"
        onSubmit={(e) => {
          e.preventDefault();
          const fd = new FormData(e.currentTarget);
          void act(
            "phone",
            {
              reason: fd.get("reason"),
              detail: String(fd.get("detail") ?? "") || undefined,
              phoneNumber: String(fd.get("phoneNumber") ?? "") || undefined,
            },
            "phone",
          );
        }}
      >
        <fieldset className="flex flex-col gap-1">
          <legend className="font-medium">Why (goes into the note and sets the audio-only billing modifier)</legend>
          {Object.entries(audioOnlyReasons).map(([k, label], i) => (
            <label key={k} className="flex items-center gap-2">
              <input type="radio" name="reason" value={k} defaultChecked={i === 0} required /> {label}
            </label>
          ))}
        </fieldset>
        <div className="flex flex-col gap-1">
          <label htmlFor="fallback-detail" className="font-medium">
            Detail (optional)
          </label>
          <input
            id="fallback-detail"
            name="detail"
            maxLength={300}
            className="rounded-md border border-slate-400 px-3 py-2"
          />
        </div>
        <div className="flex flex-col gap-1">
          <label htmlFor="fallback-phone" className="font-medium">
            Number to call
          </label>
          <input
            id="fallback-phone"
            name="phoneNumber"
            inputMode="tel"
            autoComplete="off"
            placeholder={patientPhone ? formatUsPhone(patientPhone) : "(206) 555-0150"}
            aria-describedby="fallback-phone-hint"
            className="rounded-md border border-slate-400 px-3 py-2"
          />
          <p id="fallback-phone-hint" className="text-sm text-slate-700">
            {patientPhone ? `Leave empty to call ${formatUsPhone(patientPhone)}.` : "No number on file: enter one."}
          </p>
        </div>
        <div>
          <button type="submit" className={buttonClass("danger")} disabled={busy !== null}>
            {busy === "phone" ? "Switching…" : "Switch to phone now"}
          </button>
        </div>
      </form>
    </details>
  );
}
