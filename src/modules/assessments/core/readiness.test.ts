import { describe, expect, it } from "vitest";
import { computeReadiness, isPastDue, preVisitDueAt, requestState, standaloneDueAt } from "./readiness";

const now = new Date("2026-11-29T12:00:00Z");
const later = new Date("2026-11-29T13:00:00Z");
const earlier = new Date("2026-11-29T11:00:00Z");

describe("computeReadiness", () => {
  it.each([
    ["none", []],
    ["none", [{ status: "CANCELLED", dueAt: later }]],
    [
      "done",
      [
        { status: "COMPLETED", dueAt: earlier },
        { status: "CANCELLED", dueAt: earlier },
      ],
    ],
    [
      "pending",
      [
        { status: "COMPLETED", dueAt: later },
        { status: "PENDING", dueAt: later },
      ],
    ],
    [
      "overdue",
      [
        { status: "PENDING", dueAt: later },
        { status: "PENDING", dueAt: earlier },
      ],
    ],
    ["overdue", [{ status: "PENDING", dueAt: now }]], // due time reached = overdue
  ] as const)("%s", (expected, reqs) => {
    expect(computeReadiness(reqs, now)).toBe(expected);
  });

  it.each([
    ["COMPLETED", earlier, "done"],
    ["CANCELLED", later, "cancelled"],
    ["PENDING", later, "pending"],
    ["PENDING", earlier, "overdue"],
  ] as const)("requestState %s due %s -> %s", (status, dueAt, s) => {
    expect(requestState({ status, dueAt }, now)).toBe(s);
  });
});

const min = 60_000;
const visit = new Date("2026-12-01T17:00:00Z");
const before = (minutes: number) => new Date(visit.getTime() - minutes * min);

describe("preVisitDueAt (issue 10: a visit booked 90 minutes ahead showed its forms Overdue at once)", () => {
  it.each([
    // [lead (dueMinutesBefore), requested this many minutes before the visit, due this many minutes before it]
    [120, 3 * 24 * 60, 120], // booked days ahead: the clinic's lead
    [120, 121, 120], // a minute to spare: still the lead
    [120, 120, 0], // requested at the very due moment: due at the visit's start instead
    [120, 90, 0], // the clinic's case: booked 90 minutes ahead with a 2-hour lead
    [120, 1, 0],
    [0, 90, 0], // no lead: due at the start
    [1440, 1441, 1440],
    [1440, 600, 0],
  ])("lead %i min, requested %i min before -> due %i min before the visit", (lead, requested, due) => {
    expect(preVisitDueAt(visit, before(requested), { dueMinutesBefore: lead }).toISOString()).toBe(
      before(due).toISOString(),
    );
  });

  it.each([
    [120, 3 * 24 * 60],
    [120, 121],
    [120, 120],
    [120, 90],
    [120, 1],
    [0, 1],
    [10_080, 5],
  ])(
    "is never overdue when it is made, nor before its due time (lead %i, requested %i min before)",
    (lead, requested) => {
      const requestedAt = before(requested);
      const dueAt = preVisitDueAt(visit, requestedAt, { dueMinutesBefore: lead });
      expect(isPastDue(dueAt, requestedAt)).toBe(false);
      expect(requestState({ status: "PENDING", dueAt }, requestedAt)).toBe("pending");
      expect(computeReadiness([{ status: "PENDING", dueAt }], new Date(dueAt.getTime() - 1))).toBe("pending");
      expect(computeReadiness([{ status: "PENDING", dueAt }], dueAt)).toBe("overdue");
      expect(dueAt.getTime()).toBeLessThanOrEqual(visit.getTime()); // never after the visit starts
    },
  );
});

describe("isPastDue", () => {
  it.each([
    [-1, false],
    [0, true], // the due minute itself is late
    [1, true],
  ])("now = due %+i ms -> %s", (offset, late) => {
    expect(isPastDue(visit, new Date(visit.getTime() + offset))).toBe(late);
  });
});

describe("standaloneDueAt: a form outside a visit is due by the end of a clinic day", () => {
  const LA = "America/Los_Angeles";
  it.each([
    ["2026-12-01T17:00:00Z", 0, "2026-12-02T07:59:00.000Z"], // 9:00 PST -> 11:59 PM PST the same day
    ["2026-12-02T07:30:00Z", 0, "2026-12-02T07:59:00.000Z"], // 11:30 PM: still today
    ["2026-12-02T08:00:00Z", 0, "2026-12-03T07:59:00.000Z"], // just after midnight: the new day
    ["2026-12-01T17:00:00Z", 2, "2026-12-04T07:59:00.000Z"],
    ["2026-03-07T20:00:00Z", 1, "2026-03-09T06:59:00.000Z"], // over the spring DST change: 11:59 PM PDT
    ["2026-10-31T20:00:00Z", 1, "2026-11-02T07:59:00.000Z"], // over the fall-back: 11:59 PM PST
  ])("requested %s, in %i day(s) -> %s", (at, days, want) => {
    const requestedAt = new Date(at);
    const due = standaloneDueAt(requestedAt, days, LA);
    expect(due.toISOString()).toBe(want);
    expect(isPastDue(due, requestedAt)).toBe(false);
  });
});
