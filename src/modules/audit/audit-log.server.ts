import "server-only";
import type { Prisma } from "@/generated/prisma/client";
import { writeAudit, type AuditAction } from "@/server/audit";
import { authorize } from "@/server/auth/actor";
import { db } from "@/server/db";
import type { RequestContext } from "@/server/request-context";
import type { Actor } from "../identity/core/roles";
import { canIdentity } from "../identity/policy";
import { toCsv } from "./core/csv";
import { activeFilters, utcRange, type AuditFilter } from "./core/filter";
import { offeredEntityTypes, type AuditActionCode } from "./core/vocabulary";

// The filter's action list and the writer's AuditAction type must be the same set.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const actionsAgree: Same<AuditAction, AuditActionCode> = true;
void actionsAgree;

export type AuditRow = {
  id: string;
  at: string;
  actor: string | null;
  actorRole: string | null;
  action: string;
  entityType: string;
  entityId: string | null;
  patientId: string | null;
  /** The patient's MRN (what an admin knows a patient by), when the row names a patient. */
  patientMrn: string | null;
  outcome: string;
  ip: string | null;
  requestId: string | null;
  details: string | null;
};

export const AUDIT_PAGE_SIZE = 50;
/** Rows in one CSV export (newest first); the export says when there were more. */
export const AUDIT_EXPORT_MAX = 10_000;
/** Accounts one "User email contains" may match before the admin is asked to type more. */
const ACTOR_MATCH_MAX = 200;

export type FilterProblems = { errors: Record<string, string[]> };

const who = (actor: Actor) => ({ userId: actor.userId, role: actor.role });

/**
 * Record types the filter offers: every type the code writes and every type the log holds (a
 * loose index scan over AuditEvent(entityType, at): one index probe per type, not a table scan).
 * Not PHI; admins only.
 */
export async function listAuditRecordTypes(actor: Actor): Promise<string[]> {
  await authorize(actor, canIdentity(actor.role, "audit.read"), { entityType: "AuditEvent", action: "LIST" });
  const inLog = await db.$queryRaw<{ t: string }[]>`
    WITH RECURSIVE types(t) AS (
      (SELECT "entityType" FROM "AuditEvent" ORDER BY "entityType" LIMIT 1)
      UNION ALL
      SELECT (SELECT "entityType" FROM "AuditEvent" WHERE "entityType" > types.t ORDER BY "entityType" LIMIT 1) FROM types WHERE types.t IS NOT NULL
    )
    SELECT t FROM types WHERE t IS NOT NULL LIMIT 1000`;
  return offeredEntityTypes(inLog.map((r) => r.t));
}

/**
 * The filter as a query, or field errors (nothing is searched then). The MRN is resolved here,
 * exactly, to the patient's id: that lookup is a PHI read and is audited, found or not, like the
 * account-linking lookup (identity/patient-link.server.ts).
 */
async function whereFor(
  actor: Actor,
  f: AuditFilter,
  ctx: RequestContext,
): Promise<{ where: Prisma.AuditEventWhereInput } | FilterProblems> {
  const errors: Record<string, string[]> = {};
  const where: Prisma.AuditEventWhereInput = {};
  if (f.entityType) {
    if ((await listAuditRecordTypes(actor)).includes(f.entityType)) where.entityType = f.entityType;
    else errors.entityType = ["Record type: choose one from the list"];
  }
  if (f.actor) {
    const users = await db.user.findMany({
      where: { email: { contains: f.actor, mode: "insensitive" } },
      select: { id: true },
      take: ACTOR_MATCH_MAX + 1,
    });
    if (users.length === 0) errors.actor = ["User email contains: no account's email contains this text"];
    else if (users.length > ACTOR_MATCH_MAX)
      errors.actor = [`User email contains: more than ${ACTOR_MATCH_MAX} accounts match; type more of the email`];
    else where.actorUserId = { in: users.map((u) => u.id) };
  }
  if (f.mrn) {
    const patient = await db.patient.findUnique({ where: { mrn: f.mrn }, select: { id: true } });
    await writeAudit({
      actor: who(actor),
      action: "READ",
      entityType: "Patient",
      entityId: patient?.id ?? null,
      patientId: patient?.id ?? null,
      outcome: patient ? "SUCCESS" : "FAILURE",
      ctx,
      details: { purpose: "audit_filter", by: "mrn", ...(patient ? {} : { reason: "not_found" }) },
    });
    if (patient) where.patientId = patient.id;
    else errors.mrn = ["Patient MRN: no patient has this MRN; check it on the chart or ask the care team"];
  }
  if (f.patientId) where.patientId = f.patientId;
  if (f.action) where.action = f.action;
  if (f.outcome) where.outcome = f.outcome;
  const at = utcRange(f);
  if (at) where.at = at;
  if (f.before) where.id = { lt: BigInt(f.before) };
  return Object.keys(errors).length ? { errors } : { where };
}

type EventRow = Prisma.AuditEventGetPayload<Record<string, never>>;

