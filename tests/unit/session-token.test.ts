import { encode } from "next-auth/jwt";
import { describe, expect, it } from "vitest";
import { sessionIdFromToken } from "@/server/auth/session-token";

const secret = "unit-test-secret-0123456789abcdef0123456789";
const sid = "6f1c2d3e-4a5b-4c6d-8e7f-0123456789ab";

describe("sessionIdFromToken (next-auth session JWT)", () => {
  it("reads the session id of a valid token, again and again", async () => {
    const token = await encode({ token: { sid }, secret, maxAge: 3600 });
    expect(await sessionIdFromToken(token, secret)).toBe(sid);
    expect(await sessionIdFromToken(token, secret)).toBe(sid);
  });

  it("refuses tampered tokens, other secrets and garbage", async () => {
    const token = await encode({ token: { sid }, secret, maxAge: 3600 });
    const parts = token.split(".");
    const flipped = parts[3]!.startsWith("A") ? `B${parts[3]!.slice(1)}` : `A${parts[3]!.slice(1)}`;
    expect(await sessionIdFromToken([...parts.slice(0, 3), flipped, parts[4]].join("."), secret)).toBeNull();
    expect(await sessionIdFromToken(token, `${secret}-other`)).toBeNull();
    expect(await sessionIdFromToken("not.a.token", secret)).toBeNull();
    expect(await sessionIdFromToken("", secret)).toBeNull();
  });

  it("a remembered token still expires (15 s tolerance, as jose)", async () => {
    const token = await encode({ token: { sid }, secret, maxAge: 60 });
    const t0 = Date.now();
    expect(await sessionIdFromToken(token, secret, t0)).toBe(sid);
    expect(await sessionIdFromToken(token, secret, t0 + 70_000)).toBe(sid);
    expect(await sessionIdFromToken(token, secret, t0 + 80_000)).toBeNull();
    expect(await sessionIdFromToken(token, secret, t0)).toBe(sid); // decrypted again, still valid now
  });

  it("a token without a session id gives null", async () => {
    expect(await sessionIdFromToken(await encode({ token: { name: "x" }, secret, maxAge: 60 }), secret)).toBeNull();
  });
});
