import { describe, expect, it } from "vitest";
import { computeReadiness, preVisitDueAt, requestState } from "./readiness";

const now = new Date("2026-11-29T12:00:00Z");
const later = new Date("2026-11-29T13:00:00Z");
const earlier = new Date("2026-11-29T11:00:00Z");

describe("computeReadiness", () => {
  it.each([
    ["none", []],
    ["none", [{ status: "CANCELLED", dueAt: later }]],
    ["done", [{ status: "COMPLETED", dueAt: earlier }, { status: "CANCELLED", dueAt: earlier }]],
    ["pending", [{ status: "COMPLETED", dueAt: later }, { status: "PENDING", dueAt: later }]],
    ["overdue", [{ status: "PENDING", dueAt: later }, { status: "PENDING", dueAt: earlier }]],
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

  it("due time is the clinic's minutes before the visit", () => {
    expect(preVisitDueAt(new Date("2026-12-01T17:00:00Z"), 120).toISOString()).toBe("2026-12-01T15:00:00.000Z");
    expect(preVisitDueAt(new Date("2026-12-01T17:00:00Z"), 0).toISOString()).toBe("2026-12-01T17:00:00.000Z");
  });
});
