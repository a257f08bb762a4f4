import "server-only";
import { writeAudit } from "@/server/audit";
import { authorize } from "@/server/auth/actor";
import { hashPassword, verifyPassword } from "@/server/auth/password";
import { isPasswordGuessingBlocked, recordPasswordFailure } from "@/server/auth/sign-in.server";
import { db } from "@/server/db";
import { AppError } from "@/server/errors";
import type { RequestContext } from "@/server/request-context";
import type { Actor } from "./core/roles";
import { endSessions } from "./edit-users.server";
import { canIdentity } from "./policy";

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
