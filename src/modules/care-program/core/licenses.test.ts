import { describe, expect, it } from "vitest";
import { licensedStatesOn, licensureForVisit, licensureHeadline, type LicenseRecord } from "./licenses";

const wa: LicenseRecord = { state: "WA", expiresOn: null };
const orUntil = (d: string): LicenseRecord => ({ state: "OR", expiresOn: d });

describe("licensed states on a date (the expiry is the last valid day)", () => {
  const rows: [string, LicenseRecord[], string, string[]][] = [
    ["no licenses", [], "2026-12-02", []],
    ["no end recorded", [wa], "2026-12-02", ["WA"]],
    ["ends after the visit", [orUntil("2026-12-03")], "2026-12-02", ["OR"]],
    ["ends on the visit day: still valid", [orUntil("2026-12-02")], "2026-12-02", ["OR"]],
    ["ended the day before", [orUntil("2026-12-01")], "2026-12-02", []],
    [
      "lower case and spaces are normalized; unknown codes dropped",
      [
        { state: " wa", expiresOn: null },
        { state: "ZZ", expiresOn: null },
      ],
      "2026-12-02",
      ["WA"],
    ],
  ];
  it.each(rows)("%s", (_l, licenses, on, states) => expect(licensedStatesOn(licenses, on)).toEqual(states));
});

describe("licensure for a visit", () => {
  const rows: [string, string | null, LicenseRecord[], string, string][] = [
    ["licensed in the patient's state", "WA", [wa], "OK", ""],
    ["state not recorded", null, [wa], "WARNING", "PATIENT_STATE_NOT_RECORDED"],
    ["an unknown code counts as not recorded", "XX", [wa], "WARNING", "PATIENT_STATE_NOT_RECORDED"],
    ["no license there", "OR", [wa], "WARNING", "NOT_LICENSED_IN_STATE"],
    ["a clinician with no licenses at all", "WA", [], "WARNING", "NOT_LICENSED_IN_STATE"],
    ["the license there expired before the visit", "OR", [wa, orUntil("2026-11-30")], "WARNING", "LICENSE_EXPIRED"],
    ["the license there ends on the visit day", "OR", [orUntil("2026-12-02")], "OK", ""],
  ];
  it.each(rows)("%s", (_l, state, licenses, status, reason) => {
    const c = licensureForVisit(state, licenses, "2026-12-02");
    expect(c.status).toBe(status);
    if (c.status === "WARNING") {
      expect(c.reason).toBe(reason);
      expect(c.message.length).toBeGreaterThan(20);
    }
    expect(licensureHeadline(c)).toMatch(status === "OK" ? /^Licensed in/ : /^Licensure/);
  });

  it("says which license expired and when", () => {
    const c = licensureForVisit("OR", [orUntil("2026-06-30"), orUntil("2026-11-30")], "2026-12-02");
    expect(c).toMatchObject({ reason: "LICENSE_EXPIRED", state: "OR", expiredOn: "2026-11-30" });
    expect(licensureHeadline(c)).toBe("Licensure warning: the OR license on record has expired.");
  });
});
