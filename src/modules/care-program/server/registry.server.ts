import "server-only";
import type { Actor } from "@/modules/identity/core/roles";
import { writeAudit } from "@/server/audit";
import { authorize } from "@/server/auth/actor";
import { db } from "@/server/db";
import { getEnv } from "@/server/env";
import type { RequestContext } from "@/server/request-context";
import { clinicDate, type LocalDate } from "../core/dates";
import type { PatientCareFacts } from "../core/facts";
import { computeMonthMeasures, type MonthMeasures } from "../core/measures";
import {
  buildRegistryRow,
  buildRegistryRows,
  REGISTRY_PAGE_SIZE,
  type RegistryPerson,
  type RegistryQuery,
  type RegistryRow,
} from "../core/registry";
import { queryRegistry } from "../core/registry-query";
import { evaluateCareGaps, type CareGapRuleId } from "../core/rules";
import type { CareProgramSettings } from "../core/settings";
import { canCareProgram } from "../policy";
import type { RegistryMeasureFilter, RegistryRequest } from "../schemas";
import { loadCareFacts } from "./facts.server";
import { readCareProgramSettings } from "./settings.server";

/**
 * The LTOT registry's use cases (docs/decisions/care-program-registry.md). Every patient's facts
 * are evaluated by the core's evaluateCareGaps; doing that for the whole clinic on every page
 * view is too slow at 5,000 patients, so the evaluated rows are kept per process in a snapshot
 * keyed by the clinic's date, the settings and a data version (one statement that changes
 * whenever a row the facts come from is written). A snapshot is rebuilt from the database
 * whenever the key changes; it never holds anything the database does not.
 */

export type RegistrySnapshot = {
  key: string;
  asOf: LocalDate;
  settings: CareProgramSettings;
  facts: PatientCareFacts[];
  rows: RegistryRow[];
  people: Map<string, RegistryPerson>;
  clinicianNames: Map<string, string>;
  clinicians: { id: string; name: string }[];
  openAlerts: Set<string>;
  measures: Map<string, MonthMeasures>;
};

const who = (actor: Actor) => ({ userId: actor.userId, role: actor.role });

/**
 * One statement, a fingerprint of every table the registry reads: row counts and the latest
 * write time (updatedAt where the table has one, the recording time of append-only tables, the
 * revocation and resolution times). Any insert, update through the app (Prisma sets updatedAt)
 * or delete changes it.
 */
export async function registryDataVersion(): Promise<string> {
  const rows = await db.$queryRaw<{ v: string }[]>`
    SELECT concat_ws('|',
      (SELECT count(*) || '/' || coalesce(max("updatedAt")::text, '') FROM "Medication"),
      (SELECT count(*) || '/' || coalesce(max("recordedAt")::text, '') FROM "LtotDecision"),
      (SELECT count(*) || '/' || coalesce(max("createdAt")::text, '') FROM "FormResponse"),
      (SELECT count(*) || '/' || coalesce(max("updatedAt")::text, '') FROM "UdtOrder"),
      (SELECT count(*) || '/' || coalesce(max("capturedAt")::text, '') || '/' || count("revokedAt") || '/' || coalesce(max("revokedAt")::text, '') FROM "ConsentRecord"),
      (SELECT count(*) || '/' || coalesce(max("recordedAt")::text, '') FROM "PdmpCheck"),
      (SELECT count(*) || '/' || coalesce(max("recordedAt")::text, '') FROM "NaloxoneOffer"),
      (SELECT count(*) || '/' || coalesce(max("recordedAt")::text, '') FROM "RiskHistoryEntry"),
      (SELECT count(*) || '/' || coalesce(max("recordedAt")::text, '') || '/' || count("withdrawnAt") || '/' || coalesce(max("withdrawnAt")::text, '') FROM "InPersonEvaluation"),
      (SELECT count(*) || '/' || coalesce(max("updatedAt")::text, '') FROM "Visit"),
      (SELECT count(*) || '/' || coalesce(max("updatedAt")::text, '') FROM "Patient"),
      (SELECT count(*) || '/' || coalesce(max("changedAt")::text, '') FROM "PrimaryClinicianChange"),
      (SELECT count(*) || '/' || coalesce(max("updatedAt")::text, '') FROM "User"),
      (SELECT count(*) || '/' || count(*) FILTER (WHERE "status" = 'OPEN') || '/' || coalesce(max("resolvedAt")::text, '') FROM "SafetyAlert")
    ) AS v`;
  return rows[0]?.v ?? "";
}

