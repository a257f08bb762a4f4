import { phq9Severity, type Phq9Severity } from "@/modules/assessments/core/scoring";
import type { LocalDate } from "./dates";
import { deaTelemedicineStatus } from "./dea";
import {
  isBenzodiazepine,
  isNaloxone,
  isOpioid,
  activeOn,
  visitSummary,
  clinicianOn,
  type PatientCareFacts,
} from "./facts";
import { latestBy } from "./rule-support";
import { evaluateCareGaps, openGapCount, type CareGapEvaluation, type CareGapRuleId } from "./rules";
import type { CareProgramSettings } from "./settings";

/**
 * The LTOT registry as pure data (docs/clinical-reference.md#ltot-registry): one row per patient
 * on LTOT, built from the same evaluateCareGaps the huddle and the measures use, then filtered,
 * sorted and paged (registry-query.ts) and exported (registry-csv.ts). No I/O: the server loads
 * the facts and the names, these files do the rest.
 */

export const REGISTRY_PAGE_SIZE = 50;

export type MmeBand = "lt50" | "50to90" | "ge90";
export const mmeBands: readonly MmeBand[] = ["lt50", "50to90", "ge90"];

/** The band of a total against the clinic's two context marks (defaults 50 and 90; context, never limits). */
export function mmeBand(total: number, s: Pick<CareProgramSettings, "mmeContextLow" | "mmeContextHigh">): MmeBand {
  if (total >= s.mmeContextHigh) return "ge90";
  if (total >= s.mmeContextLow) return "50to90";
  return "lt50";
}

export function mmeBandLabel(b: MmeBand, s: Pick<CareProgramSettings, "mmeContextLow" | "mmeContextHigh">): string {
  if (b === "lt50") return `Under ${s.mmeContextLow} MME/day`;
  if (b === "50to90") return `${s.mmeContextLow} to under ${s.mmeContextHigh} MME/day`;
  return `${s.mmeContextHigh} MME/day or more`;
}

export const registrySortColumns = [
  "name",
  "clinician",
  "mme",
  "peg",
  "phq9",
  "udt",
  "agreement",
  "pdmp",
  "lastVisit",
  "nextVisit",
  "dea",
  "gaps",
] as const;
export type RegistrySort = (typeof registrySortColumns)[number];

/** What a page or an export asks for (already validated by the module's schemas.ts). */
export type RegistryQuery = {
  clinician: string | null;
  gap: CareGapRuleId | null;
  mme: MmeBand | null;
  dueWithin: number | null;
  sort: RegistrySort;
  dir: "asc" | "desc";
  page: number;
};

export const defaultRegistryQuery: RegistryQuery = {
  clinician: null,
  gap: null,
  mme: null,
  dueWithin: null,
  sort: "gaps",
  dir: "desc",
  page: 1,
};

/** Who the server knows by id, for the row (names are not care facts). */
export type RegistryPerson = { patientId: string; givenName: string; familyName: string; mrn: string };

export type RegistryRow = {
  patientId: string;
  name: string;
  mrn: string;
  clinicianId: string | null;
  clinicianName: string | null;
  onLtot: boolean;
  /** Why the patient is on the registry, in plain words. */
  ltotExplanation: string;
  mmeTotal: number;
  /** Opioids not converted to MME (buprenorphine). */
  mmeExcluded: number;
  mmeBand: MmeBand;
  benzodiazepine: boolean;
  naloxoneOnList: boolean;
  peg: { on: LocalDate; scoreTenths: number; changeTenths: number | null } | null;
  phq9: { on: LocalDate; total: number; severity: Phq9Severity; alertOpen: boolean } | null;
  /** An item-9 safety alert is open (on any of the patient's answer sets). */
  safetyAlertOpen: boolean;
  udt: { on: LocalDate; interpretation: "EXPECTED" | "UNEXPECTED" | null } | null;
  agreement: { signedOn: LocalDate | null; dueOn: LocalDate | null; current: boolean };
  pdmpOn: LocalDate | null;
  lastVisitOn: LocalDate | null;
  nextVisitOn: LocalDate | null;
  dea: { flag: boolean; daysLeft: number | null; ended: boolean };
  /** Open gaps (severity "gap"), in rule order; context items are shown, not counted. */
  openGaps: CareGapRuleId[];
  openGapCount: number;
  /** Each rule's due date (open: since when; closed: when it will open). */
  dueOn: Partial<Record<CareGapRuleId, LocalDate | null>>;
  highDoseContext: boolean;
};

const earliestBy = <T>(xs: readonly T[], date: (x: T) => LocalDate): T | null => {
  let best: T | null = null;
  for (const x of xs) if (best === null || date(x) < date(best)) best = x;
  return best;
};

