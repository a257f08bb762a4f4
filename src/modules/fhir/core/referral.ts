import type { ServiceRequest } from "@medplum/fhirtypes";
import { concept, meta, ref } from "./common";
import { SNOMED } from "./udt";

/** A non-opioid treatment referral (care-plan), as a ServiceRequest (docs/decisions/fhir-api.md). */
export type ReferralRow = {
  id: string;
  patientId: string;
  kind: "PHYSICAL_THERAPY" | "BEHAVIORAL_THERAPY" | "OTHER";
  detail: string | null;
  telehealth: boolean;
  status: "REFERRED" | "SCHEDULED" | "ATTENDING" | "COMPLETED" | "DECLINED";
  note: string | null;
  createdById: string;
  createdAt: Date;
  updatedAt: Date;
};

/** SNOMED CT 3457005 Patient referral: the ServiceRequest category of a referral. */
export const REFERRAL_CATEGORY = "3457005";
export const REFERRAL_KIND_SYSTEM = "urn:virtual-pain-clinic:referral-kind";

const kindLabel: Record<ReferralRow["kind"], string> = {
  PHYSICAL_THERAPY: "Physical therapy",
  BEHAVIORAL_THERAPY: "Behavioral therapy",
  OTHER: "Other non-opioid treatment",
};

/** Open steps are active, completed is completed, declined is revoked (the patient ended it). */
export const referralStatus: Record<ReferralRow["status"], ServiceRequest["status"]> = {
  REFERRED: "active",
  SCHEDULED: "active",
  ATTENDING: "active",
  COMPLETED: "completed",
  DECLINED: "revoked",
};

export function toReferralServiceRequest(r: ReferralRow): ServiceRequest {
  const label = kindLabel[r.kind];
  return {
    resourceType: "ServiceRequest",
    id: r.id,
    meta: meta(r.updatedAt),
    status: referralStatus[r.status],
    intent: "order",
    category: [concept({ system: SNOMED, code: REFERRAL_CATEGORY, display: "Patient referral" })],
    code: concept(
      { system: REFERRAL_KIND_SYSTEM, code: r.kind.toLowerCase().replaceAll("_", "-"), display: label },
      `${label}${r.detail ? `: ${r.detail}` : ""}${r.telehealth ? " (telehealth)" : ""}`,
    ),
    subject: ref("Patient", r.patientId),
    authoredOn: r.createdAt.toISOString(),
    requester: ref("Practitioner", r.createdById),
    ...(r.note ? { note: [{ text: r.note }] } : {}),
  };
}
