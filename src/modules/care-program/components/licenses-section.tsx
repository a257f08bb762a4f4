import { usStates } from "../../patients/core/reference";
import { formatLocalDate } from "../core/dates";
import { usStateCodes } from "../core/licensure";
import { addClinicianLicenseAction, removeClinicianLicenseAction } from "../dea-actions";
import type { ClinicianLicenseRow } from "../index.server";
import { AddLicenseForm, RemoveLicenseForm } from "./license-forms";

/** Administration > Users > a clinician: the states where they hold a license (licensure check). */
export function LicensesSection({
  clinicianId,
  licenses,
  today,
}: {
  clinicianId: string;
  licenses: ClinicianLicenseRow[];
  today: string;
}) {
  const names = usStates as Record<string, string>;
  const remove = removeClinicianLicenseAction.bind(null, clinicianId);
  return (
    <section aria-labelledby="licenses-h" className="rounded-lg border border-slate-200 bg-white p-4">
      <h2 id="licenses-h" className="mb-1 text-lg font-semibold">
        Licensed states
      </h2>
      <p className="mb-3 text-slate-700">
        A visit warns when the patient is in a state not listed here (or whose license has expired) on the visit&apos;s
        date.
      </p>
      {licenses.length === 0 ? (
        <p className="mb-3 font-medium">No licenses on record: every visit with this clinician warns.</p>
      ) : (
        <div className="relative mb-3 overflow-x-auto">
          <table className="w-full text-left">
            <caption className="sr-only">Licensed states</caption>
            <thead className="bg-slate-100 text-sm">
              <tr>
                <th scope="col" className="px-2 py-1">
                  State
                </th>
                <th scope="col" className="px-2 py-1">
                  License number
                </th>
                <th scope="col" className="px-2 py-1">
                  Expires
                </th>
                <th scope="col" className="px-2 py-1">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {licenses.map((l) => (
                <tr key={l.id} className="border-t border-slate-200">
                  <td className="px-2 py-1">{names[l.state] ? `${names[l.state]} (${l.state})` : l.state}</td>
                  <td className="px-2 py-1">{l.licenseNumber ?? "Not recorded"}</td>
                  <td className="px-2 py-1">
                    {l.expiresOn
                      ? `${formatLocalDate(l.expiresOn)}${l.expiresOn < today ? " (expired)" : ""}`
                      : "No end recorded"}
                  </td>
                  <td className="px-2 py-1">
                    <RemoveLicenseForm action={remove} licenseId={l.id} state={l.state} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <AddLicenseForm
        action={addClinicianLicenseAction.bind(null, clinicianId)}
        states={usStateCodes.map((c) => ({ value: c, label: names[c] ? `${names[c]} (${c})` : c }))}
      />
    </section>
  );
}