/** Builds a snapshot straight from the database (the direct computation; the cache stores its result). */
export async function buildRegistrySnapshot(
  settings: CareProgramSettings,
  asOf: LocalDate,
  timeZone: string,
  key = "",
): Promise<RegistrySnapshot> {
  const [facts, patients, clinicianUsers, alerts] = await Promise.all([
    loadCareFacts({}, timeZone),
    db.patient.findMany({ select: { id: true, givenName: true, familyName: true, mrn: true } }),
    db.user.findMany({
      where: { role: "CLINICIAN" },
      select: { id: true, name: true, active: true },
      orderBy: [{ name: "asc" }, { id: "asc" }],
    }),
    db.safetyAlert.findMany({ where: { status: "OPEN" }, select: { patientId: true }, distinct: ["patientId"] }),
  ]);
  const people = new Map(
    patients.map((p) => [p.id, { patientId: p.id, givenName: p.givenName, familyName: p.familyName, mrn: p.mrn }]),
  );
  const clinicianNames = new Map(clinicianUsers.map((u) => [u.id, u.name]));
  const openAlerts = new Set(alerts.map((a) => a.patientId));
  const rows = buildRegistryRows(facts, settings, asOf, { people, clinicianNames, openAlerts });
  return {
    key,
    asOf,
    settings,
    facts,
    rows,
    people,
    clinicianNames,
    clinicians: clinicianUsers.map((u) => ({ id: u.id, name: u.name })),
    openAlerts,
    measures: new Map(),
  };
}

// One snapshot per process (the latest key), and the build in flight so concurrent requests share it.
let current: RegistrySnapshot | null = null;
let building: { key: string; promise: Promise<RegistrySnapshot> } | null = null;

/** The snapshot for today, the settings and the data as they are now (rebuilt when any of them changed). */
export async function registrySnapshot(now: Date = new Date()): Promise<RegistrySnapshot> {
  const timeZone = getEnv().CLINIC_TIME_ZONE;
  const asOf = clinicDate(now, timeZone);
  const [settings, version] = await Promise.all([readCareProgramSettings(), registryDataVersion()]);
  const key = `${timeZone}|${asOf}|${JSON.stringify(settings)}|${version}`;
  if (current?.key === key) return current;
  if (building?.key === key) return building.promise;
  const promise = buildRegistrySnapshot(settings, asOf, timeZone, key);
  building = { key, promise };
  try {
    const snap = await promise;
    current = snap;
    return snap;
  } finally {
    if (building?.promise === promise) building = null;
  }
}

/** Forget the snapshot (tests compare a rebuilt one with the direct computation). */
export function dropRegistrySnapshot(): void {
  current = null;
  building = null;
}

/**
 * The patient ids behind a measure's numerator or denominator for a month (computeMonthMeasures,
 * cached in the snapshot): the clinic's, or one clinician's as the month ended (the clinician
 * responsible then, who may not be the one today).
 */
function measureIds(snap: RegistrySnapshot, m: RegistryMeasureFilter, clinician: string | null): Set<string> {
  let month = snap.measures.get(m.month);
  if (!month) {
    month = computeMonthMeasures(snap.facts, m.month, snap.settings, { today: snap.asOf });
    // Bounded: the month comes from the URL (the dashboard links to the last 12).
    if (snap.measures.size >= 24) snap.measures.clear();
    snap.measures.set(m.month, month);
  }
  const set = clinician === null ? month.clinic : month.byClinician[clinician];
  return new Set(set?.[m.measure][m.set] ?? []);
}

