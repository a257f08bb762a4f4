import { describe, expect, it } from "vitest";
import { canDea, deaActions, type DeaAction } from "./dea-policy";
import type { Role } from "../identity/core/roles";

const roles: Role[] = ["ADMIN", "CLINICIAN", "COORDINATOR", "PATIENT"];
const expected: Record<DeaAction, Role[]> = {
  "careProgram.settings.read": ["ADMIN"],
  "careProgram.settings.update": ["ADMIN"],
  "license.read": ["ADMIN", "CLINICIAN", "COORDINATOR"],
  "license.manage": ["ADMIN"],
  "inPerson.read": ["CLINICIAN", "COORDINATOR"],
  "inPerson.record": ["CLINICIAN", "COORDINATOR"],
  "inPerson.withdraw": ["CLINICIAN", "COORDINATOR"],
  "dea.read": ["CLINICIAN", "COORDINATOR"],
  "visitLocation.read": ["CLINICIAN", "COORDINATOR"],
  "visitLocation.record": ["CLINICIAN", "COORDINATOR"],
};

describe("care program (DEA, licensure, settings) policy", () => {
  const cells = deaActions.flatMap((a) => roles.map((r) => [a, r, expected[a].includes(r)] as const));
  it.each(cells)("%s by %s: %s", (action, role, allowed) => expect(canDea(role, action)).toBe(allowed));
  it("patients may do none of it", () => expect(deaActions.filter((a) => canDea("PATIENT", a))).toEqual([]));
});
