import { describe, expect, it } from "vitest";
import { roles, type Role } from "../identity/core/roles";
import { canUdt, performerFor, udtActions, type UdtAction } from "./policy";

const allowed: Record<UdtAction, Role[]> = {
  "medication.list": ["CLINICIAN", "COORDINATOR"],
  "medication.write": ["CLINICIAN"],
  "udt.order": ["CLINICIAN"],
  "udt.read": ["CLINICIAN", "COORDINATOR"],
  "udt.advance": ["CLINICIAN", "COORDINATOR"],
  "udt.queue.coordinator": ["CLINICIAN", "COORDINATOR"],
  "udt.queue.clinician": ["CLINICIAN"],
  "udt.readOwn": ["PATIENT"],
  "udt.settings.read": ["ADMIN", "CLINICIAN", "COORDINATOR"],
  "udt.settings.update": ["ADMIN"],
};

describe("udt policy: role x action", () => {
  const cells = udtActions.flatMap((a) => roles.map((r) => [a, r] as const));
  it.each(cells)("%s by %s", (action, role) => {
    expect(canUdt(role, action)).toBe(allowed[action].includes(role));
  });
  it.each([
    ["CLINICIAN", "CLINICIAN"],
    ["COORDINATOR", "COORDINATOR"],
    ["ADMIN", null],
    ["PATIENT", null],
  ] as const)("%s acts as %s", (role, performer) => expect(performerFor(role)).toBe(performer));
});
