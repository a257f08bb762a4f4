import { describe, expect, it } from "vitest";
import { measureDefinitions, type MeasureSet, type MonthMeasures } from "@/modules/care-program/core/measures";
import { defaultCareProgramSettings as settings } from "@/modules/care-program/core/settings";
import {
  cellInWords,
  formatPercent,
  MEASURES_CSV_HEADER,
  measureRows,
  measuresCsv,
  monthLabel,
  registryHref,
} from "./report";

function set(over: Partial<Record<string, [string[], string[]]>> = {}): MeasureSet {
  const out = {} as MeasureSet;
  for (const d of measureDefinitions) {
    const [numerator, denominator] = over[d.id] ?? [[], []];
    out[d.id] = { numerator, denominator };
  }
  return out;
}

const all = ["p1", "p2", "p3", "p4"];
const series: MonthMeasures[] = [
  {
    month: "2026-01",
    asOf: "2026-01-31",
    complete: true,
    clinic: set({
      "on-ltot": [all, all],
      "udt-recent": [["p1", "p2", "p3"], all],
      "current-agreement": [[], all],
      "naloxone-when-indicated": [[], []],
    }),
    byClinician: { c1: set({ "on-ltot": [["p1"], ["p1"]], "udt-recent": [["p1"], ["p1"]] }) },
  },
  {
    month: "2026-02",
    asOf: "2026-02-10",
    complete: false,
    clinic: set({ "on-ltot": [all, all], "udt-recent": [all, all] }),
    byClinician: {},
  },
];

describe("rows per measure", () => {
  const rows = measureRows(series, settings);

  it("has every measure of the core, in its order, with the clinic's settings in the titles", () => {
    expect(rows.map((r) => r.id)).toEqual(measureDefinitions.map((d) => d.id));
    expect(rows.find((r) => r.id === "udt-recent")!.title).toBe("With a urine drug test in the last 365 days");
    expect(rows.find((r) => r.id === "on-ltot")!.kind).toBe("count");
    expect(rows.filter((r) => r.kind === "percent")).toHaveLength(measureDefinitions.length - 1);
  });

  it.each([
    ["udt-recent", 0, { numerator: 3, denominator: 4, percent: 75, complete: true }],
    ["udt-recent", 1, { numerator: 4, denominator: 4, percent: 100, complete: false }],
    ["current-agreement", 0, { numerator: 0, denominator: 4, percent: 0 }],
    ["naloxone-when-indicated", 0, { numerator: 0, denominator: 0, percent: null }],
  ] as const)("%s month %i", (id, i, cell) => {
    expect(rows.find((r) => r.id === id)!.cells[i]).toMatchObject(cell);
  });

  it("for one clinician: their own sets, and empty sets in a month they had no patient on LTOT", () => {
    const mine = measureRows(series, settings, "c1");
    const udt = mine.find((r) => r.id === "udt-recent")!;
    expect(udt.cells[0]).toMatchObject({ numerator: 1, denominator: 1, percent: 100 });
    expect(udt.cells[1]).toMatchObject({ numerator: 0, denominator: 0, percent: null });
    expect(measureRows(series, settings, "nobody")[0]!.cells.map((c) => c.denominator)).toEqual([0, 0]);
  });
});

describe("words and links", () => {
  it.each([
    [null, "No patients"],
    [0, "0%"],
    [100, "100%"],
    [66.7, "66.7%"],
  ] as const)("percent %s -> %s", (p, text) => expect(formatPercent(p)).toBe(text));

  it("says a cell in words", () => {
    expect(
      cellInWords({ kind: "percent" }, { month: "2026-01", numerator: 3, denominator: 4, percent: 75, complete: true }),
    ).toBe("3 of 4 (75%)");
    expect(
      cellInWords(
        { kind: "percent" },
        { month: "2026-01", numerator: 0, denominator: 0, percent: null, complete: true },
      ),
    ).toBe("no patients in the denominator");
    expect(
      cellInWords({ kind: "count" }, { month: "2026-01", numerator: 1, denominator: 1, percent: 100, complete: true }),
    ).toBe("1 patient");
  });

  it.each([
    ["2026-01", "short", "Jan 2026"],
    ["2025-12", "long", "December 2025"],
  ] as const)("month %s (%s) -> %s", (m, style, label) => expect(monthLabel(m, style)).toBe(label));

  it("links a figure to the registry with the measure contract, the clinician only when filtered", () => {
    expect(registryHref("udt-recent", "2026-01", "numerator")).toBe(
      "/registry?measure=udt-recent&month=2026-01&set=numerator",
    );
    expect(registryHref("pdmp-recent", "2025-12", "denominator", "8a0e1d5e-0000-4000-8000-000000000001")).toBe(
      "/registry?measure=pdmp-recent&month=2025-12&set=denominator&clinician=8a0e1d5e-0000-4000-8000-000000000001",
    );
  });
});

describe("CSV", () => {
  const csv = measuresCsv(measureRows(series, settings), "clinic");
  const lines = csv.trimEnd().split("\r\n");

  it("one line per month per measure under the header, counts only", () => {
    expect(lines[0]).toBe(MEASURES_CSV_HEADER.join(","));
    expect(lines).toHaveLength(1 + 2 * measureDefinitions.length);
    expect(lines).toContain("2026-01,clinic,udt-recent,With a urine drug test in the last 365 days,3,4,75.0,yes");
    expect(lines).toContain("2026-02,clinic,udt-recent,With a urine drug test in the last 365 days,4,4,100.0,no");
    expect(csv).not.toMatch(/p[1-4]/);
  });

  it("leaves the percent blank when nobody is in the denominator", () => {
    expect(lines).toContain(
      '2026-01,clinic,naloxone-when-indicated,"With naloxone on the list or offered, when indicated",0,0,,yes',
    );
  });

  it("an empty series is the header alone", () => {
    expect(measuresCsv([], "clinic")).toBe(`${MEASURES_CSV_HEADER.join(",")}\r\n`);
  });
});
