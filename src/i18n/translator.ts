import { createTranslator } from "use-intl/core";
import { DEFAULT_LOCALE } from "./locales";
import type { Messages } from "./catalogs";

/**
 * A translator for one language (use-intl's createTranslator: ICU messages, no React context, so
 * it runs in route handlers). A message missing in that language falls back to English; the
 * catalog test keeps that from happening in a release.
 */
export function makeTranslator(locale: string, catalogs: Record<string, Messages>) {
  const fallback = createTranslator({ locale: DEFAULT_LOCALE, messages: catalogs[DEFAULT_LOCALE]! });
  return createTranslator({
    locale,
    messages: catalogs[locale] ?? catalogs[DEFAULT_LOCALE]!,
    onError: () => {},
    getMessageFallback: ({ namespace, key }) => {
      const full = (namespace ? `${namespace}.${key}` : key) as Parameters<typeof fallback>[0];
      return fallback(full);
    },
  });
}
export type Translate = ReturnType<typeof makeTranslator>;
/** A message key (checked against the English catalog). */
export type MessageKey = Parameters<Translate>[0];
