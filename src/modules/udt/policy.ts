import type { Role } from "../identity/core/roles";
import type { UdtPerformer } from "./core/machine";

/**
 * Who may do what with medications and urine drug tests. Which workflow step a role may take is
 * in core/machine.ts (eventPerformers); this matrix gates the data functions around it.
 */
export const udtActions = [
  "medication.list",
  "medication.write",
  "udt.order",
  "udt.read",
  "udt.advance",
  "udt.queue.coordinator",
  "udt.queue.clinician",
  "udt.readOwn",
  "udt.settings.read",
  "udt.settings.update",
] as const;
export type UdtAction = (typeof udtActions)[number];

const matrix: Record<UdtAction, readonly Role[]> = {
  "medication.list": ["CLINICIAN", "COORDINATOR"],
  // Medication changes are clinical decisions.
  "medication.write": ["CLINICIAN"],
  // The clinician decides a test is needed and records why (docs/clinical-reference.md#remote-udt-workflow, step 1).
  "udt.order": ["CLINICIAN"],
  "udt.read": ["CLINICIAN", "COORDINATOR"],
  "udt.advance": ["CLINICIAN", "COORDINATOR"],
  "udt.queue.coordinator": ["COORDINATOR", "CLINICIAN"],
  "udt.queue.clinician": ["CLINICIAN"],
  "udt.readOwn": ["PATIENT"],
  "udt.settings.read": ["ADMIN", "CLINICIAN", "COORDINATOR"],
  "udt.settings.update": ["ADMIN"],
};

export function canUdt(role: Role, action: UdtAction): boolean {
  return matrix[action].includes(role);
}

/** The workflow performer a signed-in role acts as (SYSTEM is never a person). */
export function performerFor(role: Role): UdtPerformer | null {
  switch (role) {
    case "CLINICIAN":
      return "CLINICIAN";
    case "COORDINATOR":
      return "COORDINATOR";
    case "ADMIN":
    case "PATIENT":
      return null;
  }
}
