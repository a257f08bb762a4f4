import { describe, expect, it } from "vitest";
import {
  deriveLinkKey,
  generateLinkToken,
  generateSessionSecret,
  hashToken,
  isTokenShaped,
  readLinkToken,
  TOKEN_RANDOM_BYTES,
} from "./token";

const key = deriveLinkKey("a-test-secret-of-at-least-32-characters!");
const otherKey = deriveLinkKey("another-secret-of-at-least-32-characters");

describe("link tokens", () => {
  it("carry 128 random bits, 43 characters, and only their SHA-256 is stored", () => {
    expect(TOKEN_RANDOM_BYTES * 8).toBeGreaterThanOrEqual(128);
    const { token, hash } = generateLinkToken(1, key);
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hash).toBe(hashToken(token));
    expect(hash).not.toContain(token);
  });

  it("never repeat", () => {
    const seen = new Set(Array.from({ length: 500 }, () => generateLinkToken(3, key).token));
    expect(seen.size).toBe(500);
  });

  it("name their purpose, authenticated: only a token we issued under this key reads back", () => {
    for (const code of [1, 2, 3, 200])
      expect(readLinkToken(generateLinkToken(code, key).token, key)).toEqual({ shaped: true, issuedPurposeCode: code });
    const { token } = generateLinkToken(1, key);
    expect(readLinkToken(token, otherKey)).toEqual({ shaped: true, issuedPurposeCode: null });
  });

  it("a changed purpose byte or random byte breaks the MAC", () => {
    const bytes = Buffer.from(generateLinkToken(1, key).token, "base64url");
    for (const i of [0, TOKEN_RANDOM_BYTES, 31]) {
      const b = Buffer.from(bytes);
      b[i] = b[i]! ^ 1;
      expect(readLinkToken(b.toString("base64url"), key).issuedPurposeCode).toBeNull();
    }
  });

  it.each([
    [
      "a token made before the MAC (32 random bytes)",
      generateSessionSecret().secret,
      { shaped: true, issuedPurposeCode: null },
    ],
    ["a guess of the right shape", "A".repeat(43), { shaped: true, issuedPurposeCode: null }],
    ["too short", "A".repeat(42), { shaped: false, issuedPurposeCode: null }],
    ["too long", "A".repeat(44), { shaped: false, issuedPurposeCode: null }],
    ["padding", `${"A".repeat(42)}=`, { shaped: false, issuedPurposeCode: null }],
    ["a slash", `${"A".repeat(42)}/`, { shaped: false, issuedPurposeCode: null }],
    ["empty", "", { shaped: false, issuedPurposeCode: null }],
  ])("%s", (_name, token, expected) => {
    expect(readLinkToken(token, key)).toEqual(expected);
    expect(isTokenShaped(token)).toBe(expected.shaped);
  });

  it("refuses purpose codes that do not fit in the byte", () => {
    for (const code of [0, 256, 1.5, -1]) expect(() => generateLinkToken(code, key)).toThrow(RangeError);
  });

  it("session secrets are 256 random bits in the same shape", () => {
    const { secret, hash } = generateSessionSecret();
    expect(Buffer.from(secret, "base64url")).toHaveLength(32);
    expect(isTokenShaped(secret)).toBe(true);
    expect(hash).toBe(hashToken(secret));
  });
});
