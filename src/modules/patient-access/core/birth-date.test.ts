import { describe, expect, it } from "vitest";
import { birthDateMatches, birthDateMessages, parseBirthDate } from "./birth-date";

const today = new Date("2026-12-04T17:00:00Z");

describe("parseBirthDate", () => {
  it.each([
    ["a plain date", { month: "5", day: "1", year: "1970" }, { ok: true, date: "1970-05-01" }],
    ["leading zeros and spaces", { month: " 05 ", day: "01", year: "1970" }, { ok: true, date: "1970-05-01" }],
    ["29 February in a leap year", { month: "2", day: "29", year: "1960" }, { ok: true, date: "1960-02-29" }],
    ["today", { month: "12", day: "4", year: "2026" }, { ok: true, date: "2026-12-04" }],
    [
      "nothing typed",
      { month: "", day: "", year: "" },
      { ok: false, error: { field: "month", message: birthDateMessages.missing } },
    ],
    [
      "month 13",
      { month: "13", day: "1", year: "1970" },
      { ok: false, error: { field: "month", message: birthDateMessages.month } },
    ],
    [
      "month 0",
      { month: "0", day: "1", year: "1970" },
      { ok: false, error: { field: "month", message: birthDateMessages.month } },
    ],
    [
      "month as a word",
      { month: "May", day: "1", year: "1970" },
      { ok: false, error: { field: "month", message: birthDateMessages.month } },
    ],
    [
      "29 February in a common year",
      { month: "2", day: "29", year: "1961" },
      { ok: false, error: { field: "day", message: birthDateMessages.day } },
    ],
    [
      "31 April",
      { month: "4", day: "31", year: "1970" },
      { ok: false, error: { field: "day", message: birthDateMessages.day } },
    ],
    [
      "day 0",
      { month: "4", day: "0", year: "1970" },
      { ok: false, error: { field: "day", message: birthDateMessages.day } },
    ],
    [
      "day missing",
      { month: "4", day: "", year: "1970" },
      { ok: false, error: { field: "day", message: birthDateMessages.day } },
    ],
    [
      "two-digit year",
      { month: "4", day: "1", year: "70" },
      { ok: false, error: { field: "year", message: birthDateMessages.year } },
    ],
    [
      "before 1900",
      { month: "4", day: "1", year: "1899" },
      { ok: false, error: { field: "year", message: birthDateMessages.year } },
    ],
    [
      "next year",
      { month: "1", day: "1", year: "2027" },
      { ok: false, error: { field: "year", message: birthDateMessages.year } },
    ],
    [
      "tomorrow",
      { month: "12", day: "5", year: "2026" },
      { ok: false, error: { field: "year", message: birthDateMessages.year } },
    ],
    [
      "NUL inside",
      { month: "5\u0000", day: "1", year: "1970" },
      { ok: false, error: { field: "month", message: birthDateMessages.month } },
    ],
  ] as const)("%s", (_name, input, expected) => {
    expect(parseBirthDate(input, today)).toEqual(expected);
  });
});

describe("birthDateMatches", () => {
  it.each([
    [new Date("1970-05-01T00:00:00Z"), "1970-05-01", true],
    [new Date("1970-05-01T00:00:00Z"), "1970-05-02", false],
    [new Date("1970-05-01T00:00:00Z"), "1971-05-01", false],
  ])("%s vs %s -> %s", (stored, typed, expected) => {
    expect(birthDateMatches(stored, typed)).toBe(expected);
  });
});
