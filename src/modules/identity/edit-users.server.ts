import "server-only";
import { writeAudit } from "@/server/audit";
import { hashPassword } from "@/server/auth/password";
import { db, type Tx } from "@/server/db";
import { AppError, pgErrorCode } from "@/server/errors";
import type { RequestContext } from "@/server/request-context";
import type { Actor, Role } from "./core/roles";
import { gate } from "./list-users.server";
import { lookupPatientForLinking } from "./patient-link.server";

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

export async function endSessions(tx: Tx, userId: string, reason: string) {
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
