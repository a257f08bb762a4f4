import { describe, expect, it } from "vitest";
import { csvCell } from "@/modules/audit/core/csv";
import { addDays } from "./dates";
import { emptyFacts, type PatientCareFacts } from "./facts";
import {
  buildRegistryRow,
  buildRegistryRows,
  defaultRegistryQuery,
  gapCounts,
  matchesRegistryFilters,
  mmeBand,
  pageRegistryRows,
  queryRegistry,
  REGISTRY_CSV_HEADER,
  registryCsvCells,
  registryHref,
  sortRegistryRows,
  type RegistryQuery,
  type RegistryRow,
} from "./registry";
import { evaluateCareGaps } from "./rules";
import { defaultCareProgramSettings as S } from "./settings";
import { decision, med, wellCaredFor } from "./test-fixtures";

const asOf = "2026-12-02";
const who = (over: Partial<{ alert: boolean }> = {}) => ({
  person: { patientId: "p1", givenName: "Ada", familyName: "Lovelace", mrn: "MRN-1" },
  clinicianNames: new Map([["c1", "Dr. One"]]),
  safetyAlertOpen: over.alert ?? false,
});
const rowOf = (f: PatientCareFacts, alert = false) => buildRegistryRow(f, evaluateCareGaps(f, S, asOf), S, asOf, who({ alert }));

describe("mmeBand: the 50 and 90 context marks (at the mark counts as reached)", () => {
  it.each([
    [0, "lt50"],
    [49.9, "lt50"],
    [50, "50to90"],
    [89.9, "50to90"],
    [90, "ge90"],
    [400, "ge90"],
  ] as const)("%d MME/day -> %s", (total, band) => expect(mmeBand(total, S)).toBe(band));
});

describe("buildRegistryRow", () => {
  it("a well cared-for patient: every column filled, no open gap", () => {
    const r = rowOf(wellCaredFor(asOf));
    expect(r).toMatchObject({ name: "Lovelace, Ada", mrn: "MRN-1", clinicianName: "Dr. One", onLtot: true, mmeTotal: 30, mmeBand: "lt50", benzodiazepine: false, naloxoneOnList: false, openGapCount: 0, openGaps: [] });
    expect(r.peg).toEqual({ on: asOf, scoreTenths: 53, changeTenths: null });
    expect(r.phq9).toMatchObject({ total: 6, severity: "mild", alertOpen: false });
    expect(r.udt).toEqual({ on: asOf, interpretation: "EXPECTED" });
    expect(r.agreement.current).toBe(true);
    expect(r.pdmpOn).toBe(asOf);
    expect(r.lastVisitOn).toBe(addDays(asOf, -1));
    // No in-person evaluation and a schedule II opioid: the DEA flag with the days to 2026-12-31 (today counts).
    expect(r.dea).toEqual({ flag: true, daysLeft: 30, ended: false });
  });

  it.each([
    ["PEG change from the first PEG (baseline)", { pegs: [{ on: "2026-01-10", scoreTenths: 70 }, { on: asOf, scoreTenths: 53 }] }, (r: RegistryRow) => expect(r.peg?.changeTenths).toBe(-17)],
    ["benzodiazepine with the opioid", { medications: [med("oxycodone", 10, 2, "2025-01-01"), med("alprazolam", 1, 2, "2025-06-01")] }, (r: RegistryRow) => expect(r.benzodiazepine).toBe(true)],
    ["naloxone on the list", { medications: [med("oxycodone", 10, 2, "2025-01-01"), med("naloxone", 4, 1, "2025-06-01")] }, (r: RegistryRow) => expect(r.naloxoneOnList).toBe(true)],
    ["in-person evaluation on record: no DEA flag", { inPersonEvaluations: [{ on: "2025-03-01" }] }, (r: RegistryRow) => expect(r.dea.flag).toBe(false)],
    ["no UDT: the UDT gap is open", { udts: [] }, (r: RegistryRow) => expect(r.openGaps).toEqual(["udt-due"])],
    ["high dose: context, never counted as a gap", { medications: [med("oxycodone", 30, 2, "2025-01-01")], naloxoneOffers: [{ on: asOf, outcome: "OFFERED" as const }] }, (r: RegistryRow) => {
      expect(r.highDoseContext).toBe(true);
      expect(r.openGapCount).toBe(0);
      expect(r.mmeBand).toBe("ge90");
    }],
  ])("%s", (_name, over, check) => check(rowOf(wellCaredFor(asOf, "p1", over as Partial<PatientCareFacts>))));

  it("an open item-9 alert shows on the PHQ-9 cell", () => expect(rowOf(wellCaredFor(asOf), true).phq9?.alertOpen).toBe(true));
});

