/**
 * Which language a patient page is shown in (docs/decisions/i18n.md). Pure: the request helper
 * (request-locale.server.ts) passes in the cookie, the patient's preferred language and the
 * browser's Accept-Language. A language is supported when it has a catalog (catalogs.ts).
 */
export const DEFAULT_LOCALE = "en";
/** Set by the language switch (POST /language); holds only a locale code. */
export const LOCALE_COOKIE = "vpc_lang";

/** A locale code: two or three lowercase letters ("en", "es"). */
export function isLocaleCode(s: unknown): s is string {
  return typeof s === "string" && /^[a-z]{2,3}$/.test(s);
}

/** Accept-Language ("es-MX,es;q=0.9,en;q=0.8") -> base codes by preference, q=0 dropped. */
export function acceptedLanguages(header: string | null | undefined): string[] {
  if (!header) return [];
  return header
    .split(",")
    .map((part, i) => {
      const [tag = "", ...params] = part.trim().split(";");
      const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
      return { code: tag.trim().toLowerCase().split("-")[0] ?? "", q: q === undefined ? 1 : Number(q), i };
    })
    .filter((x) => isLocaleCode(x.code) && x.q > 0 && !Number.isNaN(x.q))
    .sort((a, b) => b.q - a.q || a.i - b.i)
    .map((x) => x.code);
}

export type LocaleSources = {
  supported: readonly string[];
  /** The language switch's cookie. */
  cookie?: string | null;
  /** The patient's preferred language, when the page knows the patient. */
  preferred?: string | null;
  /** The browser's Accept-Language header (used only when the page knows no patient). */
  acceptLanguage?: string | null;
};

/** First match wins: the switch, the patient's preference, the browser, English. */
export function pickLocale({ supported, cookie, preferred, acceptLanguage }: LocaleSources): string {
  const ok = (c: string | null | undefined): c is string => !!c && supported.includes(c);
  if (ok(cookie)) return cookie;
  if (preferred !== undefined && preferred !== null) return ok(preferred) ? preferred : DEFAULT_LOCALE;
  return acceptedLanguages(acceptLanguage).find(ok) ?? DEFAULT_LOCALE;
}
