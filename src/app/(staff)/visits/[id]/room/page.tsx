import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Notice } from "@/components/ui/form-status";
import { AssessmentResultsPanel } from "@/modules/assessments/components/results-panel";
import { getAssessmentResults, listPatientAlerts } from "@/modules/assessments/index.server";
import { ConsentChip } from "@/modules/consent/components/consent-section";
import { getCurrentConsentTexts, getPatientConsents } from "@/modules/consent/index.server";
import { formatUsPhone } from "@/modules/patients/core/format";
import { clinicTimeZone, getVisit } from "@/modules/scheduling/index.server";
import { ModalityChip, StatusChip } from "@/modules/scheduling/components/visit-chips";
import { formatInZone } from "@/modules/scheduling/core/time";
import { inviteGuestAction } from "@/modules/video/actions";
import { ClinicianRoom } from "@/modules/video/components/clinician-room";
import { InviteGuestForm } from "@/modules/video/components/invite-guest-form";
import { SideChartsPanel } from "@/modules/video/components/side-charts-panel";
import { getRoomRoster } from "@/modules/video/index.server";
import { BeforeVisitPanel } from "@/modules/care-program/components/before-visit";
import { getBeforeVisit, getPatientDeaStatus, getVisitLicensure } from "@/modules/care-program/index.server";
import { DeaFlag } from "@/modules/care-program/components/dea-flag";
import { LicensureNotice } from "@/modules/care-program/components/licensure-notice";
import { requireActor } from "@/server/auth/actor";
import { isUuid, orNotFound } from "@/server/page-data";
import { getRequestContext } from "@/server/request-context";

export const metadata: Metadata = { title: "Video visit" };

/** What the charts' axes show, in words beside them. */
const sideChartsLegend =
  "In each chart: up the side, the score (PEG 0 to 10, PHQ-9 0 to 27; lower is better); along the bottom, the date it was answered. Point at a dot to see its date and score.";

/**
 * The clinician's visit screen for a video visit: the call on the left, the patient's PEG and
 * PHQ-9 results and trends, open safety alerts, consent status and the note on the right.
 */
