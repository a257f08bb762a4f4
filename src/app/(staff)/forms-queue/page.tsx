import type { Metadata } from "next";
import Link from "next/link";
import { IconText } from "@/components/ui/icon";
import { doneIcon } from "@/components/ui/icons";
import { PageHeader } from "@/components/ui/page-header";
import { listFormQueue } from "@/modules/assessments/index.server";
import { instruments } from "@/modules/assessments/core/instruments";
import { RequestStateChip } from "@/modules/assessments/components/status-chip";
import { careTeamRoles } from "@/modules/identity/core/roles";
import { PatientCell } from "../_components/patient-cell";
import { requireActor } from "@/server/auth/actor";
import { formatInZone } from "@/modules/scheduling/core/time";
import { getEnv } from "@/server/env";
import { getRequestContext } from "@/server/request-context";

export const metadata: Metadata = { title: "Forms queue" };

/** Coordinator work queue: pre-visit forms not yet done, overdue first. */
export default async function FormsQueuePage() {
  const actor = await requireActor(careTeamRoles);
  const q = await listFormQueue(actor, await getRequestContext());
  const tz = getEnv().CLINIC_TIME_ZONE;
  return (
    <>
      <PageHeader
        title="Forms queue"
        description={`${q.overdue} overdue · ${q.pending} pending · times in clinic time (${tz})`}
      />
      {q.rows.length === 0 ? (
        <p>
          <IconText icon={doneIcon}>No pending forms.</IconText>
        </p>
      ) : (
        <div className="relative overflow-x-auto">
          <table className="w-full min-w-[640px] text-left">
            <caption className="sr-only">Pending and overdue pre-visit forms</caption>
            <thead className="border-b border-slate-300">
              <tr>
                <th scope="col" className="py-2 pr-3">
                  Patient
                </th>
                <th scope="col" className="py-2 pr-3">
                  Form
                </th>
                <th scope="col" className="py-2 pr-3">
                  Due
                </th>
                <th scope="col" className="py-2 pr-3">
                  Status
                </th>
                <th scope="col" className="py-2 pr-3">
                  Reminders
                </th>
                <th scope="col" className="py-2">
                  Action
                </th>
              </tr>
            </thead>
            <tbody>
              {q.rows.map((r) => (
                <tr key={r.requestId} className="border-b border-slate-200">
                  <PatientCell patient={r} />
                  <td className="py-2 pr-3">{instruments[r.instrument].name}</td>
                  <td className="py-2 pr-3">{formatInZone(new Date(r.dueAt), tz)}</td>
                  <td className="py-2 pr-3">
                    <RequestStateChip state={r.state} />
                  </td>
                  <td className="py-2 pr-3">{r.reminderCount}</td>
                  <td className="py-2">
                    <Link href={`/patients/${r.patientId}/forms`} className="underline">
                      Remind or change
                    </Link>
                    {" · "}
                    <Link
                      href={`/patients/${r.patientId}/assessments/enter?instrument=${r.instrument}`}
                      className="underline"
                    >
                      Enter by phone
                    </Link>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
