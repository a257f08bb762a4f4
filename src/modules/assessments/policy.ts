import type { Actor, Role } from "../identity/core/roles";

/**
 * Who may do what with assessments. Single-clinic model as in patients/policy.ts: clinicians and
 * coordinators see every patient's results; a patient fills only their own forms; only a
 * clinician may close a safety alert (docs/clinical-reference.md#phq-9-item-9-safety-event: follow-up by a competent clinician).
 */
export const assessmentActions = [
  "assessment.readResults",
  "assessment.enterByStaff",
  "assessment.correct",
  "formRequest.manage",
  "formRequest.listQueue",
  "alert.list",
  "alert.resolve",
  "form.fillOwn",
  "settings.read",
  "settings.update",
  "translation.import",
  "translation.approve",
] as const;
export type AssessmentAction = (typeof assessmentActions)[number];

const matrix: Record<AssessmentAction, readonly Role[]> = {
  "assessment.readResults": ["CLINICIAN", "COORDINATOR"],
  "assessment.enterByStaff": ["CLINICIAN", "COORDINATOR"],
  "assessment.correct": ["CLINICIAN", "COORDINATOR"],
  "formRequest.manage": ["CLINICIAN", "COORDINATOR"],
  "formRequest.listQueue": ["CLINICIAN", "COORDINATOR"],
  "alert.list": ["CLINICIAN", "COORDINATOR"],
  "alert.resolve": ["CLINICIAN"],
  "form.fillOwn": ["PATIENT"],
  "settings.read": ["ADMIN", "CLINICIAN", "COORDINATOR"],
  "settings.update": ["ADMIN"],
  // An admin imports the authors' published translation; a clinician approves it (docs/decisions/i18n.md).
  "translation.import": ["ADMIN"],
  "translation.approve": ["CLINICIAN"],
};

export function canAssessments(role: Role, action: AssessmentAction): boolean {
  return matrix[action].includes(role);
}

/** A patient user may fill forms only for the patient record their account is linked to. */
export function canFillFor(actor: Pick<Actor, "role" | "patientId">, patientId: string): boolean {
  return canAssessments(actor.role, "form.fillOwn") && actor.patientId === patientId;
}
