import type { Coding, Questionnaire, QuestionnaireItem, QuestionnaireItemAnswerOption } from "@medplum/fhirtypes";
import {
  instruments,
  type Instrument,
  type InstrumentCode,
  type InstrumentItem,
} from "@/modules/assessments/core/instruments";
import { loinc } from "./common";

/**
 * PEG and PHQ-9 as FHIR Questionnaires, built from the instruments' own definitions
 * (src/modules/assessments/core/instruments.ts): one source for wording, options and LOINC codes.
 */

/** Questionnaire ids: stable, FHIR-id safe. */
export const questionnaireIds: Record<InstrumentCode, string> = { PEG: "peg", PHQ9: "phq-9" };
export const instrumentOfQuestionnaire = (id: string): InstrumentCode | null =>
  (Object.entries(questionnaireIds).find(([, q]) => q === id)?.[0] as InstrumentCode | undefined) ?? null;

/**
 * LOINC answer codes of the PHQ-9 options, by option value: LL358-3 for items 1-9 and LL359-1 for
 * item 10 (loinc.org answer lists; docs/decisions/fhir-api.md). PEG items are 0-10 numbers, no codes.
 */
export const phqAnswerCodes: Record<"frequency" | "difficulty", readonly string[]> = {
  frequency: ["LA6568-5", "LA6569-3", "LA6570-1", "LA6571-9"],
  difficulty: ["LA6572-7", "LA6573-5", "LA6575-0", "LA6574-3"],
};

const ORDINAL = "http://hl7.org/fhir/StructureDefinition/ordinalValue";

/** The coded answer of a PHQ-9 item for an option value, or null for PEG items and unknown values. */
export function answerCoding(code: InstrumentCode, item: InstrumentItem, value: number): Coding | null {
  if (code !== "PHQ9") return null;
  const list = item.scored ? phqAnswerCodes.frequency : phqAnswerCodes.difficulty;
  const la = list[value];
  const option = item.options.find((o) => o.value === value);
  return la && option ? loinc(la, option.label) : null;
}

function answerOptions(code: InstrumentCode, item: InstrumentItem): QuestionnaireItemAnswerOption[] {
  return item.options.map((o) => {
    const coding = answerCoding(code, item, o.value);
    if (!coding) return { valueInteger: o.value };
    // Scored items carry their points; item 10 is asked but not scored, so it has none.
    return { valueCoding: item.scored ? { ...coding, extension: [{ url: ORDINAL, valueDecimal: o.value }] } : coding };
  });
}

export function canonicalOf(baseUrl: string, code: InstrumentCode): string {
  return `${baseUrl}/Questionnaire/${questionnaireIds[code]}`;
}

export function toQuestionnaire(instrument: Instrument, baseUrl: string): Questionnaire {
  const items: QuestionnaireItem[] = instrument.items.map((item) => ({
    linkId: item.id,
    code: [loinc(item.loinc)],
    prefix: String(item.number),
    text: item.text,
    type: "choice",
    required: item.required,
    answerOption: answerOptions(instrument.code, item),
  }));
  return {
    resourceType: "Questionnaire",
    id: questionnaireIds[instrument.code],
    url: canonicalOf(baseUrl, instrument.code),
    version: instrument.version,
    name: instrument.code,
    title: instrument.name,
    status: "active",
    subjectType: ["Patient"],
    code: [loinc(instrument.loincPanel)],
    description: `${instrument.stem} (${instrument.citation})`,
    item: items,
  };
}

export const allQuestionnaires = (baseUrl: string): Questionnaire[] =>
  Object.values(instruments).map((i) => toQuestionnaire(i, baseUrl));
