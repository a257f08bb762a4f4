import type { Role } from "../identity/core/roles";

/**
 * Who may do what with the care program's registry. The registry is the care team's working
 * list: clinicians and coordinators read and export it; only a clinician decides that a patient
 * is (or is not) on long-term opioid therapy, since that is a clinical judgement. Patients and
 * admins have no access to it (an admin manages the clinic, not patients' care).
 */
export const careProgramActions = ["registry.read", "registry.export", "ltot.status.read", "ltot.decide"] as const;
export type CareProgramAction = (typeof careProgramActions)[number];

const matrix: Record<CareProgramAction, readonly Role[]> = {
  "registry.read": ["CLINICIAN", "COORDINATOR"],
  "registry.export": ["CLINICIAN", "COORDINATOR"],
  "ltot.status.read": ["CLINICIAN", "COORDINATOR"],
  "ltot.decide": ["CLINICIAN"],
};

export function canCareProgram(role: Role, action: CareProgramAction): boolean {
  return matrix[action].includes(role);
}
