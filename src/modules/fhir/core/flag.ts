import type { Flag } from "@medplum/fhirtypes";
import { concept, loinc, meta, ref } from "./common";

/** A PHQ-9 item 9 safety alert (docs/clinical-reference.md#phq-9-item-9-safety-event). */
export type SafetyAlertRow = {
  id: string;
  patientId: string;
  status: "OPEN" | "RESOLVED";
  createdAt: Date;
  resolvedAt: Date | null;
};

/** Open alerts are active Flags; a resolved alert is inactive with the period's end. */
export function toFlag(a: SafetyAlertRow): Flag {
  return {
    resourceType: "Flag",
    id: a.id,
    meta: meta(a.resolvedAt ?? a.createdAt),
    status: a.status === "OPEN" ? "active" : "inactive",
    category: [
      concept({ system: "http://terminology.hl7.org/CodeSystem/flag-category", code: "clinical", display: "Clinical" }),
    ],
    code: concept(
      loinc("44260-8", "Thoughts that you would be better off dead, or of hurting yourself in some way"),
      "PHQ-9 item 9 answered above 0: suicide-risk follow-up needed",
    ),
    subject: ref("Patient", a.patientId),
    period: { start: a.createdAt.toISOString(), ...(a.resolvedAt ? { end: a.resolvedAt.toISOString() } : {}) },
  };
}
