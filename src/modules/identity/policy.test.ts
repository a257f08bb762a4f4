import { describe, expect, it } from "vitest";
import { roles, type Role } from "./core/roles";
import { canIdentity, identityActions, type IdentityAction } from "./policy";
import { canAccessPatient, canPatients, patientActions, type PatientAction } from "../patients/policy";

// The whole role x action matrix, written out so any change to access is a visible test change.
const identityExpected: Record<IdentityAction, Role[]> = {
  "user.list": ["ADMIN"],
  "user.create": ["ADMIN"],
  "user.update": ["ADMIN"],
  "audit.read": ["ADMIN"],
  "account.self": ["ADMIN", "CLINICIAN", "COORDINATOR", "PATIENT"],
};
const patientExpected: Record<PatientAction, Role[]> = {
  "patient.list": ["CLINICIAN", "COORDINATOR"],
  "patient.read": ["CLINICIAN", "COORDINATOR"],
  "patient.create": ["CLINICIAN", "COORDINATOR"],
  "patient.update": ["CLINICIAN", "COORDINATOR"],
  "patient.readOwn": ["PATIENT"],
  "patient.lookupForLinking": ["ADMIN"],
};

describe("identity policy matrix", () => {
  const cells = identityActions.flatMap((a) => roles.map((r) => [a, r, identityExpected[a].includes(r)] as const));
  it.each(cells)("%s by %s -> %s", (action, role, allowed) => {
    expect(canIdentity(role, action)).toBe(allowed);
  });
});

describe("patient policy matrix", () => {
  const cells = patientActions.flatMap((a) => roles.map((r) => [a, r, patientExpected[a].includes(r)] as const));
  it.each(cells)("%s by %s -> %s", (action, role, allowed) => {
    expect(canPatients(role, action)).toBe(allowed);
  });
});

describe("canAccessPatient (record scope)", () => {
  const A = "11111111-1111-4111-8111-111111111111";
  const B = "22222222-2222-4222-8222-222222222222";
  it.each([
    ["patient A, own record", { role: "PATIENT" as const, patientId: A }, A, true],
    ["patient A, patient B's record", { role: "PATIENT" as const, patientId: A }, B, false],
    ["unlinked patient account", { role: "PATIENT" as const, patientId: null }, A, false],
    ["clinician", { role: "CLINICIAN" as const, patientId: null }, B, true],
    ["coordinator", { role: "COORDINATOR" as const, patientId: null }, B, true],
    ["admin (accounts, not charts)", { role: "ADMIN" as const, patientId: null }, B, false],
  ])("%s -> %s", (_n, actor, id, allowed) => {
    expect(canAccessPatient(actor, id)).toBe(allowed);
  });
});
