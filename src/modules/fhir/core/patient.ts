import type { Patient, Practitioner } from "@medplum/fhirtypes";
import { fhirDate, meta, MRN_SYSTEM, profiles, STAFF_ID_SYSTEM } from "./common";

/** What the Patient mapper reads of a patients row. */
export type PatientRow = {
  id: string;
  mrn: string;
  givenName: string;
  familyName: string;
  birthDate: Date;
  phone: string | null;
  email: string | null;
  /** BCP 47 tag, e.g. en, es. */
  preferredLanguage: string;
  /** Two-letter US state. */
  stateOfResidence: string;
  updatedAt: Date;
};

/**
 * US Core Patient. The app records no administrative gender, so it is sent as "unknown" (a value
 * the profile allows) rather than guessed; see docs/decisions/fhir-api.md.
 */
export function toPatient(r: PatientRow): Patient {
  return {
    resourceType: "Patient",
    id: r.id,
    meta: meta(r.updatedAt, profiles.patient),
    identifier: [
      {
        use: "usual",
        type: {
          coding: [
            { system: "http://terminology.hl7.org/CodeSystem/v2-0203", code: "MR", display: "Medical record number" },
          ],
        },
        system: MRN_SYSTEM,
        value: r.mrn,
      },
    ],
    active: true,
    name: [{ use: "official", family: r.familyName, given: [r.givenName] }],
    telecom: [
      ...(r.phone ? [{ system: "phone" as const, value: r.phone, use: "home" as const }] : []),
      ...(r.email ? [{ system: "email" as const, value: r.email }] : []),
    ],
    gender: "unknown",
    birthDate: fhirDate(r.birthDate),
    address: [{ state: r.stateOfResidence, country: "US" }],
    communication: [
      {
        language: { coding: [{ system: "urn:ietf:bcp:47", code: r.preferredLanguage }] },
        preferred: true,
      },
    ],
  };
}

/** What the Practitioner mapper reads of a staff user. */
export type PractitionerRow = { id: string; name: string; email: string; active: boolean; updatedAt: Date };

/** Splits a display name "Dana Q. Reyes" into given ["Dana", "Q."] and family "Reyes". */
export function splitName(name: string): { given: string[]; family: string } {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  if (parts.length <= 1) return { given: [], family: parts[0] ?? name };
  return { given: parts.slice(0, -1), family: parts[parts.length - 1]! };
}

/** US Core Practitioner for a clinician or coordinator. The app keeps no NPI, so the identifier is the staff id. */
export function toPractitioner(r: PractitionerRow): Practitioner {
  const { given, family } = splitName(r.name);
  return {
    resourceType: "Practitioner",
    id: r.id,
    meta: meta(r.updatedAt, profiles.practitioner),
    identifier: [{ system: STAFF_ID_SYSTEM, value: r.id }],
    active: r.active,
    name: [{ text: r.name, family, ...(given.length ? { given } : {}) }],
    telecom: [{ system: "email", value: r.email, use: "work" }],
  };
}
