import { dateTimeFormat } from "@/lib/intl-cache";
import type { Metadata } from "next";
import Link from "next/link";
import { IconText } from "@/components/ui/icon";
import { phoneIcon, videoIcon } from "@/components/ui/icons";
import { PageHeader } from "@/components/ui/page-header";
import { formatDateOnly } from "@/modules/patients/core/format";
import { listMyPatients } from "@/modules/patients/index.server";
import { requireActor } from "@/server/auth/actor";
import { getEnv } from "@/server/env";
import { getRequestContext } from "@/server/request-context";

export const metadata: Metadata = { title: "My patients" };

export default async function MyPanelPage() {
  const actor = await requireActor(["CLINICIAN"]);
  const patients = await listMyPatients(actor, await getRequestContext());
  const tz = getEnv().CLINIC_TIME_ZONE;
  const today = dateTimeFormat("en-US", {
    timeZone: tz,
    weekday: "long",
    month: "long",
    day: "numeric",
    timeZoneName: "short",
  }).format(new Date());
  return (
    <>
      <PageHeader
        title="My patients"
        description={`Patients who list you as their clinician or care team member. ${today} · clinic time (${tz})`}
        actions={
          <Link href="/today" className="underline">
            Back to Today
          </Link>
        }
      />
      <section aria-labelledby="panel-h">
        <h2 id="panel-h" className="mb-3 text-lg font-semibold">
          My patients <span className="font-normal text-slate-600">({patients.length})</span>
        </h2>
        {patients.length === 0 ? (
          <p className="text-slate-700">No patients list you as their clinician yet.</p>
        ) : (
          <ul className="grid gap-2 sm:grid-cols-2 lg:grid-cols-3">
            {patients.map((p) => (
              <li key={p.id} className="rounded-lg border border-slate-200 bg-white p-3">
                <Link href={`/patients/${p.id}`} className="font-semibold text-teal-900 underline underline-offset-2">
                  {p.name}
                </Link>
                <p className="text-sm text-slate-700">
                  {p.age} y · born {formatDateOnly(p.birthDate)} · MRN <span className="font-mono">{p.mrn}</span>
                </p>
                <p className="text-sm">
                  {p.canDoVideo ? (
                    <IconText icon={videoIcon}>Video visits</IconText>
                  ) : (
                    <IconText icon={phoneIcon}>Phone visits</IconText>
                  )}
                </p>
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}
