import { Chip } from "@/components/ui/icon";
import { opioidIcon } from "@/components/ui/icons";
import { drugKeys, medicationCatalog } from "../core/medication-catalog";
import { MME_CONTEXT_THRESHOLDS } from "../core/mme";
import { addMedicationAction, stopMedicationAction } from "../actions";
import type { MedicationList, MedicationRow } from "../medications.server";
import { medicationRoutes } from "../schemas";
import { AddMedicationForm, StopMedicationForm } from "./medication-forms";

const routeLabel = (r: string) => r.charAt(0) + r.slice(1).toLowerCase().replace("_", " ");

function MmeCell({ m }: { m: MedicationRow }) {
  switch (m.mme.kind) {
    case "computed":
      return (
        <span>
          <span className="font-semibold">{m.mme.mmePerDay} MME/day</span>
          <span className="block text-sm text-slate-600">
            factor {m.mme.factor}: {m.mme.formula}
          </span>
        </span>
      );
    case "excluded":
      return <span className="text-sm">Not converted ({m.mme.reason})</span>;
    case "not_opioid":
      return <span className="text-slate-600">—</span>;
  }
}

/** The chart's medication list: opioids flagged, MME/day with the CDC 2022 factor used. */
export function MedicationsSection({
  patientId,
  meds,
  canWrite,
  today,
}: {
  patientId: string;
  meds: MedicationList;
  canWrite: boolean;
  today: string;
}) {
  const add = addMedicationAction.bind(null, patientId);
  const stop = stopMedicationAction.bind(null, patientId);
  return (
    <section aria-labelledby="medications-h" className="rounded-lg border border-slate-200 bg-white p-4">
      <h2 id="medications-h" className="mb-1 text-lg font-semibold">
        Medications
      </h2>
      <p className="mb-3 text-slate-800">
        Current total: <span className="font-semibold">{meds.mme.total} MME/day</span>
        {meds.mme.excludedCount ? ` (plus ${meds.mme.excludedCount} not converted: buprenorphine)` : ""}.{" "}
        <span className="text-slate-700">
          Context thresholds (CDC 2022, not limits): {MME_CONTEXT_THRESHOLDS.join(" and ")} MME/day
          {meds.mme.reached.length
            ? ` - at or above ${meds.mme.reached.at(-1)}: reassess benefits and risks and offer naloxone.`
            : "."}
        </span>
      </p>
      {meds.current.length === 0 ? (
        <p className="text-slate-700">No current medications recorded.</p>
      ) : (
        <div className="relative overflow-x-auto">
          <table className="w-full text-left">
            <caption className="sr-only">Current medications</caption>
            <thead className="bg-slate-100 text-sm">
              <tr>
                <th scope="col" className="px-2 py-2">
                  Medication
                </th>
                <th scope="col" className="px-2 py-2">
                  Dose and frequency
                </th>
                <th scope="col" className="px-2 py-2">
                  MME/day
                </th>
                <th scope="col" className="px-2 py-2">
                  Started · prescriber
                </th>
              </tr>
            </thead>
            <tbody>
              {meds.current.map((m) => (
                <tr key={m.id} className="border-t border-slate-200 align-top">
                  <td className="px-2 py-2">
                    <span className="font-medium">{m.name}</span>
                    {m.isOpioid ? (
                      <Chip icon={opioidIcon} tone="warn" className="ml-2">
                        Opioid
                      </Chip>
                    ) : null}
                    <span className="block text-sm text-slate-600">{m.drugLabel}</span>
                    {canWrite ? (
                      <StopMedicationForm action={stop} medicationId={m.id} name={m.name} today={today} />
                    ) : null}
                  </td>
                  <td className="px-2 py-2">
                    {m.doseAmount} {m.doseUnit} · {m.doseUnit === "mcg/h" ? "continuous" : `${m.timesPerDay}×/day`} ·{" "}
                    {routeLabel(m.route)}
                  </td>
                  <td className="px-2 py-2">
                    <MmeCell m={m} />
                  </td>
                  <td className="px-2 py-2">
                    {m.startedOn} · {m.prescriber}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {meds.stopped.length ? (
        <details className="mt-3">
          <summary className="cursor-pointer font-medium">Stopped medications ({meds.stopped.length})</summary>
          <ul className="mt-2 flex flex-col gap-1">
            {meds.stopped.map((m) => (
              <li key={m.id}>
                {m.name} · {m.startedOn} to {m.stoppedOn} · {m.stopReason}
              </li>
            ))}
          </ul>
        </details>
      ) : null}
      {canWrite ? (
        <details className="mt-4">
          <summary className="cursor-pointer font-semibold text-teal-900">Add a medication</summary>
          <div className="mt-3">
            <AddMedicationForm
              action={add}
              today={today}
              drugs={drugKeys.map((k) => ({
                value: k,
                label: `${medicationCatalog[k].label}${medicationCatalog[k].opioid ? " (opioid)" : ""}`,
              }))}
              routes={medicationRoutes.map((r) => ({ value: r, label: routeLabel(r) }))}
            />
          </div>
        </details>
      ) : null}
    </section>
  );
}
