import { describe, expect, it } from "vitest";
import { CHECK_MAX_FAILURES, checkTriesLeft, decideGuess, isCheckExhausted } from "./guess-limit";

describe("decideGuess (per client IP, failures only)", () => {
  it.each([
    ["no failures, unknown token", false, 0, 20, "look-up"],
    ["one under the limit", false, 19, 20, "look-up"],
    ["at the limit, a token we did not issue is refused unseen", false, 20, 20, "refuse"],
    ["over the limit, unknown", false, 500, 20, "refuse"],
    ["at the limit, a token we issued is still looked up (shared NAT)", true, 20, 20, "look-up"],
    ["far over the limit, a token we issued is still looked up", true, 10_000, 20, "look-up"],
    ["limit of 1", false, 1, 1, "refuse"],
  ] as const)("%s", (_name, issuedByUs, recentFailuresFromIp, maxFailures, expected) => {
    expect(decideGuess({ issuedByUs, recentFailuresFromIp, maxFailures })).toBe(expected);
  });
});

describe("identity check (per link)", () => {
  it("locks on the fifth wrong answer, not before", () => {
    expect(CHECK_MAX_FAILURES).toBe(5);
    expect([0, 1, 4, 5, 6].map(isCheckExhausted)).toEqual([false, false, false, true, true]);
  });
  it.each([
    [0, 5],
    [1, 4],
    [4, 1],
    [5, 0],
    [9, 0],
  ])("after %i wrong answers, %i tries left", (wrong, left) => {
    expect(checkTriesLeft(wrong)).toBe(left);
  });
});
