// Longer than 300 lines on purpose: the visit page is one screen whose sections (details, consent,
// huddle, licensure, forms, actions) each read the same visit; every section's logic lives in its
// module, this file only lays them out.
import type { Metadata } from "next";
import Link from "next/link";
import { Icon } from "@/components/ui/icon";
import { forwardIcon } from "@/components/ui/icons";
import { notFound } from "next/navigation";
import { buttonClass } from "@/components/ui/button-class";
import { Notice } from "@/components/ui/form-status";
import { PageHeader } from "@/components/ui/page-header";
import { careTeamRoles } from "@/modules/identity/core/roles";
import { formatUsPhone } from "@/modules/patients/core/format";
import {
  cancelVisitAction,
  issueJoinLinkAction,
  rescheduleVisitAction,
  switchModalityAction,
  transitionVisitAction,
} from "@/modules/scheduling/actions";
import { clinicTimeZone, searchOpenSlots, getVisit } from "@/modules/scheduling/index.server";
import {
  CancelForm,
  JoinLinkForm,
  RescheduleForm,
  SwitchModalityForm,
  TransitionForm,
} from "@/modules/scheduling/components/visit-actions";
import { ModalityChip, StatusChip } from "@/modules/scheduling/components/visit-chips";
import { addDays, formatInZone, wallClockAt } from "@/modules/scheduling/core/time";
import {
  canEditSchedule,
  canSwitchModality,
  statusLabels,
  transitionLabels,
  transitionTable,
  type VisitTransition,
} from "@/modules/scheduling/core/visit-lifecycle";
import { canSchedule, transitionAction } from "@/modules/scheduling/policy";
import { startVisitWithConsentAction } from "@/modules/consent/actions";
import { ConsentExceptionNotice } from "@/modules/consent/components/consent-section";
import { StartWithConsentForms } from "@/modules/consent/components/start-consent-forms";
import { getCurrentConsentTexts, getPatientConsents } from "@/modules/consent/index.server";
import { CONSENT_EXCEPTION_EVENT } from "@/modules/consent/core/start-consent";
import { inviteGuestAction } from "@/modules/video/actions";
import { InviteGuestForm } from "@/modules/video/components/invite-guest-form";
import { BeforeVisitPanel } from "@/modules/care-program/components/before-visit";
import { getBeforeVisit, getPatientDeaStatus, getVisitLicensure } from "@/modules/care-program/index.server";
import { DeaFlag } from "@/modules/care-program/components/dea-flag";
import { LicensureNotice } from "@/modules/care-program/components/licensure-notice";
import { StateAtVisitField } from "@/modules/care-program/components/state-at-visit-field";
import { requireActor } from "@/server/auth/actor";
import { isUuid, orNotFound } from "@/server/page-data";
import { getRequestContext } from "@/server/request-context";

export const metadata: Metadata = { title: "Visit" };

const savedMessages: Record<string, string> = {
  rescheduled: "Visit moved. Reminders and calendar files now show the new time.",
  cancelled: "Visit cancelled.",
  modality: "Changed how the visit happens.",
  check_in: "Patient checked in.",
  start: "Visit started.",
  complete: "Visit completed.",
  mark_no_show: "Marked as no-show.",
};

