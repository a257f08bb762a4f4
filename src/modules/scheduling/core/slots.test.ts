import { describe, expect, it } from "vitest";
import {
  isWithinWorkingTime,
  mergeIntervals,
  subtractIntervals,
  workingTime,
  type ClinicianAvailability,
  type Interval,
} from "./open-time";
import { findOpenSlots, overlappingWeekdays, recurringStarts } from "./slots";

const LA = "America/Los_Angeles";
const iso = (ms: number) => new Date(ms).toISOString();
const at = (s: string) => new Date(s).getTime();
const nineToFive = (id = "c1"): ClinicianAvailability => ({
  clinicianId: id,
  weekly: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, startMinute: 9 * 60, endMinute: 17 * 60 })),
  exceptions: [],
});

describe("interval algebra", () => {
  it("merges touching and overlapping intervals, drops empty ones", () => {
    expect(
      mergeIntervals([
        { start: 5, end: 7 },
        { start: 1, end: 3 },
        { start: 3, end: 4 },
        { start: 6, end: 9 },
        { start: 10, end: 10 },
      ]),
    ).toEqual([
      { start: 1, end: 4 },
      { start: 5, end: 9 },
    ]);
  });
  it.each<[Interval[], Interval[], Interval[]]>([
    [
      [{ start: 0, end: 10 }],
      [{ start: 2, end: 4 }],
      [
        { start: 0, end: 2 },
        { start: 4, end: 10 },
      ],
    ],
    [[{ start: 0, end: 10 }], [{ start: 0, end: 10 }], []],
    [
      [{ start: 0, end: 10 }],
      [
        { start: -5, end: 3 },
        { start: 8, end: 20 },
      ],
      [{ start: 3, end: 8 }],
    ],
    [
      [
        { start: 0, end: 10 },
        { start: 20, end: 30 },
      ],
      [{ start: 5, end: 25 }],
      [
        { start: 0, end: 5 },
        { start: 25, end: 30 },
      ],
    ],
    [[{ start: 0, end: 10 }], [{ start: 10, end: 12 }], [{ start: 0, end: 10 }]],
  ])("subtract %j - %j", (a, b, want) => expect(subtractIntervals(a, b)).toEqual(want));
});

describe("availability windows", () => {
  it("keeps 9-17 wall-clock hours across the spring DST change (UTC shifts by an hour)", () => {
    const w = workingTime(nineToFive(), "2026-03-06", "2026-03-09", LA);
    expect(w.map((i) => [iso(i.start), iso(i.end)])).toEqual([
      ["2026-03-06T17:00:00.000Z", "2026-03-07T01:00:00.000Z"], // Friday, PST
      ["2026-03-09T16:00:00.000Z", "2026-03-10T00:00:00.000Z"], // Monday, PDT
    ]);
  });

  it("removes time off and adds extra hours", () => {
    const c = nineToFive();
    c.exceptions = [
      { kind: "TIME_OFF", startsAt: new Date("2026-12-01T20:00:00Z"), endsAt: new Date("2026-12-01T22:00:00Z") }, // 12-14 PST Tue
      { kind: "EXTRA_HOURS", startsAt: new Date("2026-12-05T17:00:00Z"), endsAt: new Date("2026-12-05T19:00:00Z") }, // Sat 9-11
    ];
    const w = workingTime(c, "2026-12-01", "2026-12-05", LA).map((i) => [iso(i.start), iso(i.end)]);
    expect(w).toContainEqual(["2026-12-01T17:00:00.000Z", "2026-12-01T20:00:00.000Z"]);
    expect(w).toContainEqual(["2026-12-01T22:00:00.000Z", "2026-12-02T01:00:00.000Z"]);
    expect(w).toContainEqual(["2026-12-05T17:00:00.000Z", "2026-12-05T19:00:00.000Z"]);
    expect(w).toHaveLength(6);
  });

  it.each([
    ["2026-12-01T17:00:00Z", "2026-12-01T17:30:00Z", true], // 9:00 PST
    ["2026-12-02T00:30:00Z", "2026-12-02T01:00:00Z", true], // 16:30-17:00
    ["2026-12-02T00:45:00Z", "2026-12-02T01:15:00Z", false], // runs past 17:00
    ["2026-12-01T16:45:00Z", "2026-12-01T17:15:00Z", false], // starts before 9:00
    ["2026-12-05T17:00:00Z", "2026-12-05T17:30:00Z", false], // Saturday
  ])("isWithinWorkingTime %s-%s = %s", (s, e, ok) => {
    expect(
      isWithinWorkingTime(nineToFive(), new Date(s), new Date(e), LA, { from: "2026-11-30", to: "2026-12-06" }),
    ).toBe(ok);
  });
});

