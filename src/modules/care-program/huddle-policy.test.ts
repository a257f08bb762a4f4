import { describe, expect, it } from "vitest";
import { roles, type Role } from "../identity/core/roles";
import { canHuddle, huddleActions, type HuddleAction } from "./huddle-policy";

const allowed: Record<HuddleAction, Role[]> = {
  "huddle.view": ["CLINICIAN", "COORDINATOR"],
  "huddle.sendForms": ["CLINICIAN", "COORDINATOR"],
  "huddle.queueUdt": ["COORDINATOR"],
  "huddle.orderUdt": ["CLINICIAN"],
  "huddle.documentPdmp": ["CLINICIAN"],
  "huddle.documentNaloxone": ["CLINICIAN"],
  "huddle.recordRiskHistory": ["CLINICIAN"],
  "huddle.readReviewed": ["CLINICIAN", "COORDINATOR"],
};

describe("huddle policy: role x action", () => {
  const cells = huddleActions.flatMap((a) => roles.map((r) => [a, r] as const));
  it.each(cells)("%s by %s", (action, role) => {
    expect(canHuddle(role, action)).toBe(allowed[action].includes(role));
  });
});
