import type { Role } from "./roles";

/**
 * Session lifetime rules (docs/security-model.md#timeouts: ASVS 7.3, HIPAA automatic logoff). Pure so that every
 * boundary is unit-tested; the database row is the source of truth across app instances.
 */
export type SessionState = {
  createdAt: Date;
  lastSeenAt: Date;
  expiresAt: Date;
  revokedAt: Date | null;
  sessionVersion: number;
};

export type SessionLimits = { staffIdleMinutes: number; patientIdleMinutes: number };

export type SessionVerdict =
  { ok: true; touch: boolean } | { ok: false; reason: "revoked" | "expired" | "idle" | "version" | "inactive" };

/** How stale lastSeenAt may get before we write it again (avoids a write per request). */
export const TOUCH_INTERVAL_MS = 60_000;

export function checkSession(
  s: SessionState,
  user: { active: boolean; sessionVersion: number; role: Role },
  limits: SessionLimits,
  now: Date,
): SessionVerdict {
  if (!user.active) return { ok: false, reason: "inactive" };
  if (s.revokedAt) return { ok: false, reason: "revoked" };
  if (s.sessionVersion !== user.sessionVersion) return { ok: false, reason: "version" };
  if (now.getTime() >= s.expiresAt.getTime()) return { ok: false, reason: "expired" };
  const idleMinutes = user.role === "PATIENT" ? limits.patientIdleMinutes : limits.staffIdleMinutes;
  if (now.getTime() - s.lastSeenAt.getTime() >= idleMinutes * 60_000) return { ok: false, reason: "idle" };
  return { ok: true, touch: now.getTime() - s.lastSeenAt.getTime() >= TOUCH_INTERVAL_MS };
}

/** Login rate limit: the (max+1)th failure within the window, per account or per IP, is refused. */
export function isLoginBlocked(recentFailures: { byEmail: number; byIp: number }, maxPerMinute: number): boolean {
  return recentFailures.byEmail >= maxPerMinute || recentFailures.byIp >= maxPerMinute;
}
