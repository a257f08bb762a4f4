import { describe, expect, it } from "vitest";
import { parseInput } from "@/lib/input";
import { transitionSchema } from "../scheduling/schemas";
import { clinicianLicenseSchema, inPersonEvaluationSchema, visitLocationSchema } from "./dea-schemas";

describe("the patient's state at a visit (check-in form and the visit page form)", () => {
  const rows: [string, Record<string, string>, string | null | undefined, boolean][] = [
    ["a state", { transition: "CHECK_IN", patientLocationState: "OR" }, "OR", true],
    ["lower case, spaces", { transition: "CHECK_IN", patientLocationState: " wa " }, "WA", true],
    ["a territory", { transition: "CHECK_IN", patientLocationState: "PR" }, "PR", true],
    ["not known yet (empty)", { transition: "CHECK_IN", patientLocationState: "" }, null, true],
    ["not asked (absent): left as recorded", { transition: "START" }, undefined, true],
    ["not a state", { transition: "CHECK_IN", patientLocationState: "ZZ" }, undefined, false],
  ];
  it.each(rows)("transition: %s", (_l, raw, state, ok) => {
    const r = parseInput(transitionSchema, raw);
    expect(r.success).toBe(ok);
    if (r.success) expect(r.data.patientLocationState).toBe(state);
    else expect(r.error.issues[0]!.path).toEqual(["patientLocationState"]);
  });
  it.each(rows.filter((r) => r[1].patientLocationState !== undefined))("visit page form: %s", (_l, raw, state, ok) => {
    const r = parseInput(visitLocationSchema, { patientLocationState: raw.patientLocationState! });
    expect(r.success).toBe(ok);
    if (r.success) expect(r.data.patientLocationState).toBe(state);
  });
});

describe("license and in-person evaluation inputs", () => {
  it("a license: state normalized, empty optional fields are null", () => {
    expect(parseInput(clinicianLicenseSchema, { state: "or", licenseNumber: "", expiresOn: "" }).data).toEqual({
      state: "OR",
      licenseNumber: null,
      expiresOn: null,
    });
    expect(
      parseInput(clinicianLicenseSchema, { state: "WA", licenseNumber: " MD-1 ", expiresOn: "2027-06-30" }).data,
    ).toEqual({ state: "WA", licenseNumber: "MD-1", expiresOn: "2027-06-30" });
  });
  const bad: [string, Record<string, string>, string][] = [
    ["no state", { state: "" }, "state"],
    ["an impossible expiry", { state: "WA", expiresOn: "2027-02-30" }, "expiresOn"],
    ["an unexpected field", { state: "WA", clinicianId: "x" }, ""],
  ];
  it.each(bad)("a license with %s is refused", (_l, raw, field) => {
    const r = parseInput(clinicianLicenseSchema, raw);
    expect(r.success).toBe(false);
    expect(r.error!.issues[0]!.path.join(".")).toBe(field);
  });
  it("an in-person evaluation needs a real date and a clinician; the note is optional", () => {
    const id = "3f1c9a62-4d1b-4c55-9d7e-2b9f3f0e8a11";
    expect(parseInput(inPersonEvaluationSchema, { seenOn: "2026-11-30", clinicianId: id, note: "" }).data).toEqual({
      seenOn: "2026-11-30",
      clinicianId: id,
      note: null,
    });
    expect(
      parseInput(inPersonEvaluationSchema, { seenOn: "2026-11-31", clinicianId: id }).error!.issues[0]!.message,
    ).toMatch(/^Date seen/);
    expect(
      parseInput(inPersonEvaluationSchema, { seenOn: "2026-11-30", clinicianId: "" }).error!.issues[0]!.message,
    ).toMatch(/^Clinician/);
    expect(
      parseInput(inPersonEvaluationSchema, { seenOn: "2026-11-30", clinicianId: id, note: "line one\nline two" })
        .success,
    ).toBe(true);
  });
});
