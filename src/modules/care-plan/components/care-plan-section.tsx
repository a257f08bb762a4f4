import { dateTimeFormat } from "@/lib/intl-cache";
import { Icon } from "@/components/ui/icon";
import { forwardIcon } from "@/components/ui/icons";
import type { CarePlan, ResourceDto } from "../care-plan-rows.server";
import { referralKindLabel, referralStatusLabel } from "../core/referral-states";
import { AdvanceReferralForm, NewReferralForm, RecommendResourceForm } from "./care-plan-forms";

const helpedLabel = { YES: "it helped", SOMEWHAT: "it helped a little", NO: "it did not help" } as const;
const day = (iso: string, tz: string) =>
  dateTimeFormat("en-US", { timeZone: tz, dateStyle: "medium" }).format(new Date(iso));

/** Chart section: non-opioid treatment referrals and self-management resources (handout). */
export function CarePlanSection({
  patientId,
  plan,
  resources,
  canRefer,
  timeZone,
}: {
  patientId: string;
  plan: CarePlan;
  resources: ResourceDto[];
  canRefer: boolean;
  timeZone: string;
}) {
  const recommended = new Set(plan.recommendations.map((r) => r.resource.id));
  return (
    <section aria-labelledby="careplan-h" className="rounded-lg border border-slate-200 bg-white p-4 lg:col-span-2">
      <h2 id="careplan-h" className="mb-3 text-lg font-semibold">
        Non-opioid care plan
      </h2>
      <div className="grid gap-6 lg:grid-cols-2 [&>*]:min-w-0">
        <div>
          <h3 className="mb-2 font-semibold">Referrals</h3>
          {plan.referrals.length === 0 ? <p className="mb-3 text-slate-700">No referrals yet.</p> : null}
          <ul className="mb-4 flex flex-col gap-3">
            {plan.referrals.map((r) => (
              <li key={r.id} className="rounded-md border border-slate-200 p-3">
                <p className="font-medium">
                  {referralKindLabel[r.kind]}
                  {r.detail ? ` - ${r.detail}` : ""}
                  {r.telehealth ? " (telehealth)" : ""}
                </p>
                <p className="text-sm">
                  Status: <span className="font-semibold">{referralStatusLabel[r.status]}</span> · referred{" "}
                  {day(r.createdAt, timeZone)} by {r.createdBy}
                </p>
                {r.note ? <p className="text-sm text-slate-700">Note: {r.note}</p> : null}
                {r.events.length > 1 ? (
                  <details className="text-sm">
                    <summary className="cursor-pointer">History ({r.events.length})</summary>
                    <ol className="ml-4 list-decimal">
                      {r.events.map((e, i) => (
                        <li key={i}>
                          {day(e.at, timeZone)}:{" "}
                          {e.from ? (
                            <>
                              {referralStatusLabel[e.from]} <Icon icon={forwardIcon} className="mx-0.5" />
                              <span className="sr-only">to </span>
                            </>
                          ) : null}
                          {referralStatusLabel[e.to]} by {e.by}
                          {e.note ? ` (${e.note})` : ""}
                        </li>
                      ))}
                    </ol>
                  </details>
                ) : null}
                <AdvanceReferralForm referralId={r.id} status={r.status} version={r.version} idPrefix={`ref-${r.id}`} />
              </li>
            ))}
          </ul>
          {canRefer ? (
            <details>
              <summary className="cursor-pointer font-semibold text-teal-900">New referral</summary>
              <div className="mt-3">
                <NewReferralForm patientId={patientId} />
              </div>
            </details>
          ) : null}
        </div>
        <div>
          <h3 className="mb-2 font-semibold">Self-management resources</h3>
          {plan.recommendations.length === 0 ? <p className="mb-3 text-slate-700">None recommended yet.</p> : null}
          <ul className="mb-4 flex flex-col gap-2">
            {plan.recommendations.map((r) => (
              <li key={r.id} className="rounded-md border border-slate-200 p-3">
                <p className="font-medium">{r.resource.name}</p>
                <p className="text-sm text-slate-700">
                  Recommended {day(r.recommendedAt, timeZone)} by {r.recommendedBy}
                </p>
                <p className="text-sm">
                  Patient says:{" "}
                  <span className="font-semibold">
                    {r.feedbackAt
                      ? r.tried
                        ? `tried it - ${r.helped ? helpedLabel[r.helped] : "no answer on help"}`
                        : "has not tried it yet"
                      : "no answer yet"}
                  </span>
                  {r.feedbackAt ? ` (${day(r.feedbackAt, timeZone)})` : ""}
                </p>
              </li>
            ))}
          </ul>
          {canRefer ? (
            <details>
              <summary className="cursor-pointer font-semibold text-teal-900">Recommend a resource</summary>
              <div className="mt-3">
                <RecommendResourceForm
                  patientId={patientId}
                  resources={resources.filter((r) => !recommended.has(r.id))}
                />
              </div>
            </details>
          ) : null}
        </div>
      </div>
    </section>
  );
}
