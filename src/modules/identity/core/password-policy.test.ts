import { describe, expect, it } from "vitest";
import { passwordMessages, passwordProblem } from "./password-policy";

describe("new passwords", () => {
  it.each([
    ["12345678", passwordMessages.common],
    ["password", passwordMessages.common],
    ["PASSWORD", passwordMessages.common],
    ["Password123!", passwordMessages.common],
    ["qwerty123", passwordMessages.common],
    ["iloveyou1", passwordMessages.common],
    ["passw0rd", passwordMessages.common],
    ["football2026", passwordMessages.common],
    ["        ", passwordMessages.whitespace],
    ["\t\t\t\t\t\t\t\t", passwordMessages.whitespace],
    ["          ", passwordMessages.whitespace],
    ["aaaaaaaa", passwordMessages.repeated],
    ["zzzzzzzzzzzz", passwordMessages.repeated],
    ["correct horse battery", null],
    ["demo-clinic-2026", null],
    ["ochre lantern 47 swift", null],
    ["x".repeat(63) + "y", null],
    ["a".repeat(64) + "b".repeat(64), null],
    ["  padded but fine phrase  ", null],
  ])("%j -> %s", (pw, problem) => {
    expect(passwordProblem(pw)).toBe(problem);
  });
});
