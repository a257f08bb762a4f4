import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { PatientVisitDetails } from "@/modules/scheduling/components/patient-visit-card";
import { getVisitForLinkSession } from "@/modules/scheduling/index.server";
import { RoomEntry } from "@/modules/video/components/room-entry";
import { roomAccess } from "@/modules/video/core/room-rules";
import { pendingFormsForVisit } from "@/modules/video/index.server";
import { requireLinkSession } from "@/modules/patient-access/index.server";
import { appPageLanguage } from "@/i18n/request-locale.server";
import { getRequestContext } from "@/server/request-context";

export const metadata: Metadata = { title: "Your visit" };

/**
 * The page a video join link opens (no account needed). Access comes only from the link's
 * short-lived session, bound to one patient and one visit: the device check, the waiting room and
 * the call happen here. The same session opens the patient's pre-visit forms (/f/forms) from the
 * waiting room (the visit-join purpose grants forms, patient-access/core/purposes.ts).
 */
export default async function LinkedVisitPage() {
  const session = await requireLinkSession("visit-join");
  const visit = await getVisitForLinkSession(session, await getRequestContext());
  if (!visit || visit.status === "CANCELLED") redirect("/link-expired?reason=revoked");
  const forms = await pendingFormsForVisit(visit.id, session.patientId);
  const language = await appPageLanguage(visit.preferredLanguage);
  // While the room is open the call comes first; otherwise the visit's details do.
  const roomOpen = roomAccess(
    { ...visit, startsAt: new Date(visit.startsAt), endsAt: new Date(visit.endsAt) },
    new Date(),
    "patient",
  ).ok;
  return (
    <main id="main" className="mx-auto flex max-w-2xl flex-col gap-4 px-4 py-6">
      <h1 className="text-2xl font-bold">Hello, {visit.givenName}. Here is your visit.</h1>
      {visit.modality === "VIDEO" ? (
        <RoomEntry visit={visit} via="link" formsHref={forms ? "/f/forms" : null} language={language} />
      ) : null}
      <details className="rounded-xl border border-slate-200 bg-white p-4" open={!roomOpen}>
        <summary className="cursor-pointer font-semibold">Visit details and how to get ready</summary>
        <div className="mt-3">
          <PatientVisitDetails visit={visit} icsHref={null} />
        </div>
      </details>
    </main>
  );
}
