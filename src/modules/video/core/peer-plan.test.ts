import { describe, expect, it } from "vitest";
import { planPeers } from "./peer-plan";
import type { Roster, RosterEntry } from "./roster-merge";

const entry = (id: string, state: RosterEntry["state"], connection: string | null = `${id}-c1`): RosterEntry => ({
  id,
  name: id,
  role: "PATIENT",
  state,
  connection,
  waitingSince: null,
  admittedAt: null,
  phoneRequested: false,
  rev: 1,
});
const roster = (status: string, participants: RosterEntry[], modality: Roster["modality"] = "VIDEO"): Roster => ({
  visitId: "v",
  status,
  modality,
  startedAt: null,
  completedAt: null,
  participants,
});
const peers = (entries: [string, string | null][] = []) => new Map(entries);

// "b" is me: I offer to "c" and later ids, and "a" offers to me.
const me = "b";

describe("what a roster does to the peer connections", () => {
  it.each([
    ["COMPLETED", "VIDEO"],
    ["CANCELLED", "VIDEO"],
    ["NO_SHOW", "VIDEO"],
    ["IN_PROGRESS", "PHONE"],
    ["CHECKED_IN", "PHONE"],
  ] as const)("status %s, modality %s: the call is over", (status, modality) => {
    expect(
      planPeers(me, roster(status, [entry("b", "ADMITTED"), entry("c", "ADMITTED")], modality), peers([["c", "c-c1"]])),
    ).toEqual({ kind: "close" });
  });

  it.each([
    ["not in the roster", roster("IN_PROGRESS", [entry("c", "ADMITTED")])],
    ["waiting", roster("IN_PROGRESS", [entry("b", "WAITING"), entry("c", "ADMITTED")])],
    ["left", roster("IN_PROGRESS", [entry("b", "LEFT"), entry("c", "ADMITTED")])],
    ["removed", roster("IN_PROGRESS", [entry("b", "REMOVED"), entry("c", "ADMITTED")])],
    ["admitted before the visit is checked in", roster("SCHEDULED", [entry("b", "ADMITTED"), entry("c", "ADMITTED")])],
  ])("me %s: every connection is dropped", (_label, r) => {
    expect(planPeers(me, r, peers([["c", "c-c1"]]))).toEqual({ kind: "drop-all" });
  });

  it.each(["IN_PROGRESS", "CHECKED_IN"])(
    "in the call (%s): I offer to a new peer with a larger id, and wait for a smaller id's offer",
    (status) => {
      const r = roster(status, [
        entry("a", "ADMITTED"),
        entry("b", "ADMITTED"),
        entry("c", "ADMITTED"),
        entry("d", "WAITING"),
      ]);
      expect(planPeers(me, r, peers())).toEqual({
        kind: "call",
        drop: [],
        steps: [{ kind: "offer", id: "c", connection: "c-c1" }],
        inCall: 2,
      });
    },
  );

  it("nothing changes for peers already connected to the same tab", () => {
    const r = roster("IN_PROGRESS", [entry("a", "ADMITTED"), entry("b", "ADMITTED"), entry("c", "ADMITTED")]);
    expect(
      planPeers(
        me,
        r,
        peers([
          ["a", "a-c1"],
          ["c", "c-c1"],
        ]),
      ),
    ).toEqual({ kind: "call", drop: [], steps: [], inCall: 2 });
  });

  it("a peer who reconnected: I offer again to the larger id, and forget the smaller id (its new offer will come)", () => {
    const r = roster("IN_PROGRESS", [
      entry("a", "ADMITTED", "a-c2"),
      entry("b", "ADMITTED"),
      entry("c", "ADMITTED", "c-c2"),
    ]);
    expect(
      planPeers(
        me,
        r,
        peers([
          ["a", "a-c1"],
          ["c", "c-c1"],
        ]),
      ),
    ).toEqual({
      kind: "call",
      drop: [],
      steps: [
        { kind: "drop", id: "a" },
        { kind: "offer", id: "c", connection: "c-c2" },
      ],
      inCall: 2,
    });
  });

  it("a peer with no connection id yet counts as changed from one with an id (and the same when both have none)", () => {
    const r = roster("IN_PROGRESS", [entry("b", "ADMITTED"), entry("c", "ADMITTED", null)]);
    expect(planPeers(me, r, peers([["c", "c-c1"]]))).toEqual({
      kind: "call",
      drop: [],
      steps: [{ kind: "offer", id: "c", connection: null }],
      inCall: 1,
    });
    expect(planPeers(me, r, peers([["c", null]]))).toEqual({ kind: "call", drop: [], steps: [], inCall: 1 });
  });

  it("peers no longer in the call are dropped first", () => {
    const r = roster("IN_PROGRESS", [
      entry("a", "LEFT"),
      entry("b", "ADMITTED"),
      entry("c", "WAITING"),
      entry("e", "ADMITTED"),
    ]);
    expect(
      planPeers(
        me,
        r,
        peers([
          ["a", "a-c1"],
          ["c", "c-c1"],
          ["z", "z-c1"],
        ]),
      ),
    ).toEqual({
      kind: "call",
      drop: ["a", "c", "z"],
      steps: [{ kind: "offer", id: "e", connection: "e-c1" }],
      inCall: 1,
    });
  });

  it("alone in the call: nothing to connect", () => {
    expect(planPeers(me, roster("CHECKED_IN", [entry("b", "ADMITTED")]), peers())).toEqual({
      kind: "call",
      drop: [],
      steps: [],
      inCall: 0,
    });
  });
});
