import "server-only";
import { headers } from "next/headers";
import { appCatalogs } from "./catalogs";
import { LOCALE_COOKIE, pickLocale } from "./locales";
import { makeTranslator, type Translate } from "./translator";

export type PageLanguage = { locale: string; t: Translate; supported: string[] };

/** One cookie's value from a Cookie header. */
function cookieOf(header: string | null, name: string): string | undefined {
  for (const part of (header ?? "").split(";")) {
    const [k, ...v] = part.trim().split("=");
    if (k === name) return v.join("=");
  }
  return undefined;
}

/**
 * The language of a patient page (docs/decisions/i18n.md): the switch's cookie, the patient's
 * preferred language when the page knows the patient (pass it; leave it out when it does not),
 * else the browser's Accept-Language, else English.
 */
export function getPageLanguage(request: Request, preferred?: string | null): PageLanguage {
  const catalogs = appCatalogs();
  const supported = Object.keys(catalogs);
  const locale = pickLocale({
    supported,
    cookie: cookieOf(request.headers.get("cookie"), LOCALE_COOKIE),
    preferred,
    acceptLanguage: request.headers.get("accept-language"),
  });
  return { locale, t: makeTranslator(locale, catalogs), supported };
}

/** The language switch's cookie on this request (a locale code or undefined). */
export function switchedLocale(request: Request): string | undefined {
  return cookieOf(request.headers.get("cookie"), LOCALE_COOKIE);
}

/**
 * The language of what is sent to a patient outside a page (reminder emails, the .ics file):
 * the switch's choice when the patient asked from a page, else the patient's preferred language,
 * else English (docs/decisions/i18n.md).
 */
export function patientLanguage(preferred: string | null | undefined, switched?: string | null): PageLanguage {
  const catalogs = appCatalogs();
  const supported = Object.keys(catalogs);
  const locale = pickLocale({ supported, cookie: switched, preferred: preferred ?? null });
  return { locale, t: makeTranslator(locale, catalogs), supported };
}

/** English, for patient pages not yet on the patient page shell (the portal's App Router pages). */
export function englishLanguage(): PageLanguage {
  const catalogs = appCatalogs();
  return { locale: "en", t: makeTranslator("en", catalogs), supported: Object.keys(catalogs) };
}

/**
 * The language of an App Router patient page (the video room, which keeps its JavaScript): the
 * same choice as getPageLanguage, read from this request's headers.
 */
export async function appPageLanguage(preferred?: string | null): Promise<PageLanguage> {
  const h = await headers();
  return getPageLanguage(
    new Request("http://page.invalid/", {
      headers: { cookie: h.get("cookie") ?? "", "accept-language": h.get("accept-language") ?? "" },
    }),
    preferred,
  );
}
