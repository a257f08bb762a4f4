import { describe, expect, it } from "vitest";
import { roles, type Role } from "../identity/core/roles";
import { canCareProgram, careProgramActions, type CareProgramAction } from "./policy";

const allowed: Record<CareProgramAction, Role[]> = {
  "registry.read": ["CLINICIAN", "COORDINATOR"],
  "registry.export": ["CLINICIAN", "COORDINATOR"],
  "ltot.status.read": ["CLINICIAN", "COORDINATOR"],
  "ltot.decide": ["CLINICIAN"],
};

describe("care-program policy: role x action", () => {
  const cells = careProgramActions.flatMap((a) => roles.map((r) => [a, r] as const));
  it.each(cells)("%s by %s", (action, role) => {
    expect(canCareProgram(role, action)).toBe(allowed[action].includes(role));
  });
});
