import { describe, expect, it } from "vitest";
import { checkSession, isLoginBlocked, TOUCH_INTERVAL_MS } from "./session-rules";

const t0 = new Date("2026-03-08T09:00:00Z");
const min = 60_000;
const limits = { staffIdleMinutes: 30, patientIdleMinutes: 30 };
const session = (over: Partial<Parameters<typeof checkSession>[0]> = {}) => ({
  createdAt: t0,
  lastSeenAt: t0,
  expiresAt: new Date(t0.getTime() + 12 * 60 * min),
  revokedAt: null,
  sessionVersion: 3,
  ...over,
});
const staff = { active: true, sessionVersion: 3, role: "CLINICIAN" as const };

describe("checkSession", () => {
  it.each([
    ["fresh session", session(), staff, 0, { ok: true, touch: false }],
    ["touch after one minute", session(), staff, TOUCH_INTERVAL_MS, { ok: true, touch: true }],
    ["just under idle limit", session(), staff, 30 * min - 1, { ok: true, touch: true }],
    ["idle limit reached (30 min)", session(), staff, 30 * min, { ok: false, reason: "idle" }],
    ["revoked", session({ revokedAt: t0 }), staff, 0, { ok: false, reason: "revoked" }],
    [
      "old session version (sign-out everywhere, password or role change)",
      session({ sessionVersion: 2 }),
      staff,
      0,
      { ok: false, reason: "version" },
    ],
    ["deactivated user", session(), { ...staff, active: false }, 0, { ok: false, reason: "inactive" }],
    [
      "absolute cap reached even when active",
      session({ lastSeenAt: new Date(t0.getTime() + 12 * 60 * min - 1) }),
      staff,
      12 * 60 * min,
      { ok: false, reason: "expired" },
    ],
  ])("%s", (_name, s, user, elapsed, expected) => {
    expect(checkSession(s, user, limits, new Date(t0.getTime() + elapsed))).toEqual(expected);
  });

  it("uses the patient idle limit for patients", () => {
    const l = { staffIdleMinutes: 30, patientIdleMinutes: 60 };
    const patient = { ...staff, role: "PATIENT" as const };
    expect(checkSession(session(), patient, l, new Date(t0.getTime() + 45 * min))).toEqual({ ok: true, touch: true });
    expect(checkSession(session(), staff, l, new Date(t0.getTime() + 45 * min))).toEqual({ ok: false, reason: "idle" });
  });
});

describe("isLoginBlocked (11th failure within a minute is refused)", () => {
  it.each([
    [{ byEmail: 0, byIp: 0 }, false],
    [{ byEmail: 9, byIp: 9 }, false],
    [{ byEmail: 10, byIp: 0 }, true],
    [{ byEmail: 0, byIp: 10 }, true],
    [{ byEmail: 25, byIp: 25 }, true],
  ])("%o -> %s", (failures, blocked) => {
    expect(isLoginBlocked(failures, 10)).toBe(blocked);
  });
});
