import { describe, expect, it } from "vitest";
import { isSessionLive, openSessionTimes, touchedExpiry, TOUCH_INTERVAL_MS } from "./session-rules";

const t0 = new Date("2026-12-04T17:00:00Z");
const min = 60_000;
const at = (m: number) => new Date(t0.getTime() + m * min);
const join = { idleMinutes: 60, maxMinutes: 12 * 60 };
const forms = { idleMinutes: 60, maxMinutes: 60 };

describe("openSessionTimes", () => {
  it.each([
    [
      "join link days before the visit: idle window, capped at 12 h",
      join,
      at(14 * 24 * 60),
      { expiresAt: at(60), capAt: at(12 * 60) },
    ],
    ["join link that expires in 30 min: never past the link", join, at(30), { expiresAt: at(30), capAt: at(30) }],
    ["forms: one hour", forms, at(72 * 60), { expiresAt: at(60), capAt: at(60) }],
  ] as const)("%s", (_name, limits, linkExpiresAt, expected) => {
    expect(openSessionTimes(t0, linkExpiresAt, limits)).toEqual({ lastSeenAt: t0, ...expected });
  });
});

describe("isSessionLive", () => {
  it.each([
    ["before expiry", { expiresAt: at(1), endedAt: null }, true],
    ["at expiry", { expiresAt: t0, endedAt: null }, false],
    ["after expiry", { expiresAt: at(-1), endedAt: null }, false],
    ["ended (revoked link, Finish, guest removed)", { expiresAt: at(60), endedAt: at(-1) }, false],
  ] as const)("%s -> %s", (_name, s, expected) => {
    expect(isSessionLive(s, t0)).toBe(expected);
  });
});

describe("touchedExpiry (sliding, at most one write a minute, never past the cap)", () => {
  const s = { lastSeenAt: t0, expiresAt: at(60), capAt: at(12 * 60) };
  it.each([
    ["used again at once: no write", s, 0, null],
    ["just under a minute: no write", s, (TOUCH_INTERVAL_MS - 1) / min, null],
    ["a minute later: slides", s, 1, at(61)],
    ["40 minutes later: slides to 100", s, 40, at(100)],
    ["near the cap: stops at the cap", s, 12 * 60 - 10, at(12 * 60)],
    ["already at the cap: no write", { ...s, expiresAt: at(12 * 60), lastSeenAt: at(700) }, 705, null],
    ["forms (idle = max): never slides", { lastSeenAt: t0, expiresAt: at(60), capAt: at(60) }, 30, null],
  ] as const)("%s", (_name, session, elapsedMin, expected) => {
    expect(touchedExpiry(session, new Date(t0.getTime() + elapsedMin * min), join)).toEqual(expected);
  });
});
