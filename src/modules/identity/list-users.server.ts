import "server-only";
import type { Prisma } from "@/generated/prisma/client";
import { writeAudit } from "@/server/audit";
import { authorize } from "@/server/auth/actor";
import { db } from "@/server/db";
import { AppError } from "@/server/errors";
import type { RequestContext } from "@/server/request-context";
import type { Actor, Role } from "./core/roles";
import { canIdentity, type IdentityAction } from "./policy";

export type UserRow = {
  id: string;
  name: string;
  email: string;
  role: Role;
  active: boolean;
  patient: { id: string; mrn: string; name: string } | null;
  createdAt: string;
  openSessions: number;
};

const userSelect = (now: Date) =>
  ({
    id: true,
    name: true,
    email: true,
    role: true,
    active: true,
    createdAt: true,
    patient: { select: { id: true, mrn: true, givenName: true, familyName: true } },
    _count: { select: { sessions: { where: { revokedAt: null, expiresAt: { gt: now } } } } },
  }) satisfies Prisma.UserSelect;

function toRow(u: Prisma.UserGetPayload<{ select: ReturnType<typeof userSelect> }>): UserRow {
  return {
    id: u.id,
    name: u.name,
    email: u.email,
    role: u.role,
    active: u.active,
    patient: u.patient
      ? { id: u.patient.id, mrn: u.patient.mrn, name: `${u.patient.givenName} ${u.patient.familyName}` }
      : null,
    createdAt: u.createdAt.toISOString(),
    openSessions: u._count.sessions,
  };
}

/** The admin gate of every user-account use case (list, create, update). */

export async function gate(actor: Actor, action: IdentityAction, entityId?: string) {
  await authorize(actor, canIdentity(actor.role, action), {
    entityType: "User",
    entityId,
    action: action === "user.list" ? "LIST" : action === "user.create" ? "CREATE" : "UPDATE",
  });
}

export async function listUsers(actor: Actor, ctx: RequestContext): Promise<UserRow[]> {
  await gate(actor, "user.list");
  const users = await db.user.findMany({
    select: userSelect(new Date()),
    orderBy: [{ role: "asc" }, { name: "asc" }],
    take: 500,
  });
  await writeAudit({
    actor: { userId: actor.userId, role: actor.role },
    action: "LIST",
    entityType: "User",
    outcome: "SUCCESS",
    ctx,
    details: { results: users.length },
  });
  return users.map(toRow);
}

export async function getUser(actor: Actor, id: string, ctx: RequestContext): Promise<UserRow> {
  await gate(actor, "user.list", id);
  const u = await db.user.findUnique({ where: { id }, select: userSelect(new Date()) });
  if (!u) throw new AppError("NOT_FOUND");
  await writeAudit({
    actor: { userId: actor.userId, role: actor.role },
    action: "READ",
    entityType: "User",
    entityId: id,
    patientId: u.patient?.id ?? null,
    outcome: "SUCCESS",
    ctx,
  });
  return toRow(u);
}

/**
 * Display names for user ids (who recorded, signed, recommended...), one query for the lot.
 * Not PHI; callers have already authorized the record the ids come from.
 */
export async function userNamesById(ids: readonly (string | null | undefined)[]): Promise<Map<string, string>> {
  const unique = [...new Set(ids.filter((x): x is string => !!x))];
  if (unique.length === 0) return new Map();
  const users = await db.user.findMany({ where: { id: { in: unique } }, select: { id: true, name: true } });
  return new Map(users.map((u) => [u.id, u.name]));
}
