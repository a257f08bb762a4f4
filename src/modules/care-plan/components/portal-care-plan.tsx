import { Notice } from "@/components/ui/form-status";
import { buttonClass } from "@/components/ui/button-class";
import { Icon } from "@/components/ui/icon";
import { doneIcon, warningIcon } from "@/components/ui/icons";
import type { MessageKey, Translate } from "@/i18n/translator";
import type { CarePlan } from "../care-plan-rows.server";
import type { ReferralKind, ReferralStatus } from "../core/referral-states";

const kindKey: Record<ReferralKind, MessageKey> = {
  PHYSICAL_THERAPY: "portal.carePlan.kind.PHYSICAL_THERAPY",
  BEHAVIORAL_THERAPY: "portal.carePlan.kind.BEHAVIORAL_THERAPY",
  OTHER: "portal.carePlan.kind.OTHER",
};
const statusKey: Record<ReferralStatus, MessageKey> = {
  REFERRED: "portal.carePlan.status.REFERRED",
  SCHEDULED: "portal.carePlan.status.SCHEDULED",
  ATTENDING: "portal.carePlan.status.ATTENDING",
  COMPLETED: "portal.carePlan.status.COMPLETED",
  DECLINED: "portal.carePlan.status.DECLINED",
};
const helpedKey = {
  YES: "portal.carePlan.answer.YES",
  SOMEWHAT: "portal.carePlan.answer.SOMEWHAT",
  NO: "portal.carePlan.answer.NO",
} as const satisfies Record<string, MessageKey>;

/** One feedback form's state when it comes back with a problem (400): its answers and what is missing. */
export type FeedbackProblem = {
  recommendationId: string;
  values: Record<string, string>;
  errors: { tried?: boolean; helped?: boolean; form?: boolean };
};

const choice =
  "flex min-h-11 cursor-pointer items-center gap-3 rounded-md border border-slate-300 bg-white px-3 py-2 has-[:checked]:border-teal-800 has-[:checked]:bg-teal-50";

function Radio({ name, value, label, checked }: { name: string; value: string; label: string; checked: boolean }) {
  return (
    <label className={choice}>
      <input type="radio" name={name} value={value} defaultChecked={checked} className="h-5 w-5" /> {label}
    </label>
  );
}

function FieldError({ id, text }: { id: string; text: string }) {
  return (
    <p id={id} className="mt-1 text-red-700">
      <Icon icon={warningIcon} className="mr-1" />
      {text}
    </p>
  );
}

/** "Did you try it / did it help": a plain form posting to /me/care-plan (no script). */
function FeedbackForm({
  id,
  name,
  t,
  problem,
}: {
  id: string;
  name: string;
  t: Translate;
  problem: FeedbackProblem | null;
}) {
  const v = problem?.values ?? {};
  const e = problem?.errors ?? {};
  return (
    <form method="post" action="/me/care-plan" className="mt-3 flex flex-col gap-3" noValidate>
      <input type="hidden" name="recommendationId" value={id} />
      {e.form ? <Notice kind="warning">{t("portal.carePlan.errForm")}</Notice> : null}
      <fieldset aria-describedby={e.tried ? `fb-${id}-tried-error` : undefined}>
        <legend className="mb-1 font-medium">{t("portal.carePlan.triedQuestion", { name })}</legend>
        <div className="grid gap-2 sm:grid-cols-2">
          <Radio name="tried" value="yes" label={t("portal.carePlan.triedYes")} checked={v.tried === "yes"} />
          <Radio name="tried" value="no" label={t("portal.carePlan.triedNo")} checked={v.tried === "no"} />
        </div>
        {e.tried ? <FieldError id={`fb-${id}-tried-error`} text={t("portal.carePlan.errTried")} /> : null}
      </fieldset>
      <fieldset aria-describedby={e.helped ? `fb-${id}-helped-error` : undefined}>
        <legend className="mb-1 font-medium">{t("portal.carePlan.helpedQuestion")}</legend>
        <div className="grid gap-2 sm:grid-cols-3">
          <Radio name="helped" value="YES" label={t("portal.carePlan.helpedYes")} checked={v.helped === "YES"} />
          <Radio
            name="helped"
            value="SOMEWHAT"
            label={t("portal.carePlan.helpedSomewhat")}
            checked={v.helped === "SOMEWHAT"}
          />
          <Radio name="helped" value="NO" label={t("portal.carePlan.helpedNo")} checked={v.helped === "NO"} />
        </div>
        {e.helped ? <FieldError id={`fb-${id}-helped-error`} text={t("portal.carePlan.errHelped")} /> : null}
      </fieldset>
      <div>
        <button type="submit" className={buttonClass("primary")}>
          {t("portal.carePlan.send")}
        </button>
      </div>
    </form>
  );
}

