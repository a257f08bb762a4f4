import { describe, expect, it } from "vitest";
import { dueStepFor, isOverdue, isWindowMissed, stateAsOf, turnaroundHours, type DueInput } from "./due";
import { udtStates, type UdtState } from "./machine";
import { summarizeLastTest } from "./monitoring";
import { describeForPatient } from "./patient-view";

const t0 = new Date("2026-03-01T12:00:00Z");
const h = (n: number) => new Date(t0.getTime() + n * 3_600_000);
const base: DueInput = {
  state: "ORDERED",
  windowEnd: h(24),
  windowMissedAt: h(25),
  collectedAt: h(10),
  resultedAt: h(50),
  confirmationOrderedAt: h(60),
  confirmationResultedAt: h(100),
  reviewedAt: h(110),
  discussedAt: h(120),
};

describe("dueStepFor", () => {
  const rows: [UdtState, string, string | null, Date | null][] = [
    ["ORDERED", "Instruct patient", "COORDINATOR", h(24)],
    ["INSTRUCTED", "Confirm collection", "COORDINATOR", h(24)],
    ["WINDOW_MISSED", "Follow up missed collection", "COORDINATOR", h(24)],
    ["COLLECTED", "Enter screening result", "COORDINATOR", h(10 + turnaroundHours.resultAfterCollection)],
    ["RESULTED", "Interpretation", null, null],
    ["CONFIRMATION_NEEDED", "Order confirmatory test", "COORDINATOR", h(50 + 24)],
    ["CONFIRMATION_ORDERED", "Enter confirmatory result", "COORDINATOR", h(60 + 168)],
    ["AWAITING_REVIEW", "Review result", "CLINICIAN", h(100 + 48)],
    ["REVIEWED", "Discuss with patient", "CLINICIAN", h(110 + 168)],
    ["DISCUSSED", "Close order", "COORDINATOR", h(120 + 48)],
    ["CLOSED", "None", null, null],
    ["CANCELLED", "None", null, null],
  ];
  it("has a row for every state", () => expect(rows.map((r) => r[0]).sort()).toEqual([...udtStates].sort()));
  it.each(rows)("%s -> %s by %s", (state, step, role, dueAt) => {
    expect(dueStepFor({ ...base, state })).toEqual({ step, role, dueAt });
  });
  it("reviews from the screening result when there was no confirmation", () => {
    expect(dueStepFor({ ...base, state: "AWAITING_REVIEW", confirmationResultedAt: null }).dueAt).toEqual(h(50 + 48));
  });
});

describe("overdue and missed windows", () => {
  it.each([
    [h(0), h(1), true],
    [h(0), h(0), false],
    [h(1), h(0), false],
    [null, h(0), false],
  ] as [Date | null, Date, boolean][])("due %s at %s -> overdue %s", (due, now, want) =>
    expect(isOverdue(due, now)).toBe(want),
  );

  it.each(udtStates)("window missed only while waiting for the sample: %s", (s) => {
    const waiting = s === "ORDERED" || s === "INSTRUCTED";
    expect(isWindowMissed(s, h(24), h(24))).toBe(waiting);
    expect(isWindowMissed(s, h(24), h(23.99))).toBe(false);
  });

  it.each(udtStates)("read as of now, before the worker records it: %s", (s) => {
    const waiting = s === "ORDERED" || s === "INSTRUCTED";
    expect(stateAsOf(s, h(24), h(24))).toBe(waiting ? "WINDOW_MISSED" : s);
    expect(stateAsOf(s, h(24), h(23.99))).toBe(s);
    // Who it is due to and when does not change with it (queues sort by the stored columns).
    if (waiting) {
      const before = dueStepFor({ ...base, state: s });
      const after = dueStepFor({ ...base, state: stateAsOf(s, h(24), h(25)) });
      expect([after.role, after.dueAt]).toEqual([before.role, before.dueAt]);
    }
  });
});

describe("summarizeLastTest", () => {
  it.each([
    [null, null, true],
    [h(-24 * 365), 365, false],
    [h(-24 * 366), 366, true],
    [h(-1), 0, false],
  ] as [Date | null, number | null, boolean][])("last %s -> %s days, overdue %s", (last, days, overdue) => {
    expect(summarizeLastTest(last, t0, 365)).toMatchObject({ daysSince: days, overdue });
  });
});

describe("describeForPatient", () => {
  it.each(udtStates)("%s: plain words, results only after the discussion", (s) => {
    const v = describeForPatient(s, "LAB_PSC", "Mar 2, 12:00 PM PST");
    expect(v.showResults).toBe(s === "DISCUSSED" || s === "CLOSED");
    expect([v.headline, ...v.body].join(" ")).not.toMatch(/\bUDT\b|GC-MS|LC-MS|unexpected|positive/i);
  });
  it("explains the observed home collection", () => {
    expect(describeForPatient("INSTRUCTED", "HOME_KIT_VIDEO_OBSERVED", "Friday").body.join(" ")).toMatch(/video call/);
  });
});

describe("formatting", async () => {
  const { formatInstant, formatForPatient, formatDuration } = await import("./format");
  it("labels instants with their zone, whatever the process zone", () => {
    expect(formatInstant(t0, "America/Los_Angeles")).toBe("Mar 1, 2026, 4:00 AM PST");
    expect(formatInstant(t0, "America/New_York")).toBe("Mar 1, 2026, 7:00 AM EST");
    expect(formatForPatient(t0, "America/Denver")).toBe("Sunday, March 1 at 5:00 AM MST");
  });
  it.each([
    [30_000, "1 min"],
    [3_600_000 * 5, "5 h"],
    [3_600_000 * 72, "3 days"],
  ])("%s ms -> %s", (ms, s) => expect(formatDuration(ms)).toBe(s));
});
