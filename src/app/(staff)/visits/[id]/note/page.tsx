import type { Metadata } from "next";
import { formatDateTimeInZone } from "@/modules/patients/core/format";
import { Icon, IconText } from "@/components/ui/icon";
import { backIcon, draftIcon, lockIcon, phoneIcon, videoIcon, warningIcon } from "@/components/ui/icons";
import Link from "next/link";
import { notFound } from "next/navigation";
import { buttonClass } from "@/components/ui/button-class";
import { Notice } from "@/components/ui/form-status";
import { careTeamRoles } from "@/modules/identity/core/roles";
import { ConsentChip, ConsentExceptionNotice } from "@/modules/consent/components/consent-section";
import { getConsentException } from "@/modules/consent/index.server";
import { reviewedLines } from "@/modules/care-program/core/huddle";
import { AddendumForm, NoteForm } from "@/modules/visit-notes/components/note-form";
import { PrintButton } from "@/modules/visit-notes/components/print-button";
import { audioOnlyReasons, participantRoles, virtualReasons } from "@/modules/visit-notes/core/note-rules";
import { describeTimesProvenance, type TimeSource } from "@/modules/visit-notes/core/note-times";
import { getVisitNote, toLocalInput } from "@/modules/visit-notes/index.server";
import { LicensureNotice } from "@/modules/care-program/components/licensure-notice";
import { requireActor } from "@/server/auth/actor";
import { isUuid, orNotFound } from "@/server/page-data";
import { getRequestContext } from "@/server/request-context";

export const metadata: Metadata = { title: "Visit note" };

