import { describe, expect, it } from "vitest";
import { parseInput } from "@/lib/input";
import { inviteSchema, phoneFallbackSchema, signalSchema } from "./schemas";

const to = "22222222-2222-4222-8222-222222222222";
describe("signaling messages", () => {
  it.each([
    ["an offer", { kind: "offer", to, data: { sdp: "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\n" } }, true],
    ["an answer", { kind: "answer", to, data: { sdp: "v=0\r\n" } }, true],
    [
      "a candidate",
      {
        kind: "candidate",
        to,
        data: { candidate: "candidate:1 1 udp 1 127.0.0.1 5000 typ host", sdpMid: "0", sdpMLineIndex: 0 },
      },
      true,
    ],
    ["end of candidates", { kind: "candidate", to, data: { candidate: "", sdpMid: null, sdpMLineIndex: null } }, true],
    ["mute state", { kind: "media", data: { audio: false, video: true } }, true],
    ["an unknown kind", { kind: "chat", to, data: { text: "hi" } }, false],
    ["an offer without a recipient", { kind: "offer", data: { sdp: "v=0" } }, false],
    ["an offer to a non-id", { kind: "offer", to: "everyone", data: { sdp: "v=0" } }, false],
    ["something that is not SDP", { kind: "offer", to, data: { sdp: "<script>" } }, false],
    ["an SDP over 20,000 characters", { kind: "offer", to, data: { sdp: `v=0${"a".repeat(20_000)}` } }, false],
    [
      "a candidate that is not one",
      { kind: "candidate", to, data: { candidate: "javascript:1", sdpMid: "0", sdpMLineIndex: 0 } },
      false,
    ],
    ["extra fields", { kind: "media", data: { audio: true, video: true, extra: 1 } }, false],
    ["mute state with a wrong type", { kind: "media", data: { audio: "no", video: true } }, false],
    // Through the real input entry (issue 10: the control-character gate refused every offer, whose SDP lines end in CRLF).
    [
      "a browser's real offer (CRLF lines, tabs none)",
      {
        kind: "offer",
        to,
        data: {
          sdp: "v=0\r\no=- 4631348696387360518 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\na=group:BUNDLE 0 1\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\n",
        },
      },
      true,
    ],
    ["an SDP with a NUL", { kind: "answer", to, data: { sdp: "v=0\r\n\u0000" } }, false],
    ["an SDP with an escape character", { kind: "answer", to, data: { sdp: "v=0\r\n\u001b[2J" } }, false],
    [
      "a candidate with a line break",
      {
        kind: "candidate",
        to,
        data: { candidate: "candidate:1 1 udp 1 127.0.0.1 5000 typ host\r\n", sdpMid: "0", sdpMLineIndex: 0 },
      },
      false,
    ],
  ])("%s -> %s", (_l, msg, ok) => expect(parseInput(signalSchema, msg).success).toBe(ok));
});

describe("fall back to phone", () => {
  it.each([
    [{ reason: "VIDEO_FAILED" }, true, null],
    [{ reason: "PATIENT_LACKS_VIDEO", phoneNumber: "(206) 555-0150" }, true, "+12065550150"],
    [{ reason: "PATIENT_DECLINED_VIDEO", detail: "prefers phone", phoneNumber: "" }, true, null],
    [{ reason: "BORED" }, false, null],
    [{}, false, null],
    [{ reason: "VIDEO_FAILED", phoneNumber: "12" }, false, null],
    [{ reason: "VIDEO_FAILED", detail: "x".repeat(301) }, false, null],
  ])("%j", (input, ok, phone) => {
    const r = phoneFallbackSchema.safeParse(input);
    expect(r.success).toBe(ok);
    if (r.success) expect(r.data.phoneNumber).toBe(phone);
  });
  it("names the field when the reason is missing", () => {
    const r = phoneFallbackSchema.safeParse({});
    expect(r.success ? null : r.error.issues[0]?.path).toEqual(["reason"]);
  });
});

describe("guest invitations", () => {
  it.each([
    [{ role: "CAREGIVER", displayName: "Ana Garcia" }, true],
    [{ role: "INTERPRETER", displayName: "  Luis  " }, true],
    [{ role: "PATIENT", displayName: "Ana" }, false],
    [{ role: "CAREGIVER", displayName: "A" }, false],
    [{ role: "CAREGIVER", displayName: "x".repeat(81) }, false],
  ])("%j -> %s", (input, ok) => expect(inviteSchema.safeParse(input).success).toBe(ok));
});
