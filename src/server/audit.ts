import "server-only";
import type { Prisma } from "@/generated/prisma/client";
import { db, type Tx } from "./db";
import { logger } from "./logger";
import type { RequestContext } from "./request-context";

export type AuditAction =
  | "READ"
  | "LIST"
  | "CREATE"
  | "UPDATE"
  | "DELETE"
  | "EXPORT"
  | "LOGIN"
  | "LOGOUT"
  | "ACCESS";

export type AuditActor = { userId: string; role: string } | null;

export type AuditEntry = {
  actor: AuditActor;
  action: AuditAction;
  entityType: string;
  entityId?: string | null;
  patientId?: string | null;
  outcome: "SUCCESS" | "DENIED" | "FAILURE";
  ctx: RequestContext;
  /** Non-PHI context only: reasons, codes, counts, names of changed fields. */
  details?: Prisma.InputJsonValue;
};

function toRow(e: AuditEntry): Prisma.AuditEventCreateManyInput {
  return {
    actorUserId: e.actor?.userId ?? null,
    actorRole: e.actor?.role ?? null,
    action: e.action,
    entityType: e.entityType,
    entityId: e.entityId ?? null,
    patientId: e.patientId ?? null,
    outcome: e.outcome,
    ip: e.ctx.ip,
    requestId: e.ctx.requestId,
    details: e.details,
  };
}

/**
 * Writes audit rows. Pass the transaction of a write so the audit row commits or rolls back with
 * it; reads and denials are audited on their own.
 */
export async function writeAudit(entries: AuditEntry | AuditEntry[], tx?: Tx): Promise<void> {
  const rows = (Array.isArray(entries) ? entries : [entries]).map(toRow);
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