/** One registry row from a patient's facts and evaluation (evaluateCareGaps on `asOf`). */
export function buildRegistryRow(
  f: PatientCareFacts,
  e: CareGapEvaluation,
  settings: CareProgramSettings,
  asOf: LocalDate,
  who: { person: RegistryPerson | undefined; clinicianNames: ReadonlyMap<string, string>; safetyAlertOpen: boolean },
): RegistryRow {
  const active = activeOn(f.medications, asOf);
  const pegs = f.pegs.filter((p) => p.on <= asOf);
  const lastPeg = latestBy(pegs, (p) => p.on);
  const baseline = earliestBy(pegs, (p) => p.on);
  const lastPhq = latestBy(
    f.phq9s.filter((p) => p.on <= asOf),
    (p) => p.on,
  );
  const lastUdt = latestBy(
    f.udts.filter((u) => u.collectedOn <= asOf),
    (u) => u.collectedOn,
  );
  const lastAgreement = latestBy(
    f.agreements.filter((a) => a.signedOn <= asOf),
    (a) => a.signedOn,
  );
  const lastPdmp = latestBy(
    f.pdmpChecks.filter((c) => c.on <= asOf),
    (c) => c.on,
  );
  const dea = deaTelemedicineStatus(f.medications, f.inPersonEvaluations, settings, asOf);
  const visits = visitSummary(f, asOf);
  const clinicianId = clinicianOn(f, asOf);
  const result = (id: CareGapRuleId) => e.results.find((r) => r.ruleId === id);
  const agreementResult = result("agreement-due");
  const dueOn: Partial<Record<CareGapRuleId, LocalDate | null>> = {};
  for (const r of e.results) dueOn[r.ruleId] = r.dueOn;
  const p = who.person;
  return {
    patientId: f.patientId,
    name: p ? `${p.familyName}, ${p.givenName}` : "(unknown patient)",
    mrn: p?.mrn ?? "",
    clinicianId,
    clinicianName: clinicianId ? (who.clinicianNames.get(clinicianId) ?? null) : null,
    onLtot: e.ltot.onLtot,
    ltotExplanation: e.ltot.explanation,
    mmeTotal: e.totalMme.total,
    mmeExcluded: e.totalMme.excludedCount,
    mmeBand: mmeBand(e.totalMme.total, settings),
    benzodiazepine: active.some(isOpioid) && active.some(isBenzodiazepine),
    naloxoneOnList: active.some(isNaloxone),
    peg: lastPeg
      ? {
          on: lastPeg.on,
          scoreTenths: lastPeg.scoreTenths,
          changeTenths: baseline && baseline !== lastPeg ? lastPeg.scoreTenths - baseline.scoreTenths : null,
        }
      : null,
    phq9: lastPhq
      ? {
          on: lastPhq.on,
          total: lastPhq.total,
          severity: phq9Severity(Math.min(27, Math.max(0, lastPhq.total))),
          alertOpen: who.safetyAlertOpen,
        }
      : null,
    safetyAlertOpen: who.safetyAlertOpen,
    udt: lastUdt ? { on: lastUdt.collectedOn, interpretation: lastUdt.interpretation } : null,
    agreement: {
      signedOn: lastAgreement?.signedOn ?? null,
      dueOn: agreementResult?.dueOn ?? null,
      current: agreementResult
        ? !agreementResult.open
        : lastAgreement !== null && (lastAgreement.revokedOn === null || lastAgreement.revokedOn > asOf),
    },
    pdmpOn: lastPdmp?.on ?? null,
    lastVisitOn: visits.lastVisitOn,
    nextVisitOn: visits.nextVisitOn,
    dea: {
      flag: dea.status === "RELIES_ON_FLEXIBILITY" || dea.status === "FLEXIBILITY_ENDED",
      daysLeft: dea.status === "RELIES_ON_FLEXIBILITY" ? dea.daysLeft : null,
      ended: dea.status === "FLEXIBILITY_ENDED",
    },
    openGaps: e.open.filter((g) => g.severity === "gap").map((g) => g.ruleId),
    openGapCount: openGapCount(e),
    dueOn,
    highDoseContext: result("high-dose-context")?.applies === true,
  };
}

/** Rows for every patient on LTOT on `asOf`. */
export function buildRegistryRows(
  patients: readonly PatientCareFacts[],
  settings: CareProgramSettings,
  asOf: LocalDate,
  who: {
    people: ReadonlyMap<string, RegistryPerson>;
    clinicianNames: ReadonlyMap<string, string>;
    openAlerts: ReadonlySet<string>;
  },
): RegistryRow[] {
  const out: RegistryRow[] = [];
  for (const f of patients) {
    const e = evaluateCareGaps(f, settings, asOf);
    if (!e.ltot.onLtot) continue;
    out.push(
      buildRegistryRow(f, e, settings, asOf, {
        person: who.people.get(f.patientId),
        clinicianNames: who.clinicianNames,
        safetyAlertOpen: who.openAlerts.has(f.patientId),
      }),
    );
  }
  return out;
}
