import type { Actor, Role } from "../identity/core/roles";

/**
 * Who may do what with patient records. Single-clinic model: every clinician and coordinator may
 * open any patient's chart (they cover for each other); a patient only their own record; an
 * admin manages accounts and may look up ONE patient by exact MRN or email only to link an
 * account (identity/patient-link.server.ts) - never search or list patients.
 */
export const patientActions = [
  "patient.list",
  "patient.read",
  "patient.create",
  "patient.update",
  "patient.readOwn",
  "patient.lookupForLinking",
] as const;
export type PatientAction = (typeof patientActions)[number];

const matrix: Record<PatientAction, readonly Role[]> = {
  "patient.list": ["CLINICIAN", "COORDINATOR"],
  "patient.read": ["CLINICIAN", "COORDINATOR"],
  "patient.create": ["CLINICIAN", "COORDINATOR"],
  "patient.update": ["CLINICIAN", "COORDINATOR"],
  "patient.readOwn": ["PATIENT"],
  "patient.lookupForLinking": ["ADMIN"],
};

export function canPatients(role: Role, action: PatientAction): boolean {
  return matrix[action].includes(role);
}

/** May this actor see this patient's record at all? Used in queries' where clauses too. */
export function canAccessPatient(actor: Pick<Actor, "role" | "patientId">, patientId: string): boolean {
  if (actor.role === "PATIENT") return actor.patientId === patientId;
  return canPatients(actor.role, "patient.read");
}
