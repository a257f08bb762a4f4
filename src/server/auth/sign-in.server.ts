import "server-only";
import { z } from "zod";
import { Prisma } from "@/generated/prisma/client";
import { checkSession, isLoginBlocked } from "@/modules/identity/core/session-rules";
import type { Actor, Role } from "@/modules/identity/core/roles";
import { writeAudit } from "../audit";
import { db, sqlRows, type Tx } from "../db";
import { getEnv } from "../env";
import type { RequestContext } from "../request-context";
import { dummyPasswordHash, verifyPassword } from "./password";
import { parseInput } from "@/lib/input";

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
  const parsed = parseInput(credentialsSchema, input);
  // An email that failed validation still counts against the account it looks like: control
  // characters (Postgres refuses NUL) are dropped, never sent to the database as they came.
  const email = parsed.success ? parsed.data.email : limiterKey(input.email);
  const ip = ctx.ip ?? "unknown";
  if (await isPasswordGuessingBlocked(email, ip)) {
    await db.$transaction(async (tx) => {
      await tx.loginAttempt.create({ data: { email, ip, success: false } });
      await writeAudit(
        {
          actor: null,
          action: "LOGIN",
          entityType: "Session",
          outcome: "DENIED",
          ctx,
          details: { reason: "rate_limited" },
        },
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

  const env = getEnv();
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
      {
        actor: { userId: user.id, role: user.role },
        action: "LOGIN",
        entityType: "Session",
        entityId: s.id,
        outcome: "SUCCESS",
        ctx,
      },
      tx,
    );
    return s;
  });
  return { ok: true, sessionId: session.id, userId: user.id, sessionVersion: user.sessionVersion, role: user.role };
}

/** The limiter's key for an email that failed validation: the same account, never raw input. */
function limiterKey(raw: unknown): string {
  return (typeof raw === "string" ? raw : "")
    .replace(/[\u0000-\u001f\u007f]/g, "")
    .trim()
    .toLowerCase()
    .slice(0, 254);
}

/**
 * The Postgres-backed limit on password guessing, shared by every app instance and by every
 * place that checks a password: sign-in and the current password on change-password
 * (LOGIN_MAX_FAILURES_PER_MINUTE failures per account or per client address in a minute).
 */
export async function isPasswordGuessingBlocked(email: string, ip: string): Promise<boolean> {
  const since = new Date(Date.now() - 60_000);
  const [byEmail, byIp] = await Promise.all([
    db.loginAttempt.count({ where: { email, success: false, createdAt: { gte: since } } }),
    db.loginAttempt.count({ where: { ip, success: false, createdAt: { gte: since } } }),
  ]);
  return isLoginBlocked({ byEmail, byIp }, getEnv().LOGIN_MAX_FAILURES_PER_MINUTE);
}

/** One failed password check, counted by the limiter above. */
export async function recordPasswordFailure(tx: Tx, email: string, ip: string): Promise<void> {
  await tx.loginAttempt.create({ data: { email, ip, success: false } });
}

type SessionActorRow = {
  id: string;
  createdAt: Date;
  lastSeenAt: Date;
  expiresAt: Date;
  revokedAt: Date | null;
  sessionVersion: number;
  userId: string;
  name: string;
  email: string;
  role: Role;
  active: boolean;
  userSessionVersion: number;
  patientId: string | null;
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Resolves a session id from the JWT to the actor, re-checking revocation, session version,
 * deactivation, idle timeout and the absolute cap against the database on every request.
 * Every signed-in request runs this, so it is one statement (session joined to its user) on the
 * pool directly; lastSeenAt is written at most once a minute (TOUCH_INTERVAL_MS).
 */
export async function loadActorForSession(sessionId: string, now = new Date()): Promise<Actor | null> {
  if (!UUID.test(sessionId)) return null;
  const env = getEnv();
  const [row] = await sqlRows<SessionActorRow>(Prisma.sql`
    SELECT s."id", s."createdAt", s."lastSeenAt", s."expiresAt", s."revokedAt", s."sessionVersion",
           u."id" AS "userId", u."name", u."email", u."role", u."active", u."sessionVersion" AS "userSessionVersion", u."patientId"
    FROM "Session" s JOIN "User" u ON u."id" = s."userId"
    WHERE s."id" = ${sessionId}::uuid`);
  if (!row) return null;
  const user = { active: row.active, sessionVersion: row.userSessionVersion, role: row.role };
  const verdict = checkSession(
    row,
    user,
    { staffIdleMinutes: env.STAFF_IDLE_MINUTES, patientIdleMinutes: env.PATIENT_IDLE_MINUTES },
    now,
  );
  if (!verdict.ok) {
    if (!row.revokedAt) {
      await db.session.updateMany({
        where: { id: row.id, revokedAt: null },
        data: { revokedAt: now, revokedReason: verdict.reason },
      });
    }
    return null;
  }
  if (verdict.touch) {
    await sqlRows(Prisma.sql`UPDATE "Session" SET "lastSeenAt" = ${now} WHERE "id" = ${row.id}::uuid`);
  }
  return {
    userId: row.userId,
    sessionId: row.id,
    role: row.role,
    name: row.name,
    email: row.email,
    patientId: row.patientId,
  };
}

/**
 * next-auth's own sign-out (POST /api/auth/signout) only clears the cookie; its signOut event
 * calls this with the session id from the token, so the row is revoked and a replayed cookie is
 * signed out too. Audited like the app's own sign-out; a session already ended is left as is.
 */
export async function revokeSessionById(sessionId: string, ctx: RequestContext): Promise<void> {
  if (!UUID.test(sessionId)) return;
  await db.$transaction(async (tx) => {
    const s = await tx.session.findUnique({
      where: { id: sessionId },
      select: { revokedAt: true, user: { select: { id: true, role: true } } },
    });
    if (!s || s.revokedAt) return;
    await tx.session.updateMany({
      where: { id: sessionId, revokedAt: null },
      data: { revokedAt: new Date(), revokedReason: "signout" },
    });
    await writeAudit(
      {
        actor: { userId: s.user.id, role: s.user.role },
        action: "LOGOUT",
        entityType: "Session",
        entityId: sessionId,
        outcome: "SUCCESS",
        ctx,
        details: { everywhere: false, via: "next-auth" },
      },
      tx,
    );
  });
}

export async function revokeSession(actor: Actor, ctx: RequestContext, everywhere: boolean): Promise<void> {
  const now = new Date();
  await db.$transaction(async (tx) => {
    if (everywhere) {
      await tx.user.update({
        where: { id: actor.userId },
        data: { sessionVersion: { increment: 1 } },
        select: { id: true },
      });
      await tx.session.updateMany({
        where: { userId: actor.userId, revokedAt: null },
        data: { revokedAt: now, revokedReason: "signout_everywhere" },
      });
    } else {
      await tx.session.updateMany({
        where: { id: actor.sessionId, revokedAt: null },
        data: { revokedAt: now, revokedReason: "signout" },
      });
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