export default async function VisitNotePage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | undefined>>;
}) {
  const actor = await requireActor(careTeamRoles);
  const { id } = await params;
  if (!isUuid(id)) notFound();
  const sp = await searchParams;
  const ctx = await getRequestContext();
  const view = await orNotFound(getVisitNote(actor, id, ctx));
  const { visit, note, timeZone: tz } = view;
  // A visit started without consent as an emergency says so, with the reason, on its note.
  const exception = await getConsentException(actor, visit.id, ctx);
  const signed = note.status === "SIGNED";
  return (
    <article className="flex flex-col gap-4">
      <header className="border-b border-slate-200 pb-3">
        <p className="no-print">
          <Link href={`/visits/${visit.id}`} className="underline">
            <Icon icon={backIcon} className="mr-1" />
            Back to the visit
          </Link>
        </p>
        <h1 className="text-2xl font-bold">Visit note: {visit.patientName}</h1>
        <p className="text-slate-700">
          DOB {visit.birthDate} · MRN <span className="font-mono">{visit.mrn}</span> ·{" "}
          <Icon icon={visit.modality === "VIDEO" ? videoIcon : phoneIcon} className="mr-1" />
          {visit.modality === "VIDEO" ? "Video" : "Phone"} visit {formatDateTimeInZone(visit.startsAt, tz)} with{" "}
          {visit.clinicianName} · {visit.reason}
        </p>
        <div className="mt-2 flex flex-wrap items-center gap-2">
          <span
            className={`inline-flex items-center gap-1 rounded-full border px-2 py-0.5 text-sm font-medium ${signed ? "border-teal-700 bg-teal-50" : "border-slate-400"}`}
          >
            <Icon icon={signed ? lockIcon : draftIcon} />{" "}
            {signed ? `Signed by ${note.signedBy} ${formatDateTimeInZone(note.signedAt, tz)}` : "Draft"}
          </span>
          <ConsentChip
            label={view.consentKind === "VIDEO" ? "Video consent" : "Telephone consent"}
            status={view.consent}
          />
        </div>
      </header>
      {exception ? <ConsentExceptionNotice exception={exception} timeZone={tz} /> : null}
      {/* Licensure: a warning section in the note itself (and its PDF); the state is edited in the header below ("Patient's state today"). */}
      {view.licensure ? <LicensureNotice view={{ ...view.licensure, beforeStart: false }} idPrefix="note-lic" /> : null}
      {sp.saved ? <Notice kind="success">Draft saved.</Notice> : null}
      {sp.signed ? <Notice kind="success">Note signed and locked. Later changes go in an addendum.</Notice> : null}
      {view.consent.state !== "valid" && !signed ? (
        <Notice kind="warning">
          No valid {view.consentKind === "VIDEO" ? "video" : "telephone"} consent is on file.{" "}
          <Link href={`/patients/${visit.patientId}#consent-h`} className="font-semibold underline">
            Record the patient&apos;s consent
          </Link>{" "}
          before signing.
        </Notice>
      ) : null}
      {view.assessments.length ? (
        <section aria-labelledby="measures-h" className="rounded-lg border border-slate-200 bg-white p-3">
          <h2 id="measures-h" className="font-semibold">
            This visit&apos;s pre-visit measures
          </h2>
          <ul className="flex flex-wrap gap-4">
            {view.assessments.map((a, i) => (
              <li key={i}>
                {a.instrument === "PHQ9" ? "PHQ-9" : "PEG"}: <span className="font-semibold">{a.display}</span> (
                {formatDateTimeInZone(a.answeredAt, tz)})
                {a.safetyFlag ? (
                  <>
                    {" "}
                    <IconText icon={warningIcon}>item 9 above 0</IconText>
                  </>
                ) : null}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <ReviewedBeforeVisitSection lines={reviewedLines(view.reviewed)} />
      {!signed && !view.visitStep.ok && actor.role === "CLINICIAN" ? (
        <Notice kind="warning">
          {view.visitStep.message}.{" "}
          <Link href={`/visits/${visit.id}`} className="font-semibold underline">
            Open the visit
          </Link>
          . You can still save a draft.
        </Notice>
      ) : null}
      {view.modalitySwitchReason && !signed ? (
        <Notice kind="info">This visit was switched to another modality: “{view.modalitySwitchReason}”.</Notice>
      ) : null}

      {signed ? (
        <>
          <dl className="grid gap-x-6 gap-y-2 rounded-lg border border-slate-200 bg-white p-4 [overflow-wrap:anywhere] sm:grid-cols-[max-content_minmax(0,1fr)]">
            <dt className="font-semibold">Modality</dt>
            <dd>
              {note.modalityUsed === "AUDIO_VIDEO"
                ? `Audio-video (${note.platform})`
                : `Audio-only: ${note.audioOnlyReason ? audioOnlyReasons[note.audioOnlyReason] : ""}`}
            </dd>
            <dt className="font-semibold">Why virtual</dt>
            <dd>
              {[
                ...note.virtualReasons.map((r) => virtualReasons[r as keyof typeof virtualReasons] ?? r),
                ...(note.virtualReasonOther ? [note.virtualReasonOther] : []),
              ].join("; ")}
            </dd>
            <dt className="font-semibold">Patient location</dt>
            <dd>
              {note.patientLocation ? `${note.patientLocation}, ` : ""}
              {note.patientState}
              {note.patientAtHome ? " (at home)" : ""}
            </dd>
            <dt className="font-semibold">Clinician location</dt>
            <dd>{note.clinicianLocation}</dd>
            <dt className="font-semibold">Participants</dt>
            <dd>
              {note.participants.length
                ? note.participants.map((p) => `${p.name} (${participantRoles[p.role]})`).join(", ")
                : "Patient and clinician only"}
            </dd>
            <dt className="font-semibold">Time</dt>
            <dd>
              {formatDateTimeInZone(note.startedAt, tz)} to {formatDateTimeInZone(note.endedAt, tz)}
              {note.startSource && note.endSource ? (
                <span className="block text-sm text-slate-700">{timesProvenance(note, tz)}</span>
              ) : null}
            </dd>
            <dt className="font-semibold">Limits of the remote exam</dt>
            <dd className="whitespace-pre-line">{note.examLimits}</dd>
            {note.homeObservations ? (
              <>
                <dt className="font-semibold">Home setting</dt>
                <dd className="whitespace-pre-line">{note.homeObservations}</dd>
              </>
            ) : null}
            <dt className="font-semibold">Assessment</dt>
            <dd className="whitespace-pre-line">{note.assessment}</dd>
            <dt className="font-semibold">Plan</dt>
            <dd className="whitespace-pre-line">{note.plan}</dd>
            <dt className="font-semibold">Billing</dt>
            <dd>
              {note.billingCode} · modifier {note.billingModifier} · place of service {note.placeOfService}
              {note.billingOverrideReason ? ` · changed from suggestion: ${note.billingOverrideReason}` : ""}
            </dd>
            <dt className="font-semibold">New or established</dt>
            <dd>
              {note.newPatient ? "New patient" : "Established patient"}
              {note.patientStatusBasis ? (
                <span className="block text-sm text-slate-700">{note.patientStatusBasis}</span>
              ) : null}
              {note.newPatientOverrideReason ? (
                <span className="block text-sm">
                  Changed from the clinic&apos;s history because: {note.newPatientOverrideReason}
                </span>
              ) : null}
            </dd>
          </dl>
          <section aria-labelledby="addenda-h" className="flex flex-col gap-2">
            <h2 id="addenda-h" className="text-lg font-semibold">
              Addenda
            </h2>
            {view.addenda.length === 0 ? <p className="text-slate-700">None.</p> : null}
            <ol className="flex flex-col gap-2">
              {view.addenda.map((a) => (
                <li key={a.id} className="rounded-md border border-slate-200 bg-white p-3">
                  <p className="text-sm font-semibold">
                    {a.author}, {formatDateTimeInZone(a.at, tz)}
                  </p>
                  <p className="whitespace-pre-line">{a.text}</p>
                </li>
              ))}
            </ol>
            {actor.role === "CLINICIAN" ? <AddendumForm visitId={visit.id} /> : null}
          </section>
          <div className="no-print flex flex-wrap gap-3">
            <PrintButton />
            <a href={`/api/visits/${visit.id}/note-pdf`} className={buttonClass("secondary")}>
              Download PDF
            </a>
          </div>
        </>
      ) : actor.role === "CLINICIAN" ? (
        <NoteForm
          timeZone={tz}
          suggestion={{ code: view.billing.code, rules: view.billing.rules }}
          facts={{
            recordedStart: note.recordedStartedAt ? formatDateTimeInZone(note.recordedStartedAt, tz) : null,
            recordedEnd: note.recordedEndedAt ? formatDateTimeInZone(note.recordedEndedAt, tz) : null,
            visitInProgress: visit.status === "IN_PROGRESS",
            patientStatus: {
              newPatient: view.patientStatus?.newPatient ?? note.newPatient,
              summary: note.patientStatusBasis ?? "",
              rule: view.patientStatus?.rule ?? "",
            },
          }}
          initial={{
            visitId: visit.id,
            version: note.version,
            modalityUsed: note.modalityUsed,
            platform: note.platform ?? "",
            audioOnlyReason: note.audioOnlyReason ?? "",
            virtualReasons: note.virtualReasons,
            virtualReasonOther: note.virtualReasonOther ?? "",
            patientState: note.patientState ?? "",
            patientLocation: note.patientLocation ?? "",
            patientAtHome: note.patientAtHome,
            clinicianLocation: note.clinicianLocation ?? "",
            participants: note.participants,
            startedAt: toLocalInput(note.startedAt, tz),
            endedAt: toLocalInput(note.endedAt, tz),
            timesReason: note.timesReason ?? "",
            examLimits: note.examLimits ?? "",
            homeObservations: note.homeObservations ?? "",
            assessment: note.assessment ?? "",
            plan: note.plan ?? "",
            payer: note.payer,
            patientStatus: note.newPatient ? "NEW" : "ESTABLISHED",
            newPatientOverrideReason: note.newPatientOverrideReason ?? "",
            billingCode: note.billingCode ?? "",
            billingOverrideReason: note.billingOverrideReason ?? "",
          }}
        />
      ) : (
        <p>The clinician has not signed the note yet.</p>
      )}
    </article>
  );
}

function timesProvenance(
  note: {
    startSource: TimeSource | null;
    endSource: TimeSource | null;
    recordedStartedAt: string | null;
    recordedEndedAt: string | null;
    timesReason: string | null;
  },
  tz: string,
): string {
  return describeTimesProvenance({
    startSource: note.startSource!,
    endSource: note.endSource!,
    recordedStart: formatDateTimeInZone(note.recordedStartedAt, tz),
    recordedEnd: formatDateTimeInZone(note.recordedEndedAt, tz),
    reason: note.timesReason,
  });
}

/** What the pre-visit huddle documented for this visit (PDMP, naloxone, risk history, UDT, forms), read live. */
function ReviewedBeforeVisitSection({ lines }: { lines: { label: string; text: string }[] }) {
  return (
    <section aria-labelledby="reviewed-h" className="rounded-lg border border-slate-200 bg-white p-3">
      <h2 id="reviewed-h" className="font-semibold">
        Reviewed before the visit
      </h2>
      {lines.length === 0 ? (
        <p className="text-slate-700">Nothing documented in the pre-visit huddle for this visit.</p>
      ) : (
        <ul className="flex flex-col gap-1">
          {lines.map((l, i) => (
            <li key={i}>
              <span className="font-semibold">{l.label}:</span> {l.text}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
