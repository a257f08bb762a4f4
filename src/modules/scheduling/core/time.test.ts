import { describe, expect, it } from "vitest";
import {
  addDays,
  datesBetween,
  formatInZone,
  formatTimeRange,
  hhmmToMinute,
  isIsoDate,
  isoWeekday,
  minuteToHhmm,
  offsetMinutesAt,
  startOfIsoWeek,
  wallClockAt,
  zonedToUtc,
} from "./time";

// These run under TZ=UTC and TZ=Pacific/Auckland (tests/vitest.config.ts): nothing here may
// depend on the machine's zone.
describe("zonedToUtc", () => {
  it.each([
    // [date, minute, zone, expected UTC]
    ["2026-03-06", 9 * 60, "America/Los_Angeles", "2026-03-06T17:00:00.000Z"], // PST, Friday before DST
    ["2026-03-09", 9 * 60, "America/Los_Angeles", "2026-03-09T16:00:00.000Z"], // PDT, Monday after DST
    ["2026-03-08", 2 * 60 + 30, "America/Los_Angeles", "2026-03-08T10:30:00.000Z"], // gap: 02:30 does not exist -> 03:30 PDT
    ["2026-11-01", 1 * 60 + 30, "America/Los_Angeles", "2026-11-01T08:30:00.000Z"], // overlap: first 01:30 (PDT)
    ["2026-11-02", 9 * 60, "America/Los_Angeles", "2026-11-02T17:00:00.000Z"], // back to PST
    ["2026-04-05", 9 * 60, "Pacific/Auckland", "2026-04-04T21:00:00.000Z"], // NZ DST ends 2026-04-05 03:00 -> NZST +12
    ["2026-04-04", 9 * 60, "Pacific/Auckland", "2026-04-03T20:00:00.000Z"], // NZDT +13
    ["2026-04-05", 2 * 60 + 30, "Pacific/Auckland", "2026-04-04T13:30:00.000Z"], // overlap: first 02:30 (NZDT)
    ["2026-09-27", 2 * 60 + 30, "Pacific/Auckland", "2026-09-26T14:30:00.000Z"], // gap -> 03:30 NZDT
    ["2026-07-01", 0, "UTC", "2026-07-01T00:00:00.000Z"],
    ["2026-07-01", 1440, "America/New_York", "2026-07-02T04:00:00.000Z"], // end of day = next midnight
  ])("%s +%i min in %s -> %s", (date, minute, zone, iso) => {
    expect(zonedToUtc(date, minute, zone).toISOString()).toBe(iso);
  });

  it("round-trips every quarter hour of a DST-change day through wallClockAt", () => {
    for (const zone of ["America/Los_Angeles", "Pacific/Auckland", "Europe/London"]) {
      for (const date of ["2026-03-08", "2026-03-29", "2026-04-05", "2026-09-27", "2026-10-25", "2026-11-01"]) {
        for (let m = 0; m < 1440; m += 15) {
          const utc = zonedToUtc(date, m, zone);
          const wc = wallClockAt(utc, zone);
          // Either it reads back exactly, or it was in a spring-forward gap and moved later by the gap.
          if (wc.date !== date || wc.minute !== m) {
            expect(wc.date).toBe(date);
            expect(wc.minute - m).toBe(60);
          }
        }
      }
    }
  });
});

describe("wallClockAt", () => {
  it("gives the same answer from its memo, as a fresh object each time", () => {
    const at = new Date("2030-03-10T10:30:00Z"); // 03:30 PDT, just after the spring-forward gap
    const first = wallClockAt(at, "America/Los_Angeles");
    expect(first).toEqual({ date: "2030-03-10", minute: 3 * 60 + 30, weekday: 7 });
    first.minute = 0;
    expect(wallClockAt(at, "America/Los_Angeles")).toEqual({ date: "2030-03-10", minute: 210, weekday: 7 });
    expect(wallClockAt(at, "Europe/Berlin")).toEqual({ date: "2030-03-10", minute: 11 * 60 + 30, weekday: 7 });
    expect(() => wallClockAt(new Date(Number.NaN), "America/Los_Angeles")).toThrow();
  });
});

describe("calendar helpers", () => {
  it.each([
    ["2026-11-30", 1],
    ["2026-11-29", 7],
    ["2026-03-08", 7],
    ["2024-02-29", 4],
  ])("isoWeekday(%s) = %i", (d, wd) => expect(isoWeekday(d)).toBe(wd));

  it("adds days across months, leap years and DST without drifting", () => {
    expect(addDays("2026-02-28", 1)).toBe("2026-03-01");
    expect(addDays("2024-02-28", 1)).toBe("2024-02-29");
    expect(addDays("2026-03-07", 2)).toBe("2026-03-09");
    expect(addDays("2026-01-01", -1)).toBe("2025-12-31");
    expect(startOfIsoWeek("2026-11-29")).toBe("2026-11-23");
    expect(startOfIsoWeek("2026-11-30")).toBe("2026-11-30");
    expect(datesBetween("2026-03-07", "2026-03-09")).toEqual(["2026-03-07", "2026-03-08", "2026-03-09"]);
    expect(datesBetween("2026-03-09", "2026-03-07")).toEqual([]);
  });

  it.each([
    ["2026-02-29", false],
    ["2024-02-29", true],
    ["2026-13-01", false],
    ["2026-1-01", false],
    ["2026-12-31", true],
  ])("isIsoDate(%s) = %s", (s, ok) => expect(isIsoDate(s)).toBe(ok));

  it.each([
    ["09:00", 540],
    ["00:00", 0],
    ["24:00", 1440],
    ["24:30", null],
    ["9:00", null],
    ["12:60", null],
  ])("hhmmToMinute(%s) = %s", (s, m) => expect(hhmmToMinute(s)).toBe(m));

  it("formats minutes", () => {
    expect(minuteToHhmm(545)).toBe("09:05");
    expect(minuteToHhmm(1440)).toBe("24:00");
  });

  it("labels times with their zone and gets the offset right on both sides of DST", () => {
    expect(offsetMinutesAt(new Date("2026-03-08T09:59:00Z"), "America/Los_Angeles")).toBe(-480);
    expect(offsetMinutesAt(new Date("2026-03-08T10:00:00Z"), "America/Los_Angeles")).toBe(-420);
    expect(formatInZone(new Date("2026-03-09T16:00:00Z"), "America/Los_Angeles")).toMatch(/9:00\s?AM PDT/);
    expect(formatInZone(new Date("2026-03-09T16:00:00Z"), "America/New_York")).toMatch(/12:00\s?PM EDT/);
  });
});

describe("formatTimeRange", () => {
  it.each([
    ["2026-01-13T03:00:00Z", "2026-01-13T05:00:00Z", "America/New_York", "10:00 PM–12:00 AM EST"],
    ["2026-11-01T05:00:00Z", "2026-11-01T07:00:00Z", "America/New_York", "1:00 AM EDT–2:00 AM EST"], // the repeated hour, twice
    ["2026-03-08T05:00:00Z", "2026-03-08T08:00:00Z", "America/New_York", "12:00 AM EST–4:00 AM EDT"], // over the skipped hour
  ])("%s-%s in %s -> %s", (a, b, zone, want) => {
    expect(formatTimeRange(new Date(a), new Date(b), zone)).toBe(want);
  });
});
