import { describe, expect, it } from "vitest";
import {
  candidateAddress,
  candidateAllowed,
  canInRoom,
  filterSdpCandidates,
  isOfferer,
  minutesWaiting,
  noteParticipants,
  roomAccess,
  seatKeepsSessionAlive,
  stateOnJoin,
  type RoomAction,
  type RoomRole,
} from "./room-rules";

const start = new Date("2026-03-08T17:00:00Z");
const end = new Date("2026-03-08T17:30:00Z");
const at = (min: number) => new Date(start.getTime() + min * 60_000);
const video = { status: "SCHEDULED" as const, modality: "VIDEO" as const, startsAt: start, endsAt: end };

describe("when the room is open", () => {
  it.each([
    ["patient 61 min early", video, at(-61), "patient", "too_early"],
    ["patient 60 min early", video, at(-60), "patient", null],
    ["guest 61 min early", video, at(-61), "guest", "too_early"],
    ["staff 3 hours early (to get ready)", video, at(-180), "staff", null],
    ["patient during the visit", { ...video, status: "IN_PROGRESS" as const }, at(10), "patient", null],
    ["patient 59 min after the end", { ...video, status: "CHECKED_IN" as const }, at(30 + 59), "patient", null],
    ["patient 60 min after the end", video, at(30 + 60), "patient", "closed"],
    ["staff 60 min after the end", video, at(30 + 60), "staff", "closed"],
    ["a cancelled visit", { ...video, status: "CANCELLED" as const }, at(0), "patient", "cancelled"],
    ["a completed visit", { ...video, status: "COMPLETED" as const }, at(0), "patient", "over"],
    ["a no-show", { ...video, status: "NO_SHOW" as const }, at(0), "staff", "over"],
    ["a phone visit", { ...video, modality: "PHONE" as const }, at(0), "patient", "not_video"],
  ] as const)("%s", (_l, v, now, who, refusal) => {
    const r = roomAccess(v, now, who);
    expect(r.ok ? null : r.reason).toBe(refusal);
  });
});

describe("where a participant starts", () => {
  it.each([
    ["CLINICIAN", null, false, false, "ADMITTED"],
    ["CLINICIAN", "LEFT", true, true, "ADMITTED"],
    ["PATIENT", null, false, false, "WAITING"],
    ["PATIENT", "WAITING", false, false, "WAITING"],
    ["PATIENT", "ADMITTED", true, true, "ADMITTED"],
    ["PATIENT", "LEFT", true, true, "ADMITTED"],
    ["PATIENT", "LEFT", true, false, "WAITING"],
    ["PATIENT", "LEFT", false, true, "WAITING"],
    ["CAREGIVER", "INVITED", false, false, "WAITING"],
    ["INTERPRETER", "REMOVED", true, true, "refused"],
    ["PATIENT", "REMOVED", false, false, "refused"],
  ] as const)("%s from %s (in progress %s, admitted before %s) -> %s", (role, current, inProgress, before, want) => {
    expect(stateOnJoin(role, current, { visitInProgress: inProgress, admittedBefore: before })).toBe(want);
  });
});

describe("room actions by role", () => {
  const table: Record<RoomAction, RoomRole[]> = {
    admit: ["CLINICIAN"],
    remove: ["CLINICIAN"],
    end: ["CLINICIAN"],
    switchToPhone: ["CLINICIAN"],
    signal: ["CLINICIAN", "PATIENT", "CAREGIVER", "INTERPRETER"],
    requestPhone: ["PATIENT", "CAREGIVER"],
    leave: ["CLINICIAN", "PATIENT", "CAREGIVER", "INTERPRETER"],
  };
  const roles: RoomRole[] = ["PATIENT", "CLINICIAN", "CAREGIVER", "INTERPRETER"];
  for (const [action, allowed] of Object.entries(table) as [RoomAction, RoomRole[]][]) {
    for (const role of roles) {
      it(`${role} ${allowed.includes(role) ? "may" : "may not"} ${action}`, () =>
        expect(canInRoom(role, action)).toBe(allowed.includes(role)));
    }
  }
});

