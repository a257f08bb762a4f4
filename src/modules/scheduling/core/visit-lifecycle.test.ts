import { describe, expect, it } from "vitest";
import {
  applyTransition,
  blocksTime,
  canEditSchedule,
  canSwitchModality,
  isFinal,
  transitionTable,
  visitStatuses,
  visitTransitions,
  type VisitStatus,
  type VisitTransition,
} from "./visit-lifecycle";

const startsAt = new Date("2026-12-01T17:00:00Z");
const after = new Date("2026-12-01T17:05:00Z");

// The whole matrix, written out: every status x every transition. A change to the table must
// change this list too (a test that cannot drift silently).
const expected: Record<VisitStatus, Partial<Record<VisitTransition, VisitStatus>>> = {
  SCHEDULED: { CHECK_IN: "CHECKED_IN", START: "IN_PROGRESS", CANCEL: "CANCELLED", MARK_NO_SHOW: "NO_SHOW" },
  CHECKED_IN: { START: "IN_PROGRESS", CANCEL: "CANCELLED", MARK_NO_SHOW: "NO_SHOW" },
  IN_PROGRESS: { COMPLETE: "COMPLETED" },
  COMPLETED: {},
  CANCELLED: {},
  NO_SHOW: {},
};

describe("visit lifecycle", () => {
  const cells = visitStatuses.flatMap((s) => visitTransitions.map((t) => [s, t] as const));
  it.each(cells)("%s + %s", (from, t) => {
    const r = applyTransition(from, t, { now: after, startsAt, reason: "patient asked" });
    const want = expected[from][t];
    if (want) expect(r).toEqual({ ok: true, to: want });
    else expect(r).toEqual({ ok: false, reason: "not_allowed_from_status" });
  });

  it("matches the table used by the code", () => {
    expect(transitionTable).toEqual(expected);
  });

  it.each([
    ["MARK_NO_SHOW", new Date("2026-12-01T16:59:59Z"), false],
    ["MARK_NO_SHOW", startsAt, true],
    ["CHECK_IN", new Date("2026-12-01T15:59:59Z"), false],
    ["CHECK_IN", new Date("2026-12-01T16:00:00Z"), true],
    ["START", new Date("2026-12-01T15:59:59Z"), false],
    ["START", new Date("2026-12-01T16:00:00Z"), true],
    ["CANCEL", new Date("2026-11-01T00:00:00Z"), true],
  ] as const)("%s at %s allowed=%s", (t, now, ok) => {
    const r = applyTransition("SCHEDULED", t, { now, startsAt, reason: "x" });
    expect(r.ok).toBe(ok);
    if (!r.ok) expect(r.reason).toBe("too_early");
  });

  it.each([null, "", "   "])("cancel needs a reason (%j)", (reason) => {
    expect(applyTransition("SCHEDULED", "CANCEL", { now: after, startsAt, reason })).toEqual({
      ok: false,
      reason: "reason_required",
    });
  });

  it.each(visitStatuses)("rules for %s", (s) => {
    expect(isFinal(s)).toBe(["COMPLETED", "CANCELLED", "NO_SHOW"].includes(s));
    expect(blocksTime(s)).toBe(s !== "CANCELLED");
    expect(canEditSchedule(s)).toBe(s === "SCHEDULED");
    expect(canSwitchModality(s)).toBe(["SCHEDULED", "CHECKED_IN", "IN_PROGRESS"].includes(s));
  });
});
