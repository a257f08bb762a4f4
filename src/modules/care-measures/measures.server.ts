import "server-only";
import { createHash } from "node:crypto";
import { loadCareFacts, readCareProgramSettings, registryDataVersion } from "@/modules/care-program/index.server";
import { clinicDate, monthOf, monthsEndingWith, type LocalDate, type Month } from "@/modules/care-program/core/dates";
import type { PatientCareFacts } from "@/modules/care-program/core/facts";
import type { MonthMeasures } from "@/modules/care-program/core/measures";
import type { CareProgramSettings } from "@/modules/care-program/core/settings";
import type { Actor } from "@/modules/identity/core/roles";
import { writeAudit } from "@/server/audit";
import { authorize } from "@/server/auth/actor";
import { db } from "@/server/db";
import { getEnv } from "@/server/env";
import type { RequestContext } from "@/server/request-context";
import { measureRows, measuresCsv, type MeasureRow } from "./core/report";
import { MeasureSeriesCache } from "./core/series-cache";
import { canMeasures } from "./policy";
import type { MeasuresFilter } from "./schemas";

/** The dashboard covers the last 12 months, the month in progress included (computed as of today). */
export const MEASURE_MONTHS = 12;

const who = (actor: Actor) => ({ userId: actor.userId, role: actor.role });

export type ClinicMeasureSeries = {
  series: MonthMeasures[];
  settings: CareProgramSettings;
  today: LocalDate;
  timeZone: string;
  months: Month[];
};

/** A patient's facts as one short string: any record added, changed or removed changes it. */
export function factsFingerprint(p: PatientCareFacts): string {
  return createHash("sha1").update(JSON.stringify(p)).digest("base64");
}

/**
 * Complete months per patient, kept in this process between views and recomputed for any
 * patient whose facts changed (core/series-cache.ts; docs/decisions/care-program-measures.md).
 * In memory only: a restart rebuilds it from the records.
 */
const cache = new MeasureSeriesCache(factsFingerprint);

/** What the last computation evaluated and reused (the bench reports it). */
export function measuresCacheStats() {
  return { ...cache.lastStats, size: cache.size };
}

/**
 * The last whole series, keyed by the care data's version (one statement: row counts and latest
 * write times of every table the rules read, the same check the registry's snapshot uses), the
 * settings, the clinic's date and the months. A view with nothing changed since the last one
 * reads no facts at all; any write changes the version, and the next view reads the facts again
 * (the per-patient cache above then recomputes only the patients whose facts changed).
 */
let lastSeries: { key: string; value: ClinicMeasureSeries } | null = null;

/** Forget every remembered month (tests; the next view recomputes everything from the records). */
export function clearMeasuresCache(): void {
  cache.clear();
  lastSeries = null;
}

/**
 * The clinic's measures for the last `months` months, from the dated records: every fact in one
 * fixed set of statements (loadCareFacts, read afresh on every call), then the care program's
 * rules evaluated for each month on the records as they stood at its end (factsAsOf), exactly as
 * computeMeasureSeries does; the complete months of patients whose facts did not change come
 * from the cache. No snapshot table: a figure can never drift from the records. A data function:
 * the caller authorizes and audits.
 */
export async function clinicMeasureSeries(opts: { now?: Date; months?: number } = {}): Promise<ClinicMeasureSeries> {
  // The clinic's time zone (as the scheduling module's clinicTimeZone reads it).
  const timeZone = getEnv().CLINIC_TIME_ZONE;
  const today = clinicDate(opts.now ?? new Date(), timeZone);
  const months = monthsEndingWith(monthOf(today), opts.months ?? MEASURE_MONTHS);
  const [settings, version] = await Promise.all([readCareProgramSettings(), registryDataVersion()]);
  const key = JSON.stringify([version, settings, today, months, timeZone]);
  if (lastSeries?.key === key) return lastSeries.value;
  const facts = await loadCareFacts({}, timeZone);
  const value = { series: cache.series(facts, months, settings, today), settings, today, timeZone, months };
  lastSeries = { key, value };
  return value;
}

export type ClinicianOption = { id: string; name: string };