describe("findOpenSlots", () => {
  const base = { from: "2026-12-01", to: "2026-12-01", timeZone: LA, notBefore: new Date("2026-11-01T00:00:00Z") };

  it("offers every 15-minute start that fits, skipping busy time (half-open: touching is fine)", () => {
    const busy = new Map([["c1", [{ start: at("2026-12-01T17:30:00Z"), end: at("2026-12-01T18:00:00Z") }]]]);
    const slots = findOpenSlots({ ...base, clinicians: [nineToFive()], busyByClinician: busy, durationMinutes: 30 });
    const starts = slots.map((s) => iso(s.startsAt.getTime()));
    expect(starts[0]).toBe("2026-12-01T17:00:00.000Z");
    expect(starts).not.toContain("2026-12-01T17:15:00.000Z"); // would overlap 9:30
    expect(starts).not.toContain("2026-12-01T17:30:00.000Z");
    expect(starts).not.toContain("2026-12-01T17:45:00.000Z");
    expect(starts).toContain("2026-12-01T18:00:00.000Z"); // touches the end of the busy visit
    expect(starts.at(-1)).toBe("2026-12-02T00:30:00.000Z"); // 16:30 + 30 min = 17:00
    expect(slots).toHaveLength(28); // 31 starts 9:00..16:30 minus 9:15, 9:30, 9:45
  });

  it("stays on the working grid after an off-grid visit ends", () => {
    const busy = new Map([["c1", [{ start: at("2026-12-01T17:00:00Z"), end: at("2026-12-01T17:10:00Z") }]]]);
    const slots = findOpenSlots({ ...base, clinicians: [nineToFive()], busyByClinician: busy, durationMinutes: 15 });
    expect(iso(slots[0]!.startsAt.getTime())).toBe("2026-12-01T17:15:00.000Z");
  });

  it("respects the patient's own visits and the earliest bookable time", () => {
    const slots = findOpenSlots({
      ...base,
      clinicians: [nineToFive("a"), nineToFive("b")],
      busyByClinician: new Map(),
      patientBusy: [{ start: at("2026-12-01T17:00:00Z"), end: at("2026-12-01T23:00:00Z") }],
      durationMinutes: 60,
      notBefore: new Date("2026-12-01T23:10:00Z"),
    });
    expect(slots.map((s) => `${s.clinicianId} ${iso(s.startsAt.getTime())}`)).toEqual([
      "a 2026-12-01T23:15:00.000Z",
      "b 2026-12-01T23:15:00.000Z",
      "a 2026-12-01T23:30:00.000Z",
      "b 2026-12-01T23:30:00.000Z",
      "a 2026-12-01T23:45:00.000Z",
      "b 2026-12-01T23:45:00.000Z",
      "a 2026-12-02T00:00:00.000Z",
      "b 2026-12-02T00:00:00.000Z",
    ]);
  });

  it("returns nothing when the duration does not fit anywhere, and honours the limit", () => {
    expect(
      findOpenSlots({ ...base, clinicians: [nineToFive()], busyByClinician: new Map(), durationMinutes: 9 * 60 }),
    ).toEqual([]);
    expect(
      findOpenSlots({ ...base, clinicians: [nineToFive()], busyByClinician: new Map(), durationMinutes: 15, limit: 3 }),
    ).toHaveLength(3);
  });
});

describe("recurring follow-ups and hour validation", () => {
  it("keeps the wall-clock time across DST (every 4 weeks x 3)", () => {
    const starts = recurringStarts({ date: "2026-02-16", minute: 10 * 60 }, 4, 3, LA).map((d) => d.toISOString());
    expect(starts).toEqual(["2026-02-16T18:00:00.000Z", "2026-03-16T17:00:00.000Z", "2026-04-13T17:00:00.000Z"]);
  });
  it("finds overlapping weekly rows", () => {
    expect(
      overlappingWeekdays([
        { weekday: 1, startMinute: 540, endMinute: 720 },
        { weekday: 1, startMinute: 700, endMinute: 800 },
        { weekday: 2, startMinute: 540, endMinute: 720 },
        { weekday: 2, startMinute: 720, endMinute: 800 },
      ]),
    ).toEqual([1]);
  });
});
