import { phq9Severity, type Phq9Severity } from "@/modules/assessments/core/scoring";
import { addDays, type LocalDate } from "./dates";
import { deaTelemedicineStatus } from "./dea";
import { isBenzodiazepine, isNaloxone, isOpioid, activeOn, visitSummary, clinicianOn, type PatientCareFacts } from "./facts";
import { careGapRules, evaluateCareGaps, isDueWithin, openGapCount, type CareGapEvaluation, type CareGapRuleId } from "./rules";
import type { CareProgramSettings } from "./settings";

/**
 * The LTOT registry as pure data (docs/clinical-reference.md#ltot-registry): one row per patient
 * on LTOT, built from the same evaluateCareGaps the huddle and the measures use, then filtered,
 * sorted and paged. No I/O: the server loads the facts and the names, this file does the rest.
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

export const registrySortColumns = ["name", "clinician", "mme", "peg", "phq9", "udt", "agreement", "pdmp", "lastVisit", "nextVisit", "dea", "gaps"] as const;
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

export const defaultRegistryQuery: RegistryQuery = { clinician: null, gap: null, mme: null, dueWithin: null, sort: "gaps", dir: "desc", page: 1 };

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

const latestBy = <T>(xs: readonly T[], date: (x: T) => LocalDate): T | null => {
  let best: T | null = null;
  for (const x of xs) if (best === null || date(x) >= date(best)) best = x;
  return best;
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
  const lastPhq = latestBy(f.phq9s.filter((p) => p.on <= asOf), (p) => p.on);
  const lastUdt = latestBy(f.udts.filter((u) => u.collectedOn <= asOf), (u) => u.collectedOn);
  const lastAgreement = latestBy(f.agreements.filter((a) => a.signedOn <= asOf), (a) => a.signedOn);
  const lastPdmp = latestBy(f.pdmpChecks.filter((c) => c.on <= asOf), (c) => c.on);
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
    peg: lastPeg ? { on: lastPeg.on, scoreTenths: lastPeg.scoreTenths, changeTenths: baseline && baseline !== lastPeg ? lastPeg.scoreTenths - baseline.scoreTenths : null } : null,
    phq9: lastPhq ? { on: lastPhq.on, total: lastPhq.total, severity: phq9Severity(Math.min(27, Math.max(0, lastPhq.total))), alertOpen: who.safetyAlertOpen } : null,
    safetyAlertOpen: who.safetyAlertOpen,
    udt: lastUdt ? { on: lastUdt.collectedOn, interpretation: lastUdt.interpretation } : null,
    agreement: {
      signedOn: lastAgreement?.signedOn ?? null,
      dueOn: agreementResult?.dueOn ?? null,
      current: agreementResult ? !agreementResult.open : lastAgreement !== null && (lastAgreement.revokedOn === null || lastAgreement.revokedOn > asOf),
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
  who: { people: ReadonlyMap<string, RegistryPerson>; clinicianNames: ReadonlyMap<string, string>; openAlerts: ReadonlySet<string> },
): RegistryRow[] {
  const out: RegistryRow[] = [];
  for (const f of patients) {
    const e = evaluateCareGaps(f, settings, asOf);
    if (!e.ltot.onLtot) continue;
    out.push(buildRegistryRow(f, e, settings, asOf, { person: who.people.get(f.patientId), clinicianNames: who.clinicianNames, safetyAlertOpen: who.openAlerts.has(f.patientId) }));
  }
  return out;
}

/** The gap rules a coordinator or clinician can filter by (context items included: "at or above 90" is a useful list). */
export const filterableGaps: readonly CareGapRuleId[] = careGapRules.map((r) => r.id);

function ruleOpenOrDue(row: RegistryRow, id: CareGapRuleId, asOf: LocalDate, dueWithin: number | null): boolean {
  const open = id === "high-dose-context" ? row.highDoseContext : row.openGaps.includes(id);
  if (dueWithin === null) return open;
  const due = row.dueOn[id];
  return isDueWithin({ open, dueOn: due === undefined ? null : due }, asOf, dueWithin);
}

/**
 * Whether a row passes the filters. Gap alone: that gap is open now. Due within N days alone: any
 * gap is open or opens within N days. Both: that gap is open or opens within N days. `ids`: only
 * these patients (the patients behind a measure's numerator or denominator).
 */
