import "server-only";
import { Prisma } from "@/generated/prisma/client";
import { db, type Tx } from "./db";
import { logger } from "./logger";
import type { RequestContext } from "./request-context";
import { isUuid } from "./uuid";

export type AuditAction = "READ" | "LIST" | "CREATE" | "UPDATE" | "DELETE" | "EXPORT" | "LOGIN" | "LOGOUT" | "ACCESS";

export type AuditActor = { userId: string; role: string } | null;
/**
 * A system actor instead of a user: a client of the FHIR API (src/modules/fhir), recorded in
 * actorClientId with the role FHIR_CLIENT.
 */
export type SystemAuditActor = { kind: "fhirClient"; clientId: string };
export const FHIR_CLIENT_ROLE = "FHIR_CLIENT";

/**
 * One audit row's fields. `Expr` is what a field may be besides a value: nothing for writeAudit
 * (AuditEntry); for auditRowsSql (AuditSqlEntry) an SQL expression over the rows of its source, for
 * the fields that differ per row (the id of a row inserted in the same statement).
 */
type AuditFields<Expr> = {
  actor: AuditActor | SystemAuditActor;
  action: AuditAction;
  entityType: string;
  entityId?: string | null | Expr;
  patientId?: string | null | Expr;
  outcome: "SUCCESS" | "DENIED" | "FAILURE";
  ctx: RequestContext;
  /** Non-PHI context only: reasons, codes, counts, names of changed fields. */
  details?: Prisma.InputJsonValue | Expr;
};

export type AuditEntry = AuditFields<never>;
export type AuditSqlEntry = AuditFields<Prisma.Sql>;

/**
 * The columns of an audit row, in order, each with its SQL type (for a value bound in
 * auditRowsSql). With toRow, the one definition of the row's shape: writeAudit and auditRowsSql
 * both write toRow's row.
 */
const auditColumns = [
  ["actorUserId", "uuid"],
  ["actorRole", "text"],
  ["actorClientId", "uuid"],
  ["action", "text"],
  ["entityType", "text"],
  ["entityId", "text"],
  ["patientId", "uuid"],
  ["outcome", '"AuditOutcome"'],
  ["ip", "text"],
  ["requestId", "text"],
  ["details", "jsonb"],
] as const;
type AuditColumn = (typeof auditColumns)[number][0];

function toRow<Expr>(e: AuditFields<Expr>) {
  return {
    actorUserId: e.actor && "userId" in e.actor ? e.actor.userId : null,
    actorRole: e.actor ? ("role" in e.actor ? e.actor.role : FHIR_CLIENT_ROLE) : null,
    actorClientId: e.actor && "clientId" in e.actor ? e.actor.clientId : null,
    action: e.action,
    entityType: e.entityType,
    entityId: e.entityId ?? null,
    patientId: e.patientId ?? null,
    outcome: e.outcome,
    ip: e.ctx.ip,
    requestId: e.ctx.requestId,
    details: e.details,
  } satisfies Record<AuditColumn, unknown>;
}

const CTE_NAME = /^[a-z_][a-z0-9_]*$/;

/**
 * The same audit rows as writeAudit, as a common table expression `name AS (INSERT ...)` for a
 * statement that writes its records and their audit rows at once (the booking statement, the
 * pre-visit form requests): one row per row of `from`, which the SQL expressions in the entry
 * (entityId, patientId, details) may refer to. Every other value is a bound parameter, cast to its
 * column's type; details absent is NULL, as writeAudit leaves it.
 */
