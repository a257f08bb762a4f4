import { addDays, type LocalDate } from "./dates";
import { emptyFacts, toCareMedication, type CareMedication, type LtotDecision, type PatientCareFacts } from "./facts";
import { buildRegistryRow, type RegistryRow } from "./registry";
import { evaluateCareGaps, type CareGapRuleId } from "./rules";
import { defaultCareProgramSettings as defaults, type CareProgramSettings } from "./settings";

/**
 * Builders for the care-program tests (used by the *.test.ts files beside this one only).
 * A medication row with its MME computed by the UDT module, as the server will build it.
 */
let seq = 0;
export function med(
  drugKey: string,
  doseAmount: number,
  timesPerDay: number,
  startedOn: LocalDate,
  stoppedOn: LocalDate | null = null,
  name?: string,
): CareMedication {
  seq += 1;
  return toCareMedication({
    id: `m${seq}`,
    drugKey,
    name: name ?? `${drugKey} ${doseAmount}`,
    doseAmount,
    timesPerDay,
    startedOn,
    stoppedOn,
  });
}

export function decision(
  kind: LtotDecision["kind"],
  decidedOn: LocalDate,
  recordedAtIso = `${decidedOn}T12:00:00Z`,
  reason = "clinical judgement",
): LtotDecision {
  return { kind, reason, decidedOn, recordedAt: new Date(recordedAtIso) };
}

/**
 * A patient on LTOT since long before `asOf` (oxycodone 10 mg twice a day = 30 MME/day since
 * 2025-01-01) with every record fresh on `asOf`: no gap is open. Tests change one thing at a time.
 */
export function wellCaredFor(
  asOf: LocalDate,
  patientId = "p1",
  overrides: Partial<PatientCareFacts> = {},
): PatientCareFacts {
  return {
    ...emptyFacts(patientId),
    clinicians: [{ clinicianId: "c1", since: "2025-01-01" }],
    medications: [med("oxycodone", 10, 2, "2025-01-01", null, "Oxycodone 10 mg")],
    pegs: [{ on: asOf, scoreTenths: 53 }],
    phq9s: [{ on: asOf, total: 6, item9: 0 }],
    udts: [{ collectedOn: asOf, interpretation: "EXPECTED" }],
    agreements: [{ signedOn: asOf, renewBy: null, revokedOn: null }],
    pdmpChecks: [{ on: asOf, finding: "CONSISTENT" }],
    visits: [{ on: addDays(asOf, -1), status: "COMPLETED" }],
    ...overrides,
  };
}

/** The rule tests' day (rules, interval-rules, medication-rules). */
export const ASOF = "2026-06-15";
/** wellCaredFor's oxycodone started 2025-01-01: in the registry from 2025-04-01. */
export const REGISTRY_SINCE = "2025-04-01";

export function ruleOf(
  f: PatientCareFacts,
  id: CareGapRuleId,
  asOf: LocalDate = ASOF,
  settings: CareProgramSettings = defaults,
) {
  const r = evaluateCareGaps(f, settings, asOf).results.find((x) => x.ruleId === id);
  if (!r) throw new Error(`no result for ${id}`);
  return r;
}

/** The registry tests' day (registry, registry-query, registry-csv) and a row built the server's way. */
export const REGISTRY_ASOF = "2026-12-02";
const who = (over: Partial<{ alert: boolean }> = {}) => ({
  person: { patientId: "p1", givenName: "Ada", familyName: "Lovelace", mrn: "MRN-1" },
  clinicianNames: new Map([["c1", "Dr. One"]]),
  safetyAlertOpen: over.alert ?? false,
});
export const registryRowOf = (f: PatientCareFacts, alert = false): RegistryRow =>
  buildRegistryRow(f, evaluateCareGaps(f, defaults, REGISTRY_ASOF), defaults, REGISTRY_ASOF, who({ alert }));
