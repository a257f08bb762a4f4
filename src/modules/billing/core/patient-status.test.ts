import { describe, expect, it } from "vitest";
import { derivePatientStatus, isProfessionalService, yearsBefore, type PriorVisit } from "./patient-status";

const seen = (date: string, status = "COMPLETED", clinicianName = "Dr Lee"): PriorVisit => ({
  date,
  status,
  clinicianName,
});

describe("derivePatientStatus", () => {
  it.each<[string, string, PriorVisit[], boolean, string | null]>([
    // [label, visit date, earlier visits, new?, last service date]
    ["no history", "2026-03-04", [], true, null],
    [
      "a year of history (the defect: billed as new)",
      "2026-12-01",
      [seen("2025-12-01"), seen("2026-03-04"), seen("2026-09-10")],
      false,
      "2026-09-10",
    ],
    ["exactly 3 years before", "2026-03-04", [seen("2023-03-04")], false, "2023-03-04"],
    ["3 years and 1 day before", "2026-03-04", [seen("2023-03-03")], true, "2023-03-03"],
    ["3 years less 1 day before", "2026-03-04", [seen("2023-03-05")], false, "2023-03-05"],
    [
      "only cancelled visits and no-shows",
      "2026-03-04",
      [seen("2026-01-10", "CANCELLED"), seen("2026-02-10", "NO_SHOW")],
      true,
      null,
    ],
    [
      "booked but never started (scheduled, checked in)",
      "2026-03-04",
      [seen("2026-01-10", "SCHEDULED"), seen("2026-02-10", "CHECKED_IN")],
      true,
      null,
    ],
    ["a visit left in progress took place", "2026-03-04", [seen("2026-01-10", "IN_PROGRESS")], false, "2026-01-10"],
    [
      "cancelled recently, seen 4 years ago",
      "2026-03-04",
      [seen("2022-03-01"), seen("2026-02-10", "CANCELLED")],
      true,
      "2022-03-01",
    ],
    ["seen earlier the same day", "2026-03-04", [seen("2026-03-04")], false, "2026-03-04"],
    [
      "any clinician of the clinic counts (one specialty)",
      "2026-03-04",
      [seen("2025-06-01", "COMPLETED", "Dr Patel")],
      false,
      "2025-06-01",
    ],
    ["29 February looks back to 28 February", "2028-02-29", [seen("2025-02-28")], false, "2025-02-28"],
    ["29 February, a day beyond", "2028-02-29", [seen("2025-02-27")], true, "2025-02-27"],
    ["a later visit is not history", "2026-03-04", [seen("2026-05-01")], true, null],
  ])("%s", (_label, visitDate, prior, isNew, last) => {
    const s = derivePatientStatus({ visitDate, priorVisits: prior });
    expect(s.newPatient).toBe(isNew);
    expect(s.lastService?.date ?? null).toBe(last);
  });

  it("says the result and the rule in words", () => {
    const s = derivePatientStatus({ visitDate: "2026-12-01", priorVisits: [seen("2026-03-04", "COMPLETED", "Dr X")] });
    expect(s.summary).toBe("Established patient: last professional service 2026-03-04 by Dr X.");
    expect(s.rule).toMatch(/3 years/);
    expect(derivePatientStatus({ visitDate: "2026-12-01", priorVisits: [] }).summary).toBe(
      "New patient: no earlier professional service from this clinic.",
    );
    expect(derivePatientStatus({ visitDate: "2026-12-01", priorVisits: [seen("2020-01-02")] }).summary).toMatch(
      /^New patient: the last professional service \(2020-01-02 by Dr Lee\) is more than 3 years/,
    );
  });
});

describe("isProfessionalService", () => {
  it.each([
    ["COMPLETED", true],
    ["IN_PROGRESS", true],
    ["SCHEDULED", false],
    ["CHECKED_IN", false],
    ["CANCELLED", false],
    ["NO_SHOW", false],
  ])("%s -> %s", (status, yes) => {
    expect(isProfessionalService(status)).toBe(yes);
  });
});

describe("yearsBefore", () => {
  it.each([
    ["2026-03-04", 3, "2023-03-04"],
    ["2028-02-29", 3, "2025-02-28"],
    ["2028-02-29", 4, "2024-02-29"],
    ["2026-01-01", 3, "2023-01-01"],
  ])("%s - %i years = %s", (d, n, want) => {
    expect(yearsBefore(d, n)).toBe(want);
  });
});
