import { describe, expect, it } from "vitest";
import { classifyLink, generateLinkToken, hashesEqual, hashLinkToken, isGuessingBlocked, isTokenShaped, TOKEN_BYTES } from "./link-token";

describe("link tokens", () => {
  it("carries at least 128 bits and stores only a SHA-256", () => {
    expect(TOKEN_BYTES * 8).toBeGreaterThanOrEqual(128);
    const { token, hash } = generateLinkToken();
    expect(Buffer.from(token, "base64url")).toHaveLength(TOKEN_BYTES);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hash).toBe(hashLinkToken(token));
    expect(hash).not.toContain(token);
    expect(isTokenShaped(token)).toBe(true);
  });

  it("never repeats", () => {
    const seen = new Set(Array.from({ length: 500 }, () => generateLinkToken().token));
    expect(seen.size).toBe(500);
  });

  it.each([
    ["", false],
    ["short", false],
    ["a".repeat(43), true],
    ["a".repeat(44), false],
    [`${"a".repeat(42)}=`, false],
    [`${"a".repeat(42)}/`, false],
  ])("isTokenShaped(%j) -> %s", (s, ok) => expect(isTokenShaped(s)).toBe(ok));

  it("compares hashes in constant time and by value", () => {
    const h = hashLinkToken("x");
    expect(hashesEqual(h, hashLinkToken("x"))).toBe(true);
    expect(hashesEqual(h, hashLinkToken("y"))).toBe(false);
    expect(hashesEqual(h, "ab")).toBe(false);
  });

  const now = new Date("2026-11-29T12:00:00Z");
  const base = { purpose: "pre_visit_forms", expiresAt: new Date("2026-11-29T12:00:01Z"), usedAt: null, revokedAt: null };
  it.each([
    ["valid", base],
    ["expired", { ...base, expiresAt: now }],
    ["used", { ...base, usedAt: now }],
    ["revoked", { ...base, usedAt: now, revokedAt: now }],
    ["wrong_purpose", { ...base, purpose: "video_join" }],
  ] as const)("classifies %s", (state, link) => {
    expect(classifyLink(link, "pre_visit_forms", now)).toBe(state);
  });

  it.each([
    [0, 20, false],
    [19, 20, false],
    [20, 20, true],
  ])("%i failures of %i -> blocked %s", (f, m, b) => expect(isGuessingBlocked(f, m)).toBe(b));
});
