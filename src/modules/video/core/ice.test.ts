import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { iceServersFor } from "./ice";

const now = new Date("2026-11-29T10:00:00Z");
const pid = "22222222-2222-4222-8222-222222222222";

describe("ICE servers from configuration", () => {
  it("is empty with nothing configured (host candidates only)", () => {
    expect(iceServersFor({ turnTtlSeconds: 3600 }, pid, now)).toEqual([]);
  });

  it("lists STUN servers, dropping anything that is not stun:", () => {
    expect(
      iceServersFor(
        { stunUrls: "stun:stun.example.org:3478, https://evil.example ,stuns:s2.example.org", turnTtlSeconds: 3600 },
        pid,
        now,
      ),
    ).toEqual([{ urls: ["stun:stun.example.org:3478", "stuns:s2.example.org"] }]);
  });

  it("gives TURN short-lived REST-API credentials bound to the participant", () => {
    const [turn] = iceServersFor(
      {
        turnUrls: "turn:turn.example.org:3478?transport=udp,turns:turn.example.org:5349",
        turnSecret: "a-turn-secret-of-16+",
        turnTtlSeconds: 600,
      },
      pid,
      now,
    );
    const expiry = Math.floor(now.getTime() / 1000) + 600;
    expect(turn).toEqual({
      urls: ["turn:turn.example.org:3478?transport=udp", "turns:turn.example.org:5349"],
      username: `${expiry}:${pid}`,
      credential: createHmac("sha1", "a-turn-secret-of-16+").update(`${expiry}:${pid}`).digest("base64"),
    });
  });

  it("leaves TURN out without its secret", () => {
    expect(iceServersFor({ turnUrls: "turn:turn.example.org", turnTtlSeconds: 600 }, pid, now)).toEqual([]);
  });
});