export function matchesRegistryFilters(row: RegistryRow, q: Pick<RegistryQuery, "clinician" | "gap" | "mme" | "dueWithin">, asOf: LocalDate, ids: ReadonlySet<string> | null = null): boolean {
  if (ids && !ids.has(row.patientId)) return false;
  if (q.clinician !== null && row.clinicianId !== q.clinician) return false;
  if (q.mme !== null && row.mmeBand !== q.mme) return false;
  if (q.gap !== null) return ruleOpenOrDue(row, q.gap, asOf, q.dueWithin);
  if (q.dueWithin !== null) return careGapRules.some((r) => r.severity === "gap" && ruleOpenOrDue(row, r.id, asOf, q.dueWithin));
  return true;
}

const NULL_LAST = "\uffff";
function sortKey(row: RegistryRow, col: RegistrySort): number | string {
  switch (col) {
    case "name":
      return row.name.toLowerCase();
    case "clinician":
      return (row.clinicianName ?? NULL_LAST).toLowerCase();
    case "mme":
      return row.mmeTotal;
    case "peg":
      return row.peg ? row.peg.scoreTenths : -1;
    case "phq9":
      return row.phq9 ? row.phq9.total : -1;
    case "udt":
      return row.udt?.on ?? "";
    case "agreement":
      return row.agreement.dueOn ?? "";
    case "pdmp":
      return row.pdmpOn ?? "";
    case "lastVisit":
      return row.lastVisitOn ?? "";
    case "nextVisit":
      return row.nextVisitOn ?? NULL_LAST;
    case "dea":
      // Flagged first when descending: the fewer days left, the more urgent.
      return row.dea.flag ? (row.dea.ended ? 100_000 : 100_000 - (row.dea.daysLeft ?? 0)) : 0;
    case "gaps":
      return row.openGapCount;
  }
}

/** Sorted copy; ties by name then patient id so the order (and paging) is stable. */
export function sortRegistryRows(rows: readonly RegistryRow[], col: RegistrySort, dir: "asc" | "desc"): RegistryRow[] {
  const sign = dir === "asc" ? 1 : -1;
  const keyed = rows.map((r) => ({ r, k: sortKey(r, col) }));
  keyed.sort((a, b) => {
    if (a.k < b.k) return -sign;
    if (a.k > b.k) return sign;
    const n = a.r.name.localeCompare(b.r.name);
    if (n !== 0) return n;
    return a.r.patientId < b.r.patientId ? -1 : a.r.patientId > b.r.patientId ? 1 : 0;
  });
  return keyed.map((x) => x.r);
}

export type RegistryPage = { rows: RegistryRow[]; total: number; page: number; pages: number; pageSize: number };

/** One page (1-based); a page past the end shows the last page. */
export function pageRegistryRows(rows: readonly RegistryRow[], page: number, pageSize = REGISTRY_PAGE_SIZE): RegistryPage {
  const pages = Math.max(1, Math.ceil(rows.length / pageSize));
  const p = Math.min(Math.max(1, Math.trunc(page)), pages);
  return { rows: rows.slice((p - 1) * pageSize, p * pageSize), total: rows.length, page: p, pages, pageSize };
}

/** Per rule: how many rows have it open now (context items too), for the links at the top of the page. */
export function gapCounts(rows: readonly RegistryRow[]): Record<CareGapRuleId, number> {
  const out = {} as Record<CareGapRuleId, number>;
  for (const r of careGapRules) out[r.id] = 0;
  for (const row of rows) {
    for (const g of row.openGaps) out[g] += 1;
    if (row.highDoseContext) out["high-dose-context"] += 1;
  }
  return out;
}

/**
 * The whole query on prebuilt rows: the counts (over the other filters, so each count is what
 * its link will show), the filtered and sorted rows, and the page.
 */
export function queryRegistry(rows: readonly RegistryRow[], q: RegistryQuery, asOf: LocalDate, ids: ReadonlySet<string> | null = null, pageSize = REGISTRY_PAGE_SIZE) {
  const base = rows.filter((r) => matchesRegistryFilters(r, { ...q, gap: null, dueWithin: null }, asOf, ids));
  const counts = gapCounts(base);
  const filtered = q.gap === null && q.dueWithin === null ? base : base.filter((r) => matchesRegistryFilters(r, q, asOf));
  const sorted = sortRegistryRows(filtered, q.sort, q.dir);
  return { counts, sorted, page: pageRegistryRows(sorted, q.page, pageSize) };
}

