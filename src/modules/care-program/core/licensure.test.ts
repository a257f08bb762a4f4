import { describe, expect, it } from "vitest";
import { licensureCheck, normalizeStateCode, usStateCodes } from "./licensure";

describe("licensure: the patient's state at the visit against the clinician's licenses", () => {
  it.each([
    ["licensed there", "WA", ["WA", "OR"], "OK", null],
    ["written in lower case with spaces", " wa ", ["or", "wa"], "OK", null],
    ["not licensed there", "ID", ["WA", "OR"], "WARNING", "NOT_LICENSED_IN_STATE"],
    ["no licenses on record", "WA", [], "WARNING", "NOT_LICENSED_IN_STATE"],
    ["the patient's state not recorded", null, ["WA"], "WARNING", "PATIENT_STATE_NOT_RECORDED"],
    ["an empty state", "", ["WA"], "WARNING", "PATIENT_STATE_NOT_RECORDED"],
    ["not a US state code", "XX", ["XX"], "WARNING", "PATIENT_STATE_NOT_RECORDED"],
    ["the District of Columbia", "DC", ["DC"], "OK", null],
    ["Puerto Rico", "PR", ["WA"], "WARNING", "NOT_LICENSED_IN_STATE"],
  ])("%s", (_label, state, licenses, status, reason) => {
    const r = licensureCheck(state, licenses);
    expect(r.status).toBe(status);
    if (r.status === "WARNING") expect(r.reason).toBe(reason);
  });

  it("says what to do next", () => {
    const r = licensureCheck("ID", ["WA"]);
    expect(r.status === "WARNING" && r.message).toBe(
      "The patient is in ID for this visit, and the clinician has no license on record for ID. Check the license, or arrange the visit with a clinician licensed there.",
    );
  });

  it("knows the 50 states, DC and 5 territories", () => {
    expect(usStateCodes).toHaveLength(56);
    expect(new Set(usStateCodes).size).toBe(56);
    expect(normalizeStateCode("ca")).toBe("CA");
    expect(normalizeStateCode("California")).toBeNull();
  });
});
