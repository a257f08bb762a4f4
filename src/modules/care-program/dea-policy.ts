import type { Role } from "../identity/core/roles";

/**
 * Who may do what with the care program's clinic settings, clinicians' licenses, in-person
 * evaluations, the DEA flag and the patient's state at a visit (issue 12, part 5). Pure; tested
 * cell by cell (dea-policy.test.ts).
 *
 * In-person evaluations may be recorded by clinicians and coordinators: it records a fact (a
 * clinician of the clinic saw the patient, who and when), not a clinical decision, and the
 * coordinator is often the one who receives the record of a clinic visit held elsewhere. The
 * clinician who saw the patient is named on the row, and the recorder is kept beside it.
 */
export const deaActions = [
  "careProgram.settings.read",
  "careProgram.settings.update",
  "license.read",
  "license.manage",
  "inPerson.read",
  "inPerson.record",
  "inPerson.withdraw",
  "dea.read",
  "visitLocation.read",
  "visitLocation.record",
] as const;
export type DeaAction = (typeof deaActions)[number];

const matrix: Record<DeaAction, readonly Role[]> = {
  "careProgram.settings.read": ["ADMIN"],
  "careProgram.settings.update": ["ADMIN"],
  // Read by the admin page, and by the care team through the licensure check of a visit.
  "license.read": ["ADMIN", "CLINICIAN", "COORDINATOR"],
  "license.manage": ["ADMIN"],
  "inPerson.read": ["CLINICIAN", "COORDINATOR"],
  "inPerson.record": ["CLINICIAN", "COORDINATOR"],
  // Whoever may record one may withdraw one entered in error (with a reason, audited).
  "inPerson.withdraw": ["CLINICIAN", "COORDINATOR"],
  "dea.read": ["CLINICIAN", "COORDINATOR"],
  "visitLocation.read": ["CLINICIAN", "COORDINATOR"],
  // Asked at check-in (coordinator or clinician) and on the note header (clinician).
  "visitLocation.record": ["CLINICIAN", "COORDINATOR"],
};

export function canDea(role: Role, action: DeaAction): boolean {
  return matrix[action].includes(role);
}
