import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Notice } from "@/components/ui/form-status";
import { careTeamRoles } from "@/modules/identity/core/roles";
import { PatientHeader } from "@/modules/patients/components/patient-header";
import { getPatient } from "@/modules/patients/index.server";
import { advanceUdtOrderAction } from "@/modules/udt/actions";
import { InterpretationChip, OverdueBadge, StateChip } from "@/modules/udt/components/status";
import { CancelOrderForm, UdtStepForm } from "@/modules/udt/components/step-forms";
import { UdtTimeline } from "@/modules/udt/components/timeline";
import { formatForPatient, formatInstant } from "@/modules/udt/core/format";
import { eventLabels, udtEvents, type UdtEvent } from "@/modules/udt/core/machine";
import { patientInstructions } from "@/modules/udt/core/patient-view";
import { getUdtOrder, getUdtSettings } from "@/modules/udt/index.server";
import { requireActor } from "@/server/auth/actor";
import { getEnv } from "@/server/env";
import { isUuid, orNotFound } from "@/server/page-data";
import { getRequestContext } from "@/server/request-context";

export const metadata: Metadata = { title: "Urine drug test order" };

const methodLabel = {
  LAB_PSC: "Lab / patient service center near the patient",
  HOME_KIT_VIDEO_OBSERVED: "Home kit collected under video observation",
} as const;
const reasonLabel: Record<string, string> = {
  SAFETY_CONCERN: "Patient-safety concern",
  NONE_IN_PAST_12_MONTHS: "No test in the past 12 months",
};

