import type { Role } from "../identity/core/roles";

/** Care plan and consent: who may do what. Pure; tested as a matrix. */
export const carePlanActions = [
  "careplan.read",
  "referral.create",
  "referral.advance",
  "resource.recommend",
  "resource.manage",
  "consent.read",
  "consent.captureVerbal",
  "consent.revoke",
  "consent.giveOwn",
  "consent.withdrawOwn",
  "consent.manageTexts",
  "agreement.read",
  "agreement.record",
  "agreement.revoke",
  "agreement.sendLink",
  "agreement.signOwn",
  "agreement.revokeOwn",
  "careplan.readOwn",
  "resource.feedbackOwn",
] as const;
export type CarePlanAction = (typeof carePlanActions)[number];

const matrix: Record<CarePlanAction, readonly Role[]> = {
  "careplan.read": ["CLINICIAN", "COORDINATOR"],
  "referral.create": ["CLINICIAN"],
  // Coordinators schedule referrals and track attendance; clinicians may too.
  "referral.advance": ["CLINICIAN", "COORDINATOR"],
  "resource.recommend": ["CLINICIAN"],
  "resource.manage": ["ADMIN"],
  "consent.read": ["CLINICIAN", "COORDINATOR"],
  "consent.captureVerbal": ["CLINICIAN", "COORDINATOR"],
  "consent.revoke": ["CLINICIAN", "COORDINATOR"],
  "consent.giveOwn": ["PATIENT"],
  // The consent text says the patient may change their mind at any time: they withdraw their own.
  "consent.withdrawOwn": ["PATIENT"],
  "consent.manageTexts": ["ADMIN"],
  // Patient agreements for opioid therapy (consent records of their own kind). Admins manage the
  // texts only (consent.manageTexts); they never see or record a patient's agreement.
  "agreement.read": ["CLINICIAN", "COORDINATOR"],
  "agreement.record": ["CLINICIAN", "COORDINATOR"],
  "agreement.revoke": ["CLINICIAN", "COORDINATOR"],
  "agreement.sendLink": ["CLINICIAN", "COORDINATOR"],
  "agreement.signOwn": ["PATIENT"],
  "agreement.revokeOwn": ["PATIENT"],
  "careplan.readOwn": ["PATIENT"],
  "resource.feedbackOwn": ["PATIENT"],
};

export function canCarePlan(role: Role, action: CarePlanAction): boolean {
  return matrix[action].includes(role);
}
