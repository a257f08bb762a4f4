import type { Translate } from "@/i18n/translator";

/** The patient error page: never the internal error text, only a reference for support. */
export function ErrorBody({ t, reference }: { t: Translate; reference: string }) {
  return (
    <div className="flex flex-col gap-4">
      <h1 className="text-2xl font-bold">{t("error.title")}</h1>
      <p className="text-slate-700">{t("error.body", { reference })}</p>
      <p>
        {/* eslint-disable-next-line @next/next/no-html-link-for-pages -- static markup with no script: next/link needs the client router. */}
        <a href="/" className="inline-flex min-h-11 items-center font-semibold text-teal-800 underline">
          {t("error.home")}
        </a>
      </p>
    </div>
  );
}
