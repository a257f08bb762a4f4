/**
 * What staff see about the language of an answer (docs/decisions/i18n.md): the language of the
 * instrument's wording the patient answered (the original English, or an approved translation
 * with its version), and the language of the page around it when that differs. Pure.
 */
const names: Record<string, string> = { en: "English", es: "Spanish" };
const nameOf = (code: string) => names[code] ?? code.toUpperCase();

export function responseLanguageLabel(r: {
  language: string;
  translationVersion: string | null;
  pageLanguage: string | null;
}): string {
  const wording =
    r.translationVersion === null
      ? `${nameOf(r.language)} (original wording)`
      : `${nameOf(r.language)} translation ${r.translationVersion}`;
  return r.pageLanguage && r.pageLanguage !== r.language ? `${wording}; page in ${nameOf(r.pageLanguage)}` : wording;
}
