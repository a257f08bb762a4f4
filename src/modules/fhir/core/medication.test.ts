import { beforeAll, describe, expect, it } from "vitest";
import { fhirIssues, loadFhirValidator } from "../../../../tests/factories/fhir-validator";
import { toMedicationStatement, type MedicationRow } from "./medication";

const row: MedicationRow = {
  id: "77777777-7777-4777-8777-777777777777",
  patientId: "55555555-5555-4555-8555-555555555555",
  name: "Oxycodone ER 10 mg tablet",
  doseAmount: 10,
  doseUnit: "mg",
  timesPerDay: 2,
  route: "ORAL",
  startedOn: new Date("2025-06-01T00:00:00Z"),
  stoppedOn: null,
  stopReason: null,
  prescriber: "Dr. Reyes",
  updatedAt: new Date("2026-03-04T16:00:00Z"),
};

describe("MedicationStatement", () => {
  beforeAll(loadFhirValidator, 120_000);
  const cases: [string, MedicationRow, Record<string, unknown>][] = [
    ["an active tablet", row, { status: "active", effectivePeriod: { start: "2025-06-01" } }],
    [
      "a stopped one with its reason",
      { ...row, stoppedOn: new Date("2026-01-15T00:00:00Z"), stopReason: "Tapered off" },
      { status: "stopped", statusReason: [{ text: "Tapered off" }], effectivePeriod: { end: "2026-01-15" } },
    ],
    [
      "twice a day",
      row,
      { dosage: [{ timing: { repeat: { frequency: 2, period: 1, periodUnit: "d" } }, route: { text: "Oral" } }] },
    ],
    [
      "every other day",
      { ...row, timesPerDay: 0.5 },
      { dosage: [{ timing: { repeat: { frequency: 1, period: 2 } } }] },
    ],
    [
      "a patch rate",
      { ...row, name: "Fentanyl 25 mcg/h patch", doseAmount: 25, doseUnit: "mcg/h", route: "TRANSDERMAL" },
      { dosage: [{ doseAndRate: [{ rateQuantity: { value: 25, code: "ug/h" } }] }] },
    ],
  ];
  it.each(cases)("%s", async (_n, r, expected) => {
    const m = toMedicationStatement(r);
    expect(m).toMatchObject(expected);
    expect(await fhirIssues(m)).toEqual([]);
  });
});
