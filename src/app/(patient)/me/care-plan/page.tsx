import type { Metadata } from "next";
import Link from "next/link";
import { Icon } from "@/components/ui/icon";
import { backIcon, doneIcon } from "@/components/ui/icons";
import { getCarePlan } from "@/modules/care-plan/index.server";
import { ResourceFeedbackForm } from "@/modules/care-plan/components/care-plan-forms";
import { referralKindLabel, referralStatusForPatient } from "@/modules/care-plan/core/referral-states";
import { requireActor } from "@/server/auth/actor";
import { getRequestContext } from "@/server/request-context";

export const metadata: Metadata = { title: "My care plan" };

const helpedWords = { YES: "It helped", SOMEWHAT: "It helped a little", NO: "It did not help" } as const;

export default async function MyCarePlanPage() {
  const actor = await requireActor(["PATIENT"]);
  if (!actor.patientId) return <p>Your account is not linked to a patient record yet. Please call the clinic.</p>;
  const plan = await getCarePlan(actor, actor.patientId, await getRequestContext());
  return (
    <div className="mx-auto flex max-w-2xl flex-col gap-6">
      <p>
        <Link href="/me" className="underline">
          <Icon icon={backIcon} className="mr-1" />
          Back to my care
        </Link>
      </p>
      <h1 className="text-2xl font-bold">My care plan</h1>
      <p className="text-lg">Besides medicine, these can help with long-term pain.</p>
      <section aria-labelledby="refs-h" className="rounded-xl border border-slate-200 bg-white p-4">
        <h2 id="refs-h" className="mb-2 text-xl font-semibold">
          Your referrals
        </h2>
        {plan.referrals.length === 0 ? <p>You have no referrals right now.</p> : null}
        <ul className="flex flex-col gap-3">
          {plan.referrals.map((r) => (
            <li key={r.id} className="rounded-md border border-slate-200 p-3">
              <p className="font-semibold">
                {referralKindLabel[r.kind]}
                {r.detail ? `: ${r.detail}` : ""}
                {r.telehealth ? " (by video)" : ""}
              </p>
              <p>{referralStatusForPatient[r.status]}</p>
            </li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="res-h" className="rounded-xl border border-slate-200 bg-white p-4">
        <h2 id="res-h" className="mb-2 text-xl font-semibold">
          Things to try on your own
        </h2>
        {plan.recommendations.length === 0 ? <p>Your care team has not suggested anything yet.</p> : null}
        <ul className="flex flex-col gap-4">
          {plan.recommendations.map((r) => (
            <li key={r.id} className="rounded-md border border-slate-200 p-3">
              <p className="text-lg font-semibold">{r.resource.name}</p>
              <p>{r.resource.purpose}</p>
              {r.note ? <p className="mt-1">From your care team: {r.note}</p> : null}
              <p className="mt-1">
                <a
                  href={r.resource.url}
                  className="font-semibold text-teal-900 underline"
                  rel="noopener noreferrer"
                  target="_blank"
                >
                  Open {r.resource.name}
                  <span className="sr-only"> (opens in a new tab)</span>
                </a>
              </p>
              {r.feedbackAt ? (
                <p className="mt-2 rounded-md bg-teal-50 p-2">
                  <Icon icon={doneIcon} className="mr-1" />
                  You told us: {r.tried ? (r.helped ? helpedWords[r.helped] : "You tried it") : "Not tried yet"}. You
                  can answer again below.
                </p>
              ) : null}
              <ResourceFeedbackForm recommendationId={r.id} name={r.resource.name} />
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}
