import { dateTimeFormat } from "@/lib/intl-cache";
import type { Metadata } from "next";
import { headers } from "next/headers";
import { notFound } from "next/navigation";
import { PageHeader } from "@/components/ui/page-header";
import { addFormRequestAction, cancelFormRequestAction, sendFormReminderAction } from "@/modules/assessments/actions";
import { listPatientRequests } from "@/modules/assessments/index.server";
import { AddRequestForm, CancelRequestForm, ReminderForm } from "@/modules/assessments/components/request-forms";
import { RequestStateChip } from "@/modules/assessments/components/status-chip";
import { careTeamRoles } from "@/modules/identity/core/roles";
import { PatientHeader } from "@/modules/patients/components/patient-header";
import { getPatient } from "@/modules/patients/index.server";
import { requireActor } from "@/server/auth/actor";
import { getEnv } from "@/server/env";
import { isUuid, orNotFound } from "@/server/page-data";
import { getRequestContext } from "@/server/request-context";

export const metadata: Metadata = { title: "Form requests" };

export default async function PatientFormRequestsPage({ params }: { params: Promise<{ id: string }> }) {
  const actor = await requireActor(careTeamRoles);
  const { id } = await params;
  if (!isUuid(id)) notFound();
  const ctx = await getRequestContext();
  const [patient, requests] = await Promise.all([
    orNotFound(getPatient(actor, id, ctx)),
    listPatientRequests(actor, id, ctx),
  ]);
  const tz = getEnv().CLINIC_TIME_ZONE;
  const fmt = dateTimeFormat("en-US", {
    timeZone: tz,
    month: "short",
    day: "numeric",
    year: "numeric",
    hour: "numeric",
    minute: "2-digit",
    timeZoneName: "short",
  });
  const h = await headers();
  const origin = getEnv().NEXTAUTH_URL?.replace(/\/$/, "") ?? `http://${h.get("host") ?? "localhost"}`;
  const visits = [
    ...new Map(
      requests
        .filter((r) => r.visitId && r.state !== "cancelled")
        .map((r) => [r.visitId!, { id: r.visitId!, label: `Visit with forms due ${fmt.format(new Date(r.dueAt))}` }]),
    ).values(),
  ];
  return (
    <>
      <PatientHeader patient={patient} />
      <PageHeader title="Pre-visit forms" description={`Times in clinic time (${tz}).`} />
      <div className="grid gap-6 lg:grid-cols-[2fr_1fr]">
        <section aria-labelledby="req-h">
          <h2 id="req-h" className="mb-2 text-lg font-semibold">
            Requests
          </h2>
          {requests.length === 0 ? (
            <p>No forms requested yet.</p>
          ) : (
            <ul className="flex flex-col gap-3">
              {requests.map((r) => (
                <li key={r.id} className="rounded-lg border border-slate-200 bg-white p-3">
                  <div className="flex flex-wrap items-center gap-3">
                    <span className="font-semibold">{r.instrumentName}</span>
                    <RequestStateChip state={r.state} />
                    <span className="text-sm text-slate-700">Due {fmt.format(new Date(r.dueAt))}</span>
                    {r.reminderCount > 0 ? (
                      <span className="text-sm text-slate-700">· {r.reminderCount} reminder(s)</span>
                    ) : null}
                    {r.cancelReason ? (
                      <span className="text-sm text-slate-700">· removed: {r.cancelReason}</span>
                    ) : null}
                  </div>
                  {r.state === "pending" || r.state === "overdue" ? (
                    <div className="mt-2">
                      <CancelRequestForm
                        action={cancelFormRequestAction.bind(null, id)}
                        requestId={r.id}
                        label={r.instrumentName}
                      />
                    </div>
                  ) : null}
                </li>
              ))}
            </ul>
          )}
        </section>
        <div className="flex flex-col gap-6">
          <section aria-labelledby="remind-h" className="rounded-lg border border-slate-200 bg-white p-4">
            <h2 id="remind-h" className="mb-2 text-lg font-semibold">
              Remind the patient
            </h2>
            <p className="mb-3 text-sm text-slate-700">
              Creates a new secure link to all pending forms. Send it by text or email.
            </p>
            <ReminderForm action={sendFormReminderAction.bind(null, id)} origin={origin} />
          </section>
          <section aria-labelledby="add-h" className="rounded-lg border border-slate-200 bg-white p-4">
            <h2 id="add-h" className="mb-2 text-lg font-semibold">
              Add a form
            </h2>
            <AddRequestForm action={addFormRequestAction.bind(null, id)} visits={visits} />
          </section>
        </div>
      </div>
    </>
  );
}
