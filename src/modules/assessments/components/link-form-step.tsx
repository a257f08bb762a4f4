import { Notice } from "@/components/ui/form-status";
import { buttonClass } from "@/components/ui/button-class";
import type { Translate } from "@/i18n/translator";
import type { FormState } from "@/lib/forms";
import type { FormToFill } from "../fill-forms.server";
import { instrumentLanguageNote } from "../core/instrument-language";
import { translatedInstrument, type TranslationText } from "../core/instrument-translation";
import { InstrumentFields } from "./instrument-fields";
import { fieldTexts, FormProgress, instrumentTitleKey } from "./patient-forms";

/**
 * One form step as a plain HTML form posting to its own URL (no script:
 * docs/decisions/assessments-zero-js-patient-form.md), in the page's language. The instrument's
 * wording is the English original (marked lang="en") until an approved translation exists, with
 * a note saying so and offering the care team and an interpreter.
 */
export function LinkFormStep({
  form,
  idempotencyKey,
  state,
  t,
  locale,
  translation,
}: {
  /** The approved translation into the page's language, if there is one. */
  translation: { version: string; text: TranslationText } | null;
  form: FormToFill;
  idempotencyKey: string;
  state: FormState;
  t: Translate;
  locale: string;
}) {
  const note = instrumentLanguageNote(form.instrument, locale, translation !== null);
  // The form's own messages are English; other languages get the plain two cases.
  const message =
    state.status !== "error"
      ? null
      : state.errors
        ? t("forms.incomplete")
        : locale === "en" && state.message
          ? state.message
          : t("forms.unreadable");
  return (
    <div className="flex flex-col gap-4">
      <FormProgress form={form} t={t} />
      <h1 className="text-2xl font-bold">{t(instrumentTitleKey[form.instrument])}</h1>
      {note === "englishOnly" ? (
        <Notice kind="info">
          <p className="font-semibold">{t("forms.englishOnlyTitle")}</p>
          <p>{t("forms.englishOnlyBody")}</p>
        </Notice>
      ) : note === "noValidated" ? (
        <Notice kind="info">
          <p className="font-semibold">{t("forms.noValidatedTitle")}</p>
          <p>{t("forms.noValidatedBody")}</p>
        </Notice>
      ) : null}
      <form method="post" className="flex flex-col gap-6" noValidate>
        <input type="hidden" name="requestId" value={form.requestId} />
        <input type="hidden" name="idempotencyKey" value={idempotencyKey} />
        <input type="hidden" name="pageLanguage" value={locale} />
        {translation ? <input type="hidden" name="translationVersion" value={translation.version} /> : null}
        <div id="form-status" role="status" aria-live="polite">
          {message ? <Notice kind="warning">{message}</Notice> : null}
        </div>
        <InstrumentFields
          instrument={form.instrument}
          errors={state.errors}
          values={state.values}
          texts={fieldTexts(t, form.instrument, note === "none" ? undefined : "en")}
          wording={translation ? translatedInstrument(form.instrument, translation.text) : undefined}
        />
        <div>
          <button type="submit" className={`${buttonClass("primary")} w-full sm:w-auto`}>
            {form.step < form.steps ? t("forms.sendNext") : t("forms.send")}
          </button>
        </div>
      </form>
    </div>
  );
}
