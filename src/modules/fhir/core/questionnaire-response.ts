import type { Observation, QuestionnaireResponse, QuestionnaireResponseItem } from "@medplum/fhirtypes";
import { instruments, type InstrumentCode } from "@/modules/assessments/core/instruments";
import { concept, loinc, meta, profiles, ref, surveyCategory, UCUM } from "./common";
import { answerCoding, canonicalOf } from "./questionnaire";

/**
 * One version of an answered PEG or PHQ-9 (a FormResponse row). Versions of one answer share
 * seriesId (the first version's id), which is the FHIR id; version is meta.versionId.
 */
export type ResponseRow = {
  id: string;
  seriesId: string;
  version: number;
  patientId: string;
  instrument: InstrumentCode;
  answers: Record<string, number>;
  /** Score in tenths: PEG mean x 10, PHQ-9 total x 10. */
  scoreTenths: number;
  mode: "PORTAL" | "SECURE_LINK" | "PHONE" | "VIDEO";
  answeredAt: Date;
  createdAt: Date;
};

const selfReported = (m: ResponseRow["mode"]) => m === "PORTAL" || m === "SECURE_LINK";

export function toQuestionnaireResponse(r: ResponseRow, baseUrl: string): QuestionnaireResponse {
  const instrument = instruments[r.instrument];
  const item: QuestionnaireResponseItem[] = instrument.items.flatMap((it) => {
    const v = r.answers[it.id];
    if (v === undefined) return [];
    const coding = answerCoding(r.instrument, it, v);
    return [{ linkId: it.id, text: it.text, answer: [coding ? { valueCoding: coding } : { valueInteger: v }] }];
  });
  return {
    resourceType: "QuestionnaireResponse",
    id: r.seriesId,
    meta: meta(r.createdAt, profiles.questionnaireResponse, String(r.version)),
    questionnaire: `${canonicalOf(baseUrl, r.instrument)}|${instrument.version}`,
    status: r.version > 1 ? "amended" : "completed",
    subject: ref("Patient", r.patientId),
    authored: r.answeredAt.toISOString(),
    ...(selfReported(r.mode) ? { author: ref("Patient", r.patientId), source: ref("Patient", r.patientId) } : {}),
    item,
  };
}

/** Observation ids derived from a response series: "<seriesId>-score" and "<seriesId>-<item id>". */
export const scoreObservationId = (seriesId: string) => `${seriesId}-score`;
export const itemObservationId = (seriesId: string, itemId: string) => `${seriesId}-${itemId}`;

/**
 * US Core Screening Assessment Observations for one response: the score (PEG mean 91147-9 as a
 * quantity, PHQ-9 total 44261-6 as an integer) with the answered items as members, every one
 * derivedFrom the QuestionnaireResponse. The score comes first.
 */
export function toSurveyObservations(r: ResponseRow): Observation[] {
  const instrument = instruments[r.instrument];
  const common: Omit<Observation, "code"> = {
    resourceType: "Observation",
    meta: meta(r.createdAt, profiles.screeningAssessment, String(r.version)),
    status: r.version > 1 ? "amended" : "final",
    category: [surveyCategory],
    subject: ref("Patient", r.patientId),
    effectiveDateTime: r.answeredAt.toISOString(),
    issued: r.createdAt.toISOString(),
    ...(selfReported(r.mode) ? { performer: [ref("Patient", r.patientId)] } : {}),
    derivedFrom: [ref("QuestionnaireResponse", r.seriesId)],
  };
  const items: Observation[] = instrument.items.flatMap((it) => {
    const v = r.answers[it.id];
    if (v === undefined) return [];
    const coding = answerCoding(r.instrument, it, v);
    return [
      {
        ...common,
        id: itemObservationId(r.seriesId, it.id),
        code: concept(loinc(it.loinc), it.text),
        ...(coding ? { valueCodeableConcept: concept(coding) } : { valueInteger: v }),
      },
    ];
  });
  const score: Observation = {
    ...common,
    id: scoreObservationId(r.seriesId),
    code: concept(loinc(instrument.loincScore), r.instrument === "PEG" ? "PEG mean score" : "PHQ-9 total score"),
    ...(r.instrument === "PEG"
      ? { valueQuantity: { value: r.scoreTenths / 10, unit: "{score}", system: UCUM, code: "{score}" } }
      : { valueInteger: Math.round(r.scoreTenths / 10) }),
    hasMember: items.map((o) => ref("Observation", o.id!)),
  };
  return [score, ...items];
}