export default async function VideoRoomPage({ params }: { params: Promise<{ id: string }> }) {
  const actor = await requireActor(["CLINICIAN"]);
  const { id } = await params;
  if (!isUuid(id)) notFound();
  const ctx = await getRequestContext();
  const v = await orNotFound(getVisit(actor, id, ctx));
  const [roster, results, alerts, consents, texts, huddle, licensure, dea] = await Promise.all([
    getRoomRoster(actor, id, ctx),
    getAssessmentResults(actor, v.patientId, ctx),
    listPatientAlerts(actor, v.patientId),
    getPatientConsents(actor, v.patientId, ctx),
    getCurrentConsentTexts(),
    getBeforeVisit(actor, [v.id], ctx),
    getVisitLicensure(actor, id, ctx),
    getPatientDeaStatus(actor, v.patientId, ctx),
  ]);
  const beforeVisit = huddle[v.id];
  const consent = v.modality === "VIDEO" ? consents.video : consents.phone;
  const text = texts[v.modality];
  const tz = clinicTimeZone();
  const openAlerts = alerts.filter((a) => a.status === "OPEN");
  const roomClosed = v.status === "CANCELLED" || v.status === "NO_SHOW";
  return (
    <>
      <div className="mb-4 flex flex-wrap items-center justify-between gap-3">
        <div>
          <h1 className="text-2xl font-bold">{v.patientName} · video visit</h1>
          <p className="flex flex-wrap items-center gap-2 text-slate-700">
            {formatInZone(new Date(v.startsAt), tz)} · {v.visitTypeName} · <ModalityChip modality={v.modality} />{" "}
            <StatusChip status={v.status} />
          </p>
        </div>
        <nav aria-label="Visit" className="flex gap-3">
          <Link href={`/visits/${v.id}`} className="underline">
            Visit details
          </Link>
          <Link href={`/patients/${v.patientId}`} className="underline">
            Chart
          </Link>
        </nav>
      </div>
      {openAlerts.length ? (
        <div className="mb-4">
          <Notice kind="error">
            Open PHQ-9 safety alert: item 9 answered {openAlerts[0]!.item9Answer} on{" "}
            {formatInZone(new Date(openAlerts[0]!.createdAt), tz)}. Assess suicide risk in this visit.{" "}
            <Link href={`/alerts/${openAlerts[0]!.id}`} className="font-semibold underline">
              Open the alert
            </Link>
          </Notice>
        </div>
      ) : null}
      {/* A licensure warning stands above the call (before the patient is let in); a clean check sits in the side panel. */}
      {!roomClosed && licensure.check.status === "WARNING" ? (
        <div className="mb-4">
          <LicensureNotice view={licensure} editable={v.status !== "COMPLETED"} idPrefix="room-lic" />
        </div>
      ) : null}
      <div className="grid gap-6 xl:grid-cols-[minmax(0,3fr)_minmax(0,2fr)] [&>*]:min-w-0">
        <div className="flex flex-col gap-4">
          {roomClosed ? (
            <Notice kind="info">
              This visit is {v.status === "CANCELLED" ? "cancelled" : "marked as a no-show"}: its room is closed.
            </Notice>
          ) : (
            <ClinicianRoom
              visitId={v.id}
              patientName={v.patientName}
              patientPhone={v.phoneNumber ?? v.patientPhone}
              timeZone={tz}
              initialRoster={roster}
              startConsent={{
                kind: v.modality,
                state: consent.state,
                text: text ? { id: text.id, version: text.version, title: text.title, body: text.body } : null,
              }}
            />
          )}
          {!roomClosed && v.modality === "VIDEO" && v.status !== "COMPLETED" ? (
            <details className="rounded-lg border border-slate-200 bg-white p-4">
              <summary className="cursor-pointer font-semibold">Invite a caregiver or interpreter</summary>
              <div className="mt-3">
                <InviteGuestForm action={inviteGuestAction.bind(null, v.id)} />
              </div>
            </details>
          ) : null}
        </div>
        <aside aria-label="Patient information" className="flex flex-col gap-4">
          {!roomClosed && licensure.check.status === "OK" ? (
            <LicensureNotice view={licensure} editable={v.status !== "COMPLETED"} idPrefix="room-lic" heading="h2" />
          ) : null}
          <DeaFlag status={dea} chartHref={`/patients/${v.patientId}#in-person`} />
          {beforeVisit ? <BeforeVisitPanel view={beforeVisit} /> : null}
          <section aria-labelledby="ctx-consent-h" className="rounded-lg border border-slate-200 bg-white p-4">
            <h2 id="ctx-consent-h" className="mb-2 text-lg font-semibold">
              Consent
            </h2>
            <div className="flex flex-wrap gap-2">
              <ConsentChip label="Video" status={consents.video} />
              <ConsentChip label="Telephone" status={consents.phone} />
            </div>
            {consent.state !== "valid" && (v.status === "SCHEDULED" || v.status === "CHECKED_IN") ? (
              <p className="mt-2 text-sm">
                No valid {v.modality === "VIDEO" ? "video" : "telephone"} consent: letting the patient in asks you to
                record their verbal consent, or to give the reason the visit cannot wait.
              </p>
            ) : null}
          </section>
          <section aria-labelledby="ctx-note-h" className="rounded-lg border border-slate-200 bg-white p-4">
            <h2 id="ctx-note-h" className="mb-2 text-lg font-semibold">
              Note
            </h2>
            <p className="mb-2 text-sm text-slate-700">
              Start and end times, participants and an audio-only fallback are filled in from this call.
            </p>
            <Link href={`/visits/${v.id}/note`} target="_blank" className="font-semibold text-teal-900 underline">
              Open the visit note (new tab)
            </Link>
            {v.phoneNumber || v.patientPhone ? (
              <p className="mt-2 text-sm">Patient phone: {formatUsPhone(v.phoneNumber ?? v.patientPhone)}</p>
            ) : null}
          </section>
          {results.recent.length === 0 ? (
            <section aria-labelledby="ctx-assess-h" className="rounded-lg border border-slate-200 bg-white p-4">
              <h2 id="ctx-assess-h" className="mb-2 text-lg font-semibold">
                PEG and PHQ-9
              </h2>
              <p className="text-slate-700">No PEG or PHQ-9 answers yet.</p>
            </section>
          ) : (
            <SideChartsPanel title="PEG and PHQ-9" legend={sideChartsLegend}>
              <AssessmentResultsPanel results={results} timeZone={tz} compact />
            </SideChartsPanel>
          )}
        </aside>
      </div>
    </>
  );
}
