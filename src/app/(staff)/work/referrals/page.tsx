import { dateTimeFormat } from "@/lib/intl-cache";
import type { Metadata } from "next";
import Link from "next/link";
import { IconText } from "@/components/ui/icon";
import { doneIcon } from "@/components/ui/icons";
import { PageHeader } from "@/components/ui/page-header";
import { countLabel, countPeople } from "@/lib/count";
import { listReferralsToSchedule } from "@/modules/care-plan/index.server";
import { AdvanceReferralForm } from "@/modules/care-plan/components/care-plan-forms";
import { referralKindLabel } from "@/modules/care-plan/core/referral-states";
import { careTeamRoles } from "@/modules/identity/core/roles";
import { requireActor } from "@/server/auth/actor";
import { getEnv } from "@/server/env";
import { getRequestContext } from "@/server/request-context";

export const metadata: Metadata = { title: "Referrals to schedule" };

export default async function ReferralsQueue() {
  const actor = await requireActor(careTeamRoles);
  const rows = await listReferralsToSchedule(actor, await getRequestContext());
  const tz = getEnv().CLINIC_TIME_ZONE;
  return (
    <>
      <PageHeader
        title="Referrals to schedule"
        description={`${countLabel(rows.length, "referral")} for ${countPeople(rows, (r) => r.patientId)} waiting, oldest first. Times in clinic time (${tz}).`}
      />
      {rows.length === 0 ? (
        <p>
          <IconText icon={doneIcon}>Nothing waiting.</IconText>
        </p>
      ) : null}
      <ul className="flex flex-col gap-3">
        {rows.map((r) => (
          <li key={r.id} className="rounded-lg border border-slate-200 bg-white p-3">
            <p className="font-semibold">
              <Link href={`/patients/${r.patientId}`} className="text-teal-900 underline">
                {r.patientName}
              </Link>{" "}
              <span className="font-mono text-sm">{r.mrn}</span>
            </p>
            <p>
              {referralKindLabel[r.kind]}
              {r.detail ? `: ${r.detail}` : ""}
              {r.telehealth ? " (telehealth)" : ""} · referred{" "}
              {dateTimeFormat("en-US", { timeZone: tz, dateStyle: "medium" }).format(new Date(r.createdAt))}
            </p>
            <AdvanceReferralForm referralId={r.id} status="REFERRED" version={r.version} idPrefix={`q-${r.id}`} />
          </li>
        ))}
      </ul>
    </>
  );
}
