import type { Metadata } from "next";
import Link from "next/link";
import { IconText } from "@/components/ui/icon";
import { doneIcon, warningIcon } from "@/components/ui/icons";
import { notFound } from "next/navigation";
import { Notice } from "@/components/ui/form-status";
import { PageHeader } from "@/components/ui/page-header";
import { resolveAlertAction } from "@/modules/assessments/actions";
import { ResolveAlertForm } from "@/modules/assessments/components/resolve-alert-form";
import { formatWhen, modeLabels } from "@/modules/assessments/components/results-panel";
import { getAlert } from "@/modules/assessments/index.server";
import { careTeamRoles } from "@/modules/identity/core/roles";
import { countLabel } from "@/lib/count";
import { formatUsPhone } from "@/modules/patients/core/format";
import { requireActor } from "@/server/auth/actor";
import { getEnv } from "@/server/env";
import { isUuid, orNotFound } from "@/server/page-data";
import { getRequestContext } from "@/server/request-context";

export const metadata: Metadata = { title: "Safety alert" };

export default async function AlertPage({ params }: { params: Promise<{ id: string }> }) {
  const actor = await requireActor(careTeamRoles);
  const { id } = await params;
  if (!isUuid(id)) notFound();
  const a = await orNotFound(getAlert(actor, id, await getRequestContext()));
  const tz = getEnv().CLINIC_TIME_ZONE;
  const open = a.patientOpenAlerts;
  return (
    <>
      <PageHeader
        title={`Safety alert: ${a.patientName}`}
        description={`PHQ-9 item 9 answered ${a.item9Answer} (0-3) on ${formatWhen(a.answeredAt, tz)}`}
      />
      <dl className="mb-6 grid max-w-2xl grid-cols-[max-content_minmax(0,1fr)] gap-x-4 gap-y-2 [overflow-wrap:anywhere]">
        <dt className="text-slate-600">Status</dt>
        <dd className="font-semibold">
          {a.status === "OPEN" ? (
            <IconText icon={warningIcon}>Open: needs a clinician today</IconText>
          ) : (
            <IconText icon={doneIcon}>Closed</IconText>
          )}
        </dd>
        <dt className="text-slate-600">MRN</dt>
        <dd>{a.mrn}</dd>
        <dt className="text-slate-600">Phone</dt>
        <dd>
          {a.phone ? (
            <a href={`tel:${a.phone}`} className="underline">
              {formatUsPhone(a.phone)}
            </a>
          ) : (
            "None on file"
          )}
        </dd>
        <dt className="text-slate-600">Answered by</dt>
        <dd>{modeLabels[a.responseMode as keyof typeof modeLabels] ?? a.responseMode}</dd>
        <dt className="text-slate-600">Answers</dt>
        <dd>
          <Link href={`/patients/${a.patientId}/assessments/${a.responseSeriesId}`} className="underline">
            See the PHQ-9 answers
          </Link>{" "}
          ·{" "}
          <Link href={`/patients/${a.patientId}#assessments`} className="underline">
            Patient chart
          </Link>
        </dd>
      </dl>
      {open.length > 0 ? (
        <section aria-labelledby="open-h" className="mb-6 max-w-2xl">
          <h2 id="open-h" className="mb-2 text-lg font-semibold">
            Open alerts for this patient ({open.length})
          </h2>
          <ul className="flex flex-col gap-1">
            {open.map((o) => (
              <li key={o.id}>
                Item 9 answered {o.item9Answer} on {formatWhen(o.createdAt, tz)}
                {o.id === a.id ? " (this alert)" : ""} ·{" "}
                <Link href={`/patients/${a.patientId}/assessments/${o.responseSeriesId}`} className="underline">
                  Answers<span className="sr-only"> of {formatWhen(o.createdAt, tz)}</span>
                </Link>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {a.status === "RESOLVED" ? (
        <div className="flex max-w-2xl flex-col gap-3">
          <Notice kind="success">
            Closed {a.resolvedAt ? formatWhen(a.resolvedAt, tz) : ""} by {a.resolvedByName ?? "a clinician"}. Plan:{" "}
            {a.followUpPlan}
          </Notice>
          {open.length > 0 ? (
            <Notice kind="error">
              This patient still has {countLabel(open.length, "open alert")} that this follow-up did not close.{" "}
              <Link href={`/alerts/${open[open.length - 1]!.id}`} className="font-semibold underline">
                Open the latest alert
              </Link>
            </Notice>
          ) : null}
        </div>
      ) : actor.role === "CLINICIAN" ? (
        <section aria-labelledby="resolve-h">
          <h2 id="resolve-h" className="mb-2 text-lg font-semibold">
            Acknowledge and document the follow-up
          </h2>
          <p className="mb-4 max-w-2xl text-slate-700">
            A same-day suicide-risk assessment by a clinician. The alert stays on every staff page until this is saved.
            {open.length > 1
              ? ` One follow-up closes the ${open.length} open alerts listed above; an alert that arrives after you opened this page stays open.`
              : ""}
          </p>
          <ResolveAlertForm action={resolveAlertAction.bind(null, a.id)} alertIds={open.map((o) => o.id)} />
        </section>
      ) : (
        <Notice kind="warning">Only a clinician can close this alert. Tell the patient&apos;s clinician now.</Notice>
      )}
    </>
  );
}
