import type { Binary, DocumentReference } from "@medplum/fhirtypes";
import { concept, loinc, meta, ref } from "./common";

/** A signed visit note (visit-notes), as a US Core DocumentReference with its PDF as a Binary. */
export type SignedNoteRow = {
  id: string;
  visitId: string;
  patientId: string;
  signedAt: Date;
  signedById: string | null;
  startedAt: Date | null;
  endedAt: Date | null;
  addenda: number;
  updatedAt: Date;
};

export const profileDocumentReference = "http://hl7.org/fhir/us/core/StructureDefinition/us-core-documentreference";
/** LOINC 11506-3 Progress note; US Core DocumentReference category clinical-note. */
export const PROGRESS_NOTE = "11506-3";
export const DOC_CATEGORY_SYSTEM = "http://hl7.org/fhir/us/core/CodeSystem/us-core-documentreference-category";

export function toDocumentReference(n: SignedNoteRow, baseUrl: string): DocumentReference {
  return {
    resourceType: "DocumentReference",
    id: n.id,
    meta: meta(n.updatedAt, profileDocumentReference),
    status: "current",
    docStatus: n.addenda > 0 ? "amended" : "final",
    type: concept(loinc(PROGRESS_NOTE, "Progress note"), "Virtual visit note"),
    category: [concept({ system: DOC_CATEGORY_SYSTEM, code: "clinical-note", display: "Clinical Note" })],
    subject: ref("Patient", n.patientId),
    date: n.signedAt.toISOString(),
    ...(n.signedById
      ? { author: [ref("Practitioner", n.signedById)], authenticator: ref("Practitioner", n.signedById) }
      : {}),
    content: [
      {
        attachment: {
          contentType: "application/pdf",
          url: `${baseUrl}/Binary/${n.id}`,
          title: "Virtual visit note (PDF)",
          creation: n.signedAt.toISOString(),
        },
      },
    ],
    context: {
      encounter: [ref("Encounter", n.visitId)],
      ...(n.startedAt
        ? { period: { start: n.startedAt.toISOString(), ...(n.endedAt ? { end: n.endedAt.toISOString() } : {}) } }
        : {}),
    },
  };
}

/** The note's PDF as a FHIR Binary (base64), readable under the DocumentReference's access. */
export function toBinary(noteId: string, base64Pdf: string, lastUpdated: Date): Binary {
  return {
    resourceType: "Binary",
    id: noteId,
    meta: meta(lastUpdated),
    contentType: "application/pdf",
    securityContext: ref("DocumentReference", noteId),
    data: base64Pdf,
  };
}
