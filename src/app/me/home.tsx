import { buttonClass } from "@/components/ui/button-class";
import { Icon } from "@/components/ui/icon";
import { phoneIcon, videoIcon } from "@/components/ui/icons";
import type { Translate } from "@/i18n/translator";
import type { PendingForm } from "@/modules/assessments/index.server";
import { formatUsPhone } from "@/modules/patients/core/format";
import { usStates } from "@/modules/patients/core/reference";
import { PortalVisitDetails } from "@/modules/scheduling/components/portal-visit-details";
import type { PatientVisitView } from "@/modules/scheduling/index.server";
import { PortalTests } from "@/modules/udt/components/portal-tests";
import type { MyTest } from "@/modules/udt/index.server";
import { patientDate, patientWhen } from "@/server/patient-page/when";

type Me = {
  givenName: string;
  name: string;
  birthDate: string;
  phone: string | null;
  email: string | null;
  stateOfResidence: string;
  preferredLanguage: string;
  primaryClinicianName: string | null;
  timeZone: string;
};
type VisitRow = { id: string; startsAt: string | Date; modality: "VIDEO" | "PHONE"; clinicianName: string };

const link = "inline-flex min-h-11 items-center font-semibold text-teal-900 underline";

/** The portal's home page body (static markup, no script), in the patient's language. */
export function PortalHome({
  me,
  next,
  visits,
  forms,
  tests,
  t,
  locale,
}: {
  me: Me;
  next: PatientVisitView | null;
  visits: VisitRow[];
  forms: PendingForm[];
  tests: MyTest[];
  t: Translate;
  locale: string;
}) {
  const minutes = forms.reduce((s, f) => s + f.minutes, 0);
  const languageName = new Intl.DisplayNames([locale], { type: "language" }).of(me.preferredLanguage);
  return (
    <div className="flex flex-col gap-6">
      <h1 className="text-2xl font-bold">{t("portal.home.hello", { name: me.givenName })}</h1>
      <section aria-labelledby="visit-h" className="rounded-xl border border-slate-200 bg-white p-4">
        <h2 id="visit-h" className="mb-2 text-lg font-semibold">
          {t("portal.home.nextVisit")}
        </h2>
        {next ? (
          <>
            <PortalVisitDetails visit={next} t={t} locale={locale} headingLevel={3} />
            <p className="mt-3">
              <a href={`/me/visits/${next.id}`} className="font-semibold text-teal-900 underline underline-offset-2">
                {next.modality === "VIDEO" ? t("portal.home.openVideo") : t("portal.home.open")}
              </a>
            </p>
          </>
        ) : (
          <p className="mt-1 text-slate-700">{t("portal.home.noVisits")}</p>
        )}
      </section>
      {visits.length > 1 ? (
        <section aria-labelledby="visits-h" className="rounded-xl border border-slate-200 bg-white p-4">
          <h2 id="visits-h" className="mb-2 text-lg font-semibold">
            {t("portal.home.myVisits")}
          </h2>
          <ul className="flex flex-col gap-2">
            {visits.slice(1).map((v) => (
              <li key={v.id}>
                <a
                  href={`/me/visits/${v.id}`}
                  className="flex min-h-11 items-center gap-2 text-teal-900 underline underline-offset-2"
                >
                  <Icon icon={v.modality === "VIDEO" ? videoIcon : phoneIcon} />
                  {t("portal.home.visitLine", {
                    when: patientWhen(new Date(v.startsAt), me.timeZone, locale, t),
                    modality: v.modality,
                    clinician: v.clinicianName,
                  })}
                </a>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <section aria-labelledby="more-h" className="rounded-xl border border-slate-200 bg-white p-4">
        <h2 id="more-h" className="mb-2 text-lg font-semibold">
          {t("portal.home.yourCare")}
        </h2>
        <ul className="flex flex-col gap-2 text-lg">
          <li>
            <a href="/me/care-plan" className={link}>
              {t("portal.home.carePlanLink")}
            </a>
          </li>
          <li>
            <a href="/me/consent" className={link}>
              {t("portal.home.consentLink")}
            </a>
          </li>
          <li>
            <a href="/me/agreement" className={link}>
              {t("portal.home.agreementLink")}
            </a>
          </li>
        </ul>
      </section>
      {forms.length > 0 ? (
        <section aria-labelledby="forms-h" className="rounded-xl border border-slate-200 bg-white p-4">
          <h2 id="forms-h" className="text-lg font-semibold">
            {t("forms.listTitlePortal")}
          </h2>
          <p className="mt-1 text-slate-700">{t("portal.home.formsCount", { count: forms.length, minutes })}</p>
          {/* eslint-disable-next-line @next/next/no-html-link-for-pages -- static markup with no script: next/link needs the client router. */}
          <a href="/me/forms" className={`${buttonClass("primary")} mt-3 w-full sm:w-auto`}>
            {t("portal.home.fillForms")}
          </a>
        </section>
      ) : null}
      <section aria-labelledby="profile-h" className="rounded-xl border border-slate-200 bg-white p-4">
        <h2 id="profile-h" className="mb-2 text-lg font-semibold">
          {t("portal.home.details")}
        </h2>
        <dl className="grid grid-cols-[max-content_minmax(0,1fr)] gap-x-4 gap-y-2 [overflow-wrap:anywhere]">
          <dt className="text-slate-600">{t("portal.home.name")}</dt>
          <dd>{me.name}</dd>
          <dt className="text-slate-600">{t("portal.home.birthDate")}</dt>
          <dd>{patientDate(me.birthDate, locale)}</dd>
          <dt className="text-slate-600">{t("portal.home.phone")}</dt>
          <dd>{formatUsPhone(me.phone) || t("portal.home.noneOnFile")}</dd>
          <dt className="text-slate-600">{t("portal.home.email")}</dt>
          <dd>{me.email ?? t("portal.home.noneOnFile")}</dd>
          <dt className="text-slate-600">{t("portal.home.state")}</dt>
          <dd>{usStates[me.stateOfResidence as keyof typeof usStates] ?? me.stateOfResidence}</dd>
          <dt className="text-slate-600">{t("portal.home.language")}</dt>
          <dd>{languageName ?? me.preferredLanguage}</dd>
          <dt className="text-slate-600">{t("portal.home.clinician")}</dt>
          <dd>{me.primaryClinicianName ?? t("portal.home.notAssigned")}</dd>
        </dl>
        <p className="mt-3 text-sm text-slate-700">{t("portal.home.wrong")}</p>
      </section>
      <PortalTests
        tests={tests
          .filter((x) => x.view.tone === "todo" || x.view.tone === "problem" || (x.view.tone === "done" && !x.results))
          .slice(0, 2)}
        timeZone={me.timeZone}
        t={t}
        locale={locale}
        compact
      />
    </div>
  );
}
