import type { Metadata } from "next";
import Link from "next/link";
import { Icon, IconText } from "@/components/ui/icon";
import { doneIcon, phoneIcon, videoIcon, warningIcon } from "@/components/ui/icons";
import { PageHeader } from "@/components/ui/page-header";
import { listVisitsMissingConsent } from "@/modules/consent/index.server";
import { consentStateLabel } from "@/modules/consent/core/consent-rules";
import { careTeamRoles } from "@/modules/identity/core/roles";
import { requireActor } from "@/server/auth/actor";
import { formatInZone } from "@/modules/scheduling/core/time";
import { getEnv } from "@/server/env";
import { getRequestContext } from "@/server/request-context";

export const metadata: Metadata = { title: "Consents missing" };

export default async function ConsentsQueue() {
  const actor = await requireActor(careTeamRoles);
  const rows = await listVisitsMissingConsent(actor, await getRequestContext());
  const tz = getEnv().CLINIC_TIME_ZONE;
  return (
    <>
      <PageHeader
        title="Consents missing for upcoming visits"
        description={`Next 14 days. ${rows.length} visit(s) need the patient's consent for the way the visit happens. Clinic time (${tz}).`}
      />
      {rows.length === 0 ? (
        <p>
          <IconText icon={doneIcon}>Every upcoming visit has consent on file.</IconText>
        </p>
      ) : null}
      {rows.length ? (
        <div className="relative overflow-x-auto rounded-lg border border-slate-200 bg-white">
          <table className="w-full text-left">
            <caption className="sr-only">Upcoming visits without a valid consent</caption>
            <thead className="bg-slate-100 text-sm">
              <tr>
                <th scope="col" className="px-3 py-2">
                  When
                </th>
                <th scope="col" className="px-3 py-2">
                  Patient
                </th>
                <th scope="col" className="px-3 py-2">
                  Visit
                </th>
                <th scope="col" className="px-3 py-2">
                  Consent
                </th>
                <th scope="col" className="px-3 py-2">
                  Action
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.visitId} className="border-t border-slate-200">
                  <td className="px-3 py-2">
                    <Link href={`/visits/${r.visitId}`} className="underline">
                      {formatInZone(new Date(r.startsAt), tz)}
                    </Link>
                  </td>
                  <td className="px-3 py-2">
                    {r.patientName} <span className="font-mono text-sm">{r.mrn}</span>
                  </td>
                  <td className="px-3 py-2">
                    <Icon icon={r.modality === "VIDEO" ? videoIcon : phoneIcon} className="mr-1" />
                    {r.modality === "VIDEO" ? "Video" : "Phone"} with {r.clinicianName}
                  </td>
                  <td className="px-3 py-2">
                    <Icon icon={warningIcon} className="mr-1" />
                    {r.modality === "VIDEO" ? "Video" : "Telephone"} consent: {consentStateLabel[r.state]}
                  </td>
                  <td className="px-3 py-2">
                    <Link href={`/patients/${r.patientId}#consent-h`} className="font-semibold text-teal-900 underline">
                      Record consent
                    </Link>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </>
  );
}
