import { dateTimeFormat } from "@/lib/intl-cache";
import type { Metadata } from "next";
import Link from "next/link";
import { Icon, IconText } from "@/components/ui/icon";
import { pendingIcon, waitingIcon, warningIcon } from "@/components/ui/icons";
import { buttonClass } from "@/components/ui/button-class";
import { PageHeader } from "@/components/ui/page-header";
import { formatUsPhone } from "@/modules/patients/core/format";
import { transitionVisitAction } from "@/modules/scheduling/actions";
import { clinicTimeZone, listTodayVisits, type VisitListItem } from "@/modules/scheduling/index.server";
import { TransitionForm } from "@/modules/scheduling/components/visit-actions";
import { ModalityChip, StatusChip } from "@/modules/scheduling/components/visit-chips";
import { formatInZone } from "@/modules/scheduling/core/time";
import { getFormStatusForVisits } from "@/modules/assessments/index.server";
import { FormReadinessChip } from "@/modules/assessments/components/status-chip";
import { startVisitWithConsentAction } from "@/modules/consent/actions";
import { StartWithConsentForms } from "@/modules/consent/components/start-consent-forms";
import { startConsentForVisits, type StartConsentView } from "@/modules/consent/index.server";
import { BeforeVisitPanel } from "@/modules/care-program/components/before-visit";
import {
  getBeforeVisit,
  type BeforeVisitView,
  licensureForVisits,
  type VisitLicensureView,
} from "@/modules/care-program/index.server";
import { AutoRefresh } from "@/modules/video/components/auto-refresh";
import { todayPresence } from "@/modules/video/core/presence";
import { listWaiting, type WaitingEntry } from "@/modules/video/index.server";
import { licensureHeadline } from "@/modules/care-program/core/licenses";
import { requireActor } from "@/server/auth/actor";
import { getRequestContext } from "@/server/request-context";

export const metadata: Metadata = { title: "Today" };

/** The clinician's day: today's visits as a timeline with one main action per row. */
export default async function TodayPage() {
  const actor = await requireActor(["CLINICIAN"]);
  const ctx = await getRequestContext();
  const now = new Date();
  const visits = await listTodayVisits(actor, ctx, now);
  // Phone visits start from this page ("Call"): their consent decides which button shows.
  const startsHere = visits.filter(startsFromToday);
  const [forms, waiting, consent, huddle, licensure] = await Promise.all([
    getFormStatusForVisits(visits.map((v) => v.id)),
    listWaiting(
      actor,
      visits.map((v) => v.id),
      now,
    ),
    startsHere.length
      ? startConsentForVisits(actor, startsHere, ctx, now)
      : Promise.resolve({} as Record<string, StartConsentView>),
    // "Before this visit" for every upcoming visit of the day, in one read (one audit row).
    visits.length
      ? getBeforeVisit(
          actor,
          visits.map((v) => v.id),
          ctx,
          now,
        )
      : Promise.resolve({} as Record<string, BeforeVisitView>),
    // A phone visit starts here ("Call"): its licensure warning shows before the call.
    startsHere.length
      ? licensureForVisits(
          actor,
          startsHere.map((v) => v.id),
          ctx,
        )
      : Promise.resolve({} as Record<string, VisitLicensureView>),
  ]);
  const tz = clinicTimeZone();
  const today = dateTimeFormat("en-US", {
    timeZone: tz,
    weekday: "long",
    month: "long",
    day: "numeric",
    timeZoneName: "short",
  }).format(now);
  const active = visits.filter((v) => v.status !== "CANCELLED");
  return (
    <>
      <PageHeader
        title="Today"
        description={`${today} · clinic time (${tz})`}
        actions={
          <Link href="/today/panel" className={buttonClass("secondary")}>
            My patients (panel)
          </Link>
        }
      />
      <AutoRefresh seconds={15} />
      <section aria-labelledby="visits-h">
        <h2 id="visits-h" className="mb-3 text-lg font-semibold">
          Today&apos;s visits <span className="font-normal text-slate-600">({active.length})</span>
        </h2>
        {visits.length === 0 ? (
          <p className="text-slate-700">No visits booked for you today.</p>
        ) : (
          <ol className="flex flex-col gap-2">
            {visits.map((v) => (
              <li
                key={v.id}
                className={`grid gap-2 rounded-lg border bg-white p-3 sm:grid-cols-[7rem_1fr_auto] sm:items-center ${v.status === "CANCELLED" ? "border-dashed border-slate-300 opacity-80" : "border-slate-200"}`}
              >
                <div className="text-lg font-semibold">
                  {formatInZone(new Date(v.startsAt), tz, { withDate: false })}
                </div>
                <div className="flex flex-col gap-1">
                  <span>
                    <Link href={`/visits/${v.id}`} className="font-semibold text-teal-900 underline underline-offset-2">
                      {v.patientName}
                    </Link>{" "}
                    <span className="text-slate-700">
                      · {v.patientAge} y · {v.visitTypeName}
                    </span>
                  </span>
                  <span className="flex flex-wrap items-center gap-2">
                    <ModalityChip modality={v.modality} />
                    {v.modality === "PHONE" && v.phoneNumber ? (
                      <span className="text-sm">{formatUsPhone(v.phoneNumber)}</span>
                    ) : null}
                    <StatusChip status={v.status} />
                    <PresenceNote v={v} now={now} waiting={waiting[v.id] ?? []} />
                    <FormReadinessChip readiness={forms[v.id] ?? "none"} />
                  </span>
                  <LicensureLine view={licensure[v.id]} visitId={v.id} />
                </div>
                <MainAction v={v} waiting={(waiting[v.id] ?? []).length > 0} consent={consent[v.id]} />
                {huddle[v.id] ? (
                  <div className="sm:col-span-3">
                    <BeforeVisitPanel view={huddle[v.id]!} headingLevel={3} />
                  </div>
                ) : null}
              </li>
            ))}
          </ol>
        )}
      </section>
    </>
  );
}

