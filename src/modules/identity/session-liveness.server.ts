import "server-only";
import { db } from "@/server/db";
import { getEnv } from "@/server/env";
import { checkSession } from "./core/session-rules";

/**
 * Is a signed-in session (a Session row) still live: not revoked (sign-out, sign-out
 * everywhere), same session version (password or role change, deactivation), not idle, not past
 * its cap? The same rule the cookie check applies (core/session-rules.ts), for things that were
 * handed out by a session and must die with it (video room seats). `touch` counts this use as
 * activity (at most one write a minute).
 */
export async function isUserSessionLive(
  sessionId: string,
  opts: { touch: boolean },
  now = new Date(),
): Promise<boolean> {
  const s = await db.session.findUnique({
    where: { id: sessionId },
    select: {
      id: true,
      createdAt: true,
      lastSeenAt: true,
      expiresAt: true,
      revokedAt: true,
      sessionVersion: true,
      user: { select: { active: true, sessionVersion: true, role: true } },
    },
  });
  if (!s) return false;
  const env = getEnv();
  const verdict = checkSession(
    s,
    s.user,
    { staffIdleMinutes: env.STAFF_IDLE_MINUTES, patientIdleMinutes: env.PATIENT_IDLE_MINUTES },
    now,
  );
  if (!verdict.ok) return false;
  if (opts.touch && verdict.touch)
    await db.session.updateMany({ where: { id: s.id, revokedAt: null }, data: { lastSeenAt: now } });
  return true;
}

/**
 * The same rule as one SQL condition, for statements that check it inline (the video signaling
 * statement stays one statement). Parameters: the session id, and the patient and staff idle
 * minutes (tests/integration/room-sessions.test.ts checks both forms agree).
 */
export function liveUserSessionSql(p: {
  sessionId: string;
  patientIdleMinutes: string;
  staffIdleMinutes: string;
}): string {
  return `EXISTS (SELECT 1 FROM "Session" us JOIN "User" uu ON uu."id" = us."userId"
    WHERE us."id" = ${p.sessionId}::uuid AND uu."active" AND us."revokedAt" IS NULL AND us."sessionVersion" = uu."sessionVersion"
      AND us."expiresAt" > now()
      AND us."lastSeenAt" > now() - make_interval(mins => CASE WHEN uu."role" = 'PATIENT' THEN ${p.patientIdleMinutes}::int ELSE ${p.staffIdleMinutes}::int END))`;
}