/**
 * The patients a request selects and the row filters left to apply. With a measure link the
 * clinician is already in the ids (responsible at the month's end), so rows are not filtered
 * again by today's clinician.
 */
function selection(snap: RegistrySnapshot, req: RegistryRequest): { ids: Set<string> | null; query: RegistryQuery } {
  if (!req.measure) return { ids: null, query: req.query };
  return { ids: measureIds(snap, req.measure, req.query.clinician), query: { ...req.query, clinician: null } };
}

/** The rows a measure link needs: today's LTOT rows, plus rows for its patients no longer on LTOT today. */
function rowsFor(snap: RegistrySnapshot, ids: Set<string> | null): RegistryRow[] {
  if (!ids) return snap.rows;
  const have = new Set(snap.rows.map((r) => r.patientId));
  const extra: RegistryRow[] = [];
  for (const f of snap.facts) {
    if (!ids.has(f.patientId) || have.has(f.patientId)) continue;
    const e = evaluateCareGaps(f, snap.settings, snap.asOf);
    extra.push(
      buildRegistryRow(f, e, snap.settings, snap.asOf, {
        person: snap.people.get(f.patientId),
        clinicianNames: snap.clinicianNames,
        safetyAlertOpen: snap.openAlerts.has(f.patientId),
      }),
    );
  }
  return extra.length ? [...snap.rows, ...extra] : snap.rows;
}

export type RegistryView = {
  asOf: LocalDate;
  settings: CareProgramSettings;
  rows: RegistryRow[];
  total: number;
  page: number;
  pages: number;
  pageSize: number;
  counts: Record<CareGapRuleId, number>;
  /** Patients on LTOT today (before any filter). */
  onLtot: number;
  clinicians: { id: string; name: string }[];
};

/**
 * One page of the registry (50 rows). Clinicians and coordinators only; one audit row per page
 * view with the names of the filters in use and the number of rows that matched.
 */
export async function listRegistry(
  actor: Actor,
  req: RegistryRequest,
  filterNames: readonly string[],
  ctx: RequestContext,
  opts: { now?: Date; pageSize?: number } = {},
): Promise<RegistryView> {
  await authorize(actor, canCareProgram(actor.role, "registry.read"), { entityType: "Registry", action: "LIST" });
  const snap = await registrySnapshot(opts.now);
  const { ids, query } = selection(snap, req);
  const { counts, page } = queryRegistry(
    rowsFor(snap, ids),
    query,
    snap.asOf,
    ids,
    opts.pageSize ?? REGISTRY_PAGE_SIZE,
  );
  await writeAudit({
    actor: who(actor),
    action: "LIST",
    entityType: "Registry",
    outcome: "SUCCESS",
    ctx,
    details: { results: page.total, shown: page.rows.length, page: page.page, filters: [...filterNames] },
  });
  return {
    asOf: snap.asOf,
    settings: snap.settings,
    ...page,
    counts,
    onLtot: snap.rows.length,
    clinicians: snap.clinicians,
  };
}

/**
 * Every row matching the filters (all pages), for the CSV export. Audited as one EXPORT row with
 * the count and the filter names before anything is sent.
 */
export async function exportRegistry(
  actor: Actor,
  req: RegistryRequest,
  filterNames: readonly string[],
  ctx: RequestContext,
  opts: { now?: Date } = {},
): Promise<{ rows: RegistryRow[]; asOf: LocalDate }> {
  await authorize(actor, canCareProgram(actor.role, "registry.export"), { entityType: "Registry", action: "LIST" });
  const snap = await registrySnapshot(opts.now);
  const { ids, query } = selection(snap, req);
  const { sorted } = queryRegistry(rowsFor(snap, ids), query, snap.asOf, ids);
  await writeAudit({
    actor: who(actor),
    action: "EXPORT",
    entityType: "Registry",
    outcome: "SUCCESS",
    ctx,
    details: { format: "csv", rows: sorted.length, filters: [...filterNames] },
  });
  return { rows: sorted, asOf: snap.asOf };
}