export type MeasuresDashboard = {
  today: LocalDate;
  months: Month[];
  clinicians: ClinicianOption[];
  /** The clinician filtered on, or null for the whole clinic. */
  clinician: ClinicianOption | null;
  /** The figures of the clinic, or of the clinician when filtered. */
  rows: MeasureRow[];
  /** With a clinician filter: the clinic's figures beside them (the charts' second line). */
  clinicRows: MeasureRow[] | null;
  /** Whether the figures link to the registry (admins see the numbers, not the patients behind them). */
  registryLinks: boolean;
};

export type MeasuresProblem = { errors: Record<string, string[]> };

async function clinicianOptions(): Promise<ClinicianOption[]> {
  const users = await db.user.findMany({
    where: { role: "CLINICIAN" },
    select: { id: true, name: true, active: true },
    orderBy: [{ active: "desc" }, { name: "asc" }],
  });
  return users.map((u) => ({ id: u.id, name: u.active ? u.name : `${u.name} (inactive)` }));
}

async function figures(
  f: MeasuresFilter,
  now: Date | undefined,
): Promise<(MeasuresDashboard & { scope: string }) | MeasuresProblem> {
  const clinicians = await clinicianOptions();
  const clinician = f.clinician === null ? null : (clinicians.find((c) => c.id === f.clinician) ?? null);
  if (f.clinician !== null && clinician === null)
    return { errors: { clinician: ["Clinician: choose a clinician from the list"] } };
  const { series, settings, today, months } = await clinicMeasureSeries({ now });
  const clinicRows = measureRows(series, settings);
  const rows = clinician ? measureRows(series, settings, clinician.id) : clinicRows;
  return {
    today,
    months,
    clinicians,
    clinician,
    rows,
    clinicRows: clinician ? clinicRows : null,
    registryLinks: false,
    scope: clinician ? clinician.name : "clinic",
  };
}

/**
 * The measures dashboard (/measures): the last 12 months for the clinic or one clinician. One
 * audit row per view (LIST, with the filter and the number of patients on LTOT this month, no
 * patient ids). An unknown clinician is refused with a message naming the field, nothing read.
 */
export async function getMeasuresDashboard(
  actor: Actor,
  f: MeasuresFilter,
  ctx: RequestContext,
  now?: Date,
): Promise<MeasuresDashboard | MeasuresProblem> {
  await authorize(actor, canMeasures(actor.role, "measures.read"), { entityType: "CareMeasures", action: "LIST" });
  const r = await figures(f, now);
  if ("errors" in r) return r;
  const { scope: _scope, ...view } = r;
  await writeAudit({
    actor: who(actor),
    action: "LIST",
    entityType: "CareMeasures",
    outcome: "SUCCESS",
    ctx,
    details: {
      months: view.months.length,
      from: view.months[0] ?? null,
      to: view.months.at(-1) ?? null,
      clinicianId: view.clinician?.id ?? null,
      onLtot: view.rows[0]?.cells.at(-1)?.numerator ?? 0,
    },
  });
  return { ...view, registryLinks: canMeasures(actor.role, "measures.openRegistry") };
}

/**
 * GET /measures/export: the same figures as CSV (per month per measure: numerator, denominator,
 * percent; no patient identifiers), audited as an EXPORT.
 */
export async function exportMeasuresCsv(
  actor: Actor,
  f: MeasuresFilter,
  ctx: RequestContext,
  now?: Date,
): Promise<{ csv: string; rows: number; filename: string } | MeasuresProblem> {
  await authorize(actor, canMeasures(actor.role, "measures.export"), { entityType: "CareMeasures", action: "LIST" });
  const r = await figures(f, now);
  if ("errors" in r) return r;
  const csv = measuresCsv(r.rows, r.scope);
  const rows = r.rows.length * r.months.length;
  await writeAudit({
    actor: who(actor),
    action: "EXPORT",
    entityType: "CareMeasures",
    outcome: "SUCCESS",
    ctx,
    details: {
      format: "csv",
      rows,
      months: r.months.length,
      from: r.months[0] ?? null,
      to: r.months.at(-1) ?? null,
      clinicianId: r.clinician?.id ?? null,
    },
  });
  return { csv, rows, filename: `measures-${r.clinician ? "clinician" : "clinic"}-${r.today}.csv` };
}
