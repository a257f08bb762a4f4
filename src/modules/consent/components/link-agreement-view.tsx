import { buttonClass } from "@/components/ui/button-class";
import { Notice } from "@/components/ui/form-status";
import { inputClass } from "@/components/ui/field";
import type { Translate } from "@/i18n/translator";
import type { AgreementView } from "../get-agreement.server";

export type LinkAgreementForm = {
  /** Field name -> what to fix, in the page's language (the field's own words). */
  errors: Partial<Record<"agree" | "typedName" | "form", string>>;
  values: { typedName?: string };
};

/**
 * The treatment agreement from the clinic's secure link (/a/agreement), in the patient's language,
 * as static markup (docs/decisions/patient-pages-rendering.md): the status in plain words, the
 * agreement to read, and a plain form that POSTs to the same address (sign by typed name). The
 * agreement's own text is the clinic's document, shown as published (lang="en" when the page is
 * in another language), never translated by us. Revoking is done with the care team or in the portal.
 */
export function LinkAgreementView({
  view,
  timeZone,
  idempotencyKey,
  signedNotice,
  form,
  locale,
  t,
}: {
  view: AgreementView;
  timeZone: string;
  idempotencyKey: string;
  signedNotice: boolean;
  form: LinkAgreementForm | null;
  locale: string;
  t: Translate;
}) {
  const day = (d: Date | string) =>
    new Intl.DateTimeFormat(t("format.intlLocale"), { timeZone, dateStyle: "long" }).format(new Date(d));
  const s = view.status;
  const current = s.state === "signed" ? view.records.find((r) => r.id === s.recordId) : undefined;
  const errors = form?.errors ?? {};
  return (
    <div className="flex flex-col gap-5">
      <h1 className="text-2xl font-bold">{t("agreementLink.pageTitle")}</h1>
      <p>{t("agreementLink.intro")}</p>
      {signedNotice && s.state === "signed" ? (
        <Notice kind="success">{t("agreementLink.signedNotice", { date: day(s.renewBy) })}</Notice>
      ) : null}
      <section aria-labelledby="agreement-status-h" className="rounded-xl border border-slate-200 bg-white p-4">
        <h2 id="agreement-status-h" className="mb-2 text-xl font-semibold">
          {t("agreementLink.statusHeading")}
        </h2>
        <p>
          {s.state === "signed" && current
            ? t("agreementLink.signed", {
                date: day(current.signedAt),
                version: current.textVersion,
                renewBy: day(current.renewBy),
              })
            : s.state === "renewal_due"
              ? t("agreementLink.renewalDue")
              : s.state === "revoked"
                ? t("agreementLink.revoked")
                : t("agreementLink.none")}
        </p>
      </section>
      {view.needsSignature ? (
        <section aria-labelledby="agreement-sign-h" className="rounded-xl border border-slate-200 bg-white p-4">
          <h2 id="agreement-sign-h" className="mb-2 text-xl font-semibold">
            {s.state === "signed" ? t("agreementLink.renewHeading") : t("agreementLink.signHeading")}
          </h2>
          {view.text ? (
            <form method="post" action="/a/agreement" className="flex flex-col gap-3" noValidate>
              {errors.form || errors.agree || errors.typedName ? (
                <Notice kind="error">{errors.form ?? t("agreementLink.errors.summary")}</Notice>
              ) : null}
              <input type="hidden" name="textId" value={view.text.id} />
              <input type="hidden" name="idempotencyKey" value={idempotencyKey} />
              {locale !== "en" ? (
                <Notice kind="info">
                  <p className="font-semibold">{t("agreementLink.englishOnlyTitle")}</p>
                  <p>{t("agreementLink.englishOnlyBody")}</p>
                </Notice>
              ) : null}
              <div className="rounded-md border border-slate-200 bg-slate-50 p-3" lang="en">
                <h3 className="mb-2 text-lg font-semibold">{view.text.title}</h3>
                <p className="whitespace-pre-line">{view.text.body}</p>
              </div>
              <p className="text-sm text-slate-600">{t("agreementLink.version", { version: view.text.version })}</p>
              <div className="flex min-h-11 items-center gap-3">
                <input
                  id="agreement-agree"
                  name="agree"
                  type="checkbox"
                  className="h-6 w-6"
                  aria-invalid={errors.agree ? true : undefined}
                  aria-describedby={errors.agree ? "agreement-agree-error" : undefined}
                />
                <label htmlFor="agreement-agree" className="font-medium">
                  {t("agreementLink.agree")}
                </label>
              </div>
              {errors.agree ? (
                <p id="agreement-agree-error" className="font-medium text-red-800">
                  {errors.agree}
                </p>
              ) : null}
              <div className="flex flex-col gap-1">
                <label htmlFor="agreement-typedName" className="font-medium">
                  {t("agreementLink.typedName")}
                </label>
                {errors.typedName ? (
                  <p id="agreement-typedName-error" className="font-medium text-red-800">
                    {errors.typedName}
                  </p>
                ) : null}
                <input
                  id="agreement-typedName"
                  name="typedName"
                  required
                  maxLength={100}
                  autoComplete="name"
                  defaultValue={form?.values.typedName}
                  aria-invalid={errors.typedName ? true : undefined}
                  aria-describedby={errors.typedName ? "agreement-typedName-error" : undefined}
                  className={inputClass}
                />
              </div>
              <div>
                <button type="submit" className={`${buttonClass("primary")} w-full sm:w-auto`}>
                  {t("agreementLink.submit")}
                </button>
              </div>
            </form>
          ) : (
            <p>{t("agreementLink.noText")}</p>
          )}
        </section>
      ) : (
        <p>{t("agreementLink.closePage")}</p>
      )}
    </div>
  );
}
