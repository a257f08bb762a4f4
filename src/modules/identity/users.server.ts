import "server-only";
import type { Prisma } from "@/generated/prisma/client";
import { writeAudit } from "@/server/audit";
import { authorize } from "@/server/auth/actor";
import { hashPassword, verifyPassword } from "@/server/auth/password";
import { isPasswordGuessingBlocked, recordPasswordFailure } from "@/server/auth/sign-in.server";
import { db, type Tx } from "@/server/db";
import { AppError, pgErrorCode } from "@/server/errors";
import type { RequestContext } from "@/server/request-context";
import type { Actor, Role } from "./core/roles";
import { lookupPatientForLinking } from "./patient-link.server";
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

async function gate(actor: Actor, action: IdentityAction, entityId?: string) {
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

async function findPatientForLink(
  actor: Actor,
  tx: Tx,
  mrn: string,
  ctx: RequestContext,
  exceptUserId?: string,
): Promise<string> {
  const p = await lookupPatientForLinking(actor, { mrn }, ctx, tx);
  if (!p || p === "ambiguous")
    throw new AppError("VALIDATION", "No patient has that MRN.", { patientMrn: ["No patient record has this MRN"] });
  if (p.hasAccount) {
    const linked = await tx.user.findFirst({ where: { patientId: p.id }, select: { id: true } });
    if (linked && linked.id !== exceptUserId) {
      throw new AppError("CONFLICT", "That patient already has a portal account.", {
        patientMrn: ["This patient already has a portal account"],
      });
    }
  }
  return p.id;
}

export async function createUser(
  actor: Actor,
  input: { name: string; email: string; role: Role; password: string; patientMrn: string },
  ctx: RequestContext,
): Promise<{ id: string }> {
  await gate(actor, "user.create");
  const passwordHash = await hashPassword(input.password);
  try {
    return await db.$transaction(async (tx) => {
      const patientId = input.role === "PATIENT" ? await findPatientForLink(actor, tx, input.patientMrn, ctx) : null;
      const u = await tx.user.create({
        data: { name: input.name, email: input.email, role: input.role, passwordHash, patientId },
        select: { id: true },
      });
      await writeAudit(
        {
          actor: { userId: actor.userId, role: actor.role },
          action: "CREATE",
          entityType: "User",
          entityId: u.id,
          patientId,
          outcome: "SUCCESS",
          ctx,
          details: { role: input.role },
        },
        tx,
      );
      return u;
    });
  } catch (e) {
    if (pgErrorCode(e) === "23505")
      throw new AppError("CONFLICT", "An account with this email already exists.", {
        email: ["This email is already used by another account"],
      });
    throw e;
  }
}

/** Role or link changes end the user's sessions (session version bump). */
export async function updateUser(
  actor: Actor,
  id: string,
  input: { name: string; role: Role; patientMrn: string },
  ctx: RequestContext,
): Promise<void> {
  await gate(actor, "user.update", id);
  if (id === actor.userId && input.role !== actor.role) {
    throw new AppError("VALIDATION", "You cannot change your own role.", {
      role: ["Ask another administrator to change your role"],
    });
  }
  await db.$transaction(async (tx) => {
    const before = await tx.user.findUnique({ where: { id }, select: { role: true, patientId: true, name: true } });
    if (!before) throw new AppError("NOT_FOUND");
    const patientId = input.role === "PATIENT" ? await findPatientForLink(actor, tx, input.patientMrn, ctx, id) : null;
    const accessChanged = before.role !== input.role || before.patientId !== patientId;
    await tx.user.update({
      where: { id },
      data: {
        name: input.name,
        role: input.role,
        patientId,
        ...(accessChanged ? { sessionVersion: { increment: 1 } } : {}),
      },
      select: { id: true },
    });
    if (accessChanged) await endSessions(tx, id, "access_changed");
    const changed = [
      before.name !== input.name && "name",
      before.role !== input.role && "role",
      before.patientId !== patientId && "patientLink",
    ].filter(Boolean);
    await writeAudit(
      {
        actor: { userId: actor.userId, role: actor.role },
        action: "UPDATE",
        entityType: "User",
        entityId: id,
        patientId,
        outcome: "SUCCESS",
        ctx,
        details: { changed: changed as string[] },
      },
      tx,
    );
  });
}

async function endSessions(tx: Tx, userId: string, reason: string) {
  await tx.session.updateMany({
    where: { userId, revokedAt: null },
    data: { revokedAt: new Date(), revokedReason: reason },
  });
}

export async function setUserActive(actor: Actor, id: string, active: boolean, ctx: RequestContext): Promise<void> {
  await gate(actor, "user.update", id);
  if (id === actor.userId && !active) throw new AppError("VALIDATION", "You cannot deactivate your own account.");
  await db.$transaction(async (tx) => {
    const res = await tx.user.updateMany({ where: { id }, data: { active, sessionVersion: { increment: 1 } } });
    if (res.count === 0) throw new AppError("NOT_FOUND");
    await endSessions(tx, id, active ? "reactivated" : "deactivated");
    await writeAudit(
      {
        actor: { userId: actor.userId, role: actor.role },
        action: "UPDATE",
        entityType: "User",
        entityId: id,
        outcome: "SUCCESS",
        ctx,
        details: { changed: ["active"], active },
      },
      tx,
    );
  });
}

export async function resetUserPassword(
  actor: Actor,
  id: string,
  password: string,
  ctx: RequestContext,
): Promise<void> {
  await gate(actor, "user.update", id);
  const passwordHash = await hashPassword(password);
  await db.$transaction(async (tx) => {
    const res = await tx.user.updateMany({ where: { id }, data: { passwordHash, sessionVersion: { increment: 1 } } });
    if (res.count === 0) throw new AppError("NOT_FOUND");
    await endSessions(tx, id, "password_reset");
    await writeAudit(
      {
        actor: { userId: actor.userId, role: actor.role },
        action: "UPDATE",
        entityType: "User",
        entityId: id,
        outcome: "SUCCESS",
        ctx,
        details: { changed: ["password"] },
      },
      tx,
    );
  });
}

/**
 * Changing one's own password ends every other session; the current one is re-issued by signing
 * in again. A wrong current password counts in the same Postgres limiter as sign-in (a stolen
 * session must not become a fast password-guessing oracle), and is audited.
 */
export async function changeOwnPassword(
  actor: Actor,
  current: string,
  next: string,
  ctx: RequestContext,
): Promise<void> {
  await authorize(actor, canIdentity(actor.role, "account.self"), {
    entityType: "User",
    entityId: actor.userId,
    action: "UPDATE",
  });
  const ip = ctx.ip ?? "unknown";
  const who = { userId: actor.userId, role: actor.role };
  if (await isPasswordGuessingBlocked(actor.email, ip)) {
    await db.$transaction(async (tx) => {
      await recordPasswordFailure(tx, actor.email, ip);
      await writeAudit(
        {
          actor: who,
          action: "UPDATE",
          entityType: "User",
          entityId: actor.userId,
          outcome: "DENIED",
          ctx,
          details: { changed: ["password"], self: true, reason: "rate_limited" },
        },
        tx,
      );
    });
    throw new AppError("RATE_LIMITED");
  }
  const u = await db.user.findUnique({ where: { id: actor.userId }, select: { passwordHash: true } });
  if (!u || !(await verifyPassword(u.passwordHash, current))) {
    await db.$transaction(async (tx) => {
      await recordPasswordFailure(tx, actor.email, ip);
      await writeAudit(
        {
          actor: who,
          action: "UPDATE",
          entityType: "User",
          entityId: actor.userId,
          outcome: "FAILURE",
          ctx,
          details: { changed: ["password"], self: true, reason: "bad_password" },
        },
        tx,
      );
    });
    throw new AppError("VALIDATION", "Your current password is not correct.", {
      currentPassword: ["This is not your current password"],
    });
  }
  const passwordHash = await hashPassword(next);
  await db.$transaction(async (tx) => {
    await tx.user.update({
      where: { id: actor.userId },
      data: { passwordHash, sessionVersion: { increment: 1 } },
      select: { id: true },
    });
    await endSessions(tx, actor.userId, "password_changed");
    await writeAudit(
      {
        actor: { userId: actor.userId, role: actor.role },
        action: "UPDATE",
        entityType: "User",
        entityId: actor.userId,
        outcome: "SUCCESS",
        ctx,
        details: { changed: ["password"], self: true },
      },
      tx,
    );
  });
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
