"use client";

import { useEffect } from "react";
import { IntlProvider } from "use-intl";

/**
 * The patient's language for the client components of the video room, the one patient page that
 * keeps its JavaScript (docs/decisions/i18n.md): use-intl's provider with the same catalogs
 * (only the namespaces the room uses are sent), read with `useTranslations()`. The root layout
 * knows no patient, so the document's `lang` is set here to the page's language.
 */
export function PatientIntlProvider({
  locale,
  messages,
  children,
}: {
  locale: string;
  messages: Record<string, unknown>;
  children: React.ReactNode;
}) {
  useEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);
  return (
    <IntlProvider locale={locale} messages={messages as never} timeZone="UTC">
      {children}
    </IntlProvider>
  );
}
