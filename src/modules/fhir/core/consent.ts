import type { Consent } from "@medplum/fhirtypes";
import { meta, ref } from "./common";

/** A telehealth consent or a signed opioid agreement (src/modules/consent's ConsentRecord). */
export type ConsentRow = {
  id: string;
  patientId: string;
  kind: "VIDEO" | "PHONE" | "OPIOID_AGREEMENT";
  method: "VERBAL" | "ELECTRONIC" | "PAPER";
  textTitle: string;
  textVersion: number;
  capturedAt: Date;
  expiresAt: Date;
  revokedAt: Date | null;
};

/** The clinic's own codes for what was agreed to (no national code names these three). */
export const CONSENT_KIND_SYSTEM = "urn:virtual-pain-clinic:consent-kind";
const kinds: Record<ConsentRow["kind"], { code: string; display: string }> = {
  VIDEO: { code: "video-visit", display: "Consent to video visits" },
  PHONE: { code: "telephone-visit", display: "Consent to telephone visits" },
  OPIOID_AGREEMENT: { code: "opioid-agreement", display: "Patient agreement for long-term opioid therapy" },
};

/** Active until revoked or past its renewal date; then inactive (the row itself is never changed). */
export function consentStatus(c: Pick<ConsentRow, "expiresAt" | "revokedAt">, now: Date): "active" | "inactive" {
  return c.revokedAt || c.expiresAt <= now ? "inactive" : "active";
}

export function toConsent(c: ConsentRow, now: Date): Consent {
  const kind = kinds[c.kind];
  return {
    resourceType: "Consent",
    id: c.id,
    meta: meta(c.revokedAt ?? c.capturedAt),
    status: consentStatus(c, now),
    scope: {
      coding: [
        { system: "http://terminology.hl7.org/CodeSystem/consentscope", code: "treatment", display: "Treatment" },
      ],
    },
    category: [{ coding: [{ system: CONSENT_KIND_SYSTEM, ...kind }], text: kind.display }],
    patient: ref("Patient", c.patientId),
    dateTime: c.capturedAt.toISOString(),
    performer: [ref("Patient", c.patientId)],
    policyRule: { text: `${c.textTitle} (version ${c.textVersion}), given ${c.method.toLowerCase()}` },
    provision: {
      type: "permit",
      period: { start: c.capturedAt.toISOString(), end: (c.revokedAt ?? c.expiresAt).toISOString() },
    },
  };
}
