import type { Role } from "../identity/core/roles";

/**
 * Who may do what in the pre-visit huddle ("Before this visit"). Kept apart from the care
 * program's other policies (registry, agreements) so each stays one small matrix. Single-clinic
 * model: the care team sees every patient. The coordinator prepares (forms, a UDT queued for the
 * clinician); documenting a clinical review and ordering a test are the clinician's.
 */
export const huddleActions = [
  "huddle.view",
  "huddle.sendForms",
  "huddle.queueUdt",
  "huddle.orderUdt",
  "huddle.documentPdmp",
  "huddle.documentNaloxone",
  "huddle.recordRiskHistory",
  "huddle.readReviewed",
] as const;
export type HuddleAction = (typeof huddleActions)[number];

const matrix: Record<HuddleAction, readonly Role[]> = {
  "huddle.view": ["CLINICIAN", "COORDINATOR"],
  // The form-request use case's own rule (assessments/policy.ts formRequest.manage).
  "huddle.sendForms": ["CLINICIAN", "COORDINATOR"],
  // An order starts its collection window and only a clinician orders (udt/policy.ts udt.order):
  // the coordinator prepares one for the clinician to order.
  "huddle.queueUdt": ["COORDINATOR"],
  "huddle.orderUdt": ["CLINICIAN"],
  "huddle.documentPdmp": ["CLINICIAN"],
  "huddle.documentNaloxone": ["CLINICIAN"],
  "huddle.recordRiskHistory": ["CLINICIAN"],
  // The visit note's "Reviewed before the visit" (the note's own readers).
  "huddle.readReviewed": ["CLINICIAN", "COORDINATOR"],
};

export function canHuddle(role: Role, action: HuddleAction): boolean {
  return matrix[action].includes(role);
}