/**
 * Rows as shown: the user's email, a FHIR client's name and the patient's MRN instead of internal
 * ids (one query per kind, not N; the client query only when a FHIR client acted).
 */
async function present(rows: EventRow[]): Promise<AuditRow[]> {
  const userIds = [...new Set(rows.map((r) => r.actorUserId).filter((x): x is string => !!x))];
  const clientIds = [...new Set(rows.map((r) => r.actorClientId).filter((x): x is string => !!x))];
  const patientIds = [...new Set(rows.map((r) => r.patientId).filter((x): x is string => !!x))];
  const [users, clients, patients] = await Promise.all([
    userIds.length ? db.user.findMany({ where: { id: { in: userIds } }, select: { id: true, email: true } }) : [],
    clientIds.length
      ? db.fhirClient.findMany({ where: { id: { in: clientIds } }, select: { id: true, name: true } })
      : [],
    patientIds.length
      ? db.patient.findMany({ where: { id: { in: patientIds } }, select: { id: true, mrn: true } })
      : [],
  ]);
  const emailById = new Map(users.map((u) => [u.id, u.email]));
  const clientById = new Map(clients.map((c) => [c.id, `FHIR client: ${c.name}`]));
  const mrnById = new Map(patients.map((p) => [p.id, p.mrn]));
  return rows.map((r) => ({
    id: r.id.toString(),
    at: r.at.toISOString(),
    actor: r.actorUserId
      ? (emailById.get(r.actorUserId) ?? r.actorUserId)
      : r.actorClientId
        ? (clientById.get(r.actorClientId) ?? r.actorClientId)
        : null,
    actorRole: r.actorRole,
    action: r.action,
    entityType: r.entityType,
    entityId: r.entityId,
    patientId: r.patientId,
    patientMrn: r.patientId ? (mrnById.get(r.patientId) ?? null) : null,
    outcome: r.outcome,
    ip: r.ip,
    requestId: r.requestId,
    details: r.details === null ? null : JSON.stringify(r.details),
  }));
}

/** Admin audit log with filters, newest first, keyset-paginated by id. Reading it is audited. */
export async function listAuditEvents(
  actor: Actor,
  f: AuditFilter,
  ctx: RequestContext,
): Promise<{ rows: AuditRow[]; nextBefore: string | null } | FilterProblems> {
  await authorize(actor, canIdentity(actor.role, "audit.read"), { entityType: "AuditEvent", action: "LIST" });
  const q = await whereFor(actor, f, ctx);
  if ("errors" in q) return q;
  const rows = await db.auditEvent.findMany({ where: q.where, orderBy: { id: "desc" }, take: AUDIT_PAGE_SIZE + 1 });
  const page = rows.slice(0, AUDIT_PAGE_SIZE);
  const shown = await present(page);
  await writeAudit({
    actor: who(actor),
    action: "LIST",
    entityType: "AuditEvent",
    outcome: "SUCCESS",
    ctx,
    details: { results: page.length, filters: Object.keys(activeFilters(f)) },
  });
  return {
    rows: shown,
    nextBefore: rows.length > AUDIT_PAGE_SIZE ? (page[page.length - 1]?.id.toString() ?? null) : null,
  };
}

export const AUDIT_CSV_HEADER = [
  "id",
  "at_utc",
  "user",
  "role",
  "action",
  "record_type",
  "record_id",
  "patient_mrn",
  "patient_id",
  "outcome",
  "ip",
  "request_id",
  "details",
] as const;

/**
 * The filtered view as CSV, newest first, at most AUDIT_EXPORT_MAX rows (`truncated` when there
 * were more: narrow the filters or page with `before`). The export is audited as an EXPORT.
 */
export async function exportAuditEvents(
  actor: Actor,
  f: AuditFilter,
  ctx: RequestContext,
): Promise<{ csv: string; rows: number; truncated: boolean } | FilterProblems> {
  await authorize(actor, canIdentity(actor.role, "audit.read"), { entityType: "AuditEvent", action: "LIST" });
  const q = await whereFor(actor, f, ctx);
  if ("errors" in q) return q;
  const rows = await db.auditEvent.findMany({ where: q.where, orderBy: { id: "desc" }, take: AUDIT_EXPORT_MAX + 1 });
  const kept = rows.slice(0, AUDIT_EXPORT_MAX);
  const shown = await present(kept);
  const truncated = rows.length > AUDIT_EXPORT_MAX;
  await writeAudit({
    actor: who(actor),
    action: "EXPORT",
    entityType: "AuditEvent",
    outcome: "SUCCESS",
    ctx,
    details: { format: "csv", rows: kept.length, truncated, filters: Object.keys(activeFilters(f)) },
  });
  const csv = toCsv(
    AUDIT_CSV_HEADER,
    shown.map((r) => [
      r.id,
      r.at,
      r.actor,
      r.actorRole,
      r.action,
      r.entityType,
      r.entityId,
      r.patientMrn,
      r.patientId,
      r.outcome,
      r.ip,
      r.requestId,
      r.details,
    ]),
  );
  return { csv, rows: kept.length, truncated };
}