/** The URL of a registry view (the shared contract: /registry?clinician=&gap=&mme=&dueWithin=&sort=&dir=&page=&measure=&month=&set=). */
export function registryHref(base: "/registry" | "/registry/export", q: Partial<RegistryQuery> & { measure?: string | null; month?: string | null; set?: string | null }): string {
  const sp = new URLSearchParams();
  if (q.clinician) sp.set("clinician", q.clinician);
  if (q.gap) sp.set("gap", q.gap);
  if (q.mme) sp.set("mme", q.mme);
  if (q.dueWithin !== null && q.dueWithin !== undefined) sp.set("dueWithin", String(q.dueWithin));
  if (q.measure) sp.set("measure", q.measure);
  if (q.month) sp.set("month", q.month);
  if (q.set) sp.set("set", q.set);
  if (q.sort && !(q.sort === defaultRegistryQuery.sort && (q.dir ?? defaultRegistryQuery.dir) === defaultRegistryQuery.dir)) {
    sp.set("sort", q.sort);
    sp.set("dir", q.dir ?? "asc");
  }
  if (q.page && q.page > 1) sp.set("page", String(q.page));
  const s = sp.toString();
  return s ? `${base}?${s}` : base;
}

export const REGISTRY_CSV_HEADER = [
  "patient_id",
  "mrn",
  "name",
  "clinician",
  "on_ltot_because",
  "mme_per_day",
  "mme_band",
  "mme_not_converted",
  "benzodiazepine",
  "naloxone_on_list",
  "last_peg",
  "last_peg_on",
  "peg_change_from_baseline",
  "last_phq9_total",
  "last_phq9_severity",
  "last_phq9_on",
  "item9_alert_open",
  "last_udt_on",
  "last_udt_result",
  "agreement_signed_on",
  "agreement_due_on",
  "pdmp_last_checked",
  "last_visit",
  "next_visit",
  "dea_flag",
  "dea_days_left",
  "open_gaps",
  "open_gap_list",
] as const;

const tenths = (t: number) => `${t < 0 ? "-" : ""}${Math.trunc(Math.abs(t) / 10)}.${Math.abs(t) % 10}`;
const yesNo = (b: boolean) => (b ? "yes" : "no");

/** One CSV line's cells for a row (csvCell makes them safe). */
export function registryCsvCells(r: RegistryRow): (string | number | null)[] {
  return [
    r.patientId,
    r.mrn,
    r.name,
    r.clinicianName,
    r.ltotExplanation,
    r.mmeTotal,
    r.mmeBand,
    r.mmeExcluded,
    yesNo(r.benzodiazepine),
    yesNo(r.naloxoneOnList),
    r.peg ? tenths(r.peg.scoreTenths) : null,
    r.peg?.on ?? null,
    r.peg && r.peg.changeTenths !== null ? tenths(r.peg.changeTenths) : null,
    r.phq9?.total ?? null,
    r.phq9?.severity ?? null,
    r.phq9?.on ?? null,
    yesNo(r.safetyAlertOpen),
    r.udt?.on ?? null,
    r.udt ? (r.udt.interpretation === null ? "pending" : r.udt.interpretation.toLowerCase()) : null,
    r.agreement.signedOn,
    r.agreement.dueOn,
    r.pdmpOn,
    r.lastVisitOn,
    r.nextVisitOn,
    r.dea.flag ? (r.dea.ended ? "ended" : "relies on flexibility") : "no",
    r.dea.daysLeft,
    r.openGapCount,
    r.openGaps.join(" "),
  ];
}

/** Format a PEG change for the page: "-1.3 from baseline". */
export function formatPegChange(changeTenths: number): string {
  return `${changeTenths > 0 ? "+" : ""}${tenths(changeTenths)}`;
}

/** The date `days` from `asOf` (the due-within horizon shown on the page). */
export function dueHorizon(asOf: LocalDate, days: number): LocalDate {
  return addDays(asOf, days);
}
