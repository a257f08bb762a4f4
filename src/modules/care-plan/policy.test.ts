import { describe, expect, it } from "vitest";
import { roles, type Role } from "../identity/core/roles";
import { canCarePlan, carePlanActions, type CarePlanAction } from "./policy";

const expected: Record<CarePlanAction, Role[]> = {
  "careplan.read": ["CLINICIAN", "COORDINATOR"],
  "referral.create": ["CLINICIAN"],
  "referral.advance": ["CLINICIAN", "COORDINATOR"],
  "resource.recommend": ["CLINICIAN"],
  "resource.manage": ["ADMIN"],
  "consent.read": ["CLINICIAN", "COORDINATOR"],
  "consent.captureVerbal": ["CLINICIAN", "COORDINATOR"],
  "consent.revoke": ["CLINICIAN", "COORDINATOR"],
  "consent.giveOwn": ["PATIENT"],
  "consent.withdrawOwn": ["PATIENT"],
  "consent.manageTexts": ["ADMIN"],
  "agreement.read": ["CLINICIAN", "COORDINATOR"],
  "agreement.record": ["CLINICIAN", "COORDINATOR"],
  "agreement.revoke": ["CLINICIAN", "COORDINATOR"],
  "agreement.sendLink": ["CLINICIAN", "COORDINATOR"],
  "agreement.signOwn": ["PATIENT"],
  "agreement.revokeOwn": ["PATIENT"],
  "careplan.readOwn": ["PATIENT"],
  "resource.feedbackOwn": ["PATIENT"],
};

describe("care plan and consent policy matrix", () => {
  const cells = carePlanActions.flatMap((a) => roles.map((r) => [a, r, expected[a].includes(r)] as const));
  it.each(cells)("%s by %s -> %s", (action, role, allowed) => {
    expect(canCarePlan(role, action)).toBe(allowed);
  });
});
