import type { Metadata } from "next";
import Link from "next/link";
import { IconText } from "@/components/ui/icon";
import { doneIcon } from "@/components/ui/icons";
import { PageHeader } from "@/components/ui/page-header";
import { countLabel } from "@/lib/count";
import { listOpenAlertGroups } from "@/modules/assessments/index.server";
import { careTeamRoles } from "@/modules/identity/core/roles";
import { PatientCell } from "../_components/patient-cell";
import { requireActor } from "@/server/auth/actor";
import { formatInZone } from "@/modules/scheduling/core/time";
import { getEnv } from "@/server/env";
import { getRequestContext } from "@/server/request-context";

export const metadata: Metadata = { title: "Open safety alerts" };

/** Enough for any clinic's day; the count above the table is always of every open alert. */
const PAGE_PATIENTS = 200;

/**
 * Every patient with an open PHQ-9 item 9 alert (docs/clinical-reference.md#phq-9-item-9-safety-event),
 * one row per patient (latest answer, number of open alerts), the patient waiting longest first.
 */
export default async function AlertsPage() {
  const actor = await requireActor(careTeamRoles);
  const open = await listOpenAlertGroups(actor, await getRequestContext(), {
    limit: PAGE_PATIENTS,
    scope: "alerts_page",
  });
  const tz = getEnv().CLINIC_TIME_ZONE;
  return (
    <>
      <PageHeader
        title="Open safety alerts"
        description={
          open.patients === 0
            ? `No open alerts. Times in clinic time (${tz}).`
            : `${countLabel(open.patients, "patient")} with ${countLabel(open.alerts, "open alert")} (PHQ-9 item 9 above 0), waiting longest first. Times in clinic time (${tz}).`
        }
      />
      {open.patients === 0 ? (
        <p>
          <IconText icon={doneIcon}>No patient has an open safety alert.</IconText>
        </p>
      ) : (
        <div className="relative overflow-x-auto">
          <table className="w-full min-w-[640px] text-left">
            <caption className="sr-only">Patients with open safety alerts</caption>
            <thead className="border-b border-slate-300">
              <tr>
                <th scope="col" className="py-2 pr-3">
                  Patient
                </th>
                <th scope="col" className="py-2 pr-3">
                  Latest answer
                </th>
                <th scope="col" className="py-2 pr-3">
                  Open alerts
                </th>
                <th scope="col" className="py-2 pr-3">
                  Waiting since
                </th>
                <th scope="col" className="py-2">
                  Action
                </th>
              </tr>
            </thead>
            <tbody>
              {open.groups.map((g) => (
                <tr key={g.patientId} className="border-b border-slate-200 align-top">
                  <PatientCell patient={g} />
                  <td className="py-2 pr-3">
                    Item 9 = {g.latestItem9Answer}
                    <div className="text-sm text-slate-700">{formatInZone(new Date(g.latestAt), tz)}</div>
                  </td>
                  <td className="py-2 pr-3">
                    {g.openCount}
                    {g.highestItem9Answer > g.latestItem9Answer ? (
                      <div className="text-sm text-slate-700">highest answer {g.highestItem9Answer}</div>
                    ) : null}
                  </td>
                  <td className="py-2 pr-3">{formatInZone(new Date(g.oldestAt), tz)}</td>
                  <td className="py-2">
                    <Link href={`/alerts/${g.latestAlertId}`} className="font-semibold underline">
                      {actor.role === "CLINICIAN" ? "Acknowledge and document" : "Open alert"}
                      <span className="sr-only"> for {g.patientName}</span>
                    </Link>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {open.patients > open.groups.length ? (
        <p className="mt-3">
          Showing the first {countLabel(open.groups.length, "patient")} of {open.patients}.
        </p>
      ) : null}
    </>
  );
}