export default async function VisitPage({
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
  const v = await orNotFound(getVisit(actor, id, ctx));
  const [consents, huddle, licensure, dea] = await Promise.all([
    getPatientConsents(actor, v.patientId, ctx),
    getBeforeVisit(actor, [v.id], ctx),
    getVisitLicensure(actor, v.id, ctx),
    getPatientDeaStatus(actor, v.patientId, ctx),
  ]);
  const beforeVisit = huddle[v.id];
  const consent = v.modality === "VIDEO" ? consents.video : consents.phone;
  const tz = clinicTimeZone();
  const start = new Date(v.startsAt);
  const steps = (Object.keys(transitionTable[v.status]) as VisitTransition[]).filter(
    (t) => t !== "CANCEL" && canSchedule(actor.role, transitionAction[t]),
  );
  const canReschedule = canEditSchedule(v.status) && canSchedule(actor.role, "visit.reschedule");
  const options = canReschedule
    ? (
        await searchOpenSlots(actor, {
          patientId: v.patientId,
          clinicianId: v.clinicianId,
          visitTypeId: v.visitTypeId,
          from: wallClockAt(new Date(), tz).date,
          to: addDays(wallClockAt(new Date(), tz).date, 13),
          excludeVisitId: v.id,
          limit: 120,
        }).catch(() => ({ slots: [] }))
      ).slots.map((s) => ({ value: `${s.clinicianId}|${s.startsAt}`, label: formatInZone(new Date(s.startsAt), tz) }))
    : [];
  const booked = Number(sp.booked ?? 0);
  // Starting needs consent (or an emergency reason): without it on file, Start is the consent step.
  const startText =
    steps.includes("START") && consent.state !== "valid" ? (await getCurrentConsentTexts())[v.modality] : undefined;
  const exception = v.events.find((e) => e.kind === CONSENT_EXCEPTION_EVENT);
  return (
    <>
      <PageHeader
        title={`${v.patientName} · ${formatInZone(start, tz)}`}
        description={`${v.visitTypeName}, ${v.durationMinutes} min, with ${v.clinicianName}. Clinic time (${tz}).`}
        actions={
          <>
            <a href={`/api/visits/${v.id}/ics`} download className={buttonClass("secondary")}>
              Download .ics
            </a>
            <Link href={`/patients/${v.patientId}`} className={buttonClass("secondary")}>
              Open chart
            </Link>
            {actor.role === "CLINICIAN" &&
            v.modality === "VIDEO" &&
            ["SCHEDULED", "CHECKED_IN", "IN_PROGRESS"].includes(v.status) ? (
              <Link href={`/visits/${v.id}/room`} className={buttonClass("primary")}>
                Open video room
              </Link>
            ) : null}
            {actor.role === "CLINICIAN" || actor.role === "COORDINATOR" ? (
              <Link href={`/visits/${v.id}/note`} className={buttonClass("primary")}>
                Visit note
              </Link>
            ) : null}
          </>
        }
      />
      <div className="mb-4 flex flex-col gap-2">
        {booked ? (
          <Notice kind="success">
            {booked > 1 ? `${booked} visits booked (recurring).` : "Visit booked."} Reminders will go out 24 hours and 1
            hour before.
          </Notice>
        ) : null}
        {sp.saved && savedMessages[sp.saved] ? <Notice kind="success">{savedMessages[sp.saved]}</Notice> : null}
        {exception ? (
          <ConsentExceptionNotice
            exception={{
              at: exception.at,
              reason: exception.reason ?? "",
              byName: exception.actorName,
              consentKind: v.modality,
            }}
            timeZone={tz}
          />
        ) : null}
        {consent.state !== "valid" &&
        !exception &&
        (v.status === "SCHEDULED" || v.status === "CHECKED_IN" || v.status === "IN_PROGRESS") ? (
          <Notice kind="warning">
            No valid {v.modality === "VIDEO" ? "video" : "telephone"} consent is on file for this patient. Capture it
            before starting the visit:{" "}
            <Link href={`/patients/${v.patientId}#consent-h`} className="font-semibold underline">
              record consent on the chart
            </Link>
            .
          </Notice>
        ) : null}
        {v.status !== "CANCELLED" && v.status !== "NO_SHOW" ? (
          <LicensureNotice view={licensure} editable={v.status !== "COMPLETED"} idPrefix="visit-lic" />
        ) : null}
        <DeaFlag status={dea} chartHref={`/patients/${v.patientId}#in-person`} />
      </div>
      <div className="grid gap-6 lg:grid-cols-2 [&>*]:min-w-0">
        <section aria-labelledby="details-h" className="rounded-lg border border-slate-200 bg-white p-4">
          <h2 id="details-h" className="mb-3 text-lg font-semibold">
            Details
          </h2>
          <dl className="grid grid-cols-[max-content_minmax(0,1fr)] gap-x-4 gap-y-2 [overflow-wrap:anywhere]">
            <dt className="text-slate-600">Status</dt>
            <dd>
              <StatusChip status={v.status} />
            </dd>
            <dt className="text-slate-600">How</dt>
            <dd>
              <ModalityChip modality={v.modality} />
              {v.modality === "PHONE" ? <> · call {formatUsPhone(v.phoneNumber)}</> : null}
            </dd>
            <dt className="text-slate-600">Clinic time</dt>
            <dd>{formatInZone(start, tz)}</dd>
            <dt className="text-slate-600">Patient&apos;s time</dt>
            <dd>
              {formatInZone(start, v.patientTimeZone)} ({v.patientTimeZone})
            </dd>
            <dt className="text-slate-600">Reason</dt>
            <dd className="whitespace-pre-wrap">{v.reason}</dd>
            {v.cancelReason ? (
              <>
                <dt className="text-slate-600">Cancelled because</dt>
                <dd>{v.cancelReason}</dd>
              </>
            ) : null}
            <dt className="text-slate-600">MRN</dt>
            <dd className="font-mono">{v.patientMrn}</dd>
            <dt className="text-slate-600">Reminders waiting</dt>
            <dd>{v.pendingReminders}</dd>
          </dl>
        </section>
        <section
          aria-labelledby="actions-h"
          className="flex flex-col gap-5 rounded-lg border border-slate-200 bg-white p-4"
        >
          <h2 id="actions-h" className="text-lg font-semibold">
            Actions
          </h2>
          {steps.length ? (
            <div className="flex flex-wrap gap-3">
              {steps.map((t) =>
                t === "START" && startText !== undefined ? (
                  <StartWithConsentForms
                    key={t}
                    action={startVisitWithConsentAction.bind(null, v.id)}
                    view={{ kind: v.modality, status: consent, text: startText }}
                    idPrefix="t-START"
                  />
                ) : (
                  <TransitionForm
                    key={t}
                    id={`t-${t}`}
                    action={transitionVisitAction.bind(null, v.id)}
                    transition={t}
                    label={t === "START" && v.modality === "PHONE" ? "Call now (start)" : transitionLabels[t]}
                  >
                    {t === "CHECK_IN" ? (
                      <StateAtVisitField
                        current={licensure.state}
                        suggestion={licensure.suggestion}
                        id="checkin-state"
                      />
                    ) : null}
                  </TransitionForm>
                ),
              )}
            </div>
          ) : (
            <p className="text-slate-700">
              This visit is {statusLabels[v.status].label.toLowerCase()}; no further steps.
            </p>
          )}
          {v.modality === "VIDEO" &&
          ["SCHEDULED", "CHECKED_IN", "IN_PROGRESS"].includes(v.status) &&
          canSchedule(actor.role, "visit.issueJoinLink") ? (
            <details className="rounded-md border border-slate-200 p-3">
              <summary className="cursor-pointer font-medium">Patient join link</summary>
              <p className="my-2 text-sm text-slate-700">
                A secure link for this patient and this visit only. The patient can open it again until an hour after
                the visit ends, after typing their date of birth. Making a new one stops older ones from opening.
              </p>
              <JoinLinkForm action={issueJoinLinkAction.bind(null, v.id)} />
            </details>
          ) : null}
          {v.modality === "VIDEO" && ["SCHEDULED", "CHECKED_IN", "IN_PROGRESS"].includes(v.status) ? (
            <details className="rounded-md border border-slate-200 p-3">
              <summary className="cursor-pointer font-medium">Invite a caregiver or interpreter</summary>
              <p className="my-2 text-sm text-slate-700">
                They get their own link to the video room. It works until the room closes; the clinician lets them in.
              </p>
              <InviteGuestForm action={inviteGuestAction.bind(null, v.id)} />
            </details>
          ) : null}
          {canReschedule ? (
            <details className="rounded-md border border-slate-200 p-3">
              <summary className="cursor-pointer font-medium">Reschedule</summary>
              <RescheduleForm action={rescheduleVisitAction.bind(null, v.id)} sequence={v.sequence} options={options} />
            </details>
          ) : null}
          {canSwitchModality(v.status) && canSchedule(actor.role, "visit.switchModality") ? (
            <details className="rounded-md border border-slate-200 p-3">
              <summary className="cursor-pointer font-medium">
                {v.modality === "VIDEO" ? "Switch to phone" : "Switch to video"}
              </summary>
              <SwitchModalityForm
                action={switchModalityAction.bind(null, v.id)}
                to={v.modality === "VIDEO" ? "PHONE" : "VIDEO"}
                phoneHint={v.patientPhone ? `Leave empty to use ${formatUsPhone(v.patientPhone)}` : "No number on file"}
              />
            </details>
          ) : null}
          {transitionTable[v.status].CANCEL && canSchedule(actor.role, "visit.cancel") ? (
            <details className="rounded-md border border-red-200 p-3">
              <summary className="cursor-pointer font-medium text-red-800">Cancel visit</summary>
              <CancelForm action={cancelVisitAction.bind(null, v.id)} />
            </details>
          ) : null}
        </section>
      </div>
      {beforeVisit ? (
        <div className="mt-6">
          <BeforeVisitPanel view={beforeVisit} />
        </div>
      ) : null}
      <section aria-labelledby="history-h" className="mt-6 rounded-lg border border-slate-200 bg-white p-4">
        <h2 id="history-h" className="mb-3 text-lg font-semibold">
          History
        </h2>
        <ol className="flex flex-col gap-2">
          {v.events.map((e, i) => (
            <li key={i}>
              <span className="font-medium">{formatInZone(new Date(e.at), tz)}</span> ·{" "}
              {e.kind.replaceAll("_", " ").toLowerCase()}
              {e.toStatus ? (
                <>
                  {" "}
                  <Icon icon={forwardIcon} />
                  <span className="sr-only">to</span> {statusLabels[e.toStatus].label}
                </>
              ) : null}{" "}
              · by {e.actorName ?? "the system"}
              {e.reason ? <span className="text-slate-700"> · &ldquo;{e.reason}&rdquo;</span> : null}
            </li>
          ))}
        </ol>
      </section>
    </>
  );
}
