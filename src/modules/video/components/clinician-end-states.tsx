"use client";

import { buttonClass } from "@/components/ui/button-class";
import { formatUsPhone } from "../../patients/core/format";
import { fmtTime } from "./fmt-time";
import type { Roster } from "./signaling-client";

/** The clinician's room after the video call: moved to phone (call the patient now). */
export function PhoneVisitNotice({
  visitId,
  patientName,
  n,
}: {
  visitId: string;
  patientName: string;
  n: string | null;
}) {
  return (
    <section
      aria-labelledby="room-h"
      className="flex flex-col gap-3 rounded-lg border-2 border-teal-700 bg-white p-4"
      role="status"
    >
      <h2 id="room-h" className="text-lg font-semibold">
        Now a phone visit: call the patient
      </h2>
      <p className="text-lg">
        Call {patientName} at{" "}
        {n ? (
          <a className="font-bold text-teal-900 underline" href={`tel:${n}`}>
            {formatUsPhone(n)}
          </a>
        ) : (
          "their number (none on file: ask the coordinator)"
        )}
        . The patient&apos;s screen says the clinic will call. The reason is recorded for the note and billing.
      </p>
      <p>
        <a className="underline" href={`/visits/${visitId}`}>
          Back to the visit
        </a>{" "}
        ·{" "}
        <a className="underline" href={`/visits/${visitId}/note`}>
          Visit note
        </a>
      </p>
    </section>
  );
}

/** The clinician's room after the visit is completed: its times, and the note to write. */
export function VisitCompleted({ visitId, roster, timeZone }: { visitId: string; roster: Roster; timeZone: string }) {
  return (
    <section
      aria-labelledby="room-h"
      className="flex flex-col gap-2 rounded-lg border border-slate-300 bg-white p-4"
      role="status"
    >
      <h2 id="room-h" className="text-lg font-semibold">
        Visit completed
      </h2>
      <p data-testid="visit-times">
        Started {fmtTime(roster.startedAt, timeZone)}, ended {fmtTime(roster.completedAt, timeZone)}. These times are
        filled into the note.
      </p>
      <p>
        <a className={buttonClass("primary")} href={`/visits/${visitId}/note`}>
          Write the visit note
        </a>
      </p>
    </section>
  );
}