/** Where the patient is, from one rule (video core/presence.ts): "in the waiting room" only for a live seat. */
function PresenceNote({ v, now, waiting }: { v: VisitListItem; now: Date; waiting: WaitingEntry[] }) {
  const p = todayPresence(
    { status: v.status, modality: v.modality, startsAt: new Date(v.startsAt) },
    waiting.map((w) => ({
      role: w.role,
      name: w.name,
      waitingSince: new Date(w.waitingSince),
      phoneRequested: w.phoneRequested,
    })),
    now,
  );
  if (!p) return null;
  if (p.kind === "in_room") {
    return (
      <span className="rounded-full border border-amber-700 bg-amber-50 px-2 py-0.5 text-sm font-semibold text-amber-950">
        <Icon icon={waitingIcon} className="mr-1" />
        {p.text}
      </span>
    );
  }
  return (
    <IconText icon={pendingIcon} className="text-sm font-medium">
      {p.text}
    </IconText>
  );
}

/** Before a phone call from Today: a licensure warning, with the visit page to record the state. */
function LicensureLine({ view, visitId }: { view: VisitLicensureView | undefined; visitId: string }) {
  if (!view || view.check.status === "OK") return null;
  return (
    <span className="rounded-md border border-amber-700 bg-amber-50 px-2 py-0.5 text-sm text-amber-950">
      <Icon icon={warningIcon} className="mr-1" />
      Before you call: {licensureHeadline(view.check)}{" "}
      <Link href={`/visits/${visitId}#visit-lic-h`} className="font-semibold underline">
        Check on the visit page
      </Link>
    </span>
  );
}

/** A phone visit is started (called) from Today; a video visit from its room. */
function startsFromToday(v: VisitListItem): boolean {
  return v.modality === "PHONE" && (v.status === "SCHEDULED" || v.status === "CHECKED_IN");
}

function MainAction({
  v,
  waiting,
  consent,
}: {
  v: VisitListItem;
  waiting: boolean;
  consent: StartConsentView | undefined;
}) {
  const act = transitionVisitAction.bind(null, v.id);
  if (v.modality === "VIDEO" && ["SCHEDULED", "CHECKED_IN", "IN_PROGRESS"].includes(v.status)) {
    return (
      <Link
        href={`/visits/${v.id}/room`}
        className={buttonClass(waiting || v.status === "IN_PROGRESS" ? "primary" : "secondary")}
      >
        {waiting ? "Admit" : v.status === "IN_PROGRESS" ? "Rejoin" : "Open room"}
        <span className="sr-only"> for the video visit with {v.patientName}</span>
      </Link>
    );
  }
  if (startsFromToday(v)) {
    // No consent on file: the start is the consent step (verbal now, or an emergency reason).
    if (consent && consent.status.state !== "valid")
      return (
        <StartWithConsentForms
          action={startVisitWithConsentAction.bind(null, v.id)}
          view={consent}
          idPrefix={`start-${v.id}`}
        />
      );
    return <TransitionForm id={`call-${v.id}`} action={act} transition="START" label="Call" />;
  }
  return (
    <Link href={`/visits/${v.id}`} className={buttonClass("secondary")}>
      Open<span className="sr-only"> visit with {v.patientName}</span>
    </Link>
  );
}
