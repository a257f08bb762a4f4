/**
 * Shared FHIR R4 building blocks for the mappers (docs/decisions/fhir-api.md). Pure: no framework,
 * database or server imports. References are relative ("Patient/<id>") as FHIR allows on one server.
 */
import type { CodeableConcept, Coding, Meta, Reference, Resource, ResourceType } from "@medplum/fhirtypes";

export const LOINC = "http://loinc.org";
export const UCUM = "http://unitsofmeasure.org";
/** The clinic's own identifier systems: URNs, so nothing depends on where the app is deployed. */
export const MRN_SYSTEM = "urn:virtual-pain-clinic:mrn";
export const STAFF_ID_SYSTEM = "urn:virtual-pain-clinic:staff";

export const US_CORE = "http://hl7.org/fhir/us/core/StructureDefinition";
export const profiles = {
  patient: `${US_CORE}/us-core-patient`,
  practitioner: `${US_CORE}/us-core-practitioner`,
  questionnaireResponse: `${US_CORE}/us-core-questionnaireresponse`,
  screeningAssessment: `${US_CORE}/us-core-observation-screening-assessment`,
} as const;

export const loinc = (code: string, display?: string): Coding => ({
  system: LOINC,
  code,
  ...(display ? { display } : {}),
});
export const concept = (coding: Coding, text?: string): CodeableConcept => ({
  coding: [coding],
  ...(text ? { text } : {}),
});
export const ref = <T extends Resource>(
  type: T["resourceType"] & ResourceType,
  id: string,
  display?: string,
): Reference<T> => ({
  reference: `${type}/${id}`,
  ...(display ? { display } : {}),
});
export const meta = (lastUpdated: Date, profile?: string, versionId?: string): Meta => ({
  ...(versionId ? { versionId } : {}),
  lastUpdated: lastUpdated.toISOString(),
  ...(profile ? { profile: [profile] } : {}),
});

/** A calendar date (a @db.Date column, midnight UTC) as FHIR `date`. */
export const fhirDate = (d: Date): string => d.toISOString().slice(0, 10);

/** Observation category `survey` (http://terminology.hl7.org/CodeSystem/observation-category). */
export const surveyCategory: CodeableConcept = concept({
  system: "http://terminology.hl7.org/CodeSystem/observation-category",
  code: "survey",
  display: "Survey",
});
