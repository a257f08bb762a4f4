/**
 * What the API serves, as data: each resource type with its search parameters and includes. The
 * CapabilityStatement (capability.ts) and the search parser (search.ts) read this one table, so
 * the statement says exactly what the parser accepts (docs/decisions/fhir-api.md).
 */
export type ParamType = "token" | "reference" | "date" | "number";
export type ParamDef = { name: string; type: ParamType; doc: string };

const id: ParamDef = { name: "_id", type: "token", doc: "Logical id; several separated by commas." };
const lastUpdated: ParamDef = { name: "_lastUpdated", type: "date", doc: "meta.lastUpdated, with ge/gt/le/lt/eq." };
const patient: ParamDef = {
  name: "patient",
  type: "reference",
  doc: "The patient: an id or Patient/<id>; several by commas.",
};

/** `_include=<Type>:patient`: the Patient each match is about. */
const includePatient = (type: string) => `${type}:patient`;

export const resourceDefs = {
  Patient: {
    needsPatient: false,
    params: [
      id,
      lastUpdated,
      { name: "identifier", type: "token", doc: "The MRN, as value or urn:virtual-pain-clinic:mrn|value." },
    ],
  },
  Practitioner: { needsPatient: false, params: [id, lastUpdated] },
  Questionnaire: { needsPatient: false, params: [id] },
  QuestionnaireResponse: {
    needsPatient: true,
    /** Corrections are versions: vread and _history (serve-fhir.server.ts). */
    versioned: true,
    params: [id, patient, lastUpdated, { name: "authored", type: "date", doc: "When answered." }],
    includes: [includePatient("QuestionnaireResponse")],
  },
  Observation: {
    needsPatient: true,
    params: [
      id,
      patient,
      lastUpdated,
      { name: "code", type: "token", doc: "LOINC code, as code or http://loinc.org|code; several by commas." },
      { name: "category", type: "token", doc: "survey or laboratory." },
      { name: "date", type: "date", doc: "effectiveDateTime." },
    ],
    includes: [includePatient("Observation")],
  },
  ServiceRequest: {
    needsPatient: true,
    params: [
      id,
      patient,
      lastUpdated,
      {
        name: "category",
        type: "token",
        doc: "SNOMED CT 108252007 (laboratory procedure: drug tests) or 3457005 (patient referral).",
      },
      { name: "code", type: "token", doc: "LOINC 87428-9 for drug tests, or the clinic's own panel or referral kind." },
      { name: "status", type: "token", doc: "active, completed or revoked." },
      { name: "authored", type: "date", doc: "authoredOn." },
    ],
    includes: [includePatient("ServiceRequest")],
  },
  DiagnosticReport: {
    needsPatient: true,
    params: [
      id,
      patient,
      lastUpdated,
      { name: "category", type: "token", doc: "LAB." },
      { name: "code", type: "token", doc: "LOINC 87428-9." },
      { name: "status", type: "token", doc: "final." },
      { name: "date", type: "date", doc: "effectiveDateTime (collection)." },
    ],
    includes: ["DiagnosticReport:result", includePatient("DiagnosticReport")],
  },
  DocumentReference: {
    needsPatient: true,
    params: [
      id,
      patient,
      lastUpdated,
      { name: "category", type: "token", doc: "clinical-note." },
      { name: "type", type: "token", doc: "LOINC 11506-3 (progress note)." },
      { name: "status", type: "token", doc: "current." },
      { name: "date", type: "date", doc: "date (signed)." },
    ],
    includes: [includePatient("DocumentReference")],
  },
  /** A signed note's PDF: read only, at the URL its DocumentReference gives (no search). */
  Binary: { needsPatient: true, readOnly: true, params: [] },
  Appointment: {
    needsPatient: true,
    params: [
      id,
      patient,
      lastUpdated,
      { name: "date", type: "date", doc: "start." },
      { name: "status", type: "token", doc: "booked, checked-in, arrived, fulfilled, cancelled, noshow." },
    ],
  },
  Encounter: {
    needsPatient: true,
    params: [
      id,
      patient,
      lastUpdated,
      { name: "date", type: "date", doc: "period start." },
      { name: "status", type: "token", doc: "in-progress or finished." },
    ],
  },
  Consent: {
    needsPatient: true,
    params: [id, patient, lastUpdated, { name: "status", type: "token", doc: "active or inactive." }],
  },
  MedicationStatement: {
    needsPatient: true,
    params: [id, patient, lastUpdated, { name: "status", type: "token", doc: "active or stopped." }],
  },
  Flag: {
    needsPatient: true,
    params: [id, patient, lastUpdated, { name: "status", type: "token", doc: "active or inactive." }],
  },
} as const satisfies Record<
  string,
  {
    needsPatient: boolean;
    versioned?: boolean;
    readOnly?: boolean;
    params: readonly ParamDef[];
    includes?: readonly string[];
  }
>;

export type ResourceType = keyof typeof resourceDefs;
export const resourceTypes = Object.keys(resourceDefs) as ResourceType[];
export const isResourceType = (t: string): t is ResourceType => Object.hasOwn(resourceDefs, t);
