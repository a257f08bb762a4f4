import { describe, expect, it } from "vitest";
import { addDays } from "./dates";
import { defaultRegistryQuery, type RegistryQuery, type RegistryRow } from "./registry";
import {
  gapCounts,
  matchesRegistryFilters,
  pageRegistryRows,
  queryRegistry,
  registryHref,
  sortRegistryRows,
} from "./registry-query";
import { REGISTRY_ASOF as asOf, registryRowOf as rowOf, wellCaredFor } from "./test-fixtures";

// Rows built by hand: the filter/sort/page logic does not depend on how they were made.
const base = rowOf(wellCaredFor(asOf));
const row = (id: string, over: Partial<RegistryRow> = {}): RegistryRow => ({
  ...base,
  patientId: id,
  name: `Patient ${id}`,
  ...over,
});
const q = (over: Partial<RegistryQuery> = {}): RegistryQuery => ({ ...defaultRegistryQuery, ...over });

describe("matchesRegistryFilters", () => {
  const udtOpen = row("u", { openGaps: ["udt-due"], openGapCount: 1, dueOn: { "udt-due": "2026-11-01" } });
  const udtSoon = row("s", { dueOn: { "udt-due": addDays(asOf, 10), "peg-due": addDays(asOf, 40) } });
  const other = row("o", { clinicianId: "c2", mmeBand: "ge90", highDoseContext: true });
  it.each([
    ["no filter", q(), [udtOpen, udtSoon, other]],
    ["clinician", q({ clinician: "c2" }), [other]],
    ["MME band", q({ mme: "ge90" }), [other]],
    ["gap open now", q({ gap: "udt-due" }), [udtOpen]],
    ["gap due within 10 days (the boundary day counts)", q({ gap: "udt-due", dueWithin: 10 }), [udtOpen, udtSoon]],
    ["gap due within 9 days", q({ gap: "udt-due", dueWithin: 9 }), [udtOpen]],
    ["any gap due within 40 days", q({ dueWithin: 40 }), [udtOpen, udtSoon]],
    ["any gap due within 0 days: open now only", q({ dueWithin: 0 }), [udtOpen]],
    ["context item as a filter", q({ gap: "high-dose-context" }), [other]],
  ])("%s", (_n, query, expected) => {
    expect(
      [udtOpen, udtSoon, other].filter((r) => matchesRegistryFilters(r, query, asOf)).map((r) => r.patientId),
    ).toEqual(expected.map((r) => r.patientId));
  });
  it("measure ids: only those patients", () =>
    expect(matchesRegistryFilters(udtOpen, q(), asOf, new Set(["o"]))).toBe(false));
});

describe("sortRegistryRows: stable, ties by name then id", () => {
  const rows = [
    row("1", { name: "B", mmeTotal: 30, openGapCount: 2, nextVisitOn: null }),
    row("2", { name: "A", mmeTotal: 90, openGapCount: 2, nextVisitOn: "2026-12-10" }),
    row("3", { name: "C", mmeTotal: 60, openGapCount: 0, nextVisitOn: "2026-12-05" }),
  ];
  it.each([
    ["name", "asc", ["2", "1", "3"]],
    ["name", "desc", ["3", "1", "2"]],
    ["mme", "desc", ["2", "3", "1"]],
    ["gaps", "desc", ["2", "1", "3"]],
    ["nextVisit", "asc", ["3", "2", "1"]],
  ] as const)("%s %s", (col, dir, ids) =>
    expect(sortRegistryRows(rows, col, dir).map((r) => r.patientId)).toEqual(ids),
  );
});

describe("pageRegistryRows: 50 a page", () => {
  const rows = Array.from({ length: 120 }, (_, i) => row(String(i).padStart(3, "0")));
  it.each([
    [1, 50, 1, "000"],
    [2, 50, 2, "050"],
    [3, 20, 3, "100"],
    [9, 20, 3, "100"],
    [0, 50, 1, "000"],
  ])("page %i -> %i rows (page %i, first %s)", (page, n, shown, first) => {
    const p = pageRegistryRows(rows, page);
    expect([p.rows.length, p.page, p.rows[0]?.patientId, p.pages, p.total]).toEqual([n, shown, first, 3, 120]);
  });
  it("no rows: one empty page", () =>
    expect(pageRegistryRows([], 1)).toMatchObject({ rows: [], page: 1, pages: 1, total: 0 }));
});

describe("gapCounts and queryRegistry", () => {
  const rows = [
    row("a", { openGaps: ["udt-due", "pdmp-due"] }),
    row("b", { openGaps: ["udt-due"], clinicianId: "c2" }),
    row("c", { highDoseContext: true }),
  ];
  it("counts each open gap, context items too", () => {
    const c = gapCounts(rows);
    expect([c["udt-due"], c["pdmp-due"], c["high-dose-context"], c["peg-due"]]).toEqual([2, 1, 1, 0]);
  });
  it("counts ignore the gap filter but follow the others", () => {
    const r = queryRegistry(rows, q({ gap: "pdmp-due", clinician: "c1" }), asOf);
    expect(r.counts["udt-due"]).toBe(1);
    expect(r.page.rows.map((x) => x.patientId)).toEqual(["a"]);
  });
});

describe("registryHref: the shared URL contract", () => {
  it.each([
    [{}, "/registry"],
    [{ gap: "udt-due" as const }, "/registry?gap=udt-due"],
    [
      { clinician: "c1", mme: "ge90" as const, dueWithin: 14, page: 2 },
      "/registry?clinician=c1&mme=ge90&dueWithin=14&page=2",
    ],
    [{ sort: "name" as const, dir: "asc" as const }, "/registry?sort=name&dir=asc"],
    [{ sort: "gaps" as const, dir: "desc" as const }, "/registry"],
    [
      { measure: "udt-recent", month: "2026-11", set: "numerator" },
      "/registry?measure=udt-recent&month=2026-11&set=numerator",
    ],
  ])("%j -> %s", (query, href) => expect(registryHref("/registry", query)).toBe(href));
});