/**
 * The signed-in patient's care plan on the portal's server HTML page, in their language: referrals
 * and the resources their care team suggested, each with the feedback form. The resource's name
 * and purpose and the care team's note are shown as written.
 */
export function PortalCarePlan({
  plan,
  t,
  answered,
  problem,
}: {
  plan: CarePlan;
  t: Translate;
  /** The recommendation just answered (after the 303), to thank the patient beside it. */
  answered: string | null;
  problem: FeedbackProblem | null;
}) {
  return (
    <div className="flex flex-col gap-6">
      <h1 className="text-2xl font-bold">{t("portal.carePlan.pageTitle")}</h1>
      <p className="text-lg">{t("portal.carePlan.intro")}</p>
      <section aria-labelledby="refs-h" className="rounded-xl border border-slate-200 bg-white p-4">
        <h2 id="refs-h" className="mb-2 text-xl font-semibold">
          {t("portal.carePlan.referrals")}
        </h2>
        {plan.referrals.length === 0 ? <p>{t("portal.carePlan.noReferrals")}</p> : null}
        <ul className="flex flex-col gap-3">
          {plan.referrals.map((r) => (
            <li key={r.id} className="rounded-md border border-slate-200 p-3">
              <p className="font-semibold">
                {t(kindKey[r.kind])}
                {r.detail ? `: ${r.detail}` : ""}
                {r.telehealth ? ` ${t("portal.carePlan.byVideo")}` : ""}
              </p>
              <p>{t(statusKey[r.status])}</p>
            </li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="res-h" className="rounded-xl border border-slate-200 bg-white p-4">
        <h2 id="res-h" className="mb-2 text-xl font-semibold">
          {t("portal.carePlan.toTry")}
        </h2>
        {plan.recommendations.length === 0 ? <p>{t("portal.carePlan.noneToTry")}</p> : null}
        <ul className="flex flex-col gap-4">
          {plan.recommendations.map((r) => (
            <li key={r.id} id={`rec-${r.id}`} className="rounded-md border border-slate-200 p-3">
              <p className="text-lg font-semibold">{r.resource.name}</p>
              <p>{r.resource.purpose}</p>
              {r.note ? <p className="mt-1">{t("portal.carePlan.fromTeam", { note: r.note })}</p> : null}
              <p className="mt-1">
                <a
                  href={r.resource.url}
                  className="font-semibold text-teal-900 underline"
                  rel="noopener noreferrer"
                  target="_blank"
                >
                  {t("portal.carePlan.open", { name: r.resource.name })}
                  <span className="sr-only"> {t("portal.carePlan.newTab")}</span>
                </a>
              </p>
              {answered === r.id ? (
                <div role="status" className="mt-2">
                  <Notice kind="success">{t("portal.carePlan.thanks")}</Notice>
                </div>
              ) : null}
              {r.feedbackAt ? (
                <p className="mt-2 rounded-md bg-teal-50 p-2">
                  <Icon icon={doneIcon} className="mr-1" />
                  {t("portal.carePlan.toldUs", {
                    answer: r.tried
                      ? r.helped
                        ? t(helpedKey[r.helped])
                        : t("portal.carePlan.answer.tried")
                      : t("portal.carePlan.answer.notTried"),
                  })}
                </p>
              ) : null}
              <FeedbackForm
                id={r.id}
                name={r.resource.name}
                t={t}
                problem={problem?.recommendationId === r.id ? problem : null}
              />
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}
