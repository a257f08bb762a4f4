import { addDays, type LocalDate } from "./dates";
import {
  defaultRegistryQuery,
  REGISTRY_PAGE_SIZE,
  type RegistryQuery,
  type RegistryRow,
  type RegistrySort,
} from "./registry";
import { careGapRules, isDueWithin, type CareGapRuleId } from "./rules";

/** The registry's rows filtered, counted, sorted and paged, and the URL of a view (docs/clinical-reference.md#ltot-registry). */

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
export function matchesRegistryFilters(
  row: RegistryRow,
  q: Pick<RegistryQuery, "clinician" | "gap" | "mme" | "dueWithin">,
  asOf: LocalDate,
  ids: ReadonlySet<string> | null = null,
): boolean {
  if (ids && !ids.has(row.patientId)) return false;
  if (q.clinician !== null && row.clinicianId !== q.clinician) return false;
  if (q.mme !== null && row.mmeBand !== q.mme) return false;
  if (q.gap !== null) return ruleOpenOrDue(row, q.gap, asOf, q.dueWithin);
  if (q.dueWithin !== null)
    return careGapRules.some((r) => r.severity === "gap" && ruleOpenOrDue(row, r.id, asOf, q.dueWithin));
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
export function pageRegistryRows(
  rows: readonly RegistryRow[],
  page: number,
  pageSize = REGISTRY_PAGE_SIZE,
): RegistryPage {
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
export function queryRegistry(
  rows: readonly RegistryRow[],
  q: RegistryQuery,
  asOf: LocalDate,
  ids: ReadonlySet<string> | null = null,
  pageSize = REGISTRY_PAGE_SIZE,
) {
  const base = rows.filter((r) => matchesRegistryFilters(r, { ...q, gap: null, dueWithin: null }, asOf, ids));
  const counts = gapCounts(base);
  const filtered =
    q.gap === null && q.dueWithin === null ? base : base.filter((r) => matchesRegistryFilters(r, q, asOf));
  const sorted = sortRegistryRows(filtered, q.sort, q.dir);
  return { counts, sorted, page: pageRegistryRows(sorted, q.page, pageSize) };
}

/** The URL of a registry view (the shared contract: /registry?clinician=&gap=&mme=&dueWithin=&sort=&dir=&page=&measure=&month=&set=). */
export function registryHref(
  base: "/registry" | "/registry/export",
  q: Partial<RegistryQuery> & { measure?: string | null; month?: string | null; set?: string | null },
): string {
  const sp = new URLSearchParams();
  if (q.clinician) sp.set("clinician", q.clinician);
  if (q.gap) sp.set("gap", q.gap);
  if (q.mme) sp.set("mme", q.mme);
  if (q.dueWithin !== null && q.dueWithin !== undefined) sp.set("dueWithin", String(q.dueWithin));
  if (q.measure) sp.set("measure", q.measure);
  if (q.month) sp.set("month", q.month);
  if (q.set) sp.set("set", q.set);
  if (
    q.sort &&
    !(q.sort === defaultRegistryQuery.sort && (q.dir ?? defaultRegistryQuery.dir) === defaultRegistryQuery.dir)
  ) {
    sp.set("sort", q.sort);
    sp.set("dir", q.dir ?? "asc");
  }
  if (q.page && q.page > 1) sp.set("page", String(q.page));
  const s = sp.toString();
  return s ? `${base}?${s}` : base;
}

/** The date `days` from `asOf` (the due-within horizon shown on the page). */
export function dueHorizon(asOf: LocalDate, days: number): LocalDate {
  return addDays(asOf, days);
}