describe("buildRegistryRows: who is on the registry", () => {
  const people = new Map<string, never>();
  const names = new Map<string, string>();
  it.each([
    ["on an opioid for 90 days", wellCaredFor(asOf, "a", { medications: [med("oxycodone", 10, 2, addDays(asOf, -90))] }), true],
    ["on an opioid for 89 days", wellCaredFor(asOf, "b", { medications: [med("oxycodone", 10, 2, addDays(asOf, -89))] }), false],
    ["naloxone alone", wellCaredFor(asOf, "c", { medications: [med("naloxone", 4, 1, "2025-01-01")] }), false],
    ["excluded by a clinician", wellCaredFor(asOf, "d", { ltotDecisions: [decision("EXCLUDE", "2026-11-01")] }), false],
    ["excluded, then cleared", wellCaredFor(asOf, "e", { ltotDecisions: [decision("EXCLUDE", "2026-11-01"), decision("CLEAR", "2026-11-20")] }), true],
    ["included by a clinician with no opioid", { ...emptyFacts("f"), ltotDecisions: [decision("INCLUDE", "2026-11-01")] }, true],
  ])("%s -> on the registry: %s", (_n, f, on) => {
    expect(buildRegistryRows([f], S, asOf, { people, clinicianNames: names, openAlerts: new Set() }).length).toBe(on ? 1 : 0);
  });
});

// Rows built by hand: the filter/sort/page logic does not depend on how they were made.
const base = rowOf(wellCaredFor(asOf));
const row = (id: string, over: Partial<RegistryRow> = {}): RegistryRow => ({ ...base, patientId: id, name: `Patient ${id}`, ...over });
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
    expect([udtOpen, udtSoon, other].filter((r) => matchesRegistryFilters(r, query, asOf)).map((r) => r.patientId)).toEqual(expected.map((r) => r.patientId));
  });
  it("measure ids: only those patients", () => expect(matchesRegistryFilters(udtOpen, q(), asOf, new Set(["o"]))).toBe(false));
});

describe("sortRegistryRows: stable, ties by name then id", () => {
  const rows = [row("1", { name: "B", mmeTotal: 30, openGapCount: 2, nextVisitOn: null }), row("2", { name: "A", mmeTotal: 90, openGapCount: 2, nextVisitOn: "2026-12-10" }), row("3", { name: "C", mmeTotal: 60, openGapCount: 0, nextVisitOn: "2026-12-05" })];
  it.each([
    ["name", "asc", ["2", "1", "3"]],
    ["name", "desc", ["3", "1", "2"]],
    ["mme", "desc", ["2", "3", "1"]],
    ["gaps", "desc", ["2", "1", "3"]],
    ["nextVisit", "asc", ["3", "2", "1"]],
  ] as const)("%s %s", (col, dir, ids) => expect(sortRegistryRows(rows, col, dir).map((r) => r.patientId)).toEqual(ids));
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
  it("no rows: one empty page", () => expect(pageRegistryRows([], 1)).toMatchObject({ rows: [], page: 1, pages: 1, total: 0 }));
});

describe("gapCounts and queryRegistry", () => {
  const rows = [row("a", { openGaps: ["udt-due", "pdmp-due"] }), row("b", { openGaps: ["udt-due"], clinicianId: "c2" }), row("c", { highDoseContext: true })];
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
    [{ clinician: "c1", mme: "ge90" as const, dueWithin: 14, page: 2 }, "/registry?clinician=c1&mme=ge90&dueWithin=14&page=2"],
    [{ sort: "name" as const, dir: "asc" as const }, "/registry?sort=name&dir=asc"],
    [{ sort: "gaps" as const, dir: "desc" as const }, "/registry"],
    [{ measure: "udt-recent", month: "2026-11", set: "numerator" }, "/registry?measure=udt-recent&month=2026-11&set=numerator"],
  ])("%j -> %s", (query, href) => expect(registryHref("/registry", query)).toBe(href));
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
