import { describe, expect, it } from "vitest";
import { classifyLink, decideRedemption, type CheckAnswer, type LinkState, type Redemption } from "./link-rules";
import type { LinkCheck, LinkReuse } from "./purposes";

const now = new Date("2026-12-04T17:00:00Z");
const later = new Date(now.getTime() + 60_000);
const earlier = new Date(now.getTime() - 60_000);

describe("classifyLink", () => {
  it.each([
    ["live", { expiresAt: later, revokedAt: null, lockedAt: null }, "valid"],
    ["expires this very moment", { expiresAt: now, revokedAt: null, lockedAt: null }, "expired"],
    [
      "one millisecond before expiry",
      { expiresAt: new Date(now.getTime() + 1), revokedAt: null, lockedAt: null },
      "valid",
    ],
    ["expired", { expiresAt: earlier, revokedAt: null, lockedAt: null }, "expired"],
    ["locked", { expiresAt: later, revokedAt: null, lockedAt: earlier }, "locked"],
    ["locked and expired: locked", { expiresAt: earlier, revokedAt: null, lockedAt: earlier }, "locked"],
    ["revoked", { expiresAt: later, revokedAt: earlier, lockedAt: null }, "revoked"],
    ["revoked, locked and expired: revoked", { expiresAt: earlier, revokedAt: earlier, lockedAt: earlier }, "revoked"],
  ] as const)("%s -> %s", (_name, link, expected) => {
    expect(classifyLink(link, now)).toBe(expected);
  });
});

describe("decideRedemption", () => {
  const cases: Array<[string, LinkState, LinkReuse, boolean, LinkCheck, CheckAnswer, Redemption]> = [
    ["guest link, no check", "valid", "until-expiry", true, "none", "none", { kind: "redeem" }],
    [
      "an answer to a link with no check is ignored",
      "valid",
      "until-expiry",
      true,
      "none",
      "wrong",
      { kind: "redeem" },
    ],
    [
      "join link opened: ask for the birth date",
      "valid",
      "until-expiry",
      true,
      "birth-date",
      "none",
      { kind: "ask-check" },
    ],
    ["join link, right birth date", "valid", "until-expiry", true, "birth-date", "right", { kind: "redeem" }],
    ["join link, wrong birth date", "valid", "until-expiry", true, "birth-date", "wrong", { kind: "wrong-check" }],
    ["until-expiry links ignore pending work", "valid", "until-expiry", false, "none", "none", { kind: "redeem" }],
    ["forms link with forms pending", "valid", "while-work-pending", true, "none", "none", { kind: "redeem" }],
    [
      "forms link with every form done",
      "valid",
      "while-work-pending",
      false,
      "none",
      "none",
      { kind: "refuse", reason: "done" },
    ],
    [
      "expired beats everything",
      "expired",
      "while-work-pending",
      false,
      "birth-date",
      "right",
      { kind: "refuse", reason: "expired" },
    ],
    ["revoked", "revoked", "until-expiry", true, "birth-date", "right", { kind: "refuse", reason: "revoked" }],
    [
      "locked: even the right answer is refused",
      "locked",
      "until-expiry",
      true,
      "birth-date",
      "right",
      { kind: "refuse", reason: "locked" },
    ],
    [
      "done is said before asking for a check",
      "valid",
      "while-work-pending",
      false,
      "birth-date",
      "none",
      { kind: "refuse", reason: "done" },
    ],
  ];
  it.each(cases)("%s", (_name, state, reuse, workPending, check, answer, expected) => {
    expect(decideRedemption({ state, reuse, workPending, check, answer })).toEqual(expected);
  });
});
