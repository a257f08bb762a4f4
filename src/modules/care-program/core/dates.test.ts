import { describe, expect, it } from "vitest";
import {
  addDays,
  clinicDate,
  daysBetween,
  formatLocalDate,
  latest,
  laterOf,
  monthEnd,
  monthOf,
  monthsEndingWith,
} from "./dates";

describe("calendar dates (independent of the machine's time zone)", () => {
  it.each([
    ["2026-01-01", "2026-01-01", 0],
    ["2026-01-01", "2026-04-01", 90],
    ["2026-04-01", "2026-01-01", -90],
    ["2026-03-07", "2026-03-09", 2], // over the US spring-forward weekend
    ["2026-10-31", "2026-11-02", 2], // over the US fall-back weekend
    ["2028-02-28", "2028-03-01", 2], // leap year
    ["2025-12-31", "2026-12-31", 365],
  ])("daysBetween(%s, %s) = %s", (a, b, n) => {
    expect(daysBetween(a, b)).toBe(n);
    expect(addDays(a, n)).toBe(b);
  });

  it.each([
    ["2026-01", "2026-01-31"],
    ["2026-02", "2026-02-28"],
    ["2028-02", "2028-02-29"],
    ["2026-04", "2026-04-30"],
    ["2026-12", "2026-12-31"],
  ])("monthEnd(%s) = %s", (m, end) => {
    expect(monthEnd(m)).toBe(end);
    expect(monthOf(end)).toBe(m);
  });

  it("refuses something that is not a month", () => {
    expect(() => monthEnd("2026-13")).toThrow(RangeError);
    expect(() => monthsEndingWith("26-01", 2)).toThrow(RangeError);
  });

  it("lists months oldest first across a year end", () => {
    expect(monthsEndingWith("2026-02", 4)).toEqual(["2025-11", "2025-12", "2026-01", "2026-02"]);
    expect(monthsEndingWith("2026-12", 12)[0]).toBe("2026-01");
  });

  it.each([
    // 06:30 UTC on Mar 9 is still Mar 8 in Los Angeles and already the afternoon of Mar 9 in Auckland.
    ["2026-03-09T06:30:00Z", "America/Los_Angeles", "2026-03-08"],
    ["2026-03-09T06:30:00Z", "Pacific/Auckland", "2026-03-09"],
    ["2026-03-09T11:30:00Z", "Pacific/Auckland", "2026-03-10"],
    ["2026-12-31T23:59:00-05:00", "America/New_York", "2026-12-31"],
  ])("clinicDate(%s, %s) = %s", (iso, tz, date) => {
    expect(clinicDate(new Date(iso), tz)).toBe(date);
  });

  it("formats a date in plain words, the same in every zone", () => {
    expect(formatLocalDate("2026-03-09")).toBe("Mar 9, 2026");
    expect(formatLocalDate("2026-01-01")).toBe("Jan 1, 2026");
  });

  it("picks the later and the latest date", () => {
    expect(laterOf("2026-01-02", "2026-01-01")).toBe("2026-01-02");
    expect(laterOf("2026-01-02", "2026-01-03")).toBe("2026-01-03");
    expect(laterOf("2026-01-02", null)).toBe("2026-01-02");
    expect(latest([])).toBeNull();
    expect(latest(["2026-01-02", "2026-03-01", "2025-12-31"])).toBe("2026-03-01");
  });
});
