import { describe, expect, it } from "vitest";
import { ageOn, formatDateOnly, formatUsPhone, normalizeUsPhone, todayIn } from "./format";
import { isValidTimeZone } from "./reference";

describe("ageOn", () => {
  it.each([
    ["1968-04-12", "2026-04-11", 57],
    ["1968-04-12", "2026-04-12", 58],
    ["2000-02-29", "2025-02-28", 24],
    ["2000-02-29", "2025-03-01", 25],
    ["1990-12-31", "2026-01-01", 35],
  ])("born %s, on %s -> %i", (b, t, age) => {
    expect(ageOn(b, t)).toBe(age);
  });
});

describe("todayIn", () => {
  it("uses the zone's calendar date, not UTC's", () => {
    const instant = new Date("2026-11-29T05:30:00Z");
    expect(todayIn("UTC", instant)).toBe("2026-11-29");
    expect(todayIn("America/Los_Angeles", instant)).toBe("2026-11-28");
    expect(todayIn("Pacific/Auckland", instant)).toBe("2026-11-29");
  });
});

describe("normalizeUsPhone", () => {
  it.each([
    ["(206) 555-0142", "+12065550142"],
    ["206-555-0142", "+12065550142"],
    ["206.555.0142", "+12065550142"],
    ["+1 206 555 0142", "+12065550142"],
    ["12065550142", "+12065550142"],
    ["2065550142", "+12065550142"],
    ["555-0142", null],
    ["(106) 555-0142", null],
    ["(206) 155-0142", null],
    ["206555014", null],
    ["20655501420", null],
    ["phone", null],
  ])("%s -> %s", (input, out) => {
    expect(normalizeUsPhone(input)).toBe(out);
  });
  it("formats E.164 for people", () => {
    expect(formatUsPhone("+12065550142")).toBe("(206) 555-0142");
    expect(formatUsPhone(null)).toBe("");
  });
});

describe("formatDateOnly", () => {
  it("never shifts a date of birth by time zone", () => {
    expect(formatDateOnly("1968-04-12")).toBe("Apr 12, 1968");
  });
});

describe("isValidTimeZone", () => {
  it.each([
    ["America/Los_Angeles", true],
    ["UTC", true],
    ["Mars/Olympus", false],
    ["PST", false],
    ["", false],
  ])("%s -> %s", (tz, ok) => {
    expect(isValidTimeZone(tz)).toBe(ok);
  });
});
