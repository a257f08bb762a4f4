import "server-only";
import { z } from "zod";
import { checkSession, isLoginBlocked } from "@/modules/identity/core/session-rules";
import type { Actor, Role } from "@/modules/identity/core/roles";
import { writeAudit } from "../audit";
import { db } from "../db";
import { getEnv } from "../env";
import type { RequestContext } from "../request-context";
import { dummyPasswordHash, verifyPassword } from "./password";

export const credentialsSchema = z.object({
  email: z.string().trim().toLowerCase().email("Enter your email address").max(254),
  password: z.string().min(1, "Enter your password").max(128, "Passwords are at most 128 characters"),
});

export type SignInResult =
  | { ok: true; sessionId: string; userId: string; sessionVersion: number; role: Role }
  | { ok: false; code: "INVALID" | "RATE_LIMITED" };

/**
 * Checks credentials with a Postgres-backed rate limit (shared by every app instance), creates a
 * server-side session row and audits the attempt either way.
 */
export async function signInWithPassword(
  input: { email: unknown; password: unknown },
  ctx: RequestContext,
): Promise<SignInResult> {
  const env = getEnv();
  const parsed = credentialsSchema.safeParse(input);
  const email = parsed.success ? parsed.data.email : String(input.email ?? "").slice(0, 254).toLowerCase();
  const ip = ctx.ip ?? "unknown";
  const since = new Date(Date.now() - 60_000);
  const [byEmail, byIp] = await Promise.all([
    db.loginAttempt.count({ where: { email, success: false, createdAt: { gte: since } } }),
    db.loginAttempt.count({ where: { ip, success: false, createdAt: { gte: since } } }),
  ]);
  if (isLoginBlocked({ byEmail, byIp }, env.LOGIN_MAX_FAILURES_PER_MINUTE)) {
    await db.$transaction(async (tx) => {
      await tx.loginAttempt.create({ data: { email, ip, success: false } });
      await writeAudit(
        { actor: null, action: "LOGIN", entityType: "Session", outcome: "DENIED", ctx, details: { reason: "rate_limited" } },
        tx,
      );
    });
    return { ok: false, code: "RATE_LIMITED" };
  }

  const user = parsed.success
    ? await db.user.findUnique({
        where: { email },
        select: { id: true, passwordHash: true, active: true, sessionVersion: true, role: true },
      })
    : null;
  const passwordOk = parsed.success
    ? await verifyPassword(user?.passwordHash ?? (await dummyPasswordHash()), parsed.data.password)
    : false;

  if (!user || !passwordOk || !user.active) {
    await db.$transaction(async (tx) => {
      await tx.loginAttempt.create({ data: { email, ip, success: false } });
      await writeAudit(
        {
          actor: user ? { userId: user.id, role: user.role } : null,
          action: "LOGIN",
          entityType: "Session",
          outcome: "FAILURE",
          ctx,
          details: { reason: !user ? "unknown_account" : !passwordOk ? "bad_password" : "inactive" },
        },
        tx,
      );
    });
    return { ok: false, code: "INVALID" };
  }

  const now = new Date();
  const session = await db.$transaction(async (tx) => {
    await tx.loginAttempt.create({ data: { email, ip, success: true } });
    const s = await tx.session.create({
      data: {
        userId: user.id,
        sessionVersion: user.sessionVersion,
        createdAt: now,
        lastSeenAt: now,
        expiresAt: new Date(now.getTime() + env.SESSION_MAX_HOURS * 3_600_000),
        ip: ctx.ip,
        userAgent: ctx.userAgent,
      },
      select: { id: true },
    });
    await writeAudit(
      { actor: { userId: user.id, role: user.role }, action: "LOGIN", entityType: "Session", entityId: s.id, outcome: "SUCCESS", ctx },
      tx,
    );
    return s;
  });
  return { ok: true, sessionId: session.id, userId: user.id, sessionVersion: user.sessionVersion, role: user.role };
}

/**
 * Resolves a session id from the JWT to the actor, re-checking revocation, session version,
 * deactivation, idle timeout and the absolute cap against the database on every request.
 */
export async function loadActorForSession(sessionId: string, now = new Date()): Promise<Actor | null> {
  const env = getEnv();
  const row = await db.session.findUnique({
    where: { id: sessionId },
    select: {
      id: true,
      createdAt: true,
      lastSeenAt: true,
      expiresAt: true,
      revokedAt: true,
      sessionVersion: true,
      user: {
        select: { id: true, name: true, email: true, role: true, active: true, sessionVersion: true, patientId: true },
      },
    },
  });
  if (!row) return null;
  const verdict = checkSession(row, row.user, { staffIdleMinutes: env.STAFF_IDLE_MINUTES, patientIdleMinutes: env.PATIENT_IDLE_MINUTES }, now);
  if (!verdict.ok) {
    if (!row.revokedAt) {
      await db.session.updateMany({ where: { id: row.id, revokedAt: null }, data: { revokedAt: now, revokedReason: verdict.reason } });
    }
    return null;
  }
  if (verdict.touch) {
    await db.session.update({ where: { id: row.id }, data: { lastSeenAt: now }, select: { id: true } });
  }
  return {
    userId: row.user.id,
    sessionId: row.id,
    role: row.user.role,
    name: row.user.name,
    email: row.user.email,
    patientId: row.user.patientId,
  };
}

export async function revokeSession(actor: Actor, ctx: RequestContext, everywhere: boolean): Promise<void> {
  const now = new Date();
  await db.$transaction(async (tx) => {
    if (everywhere) {
      await tx.user.update({ where: { id: actor.userId }, data: { sessionVersion: { increment: 1 } }, select: { id: true } });
      await tx.session.updateMany({ where: { userId: actor.userId, revokedAt: null }, data: { revokedAt: now, revokedReason: "signout_everywhere" } });
    } else {
      await tx.session.updateMany({ where: { id: actor.sessionId, revokedAt: null }, data: { revokedAt: now, revokedReason: "signout" } });
    }
    await writeAudit(
      {
        actor: { userId: actor.userId, role: actor.role },
        action: "LOGOUT",
        entityType: "Session",
        entityId: actor.sessionId,
        outcome: "SUCCESS",
        ctx,
        details: { everywhere },
      },
      tx,
    );
  });
}
