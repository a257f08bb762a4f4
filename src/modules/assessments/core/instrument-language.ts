import type { InstrumentCode } from "./instruments";

/**
 * Which wording a patient sees for an instrument on a page in their language
 * (docs/decisions/i18n.md, "Instrument translations"). We never translate an instrument: a
 * translation is shown only when the authors' official text was imported and a clinician
 * approved it. Until then the English form is shown with a note in the page's language:
 * - "englishOnly": an official translation exists but is not in the app yet (PHQ-9 Spanish);
 * - "noValidated": no validated translation with a citation was found (PEG).
 */
export type InstrumentLanguageNote = "none" | "englishOnly" | "noValidated";

/** Instruments with no published, validated translation we could cite (CLINICAL: PEG). */
const noValidatedTranslation: Record<InstrumentCode, boolean> = { PEG: true, PHQ9: false };

export function instrumentLanguageNote(
  code: InstrumentCode,
  pageLocale: string,
  approvedTranslation: boolean,
): InstrumentLanguageNote {
  if (pageLocale === "en" || approvedTranslation) return "none";
  return noValidatedTranslation[code] ? "noValidated" : "englishOnly";
}
