import type { SessionLimits } from "./purposes";

/**
 * Link sessions: the short-lived browser session a link is exchanged for. It slides with use
 * (expiresAt = last use + idle minutes) but never past capAt = min(opened + the purpose's
 * maximum, the link's own expiry). Ended sessions (revoked link, "Finish", guest removed) are
 * dead whatever the times say. A room seat taken with a link session dies with it.
 */
export const TOUCH_INTERVAL_MS = 60_000;

const min = (a: number, b: number) => new Date(Math.min(a, b));

export function openSessionTimes(
  now: Date,
  linkExpiresAt: Date,
  limits: SessionLimits,
): { lastSeenAt: Date; expiresAt: Date; capAt: Date } {
  const capAt = min(now.getTime() + limits.maxMinutes * 60_000, linkExpiresAt.getTime());
  return { lastSeenAt: now, expiresAt: min(now.getTime() + limits.idleMinutes * 60_000, capAt.getTime()), capAt };
}

export function isSessionLive(s: { expiresAt: Date; endedAt: Date | null }, now: Date): boolean {
  return !s.endedAt && now.getTime() < s.expiresAt.getTime();
}

/**
 * The new expiry when a live session is used now, or null when no write is needed (used within
 * the last minute, or already at its cap): avoids a write per request.
 */
export function touchedExpiry(
  s: { lastSeenAt: Date; expiresAt: Date; capAt: Date },
  now: Date,
  limits: SessionLimits,
): Date | null {
  if (now.getTime() - s.lastSeenAt.getTime() < TOUCH_INTERVAL_MS) return null;
  const next = min(now.getTime() + limits.idleMinutes * 60_000, s.capAt.getTime());
  return next.getTime() > s.expiresAt.getTime() ? next : null;
}
