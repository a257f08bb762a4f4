import { describe, expect, it } from "vitest";
import { bearer, signRoomToken, verifyRoomToken, type RoomClaims } from "./room-token";

const secret = "test-secret-0123456789abcdef0123456789";
const now = new Date("2026-11-29T10:00:00Z");
const claims: RoomClaims = {
  v: "11111111-1111-4111-8111-111111111111",
  p: "22222222-2222-4222-8222-222222222222",
  c: "33333333-3333-4333-8333-333333333333",
  r: "PATIENT",
  k: "l",
  s: "55555555-5555-4555-8555-555555555555",
  exp: Math.floor(now.getTime() / 1000) + 60,
};

describe("room tokens", () => {
  it("round-trips the claims", () => {
    expect(verifyRoomToken(signRoomToken(claims, secret), secret, now)).toEqual(claims);
  });

  const token = signRoomToken(claims, secret);
  const [body, mac] = token.split(".") as [string, string];
  const forged = (o: Partial<RoomClaims>) =>
    `${Buffer.from(JSON.stringify({ ...claims, ...o })).toString("base64url")}.${mac}`;
  it.each([
    ["expired", signRoomToken({ ...claims, exp: Math.floor(now.getTime() / 1000) }, secret)],
    ["signed with another secret", signRoomToken(claims, "another-secret-0123456789abcdef0123")],
    ["claims changed (other visit)", forged({ v: "44444444-4444-4444-8444-444444444444" })],
    ["claims changed (role)", forged({ r: "CLINICIAN" })],
    ["claims changed (another session)", forged({ s: "66666666-6666-4666-8666-666666666666" })],
    ["mac cut short", `${body}.${mac.slice(0, 10)}`],
    ["no mac", body],
    ["empty", ""],
    ["null", null],
    ["garbage", "not.a-token"],
    ["too long", `${"a".repeat(1001)}.b`],
  ])("refuses a token that is %s", (_label, t) => {
    expect(verifyRoomToken(t, secret, now)).toBeNull();
  });

  it("refuses well-signed claims of the wrong shape", () => {
    const bad = signRoomToken({ ...claims, p: "not-a-uuid" }, secret);
    expect(verifyRoomToken(bad, secret, now)).toBeNull();
    const badRole = signRoomToken({ ...claims, r: "ADMIN" as RoomClaims["r"] }, secret);
    expect(verifyRoomToken(badRole, secret, now)).toBeNull();
    // A seat always names its session: without one (a token from before seats died with
    // sessions) or with a made-up kind, nothing is accepted.
    const { k: _k, s: _s, ...sessionless } = claims;
    expect(verifyRoomToken(signRoomToken(sessionless as RoomClaims, secret), secret, now)).toBeNull();
    expect(verifyRoomToken(signRoomToken({ ...claims, k: "x" as RoomClaims["k"] }, secret), secret, now)).toBeNull();
    expect(verifyRoomToken(signRoomToken({ ...claims, s: "not-a-uuid" }, secret), secret, now)).toBeNull();
  });

  it.each([
    ["Bearer abc.def", "abc.def"],
    ["  Bearer abc_-.d-_ef  ", "abc_-.d-_ef"],
    ["bearer abc.def", null],
    ["Basic abc.def", null],
    ["Bearer abc", null],
    ["Bearer abc.def ghi", null],
    [null, null],
  ])("reads the Authorization header %j", (h, want) => {
    expect(bearer(h)).toBe(want);
  });
});
