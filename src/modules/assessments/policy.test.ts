import { describe, expect, it } from "vitest";
import { roles, type Role } from "../identity/core/roles";
import { assessmentActions, canAssessments, canFillFor, type AssessmentAction } from "./policy";

// Written out in full so any change to access is a visible test change.
const expected: Record<AssessmentAction, Role[]> = {
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

describe("assessment policy matrix", () => {
  const cells = assessmentActions.flatMap((a) => roles.map((r) => [a, r, expected[a].includes(r)] as const));
  it.each(cells)("%s by %s -> %s", (action, role, allowed) => {
    expect(canAssessments(role, action)).toBe(allowed);
  });
});

describe("canFillFor", () => {
  const A = "11111111-1111-4111-8111-111111111111";
  const B = "22222222-2222-4222-8222-222222222222";
  it.each([
    [{ role: "PATIENT", patientId: A }, A, true],
    [{ role: "PATIENT", patientId: A }, B, false],
    [{ role: "PATIENT", patientId: null }, A, false],
    [{ role: "CLINICIAN", patientId: null }, A, false],
    [{ role: "COORDINATOR", patientId: A }, A, false],
  ] as const)("%j on %s -> %s", (actor, id, ok) => expect(canFillFor(actor, id)).toBe(ok));
});
