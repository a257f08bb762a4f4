import { buttonClass } from "@/components/ui/button-class";
import { inputClass } from "@/components/ui/field";
import { Notice } from "@/components/ui/form-status";
import type { MessageKey, Translate } from "@/i18n/translator";
import type { BirthDateField } from "../core/birth-date";
import type { LinkPurpose } from "../core/purposes";

export type LandingProblem = { field: BirthDateField; missing: boolean } | { wrong: true; triesLeft: number } | null;

type Copy = { title: MessageKey; intro: MessageKey[]; button: MessageKey; after: MessageKey | null };
const copy: Record<LinkPurpose | "unknown", Copy> = {
  forms: {
    title: "linkLanding.forms.title",
    intro: ["linkLanding.forms.intro", "linkLanding.forms.intro2"],
    button: "linkLanding.forms.button",
    after: "linkLanding.forms.after",
  },
  "visit-join": {
    title: "linkLanding.visitJoin.title",
    intro: ["linkLanding.visitJoin.intro"],
    button: "linkLanding.visitJoin.button",
    after: "linkLanding.visitJoin.after",
  },
  "visit-guest": {
    title: "linkLanding.visitGuest.title",
    intro: ["linkLanding.visitGuest.intro"],
    button: "linkLanding.visitGuest.button",
    after: "linkLanding.visitGuest.after",
  },
  agreement: {
    title: "linkLanding.agreement.title",
    intro: ["linkLanding.agreement.intro", "linkLanding.agreement.intro2"],
    button: "linkLanding.agreement.button",
    after: "linkLanding.agreement.after",
  },
  unknown: {
    title: "linkLanding.unknown.title",
    intro: ["linkLanding.unknown.intro"],
    button: "linkLanding.unknown.button",
    after: null,
  },
};

const fieldErrorKey: Record<"missing" | BirthDateField, MessageKey> = {
  missing: "linkLanding.dob.missing",
  month: "linkLanding.dob.monthError",
  day: "linkLanding.dob.dayError",
  year: "linkLanding.dob.yearError",
};

/** The landing page's heading for a purpose (also the page's title). */
export function landingTitle(t: Translate, purpose: LinkPurpose | null, askBirthDate: boolean): string {
  return t(copy[purpose ?? (askBirthDate ? "visit-join" : "unknown")].title);
}

/**
 * What a link shows before anything happens: no patient data, only what the link is for, and
 * one button: a plain POST to the landing page's own address (/l/<token>, a route handler). A
 * join link asks for the patient's date of birth in the same form. Static markup, no script.
 */
export function LinkLanding({
  token,
  purpose,
  askBirthDate,
  problem,
  values,
  action,
  t,
}: {
  token: string;
  /** Where the form posts: this landing page's own address. */
  action: string;
  purpose: LinkPurpose | null;
  askBirthDate: boolean;
  problem: LandingProblem;
  /** What the patient typed, kept when a box needs fixing (never put in a URL). */
  values?: Partial<Record<BirthDateField, string>>;
  t: Translate;
}) {
  // A link we cannot read the purpose of but that asks for a birth date is an older join link.
  const c = copy[purpose ?? (askBirthDate ? "visit-join" : "unknown")];
  const fieldError = problem && "field" in problem ? problem : null;
  return (
    <div className="flex flex-col gap-5">
      <h1 className="text-2xl font-bold">{t(c.title)}</h1>
      {c.intro.map((k) => (
        <p key={k}>{t(k)}</p>
      ))}
      {problem && "wrong" in problem ? (
        <Notice kind="error">
          <p className="font-semibold">{t("linkLanding.wrongTitle")}</p>
          <p>{t("linkLanding.wrongBody", { left: problem.triesLeft })}</p>
        </Notice>
      ) : null}
      <form method="post" action={action} className="flex flex-col gap-4" noValidate>
        <input type="hidden" name="token" value={token} />
        {askBirthDate ? (
          <>
            <input type="hidden" name="check" value="birth-date" />
            <fieldset className="flex flex-col gap-2" aria-describedby={`dob-hint${fieldError ? " dob-error" : ""}`}>
              <legend className="text-lg font-semibold">{t("linkLanding.dob.legend")}</legend>
              <p id="dob-hint" className="text-sm text-slate-700">
                {purpose === "agreement" ? t("linkLanding.dob.hintAgreement") : t("linkLanding.dob.hintVisit")}
              </p>
              {fieldError ? (
                <p id="dob-error" role="alert" className="font-medium text-red-800">
                  {t(fieldErrorKey[fieldError.missing ? "missing" : fieldError.field])}
                </p>
              ) : null}
              <div className="flex gap-3">
                <BirthDatePart
                  name="month"
                  label={t("linkLanding.dob.month")}
                  size="w-16"
                  maxLength={2}
                  autoComplete="bday-month"
                  invalid={fieldError?.field === "month"}
                  value={values?.month}
                />
                <BirthDatePart
                  name="day"
                  label={t("linkLanding.dob.day")}
                  size="w-16"
                  maxLength={2}
                  autoComplete="bday-day"
                  invalid={fieldError?.field === "day"}
                  value={values?.day}
                />
                <BirthDatePart
                  name="year"
                  label={t("linkLanding.dob.year")}
                  size="w-24"
                  maxLength={4}
                  autoComplete="bday-year"
                  invalid={fieldError?.field === "year"}
                  value={values?.year}
                />
              </div>
            </fieldset>
          </>
        ) : null}
        <div>
          <button type="submit" className={`${buttonClass("primary")} w-full sm:w-auto`}>
            {t(c.button)}
          </button>
        </div>
      </form>
      {c.after ? <p className="text-sm text-slate-700">{t(c.after)}</p> : null}
    </div>
  );
}

function BirthDatePart({
  name,
  label,
  size,
  maxLength,
  autoComplete,
  invalid,
  value,
}: {
  name: BirthDateField;
  label: string;
  size: string;
  maxLength: number;
  autoComplete: string;
  invalid: boolean;
  value: string | undefined;
}) {
  return (
    <div className="flex flex-col gap-1">
      <label htmlFor={`dob-${name}`} className="font-medium">
        {label}
      </label>
      <input
        id={`dob-${name}`}
        name={name}
        inputMode="numeric"
        pattern="[0-9]*"
        maxLength={maxLength}
        autoComplete={autoComplete}
        required
        defaultValue={value}
        aria-invalid={invalid || undefined}
        className={`${inputClass} ${size}`}
      />
    </div>
  );
}
