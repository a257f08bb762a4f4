import type { Metadata } from "next";
import { randomUUID } from "node:crypto";
import { notFound } from "next/navigation";
import { Notice } from "@/components/ui/form-status";
import { PageHeader } from "@/components/ui/page-header";
import { correctResponseAction } from "@/modules/assessments/actions";
import { getResponseHistory } from "@/modules/assessments/index.server";
import { instruments } from "@/modules/assessments/core/instruments";
import { InstrumentForm } from "@/modules/assessments/components/instrument-form";
import { formatWhen, modeLabels } from "@/modules/assessments/components/results-panel";
import { careTeamRoles } from "@/modules/identity/core/roles";
import { PatientHeader } from "@/modules/patients/components/patient-header";
import { getPatient } from "@/modules/patients/index.server";
import { requireActor } from "@/server/auth/actor";
import { getEnv } from "@/server/env";
import { isUuid, orNotFound } from "@/server/page-data";
import { getRequestContext } from "@/server/request-context";

export const metadata: Metadata = { title: "Answer history" };

/** Every version of one answer (newest first) and the correction form: nothing is overwritten. */
export default async function ResponseHistoryPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string; seriesId: string }>;
  searchParams: Promise<Record<string, string | undefined>>;
}) {
  const actor = await requireActor(careTeamRoles);
  const { id, seriesId } = await params;
  if (!isUuid(id) || !isUuid(seriesId)) notFound();
  const sp = await searchParams;
  const ctx = await getRequestContext();
  const [patient, versions] = await Promise.all([
    orNotFound(getPatient(actor, id, ctx)),
    orNotFound(getResponseHistory(actor, id, seriesId, ctx)),
  ]);
  const latest = versions[0]!;
  const inst = instruments[latest.instrument];
  const tz = getEnv().CLINIC_TIME_ZONE;
  const initial = Object.fromEntries(
    latest.items.filter((i) => i.value !== null).map((i) => [i.itemId, i.value as number]),
  );
  return (
    <>
      <PatientHeader patient={patient} />
      <PageHeader
        title={`${inst.name}: answer history`}
        description={`Answered ${formatWhen(latest.answeredAt, tz)} · ${modeLabels[latest.mode]}`}
      />
      {sp.corrected ? (
        <div className="mb-4">
          <Notice kind="success">
            Correction saved as version {latest.version}. The earlier version is kept below.
          </Notice>
        </div>
      ) : null}
      <ol className="flex flex-col gap-4">
        {versions.map((v) => (
          <li key={v.id} className="rounded-lg border border-slate-200 bg-white p-4">
            <h2 className="font-semibold">
              Version {v.version}
              {v.version === latest.version ? " (current)" : " (replaced)"}: score {v.display}
              {v.severity ? ` (${v.severity})` : ""}
            </h2>
            <p className="text-sm text-slate-700">
              Recorded {formatWhen(v.recordedAt, tz)}
              {v.enteredByName ? ` by ${v.enteredByName}` : " by the patient"} · {v.instrumentVersion}
            </p>
            {v.correctionReason ? <p className="mt-1">Reason for correction: {v.correctionReason}</p> : null}
            <ol className="mt-2 grid gap-1 text-sm">
              {v.items.map((i) => (
                <li key={i.itemId}>
                  {i.number}. {i.text} <span className="font-semibold">{i.label}</span>
                </li>
              ))}
            </ol>
          </li>
        ))}
      </ol>
      <section aria-labelledby="correct-h" className="mt-8 max-w-2xl">
        <h2 id="correct-h" className="mb-2 text-lg font-semibold">
          Correct these answers
        </h2>
        <p className="mb-4 text-slate-700">
          A correction is saved as a new version with your reason. The earlier answers stay in the history.
        </p>
        <InstrumentForm
          action={correctResponseAction.bind(null, id, seriesId)}
          instrument={latest.instrument}
          hidden={{ idempotencyKey: randomUUID() }}
          initialAnswers={initial}
          before={
            <div className="flex flex-col gap-1">
              <label htmlFor="reason" className="font-semibold">
                Reason for the correction (required)
              </label>
              <textarea
                id="reason"
                name="reason"
                rows={2}
                maxLength={500}
                required
                className="rounded-md border border-slate-400 px-3 py-2"
              />
            </div>
          }
          submitLabel="Save correction"
        />
      </section>
    </>
  );
}
