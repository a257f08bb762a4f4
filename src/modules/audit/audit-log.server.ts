import "server-only";
import type { Prisma } from "@/generated/prisma/client";
import { writeAudit } from "@/server/audit";
import { authorize } from "@/server/auth/actor";
import { db } from "@/server/db";
import type { RequestContext } from "@/server/request-context";
import type { Actor } from "../identity/core/roles";
import { canIdentity } from "../identity/policy";
import type { AuditFilter } from "../identity/schemas";

export type AuditRow = {
  id: string;
  at: string;
  actor: string | null;
  actorRole: string | null;
  action: string;
  entityType: string;
  entityId: string | null;
  patientId: string | null;
  outcome: string;
  ip: string | null;
  requestId: string | null;
  details: string | null;
};

export const AUDIT_PAGE_SIZE = 50;

/** Admin audit log with filters, newest first, keyset-paginated by id. Reading it is audited. */
export async function listAuditEvents(actor: Actor, f: AuditFilter, ctx: RequestContext): Promise<{ rows: AuditRow[]; nextBefore: string | null }> {
  await authorize(actor, canIdentity(actor.role, "audit.read"), { entityType: "AuditEvent", action: "LIST" });
  const where: Prisma.AuditEventWhereInput = {};
  if (f.actor) {
    const users = await db.user.findMany({ where: { email: { contains: f.actor, mode: "insensitive" } }, select: { id: true }, take: 50 });
    where.actorUserId = { in: users.map((u) => u.id) };
  }
  if (f.entityType) where.entityType = f.entityType;
  if (f.action) where.action = f.action;
  if (f.outcome) where.outcome = f.outcome;
  if (f.patientId) where.patientId = f.patientId;
  if (f.from || f.to) {
    where.at = {
      ...(f.from ? { gte: new Date(`${f.from}T00:00:00Z`) } : {}),
      ...(f.to ? { lt: new Date(new Date(`${f.to}T00:00:00Z`).getTime() + 86_400_000) } : {}),
    };
  }
  if (f.before) where.id = { lt: BigInt(f.before) };
  const rows = await db.auditEvent.findMany({ where, orderBy: { id: "desc" }, take: AUDIT_PAGE_SIZE + 1 });
  const ids = [...new Set(rows.map((r) => r.actorUserId).filter((x): x is string => !!x))];
  const users = ids.length ? await db.user.findMany({ where: { id: { in: ids } }, select: { id: true, email: true } }) : [];
  const emailById = new Map(users.map((u) => [u.id, u.email]));
  await writeAudit({ actor: { userId: actor.userId, role: actor.role }, action: "LIST", entityType: "AuditEvent", outcome: "SUCCESS", ctx, details: { results: Math.min(rows.length, AUDIT_PAGE_SIZE) } });
  const page = rows.slice(0, AUDIT_PAGE_SIZE);
  return {
    rows: page.map((r) => ({
      id: r.id.toString(),
      at: r.at.toISOString(),
      actor: r.actorUserId ? (emailById.get(r.actorUserId) ?? r.actorUserId) : null,
      actorRole: r.actorRole,
      action: r.action,
      entityType: r.entityType,
      entityId: r.entityId,
      patientId: r.patientId,
      outcome: r.outcome,
      ip: r.ip,
      requestId: r.requestId,
      details: r.details === null ? null : JSON.stringify(r.details),
    })),
    nextBefore: rows.length > AUDIT_PAGE_SIZE ? (page[page.length - 1]?.id.toString() ?? null) : null,
  };
}
