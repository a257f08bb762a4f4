import { describe, expect, it } from "vitest";
import { csvCell } from "@/modules/audit/core/csv";
import type { RegistryRow } from "./registry";
import { REGISTRY_CSV_HEADER, registryCsvCells } from "./registry-csv";
import { REGISTRY_ASOF as asOf, registryRowOf as rowOf, wellCaredFor } from "./test-fixtures";

// Rows built by hand: the CSV cells do not depend on how they were made.
const base = rowOf(wellCaredFor(asOf));
const row = (id: string, over: Partial<RegistryRow> = {}): RegistryRow => ({
  ...base,
  patientId: id,
  name: `Patient ${id}`,
  ...over,
});

describe("CSV cells", () => {
  it("one cell per header column", () => expect(registryCsvCells(base).length).toBe(REGISTRY_CSV_HEADER.length));
  it.each(["=HYPERLINK(1)", "+1", "-2", "@SUM(A1)"])("a name starting %s is made inert", (name) => {
    const cell = registryCsvCells(row("x", { name }))[2]!;
    expect(csvCell(cell).replace(/^"/, "")).toMatch(/^'/);
  });
  it("a negative PEG change is written as a number, made inert by csvCell", () => {
    const cells = registryCsvCells(row("x", { peg: { on: asOf, scoreTenths: 40, changeTenths: -13 } }));
    expect(cells[12]).toBe("-1.3");
    expect(csvCell(cells[12]!)).toBe("'-1.3");
  });
});
