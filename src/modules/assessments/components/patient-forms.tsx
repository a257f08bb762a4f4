import { Notice } from "@/components/ui/form-status";
import { buttonClass } from "@/components/ui/button-class";
import { Icon } from "@/components/ui/icon";
import { doneIcon } from "@/components/ui/icons";
import type { Translate } from "@/i18n/translator";
import type { FormState } from "@/lib/forms";
import type { FormToFill, PendingForm, SubmissionOutcome } from "../fill-forms.server";
import { instruments, type InstrumentCode } from "../core/instruments";
import { CrisisResources } from "./crisis-resources";
import { InstrumentForm } from "./instrument-form";
import { type FieldTexts } from "./instrument-fields";

/**
 * Patient-facing pieces shared by the portal (/me/forms) and the secure link (/f/forms), in the
 * page's language (src/i18n/messages). Plain <a> links, no hooks: they render as static markup in
 * the no-script patient pages (docs/decisions/patient-pages-rendering.md) and in App Router pages.
 */

function formatDue(iso: string, timeZone: string, locale: string): string {
  return new Intl.DateTimeFormat(`${locale}-US`, {
    timeZone,
    weekday: "long",
    month: "long",
    day: "numeric",
    hour: "numeric",
    minute: "2-digit",
    timeZoneName: "short",
  }).format(new Date(iso));
}

export const instrumentTitleKey = { PEG: "forms.instrumentTitle.PEG", PHQ9: "forms.instrumentTitle.PHQ9" } as const;

/** The words around an instrument's own wording, in the page's language. */
export function fieldTexts(t: Translate, code: InstrumentCode, instrumentLang?: string): FieldTexts {
  const items = instruments[code].items;
  return {
    question: items.map((i) => t("forms.question", { number: i.number, count: items.length })),
    optional: t("forms.optional"),
    chooseAnswer: items.map((i) => t("forms.chooseAnswer", { number: i.number })),
    instrumentLang,
  };
}

export function PendingFormsList({
  forms,
  basePath,
  timeZone,
  t,
  locale,
}: {
  forms: PendingForm[];
  basePath: string;
  timeZone: string;
  t: Translate;
  locale: string;
}) {
  if (forms.length === 0) {
    return <Notice kind="success">{t("forms.none")}</Notice>;
  }
  const minutes = forms.reduce((s, f) => s + f.minutes, 0);
  return (
    <div className="flex flex-col gap-4">
      <p>{t("forms.listIntro", { count: forms.length, minutes })}</p>
      <ol className="flex flex-col gap-3">
        {forms.map((f, i) => (
          <li key={f.requestId} className="rounded-xl border border-slate-300 bg-white p-4">
            <p className="text-sm text-slate-600">
              {t("forms.itemMeta", { index: i + 1, count: forms.length, minutes: f.minutes })}
            </p>
            <p className="text-lg font-semibold">{t(instrumentTitleKey[f.instrument])}</p>
            <p className="text-sm text-slate-700">
              {f.overdue ? t("forms.fillSoon") : t("forms.fillBy", { due: formatDue(f.dueAt, timeZone, locale) })}
            </p>
            <a href={`${basePath}/${f.requestId}`} className={`${buttonClass("primary")} mt-3 w-full sm:w-auto`}>
              {i === 0 ? t("forms.start") : t("forms.open")}{" "}
              <span className="sr-only">{t(instrumentTitleKey[f.instrument])}</span>
            </a>
          </li>
        ))}
      </ol>
    </div>
  );
}

export function FormProgress({ form, t }: { form: FormToFill; t: Translate }) {
  const pct = Math.round(((form.step - 1) / form.steps) * 100);
  const label = t("forms.progress", { step: form.step, steps: form.steps });
  return (
    <div>
      <p className="font-medium text-slate-700" id="progress-label">
        {label}
      </p>
      {/* SVG attributes, not inline styles: the CSP allows no inline style. */}
      <svg
        role="progressbar"
        aria-labelledby="progress-label"
        aria-valuemin={0}
        aria-valuemax={form.steps}
        aria-valuenow={form.step - 1}
        aria-valuetext={label}
        className="mt-1 block h-2 w-full"
        viewBox="0 0 100 2"
        preserveAspectRatio="none"
      >
        <rect x="0" y="0" width="100" height="2" rx="1" className="fill-slate-200" />
        <rect x="0" y="0" width={Math.max(pct, 4)} height="2" rx="1" className="fill-teal-800" />
      </svg>
    </div>
  );
}

/** The portal's form step (an App Router page posting to a server action). */
export function FormStep({
  form,
  action,
  idempotencyKey,
  t,
}: {
  form: FormToFill;
  action: (prev: FormState, fd: FormData) => Promise<FormState>;
  idempotencyKey: string;
  t: Translate;
}) {
  return (
    <div className="flex flex-col gap-4">
      <FormProgress form={form} t={t} />
      <h1 className="text-2xl font-bold">{t(instrumentTitleKey[form.instrument])}</h1>
      <InstrumentForm
        action={action}
        instrument={form.instrument}
        hidden={{ requestId: form.requestId, idempotencyKey }}
        submitLabel={form.step < form.steps ? t("forms.sendNext") : t("forms.send")}
      />
    </div>
  );
}

export function SubmissionConfirmation({
  outcome,
  basePath,
  finishPath,
  t,
}: {
  outcome: SubmissionOutcome;
  basePath: string;
  /** Where "I am done" posts (the link session's end); none in the portal. */
  finishPath?: string;
  t: Translate;
}) {
  return (
    <div className="flex flex-col gap-5">
      {outcome.safetyFlag ? <CrisisResources t={t} /> : null}
      <h1 className="flex items-center gap-2 text-2xl font-bold">
        <Icon icon={doneIcon} /> {t("done.thanks")}
      </h1>
      {outcome.remaining > 0 && outcome.nextRequestId ? (
        <div className="flex flex-col gap-2">
          <p>{t("done.more", { count: outcome.remaining })}</p>
          <a href={`${basePath}/${outcome.nextRequestId}`} className={`${buttonClass("primary")} w-full sm:w-auto`}>
            {t("done.next")}
          </a>
        </div>
      ) : (
        <section aria-labelledby="next-h" className="rounded-xl border border-slate-300 bg-white p-4">
          <h2 id="next-h" className="text-lg font-semibold">
            {t("done.whatNext")}
          </h2>
          <ul className="mt-2 list-disc pl-5">
            <li>{t("done.willRead")}</li>
            <li>{t("done.nothingElse")}</li>
            <li>{t("done.talk")}</li>
          </ul>
        </section>
      )}
      {finishPath ? (
        <form method="post" action={finishPath}>
          <button type="submit" className={buttonClass("secondary")}>
            {t("done.finish")}
          </button>
        </form>
      ) : null}
    </div>
  );
}
