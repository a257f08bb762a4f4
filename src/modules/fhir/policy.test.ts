import { describe, expect, it } from "vitest";
import { roles } from "../identity/core/roles";
import { canFhir, fhirActions } from "./policy";

describe("FHIR policy: only admins manage clients", () => {
  it.each(fhirActions.flatMap((a) => roles.map((r) => [a, r, r === "ADMIN"] as const)))(
    "%s by %s: %s",
    (action, role, expected) => expect(canFhir(role, action)).toBe(expected),
  );
});
