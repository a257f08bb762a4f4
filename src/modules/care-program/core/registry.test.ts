import { describe, expect, it } from "vitest";
import { addDays } from "./dates";
import { emptyFacts, type PatientCareFacts } from "./facts";
import { buildRegistryRows, mmeBand, type RegistryRow } from "./registry";
import { defaultCareProgramSettings as S } from "./settings";
import { decision, med, REGISTRY_ASOF as asOf, registryRowOf as rowOf, wellCaredFor } from "./test-fixtures";

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
    expect(r).toMatchObject({
      name: "Lovelace, Ada",
      mrn: "MRN-1",
      clinicianName: "Dr. One",
      onLtot: true,
      mmeTotal: 30,
      mmeBand: "lt50",
      benzodiazepine: false,
      naloxoneOnList: false,
      openGapCount: 0,
      openGaps: [],
    });
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
    [
      "PEG change from the first PEG (baseline)",
      {
        pegs: [
          { on: "2026-01-10", scoreTenths: 70 },
          { on: asOf, scoreTenths: 53 },
        ],
      },
      (r: RegistryRow) => expect(r.peg?.changeTenths).toBe(-17),
    ],
    [
      "benzodiazepine with the opioid",
      { medications: [med("oxycodone", 10, 2, "2025-01-01"), med("alprazolam", 1, 2, "2025-06-01")] },
      (r: RegistryRow) => expect(r.benzodiazepine).toBe(true),
    ],
    [
      "naloxone on the list",
      { medications: [med("oxycodone", 10, 2, "2025-01-01"), med("naloxone", 4, 1, "2025-06-01")] },
      (r: RegistryRow) => expect(r.naloxoneOnList).toBe(true),
    ],
    [
      "in-person evaluation on record: no DEA flag",
      { inPersonEvaluations: [{ on: "2025-03-01" }] },
      (r: RegistryRow) => expect(r.dea.flag).toBe(false),
    ],
    ["no UDT: the UDT gap is open", { udts: [] }, (r: RegistryRow) => expect(r.openGaps).toEqual(["udt-due"])],
    [
      "high dose: context, never counted as a gap",
      {
        medications: [med("oxycodone", 30, 2, "2025-01-01")],
        naloxoneOffers: [{ on: asOf, outcome: "OFFERED" as const }],
      },
      (r: RegistryRow) => {
        expect(r.highDoseContext).toBe(true);
        expect(r.openGapCount).toBe(0);
        expect(r.mmeBand).toBe("ge90");
      },
    ],
  ])("%s", (_name, over, check) => check(rowOf(wellCaredFor(asOf, "p1", over as Partial<PatientCareFacts>))));

  it("an open item-9 alert shows on the PHQ-9 cell", () =>
    expect(rowOf(wellCaredFor(asOf), true).phq9?.alertOpen).toBe(true));
});

describe("buildRegistryRows: who is on the registry", () => {
  const people = new Map<string, never>();
  const names = new Map<string, string>();
  it.each([
    [
      "on an opioid for 90 days",
      wellCaredFor(asOf, "a", { medications: [med("oxycodone", 10, 2, addDays(asOf, -90))] }),
      true,
    ],
    [
      "on an opioid for 89 days",
      wellCaredFor(asOf, "b", { medications: [med("oxycodone", 10, 2, addDays(asOf, -89))] }),
      false,
    ],
    ["naloxone alone", wellCaredFor(asOf, "c", { medications: [med("naloxone", 4, 1, "2025-01-01")] }), false],
    ["excluded by a clinician", wellCaredFor(asOf, "d", { ltotDecisions: [decision("EXCLUDE", "2026-11-01")] }), false],
    [
      "excluded, then cleared",
      wellCaredFor(asOf, "e", { ltotDecisions: [decision("EXCLUDE", "2026-11-01"), decision("CLEAR", "2026-11-20")] }),
      true,
    ],
    [
      "included by a clinician with no opioid",
      { ...emptyFacts("f"), ltotDecisions: [decision("INCLUDE", "2026-11-01")] },
      true,
    ],
  ])("%s -> on the registry: %s", (_n, f, on) => {
    expect(buildRegistryRows([f], S, asOf, { people, clinicianNames: names, openAlerts: new Set() }).length).toBe(
      on ? 1 : 0,
    );
  });
});
