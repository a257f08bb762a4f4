/**
 * Referral status for non-opioid treatment (physical therapy, behavioral therapy): referred ->
 * scheduled -> attending -> completed, or declined along the way. A pure transition table.
 */
export const referralStatuses = ["REFERRED", "SCHEDULED", "ATTENDING", "COMPLETED", "DECLINED"] as const;
export type ReferralStatus = (typeof referralStatuses)[number];

export const referralTransitions: Record<ReferralStatus, readonly ReferralStatus[]> = {
  REFERRED: ["SCHEDULED", "DECLINED"],
  SCHEDULED: ["ATTENDING", "DECLINED"],
  ATTENDING: ["COMPLETED", "DECLINED"],
  COMPLETED: [],
  DECLINED: [],
};

export function canMoveReferral(from: ReferralStatus, to: ReferralStatus): boolean {
  return referralTransitions[from].includes(to);
}

export function isReferralOpen(s: ReferralStatus): boolean {
  return referralTransitions[s].length > 0;
}

export const referralStatusLabel: Record<ReferralStatus, string> = {
  REFERRED: "Referred - to be scheduled",
  SCHEDULED: "Scheduled",
  ATTENDING: "Attending",
  COMPLETED: "Completed",
  DECLINED: "Declined",
};

/** Plain words for patients (UX brief: about a 6th-grade reading level). */
export const referralStatusForPatient: Record<ReferralStatus, string> = {
  REFERRED: "We sent the referral. Someone will call you to set up the first visit.",
  SCHEDULED: "Your first visit is set up.",
  ATTENDING: "You are going to these visits.",
  COMPLETED: "You finished this program.",
  DECLINED: "You chose not to do this for now. Tell us if you change your mind.",
};

export const referralKindLabel = {
  PHYSICAL_THERAPY: "Physical therapy",
  BEHAVIORAL_THERAPY: "Behavioral therapy",
  OTHER: "Other",
} as const;
export type ReferralKind = keyof typeof referralKindLabel;
