import { describe, expect, it } from "vitest";
import { roles, type Role } from "../identity/core/roles";
import { canMeasures, measuresActions, measuresRoles, type MeasuresAction } from "./policy";

const allowed: Record<MeasuresAction, Role[]> = {
  "measures.read": ["CLINICIAN", "COORDINATOR", "ADMIN"],
  "measures.export": ["CLINICIAN", "COORDINATOR", "ADMIN"],
  // Admins see the aggregate numbers but may not open the registry behind them.
  "measures.openRegistry": ["CLINICIAN", "COORDINATOR"],
};

describe("measures policy: role x action", () => {
  const cells = measuresActions.flatMap((a) => roles.map((r) => [a, r] as const));
  it.each(cells)("%s by %s", (action, role) => {
    expect(canMeasures(role, action)).toBe(allowed[action].includes(role));
  });
  it("the page's roles are the readers", () =>
    expect([...measuresRoles].sort()).toEqual([...allowed["measures.read"]].sort()));
});