export function auditRowsSql(name: string, entry: AuditSqlEntry, from: Prisma.Sql): Prisma.Sql {
  if (!CTE_NAME.test(name)) throw new Error(`auditRowsSql: not a CTE name: ${name}`);
  const row = toRow(entry);
  const values = auditColumns.map(([c, type]) => {
    const v = row[c];
    if (v instanceof Prisma.Sql) return v;
    if (c === "details") return v === undefined ? Prisma.sql`NULL::jsonb` : Prisma.sql`${JSON.stringify(v)}::jsonb`;
    return Prisma.sql`${v ?? null}::${Prisma.raw(type)}`;
  });
  return Prisma.sql`${Prisma.raw(name)} AS (
      INSERT INTO "AuditEvent" (${Prisma.raw(auditColumns.map(([c]) => `"${c}"`).join(", "))})
      SELECT ${Prisma.join(values, ", ")}
      FROM ${from})`;
}

/**
 * Writes audit rows. Pass the transaction of a write so the audit row commits or rolls back with
 * it; reads and denials are audited on their own.
 */
export async function writeAudit(entries: AuditEntry | AuditEntry[], tx?: Tx): Promise<void> {
  const rows = (Array.isArray(entries) ? entries : [entries]).map((e) => toRow<never>(e));
  if (rows.length === 0) return;
  const client = tx ?? db;
  if (tx) {
    await client.auditEvent.createMany({ data: rows });
    return;
  }
  try {
    await client.auditEvent.createMany({ data: rows });
  } catch (err) {
    // A read must not be served if its audit row cannot be written (HIPAA audit controls).
    logger.error("audit.write_failed", { entityType: rows[0]?.entityType, action: rows[0]?.action });
    throw err;
  }
}

// Request ids that already have their refusal row. A page is checked by its layout and by itself
// (and maybe by a data function): one attempt must still be one row. One request is handled by
// one process, so a bounded set in memory is enough (nothing here needs sharing across instances).
const refused = new Set<string>();
const REFUSED_MAX = 10_000;

/**
 * One denied or failed attempt, one row: the first refusal of a request is written, later ones in
 * the same request (same server-made request id) are not. Denials are audited on their own (no
 * transaction: nothing else is written).
 */
export async function writeRefusal(entry: AuditEntry & { outcome: "DENIED" | "FAILURE" }): Promise<void> {
  if (!claimRefusal(entry.ctx)) return;
  await writeAudit(entry);
}

/**
 * For a refusal written inside a transaction with writeAudit (with the change it records, such as
 * a room seat ended): call after it commits, so that a later writeRefusal in the same request
 * writes no second row. Returns false when this request's refusal was already recorded.
 */
export function claimRefusal(ctx: RequestContext): boolean {
  const key = ctx.requestId;
  if (refused.has(key)) return false;
  if (refused.size >= REFUSED_MAX) refused.delete(refused.values().next().value as string);
  refused.add(key);
  return true;
}

/**
 * A record asked for by id that the actor's scope did not find. When it belongs to another patient
 * than the actor's own (ownPatientId; a patient's visit, form or recommendation), the row is a
 * DENIED one carrying that record's real patient, so "who tried to open this chart" finds it; a
 * record of the actor's own patient that is not available (done, cancelled) is a FAILURE with the
 * patient; a record that does not exist a FAILURE, not_found. patientOf looks the record up by id
 * only; nothing of it reaches the caller.
 */
export async function auditNotFound(
  actor: AuditActor,
  what: { action: AuditAction; entityType: string; entityId: string; details?: Record<string, Prisma.InputJsonValue> },
  ctx: RequestContext,
  patientOf: () => Promise<string | null | undefined>,
  ownPatientId?: string | null,
): Promise<void> {
  const patientId = isUuid(what.entityId) ? ((await patientOf().catch(() => null)) ?? null) : null;
  const own = patientId !== null && ownPatientId !== undefined && patientId === ownPatientId;
  const reason = patientId === null ? "not_found" : own ? "not_available" : "other_patient";
  await writeRefusal({
    actor,
    action: what.action,
    entityType: what.entityType,
    entityId: what.entityId,
    patientId,
    outcome: reason === "other_patient" ? "DENIED" : "FAILURE",
    ctx,
    details: { ...what.details, reason },
  });
}
