import { describe, expect, it } from "vitest";
import { fieldErrors } from "@/lib/forms";
import { patientInputSchema } from "./schemas";

const valid = {
  mrn: "MRN-2001",
  givenName: "Ana",
  familyName: "Lopez",
  birthDate: "1970-05-06",
  phone: "(206) 555-0188",
  email: "Ana@Example.com",
  timeZone: "America/Los_Angeles",
  preferredLanguage: "es",
  stateOfResidence: "WA",
  canDoVideo: "on",
  allergies: "",
  primaryClinicianId: "",
};

describe("patientInputSchema", () => {
  it("normalises a valid form", () => {
    const r = patientInputSchema.parse(valid);
    expect(r).toMatchObject({
      phone: "+12065550188",
      email: "ana@example.com",
      canDoVideo: true,
      allergies: null,
      primaryClinicianId: null,
    });
  });

  it("treats a missing checkbox as no video", () => {
    const { canDoVideo: _omit, ...rest } = valid;
    expect(patientInputSchema.parse(rest).canDoVideo).toBe(false);
  });

  it.each([
    ["mrn", { mrn: "" }, "Enter the medical record number (MRN)"],
    ["mrn", { mrn: "MRN 1; drop" }, "MRN may contain only letters, digits and dashes"],
    ["givenName", { givenName: "   " }, "Enter the first name"],
    ["familyName", { familyName: "x".repeat(101) }, "Last name must be at most 100 characters"],
    ["birthDate", { birthDate: "05/06/1970" }, "Enter the date of birth as YYYY-MM-DD"],
    ["birthDate", { birthDate: "1970-02-30" }, "Enter a real calendar date"],
    ["birthDate", { birthDate: "1899-12-31" }, "Date of birth must be after 1900"],
    ["birthDate", { birthDate: "2999-01-01" }, "Date of birth cannot be in the future"],
    ["phone", { phone: "555-0188" }, "Enter a 10-digit US phone number, e.g. (555) 201-1234"],
    ["email", { email: "not-an-email" }, "Enter a valid email address"],
    ["timeZone", { timeZone: "Mars/Olympus" }, "Choose a valid time zone"],
    ["preferredLanguage", { preferredLanguage: "xx" }, "Choose a language"],
    ["stateOfResidence", { stateOfResidence: "ZZ" }, "Choose the state where the patient lives"],
    ["primaryClinicianId", { primaryClinicianId: "42" }, "Choose a clinician from the list"],
  ])("rejects bad %s with a message naming it", (field, patch, message) => {
    const r = patientInputSchema.safeParse({ ...valid, ...patch });
    expect(r.success).toBe(false);
    if (!r.success) expect(fieldErrors(r.error)[field]).toContain(message);
  });

  it("rejects unknown fields (no mass assignment)", () => {
    const r = patientInputSchema.safeParse({ ...valid, isDemo: "true" });
    expect(r.success).toBe(false);
    if (!r.success) expect(fieldErrors(r.error).isDemo).toEqual(['Unexpected field "isDemo"']);
  });

  it("rejects wrong types", () => {
    const r = patientInputSchema.safeParse({ ...valid, givenName: 42 });
    expect(r.success).toBe(false);
  });
});