export default async function UdtOrderPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string; orderId: string }>;
  searchParams: Promise<Record<string, string | undefined>>;
}) {
  const actor = await requireActor(careTeamRoles);
  const { id, orderId } = await params;
  if (!isUuid(id) || !isUuid(orderId)) notFound();
  const sp = await searchParams;
  const ctx = await getRequestContext();
  const [patient, order, settings] = await Promise.all([
    orNotFound(getPatient(actor, id, ctx)),
    orNotFound(getUdtOrder(actor, id, orderId, ctx)),
    getUdtSettings(actor),
  ]);
  const tz = getEnv().CLINIC_TIME_ZONE;
  const step = order.actions.find((a) => a !== "CANCEL");
  const action = advanceUdtOrderAction.bind(null, id, orderId);
  const done =
    sp.done === "ORDER"
      ? "Ordered"
      : sp.done && (udtEvents as readonly string[]).includes(sp.done)
        ? eventLabels[sp.done as UdtEvent]
        : null;
  const screen = order.findings.filter((f) => f.kind === "SCREEN");
  const confirm = order.findings.filter((f) => f.kind === "CONFIRMATORY");
  return (
    <>
      <PatientHeader patient={patient} />
      <p className="mb-4">
        <Link href={`/patients/${id}`} className="underline underline-offset-2">
          Back to chart
        </Link>
        {" · "}
        <Link href="/udt" className="underline underline-offset-2">
          Work queue
        </Link>
      </p>
      {done ? (
        <div className="mb-4">
          <Notice kind="success">Saved: {done}.</Notice>
        </div>
      ) : null}
      <div className="grid gap-6 lg:grid-cols-[2fr_1fr]">
        <div className="flex flex-col gap-6">
          <section aria-labelledby="order-h" className="rounded-lg border border-slate-200 bg-white p-4">
            <div className="mb-3 flex flex-wrap items-center gap-2">
              <h2 id="order-h" className="text-lg font-semibold">
                Urine drug test order
              </h2>
              <StateChip state={order.state} />
              <InterpretationChip value={order.interpretation} />
              {order.overdue ? <OverdueBadge escalated={order.state === "WINDOW_MISSED"} /> : null}
            </div>
            <dl className="grid grid-cols-[max-content_minmax(0,1fr)] gap-x-4 gap-y-2 [overflow-wrap:anywhere]">
              <dt className="text-slate-600">Next step</dt>
              <dd className="font-medium">
                {order.dueStep}
                {order.dueAt ? ` · due ${formatInstant(order.dueAt, tz)}` : ""}
              </dd>
              <dt className="text-slate-600">Reason</dt>
              <dd>
                {reasonLabel[order.reasonCode] ?? order.reasonCode}
                {order.reasonNote ? `: ${order.reasonNote}` : ""}
              </dd>
              <dt className="text-slate-600">Panel</dt>
              <dd>{order.panelLabel}</dd>
              <dt className="text-slate-600">Collection</dt>
              <dd>{methodLabel[order.collectionMethod]}</dd>
              <dt className="text-slate-600">Window</dt>
              <dd>
                {formatInstant(order.windowStart, tz)} to {formatInstant(order.windowEnd, tz)}
              </dd>
              <dt className="text-slate-600">Ordered by</dt>
              <dd>{order.orderedByName}</dd>
              {order.instructedAt ? (
                <>
                  <dt className="text-slate-600">Instructed</dt>
                  <dd>
                    {formatInstant(order.instructedAt, tz)} · {order.instructionChannel}
                    <span className="block whitespace-pre-line text-slate-700">{order.instructionText}</span>
                  </dd>
                </>
              ) : null}
              {order.confirmationMethod ? (
                <>
                  <dt className="text-slate-600">Confirmation</dt>
                  <dd>{order.confirmationMethod === "GC_MS" ? "GC-MS" : "LC-MS/MS"}</dd>
                </>
              ) : null}
              {order.reviewNote ? (
                <>
                  <dt className="text-slate-600">Review</dt>
                  <dd className="whitespace-pre-line">{order.reviewNote}</dd>
                </>
              ) : null}
              {order.discussionNote ? (
                <>
                  <dt className="text-slate-600">Discussion</dt>
                  <dd className="whitespace-pre-line">{order.discussionNote}</dd>
                  <dt className="text-slate-600">Plan</dt>
                  <dd className="whitespace-pre-line">{order.discussionPlan}</dd>
                </>
              ) : null}
              {order.cancelReason ? (
                <>
                  <dt className="text-slate-600">Cancelled</dt>
                  <dd>{order.cancelReason}</dd>
                </>
              ) : null}
            </dl>
          </section>
          {screen.length ? (
            <section aria-labelledby="results-h" className="rounded-lg border border-slate-200 bg-white p-4">
              <h2 id="results-h" className="mb-2 text-lg font-semibold">
                Results
              </h2>
              {order.state === "CONFIRMATION_NEEDED" ? (
                <div className="mb-3">
                  <Notice kind="warning">
                    Unexpected screening result. Screening tests are presumptive: order confirmatory testing (GC-MS or
                    LC-MS) before any decision.
                  </Notice>
                </div>
              ) : null}
              <table className="w-full text-left">
                <caption className="sr-only">Findings, screening and confirmatory</caption>
                <thead className="bg-slate-100 text-sm">
                  <tr>
                    <th scope="col" className="px-2 py-1">
                      Substance
                    </th>
                    <th scope="col" className="px-2 py-1">
                      Test
                    </th>
                    <th scope="col" className="px-2 py-1">
                      Finding
                    </th>
                    <th scope="col" className="px-2 py-1">
                      Interpretation
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {[...confirm, ...screen].map((f) => (
                    <tr key={`${f.kind}-${f.substance}`} className="border-t border-slate-200">
                      <td className="px-2 py-1 font-medium">{f.label}</td>
                      <td className="px-2 py-1">{f.kind === "SCREEN" ? "Screening" : "Confirmatory"}</td>
                      <td className="px-2 py-1">{f.detected ? "Detected" : "Not detected"}</td>
                      <td className="px-2 py-1">
                        <InterpretationChip value={f.interpretation} />{" "}
                        <span className="text-sm text-slate-700">{f.why}</span>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </section>
          ) : null}
          {step ? (
            <section className="rounded-lg border border-teal-700 bg-white p-4">
              <UdtStepForm
                key={`${order.version}`}
                action={action}
                event={step}
                version={order.version}
                panelSubstances={order.panelSubstances}
                toConfirm={order.toConfirm}
                defaultInstructions={patientInstructions(
                  order.collectionMethod,
                  formatForPatient(order.windowEnd, patient.timeZone),
                ).join("\n")}
                defaultWindowHours={settings.collectionWindowHours}
              />
            </section>
          ) : order.dueRole === "CLINICIAN" ? (
            <Notice kind="info">The next step is for a clinician.</Notice>
          ) : null}
          {order.actions.includes("CANCEL") ? <CancelOrderForm action={action} version={order.version} /> : null}
        </div>
        <section aria-labelledby="timeline-h" className="rounded-lg border border-slate-200 bg-white p-4">
          <h2 id="timeline-h" className="mb-3 text-lg font-semibold">
            Timeline <span className="text-sm font-normal text-slate-600">({tz})</span>
          </h2>
          <UdtTimeline entries={order.timeline} timeZone={tz} />
        </section>
      </div>
    </>
  );
}
