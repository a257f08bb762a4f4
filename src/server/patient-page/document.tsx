import type { Translate } from "@/i18n/translator";

export type LanguageChoice = { code: string; name: string };

/**
 * The one document shell of every patient page (docs/decisions/patient-pages-rendering.md):
 * `lang` from the chosen language, the built stylesheet, the skip link, the clinic's name and the
 * language switch, then the page. Rendered to static markup: no script at all.
 */
export function PatientDocument({
  locale,
  t,
  title,
  clinicName,
  cssHrefs,
  returnPath,
  otherLanguages,
  children,
}: {
  locale: string;
  t: Translate;
  title: string;
  clinicName: string;
  cssHrefs: string[];
  returnPath: string;
  otherLanguages: LanguageChoice[];
  children: React.ReactNode;
}) {
  return (
    <html lang={locale}>
      {/* eslint-disable-next-line @next/next/no-head-element -- rendered to static markup outside the App Router: next/head does not apply. */}
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex, nofollow" />
        <meta name="referrer" content="no-referrer" />
        <title>{`${title} · ${clinicName}`}</title>
        {cssHrefs.map((h) => (
          <link key={h} rel="stylesheet" href={h} />
        ))}
      </head>
      <body className="min-h-screen">
        <a href="#main" className="skip-link">
          {t("shell.skipLink")}
        </a>
        <div className="flex min-h-screen flex-col">
          <header className="border-b border-slate-200 bg-white">
            <div className="mx-auto flex max-w-2xl flex-wrap items-center justify-between gap-2 px-4 py-2">
              <p className="py-1 text-lg font-bold text-teal-900">{clinicName}</p>
              {otherLanguages.length ? <LanguageSwitch t={t} returnPath={returnPath} choices={otherLanguages} /> : null}
            </div>
          </header>
          <main id="main" className="mx-auto w-full max-w-2xl flex-1 px-4 py-6">
            {children}
          </main>
        </div>
      </body>
    </html>
  );
}

/**
 * A plain form (works without JavaScript): each button names its language in that language.
 * POST /language remembers the choice and sends the patient back to this page.
 */
export function LanguageSwitch({
  t,
  returnPath,
  choices,
}: {
  t: Translate;
  returnPath: string;
  choices: LanguageChoice[];
}) {
  return (
    <form method="post" action="/language" className="flex items-center gap-2">
      <input type="hidden" name="back" value={returnPath} />
      <span className="text-sm text-slate-700" id="language-label">
        {t("shell.languageLabel")}:
      </span>
      {choices.map((c) => (
        <button
          key={c.code}
          type="submit"
          name="lang"
          value={c.code}
          lang={c.code}
          aria-describedby="language-label"
          className="min-h-11 rounded-md border border-teal-800 px-3 font-semibold text-teal-900 underline-offset-2 hover:underline"
        >
          {c.name}
        </button>
      ))}
    </form>
  );
}
