import { formatInZone } from "../../scheduling/core/time";
import type { PatientVisitView } from "@/modules/scheduling/index.server";
import { roomAccess, roomOpensAt } from "../core/room-rules";
import { PatientRoom } from "./patient-room";

/**
 * What a patient or guest sees where the video room lives: the room itself while it is open,
 * otherwise when it opens (or why it is closed). Video needs JavaScript; without it the page
 * says so and offers the phone.
 */
export function RoomEntry({
  visit,
  via,
  formsHref,
  now = new Date(),
}: {
  visit: PatientVisitView;
  via: "account" | "link" | "guest";
  formsHref: string | null;
  now?: Date;
}) {
  const access = roomAccess(
    {
      status: visit.status,
      modality: visit.modality,
      startsAt: new Date(visit.startsAt),
      endsAt: new Date(visit.endsAt),
    },
    now,
    via === "guest" ? "guest" : "patient",
  );
  const whenText = formatInZone(new Date(visit.startsAt), visit.timeZone);
  if (!access.ok) {
    if (access.reason === "too_early") {
      return (
        <p className="rounded-md border border-slate-300 p-3">
          The video room opens at <strong>{formatInZone(roomOpensAt(new Date(visit.startsAt)), visit.timeZone)}</strong>
          , one hour before your visit.{" "}
          {via === "link" ? "Open the link from your message again then." : "Come back to this page then."}
        </p>
      );
    }
    if (access.reason === "not_video") return null;
    return (
      <p className="rounded-md border border-slate-300 p-3">
        {access.reason === "cancelled" ? "This visit was cancelled." : "This visit is over. Thank you."}
      </p>
    );
  }
  return (
    <>
      <noscript>
        <p className="rounded-md border-2 border-amber-600 bg-amber-50 p-3">
          Video visits need JavaScript turned on in your browser. If you cannot turn it on, call the clinic and we will
          do your visit by phone.
        </p>
      </noscript>
      <PatientRoom
        visitId={visit.id}
        via={via}
        clinicianName={visit.clinicianName}
        whenText={whenText}
        formsHref={formsHref}
      />
    </>
  );
}