describe("does being in the room keep the seat's session alive", () => {
  const statuses = ["SCHEDULED", "CHECKED_IN", "IN_PROGRESS", "COMPLETED", "CANCELLED", "NO_SHOW"] as const;
  const roles: RoomRole[] = ["PATIENT", "CLINICIAN", "CAREGIVER", "INTERPRETER"];
  const cells = roles.flatMap((role) =>
    statuses.map((status) => [role, status, role !== "CLINICIAN" || status === "IN_PROGRESS"] as const),
  );
  it.each(cells)("%s while the visit is %s -> %s", (role, status, expected) => {
    expect(seatKeepsSessionAlive(role, status)).toBe(expected);
  });
});

describe("mesh pairing", () => {
  it("exactly one of each pair offers", () => {
    const a = "11111111-0000-4000-8000-000000000000";
    const b = "22222222-0000-4000-8000-000000000000";
    expect(isOfferer(a, b)).toBe(true);
    expect(isOfferer(b, a)).toBe(false);
  });
});

describe("loopback-only candidates (tests)", () => {
  const host = "candidate:842163049 1 udp 2122260223 127.0.0.1 54321 typ host generation 0";
  const lan = "candidate:842163050 1 udp 2122260223 192.168.1.20 54322 typ host generation 0";
  const mdns = "candidate:1 1 udp 2122260223 4f1c3b9e-0d2a.local 54323 typ host";
  const srflx = "candidate:3 1 udp 1686052607 203.0.113.9 61000 typ srflx raddr 192.168.1.20 rport 54322";
  it.each([
    [host, "127.0.0.1"],
    [`a=${lan}`, "192.168.1.20"],
    [mdns, "4f1c3b9e-0d2a.local"],
    ["candidate:short 1 udp", null],
    ["nonsense", null],
  ])("reads the address of %s", (c, want) => expect(candidateAddress(c)).toBe(want));
  it.each([
    [host, true, true],
    [lan, true, false],
    [mdns, true, false],
    [srflx, true, false],
    ["", true, true],
    [lan, false, true],
    [srflx, false, true],
  ])("%s with loopback-only %s -> %s", (c, on, want) => expect(candidateAllowed(c, on)).toBe(want));
  it("strips other candidates from an SDP in loopback-only mode, and nothing otherwise", () => {
    const sdp = ["v=0", "m=video 9 UDP/TLS/RTP/SAVPF 96", `a=${host}`, `a=${lan}`, "a=end-of-candidates", ""].join(
      "\r\n",
    );
    expect(filterSdpCandidates(sdp, true)).toBe(
      ["v=0", "m=video 9 UDP/TLS/RTP/SAVPF 96", `a=${host}`, "a=end-of-candidates", ""].join("\r\n"),
    );
    expect(filterSdpCandidates(sdp, false)).toBe(sdp);
  });
});

describe("note participants and waiting time", () => {
  it("lists guests who were let in, not the patient or clinician or no-shows", () => {
    expect(
      noteParticipants([
        { role: "PATIENT", displayName: "Maria Garcia", admittedAt: at(0) },
        { role: "CLINICIAN", displayName: "Dr. Lee", admittedAt: at(-5) },
        { role: "CAREGIVER", displayName: "Ana Garcia", admittedAt: at(1) },
        { role: "INTERPRETER", displayName: "Luis Ortega", admittedAt: at(2) },
        { role: "INTERPRETER", displayName: "Never came", admittedAt: null },
      ]),
    ).toEqual([
      { name: "Ana Garcia", role: "caregiver" },
      { name: "Luis Ortega", role: "interpreter" },
    ]);
  });
  it.each([
    [0, 0],
    [59, 0],
    [60, 1],
    [125, 2],
    [-30, 0],
  ])("%i s waiting shows %i min", (s, want) =>
    expect(minutesWaiting(start, new Date(start.getTime() + s * 1000))).toBe(want),
  );
});
