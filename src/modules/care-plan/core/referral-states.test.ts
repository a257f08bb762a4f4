import { describe, expect, it } from "vitest";
import { canMoveReferral, isReferralOpen, referralStatuses, type ReferralStatus } from "./referral-states";

const allowed = new Set([
  "REFERRED>SCHEDULED",
  "REFERRED>DECLINED",
  "SCHEDULED>ATTENDING",
  "SCHEDULED>DECLINED",
  "ATTENDING>COMPLETED",
  "ATTENDING>DECLINED",
]);

describe("referral transitions: every (from, to) pair", () => {
  const pairs = referralStatuses.flatMap((f) =>
    referralStatuses.map((t) => [f, t] as [ReferralStatus, ReferralStatus]),
  );
  it.each(pairs)("%s -> %s", (from, to) => {
    expect(canMoveReferral(from, to)).toBe(allowed.has(`${from}>${to}`));
  });
  it.each([
    ["REFERRED", true],
    ["SCHEDULED", true],
    ["ATTENDING", true],
    ["COMPLETED", false],
    ["DECLINED", false],
  ] as const)("%s open: %s", (s, open) => {
    expect(isReferralOpen(s)).toBe(open);
  });
});
