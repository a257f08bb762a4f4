import { describe, expect, it } from "vitest";
import { makeScales, polylinePoints, timeTicks } from "./trend-chart";

const box = { width: 200, height: 120, left: 20, right: 10, top: 10, bottom: 20 };

describe("trend chart geometry", () => {
  it("maps the score range to the plot area, higher scores higher up", () => {
    const s = makeScales([0, 100], 0, 10, box);
    expect(s.y(0)).toBe(100);
    expect(s.y(10)).toBe(10);
    expect(s.x(0)).toBe(20);
    expect(s.x(100)).toBe(190);
    expect(s.x(50)).toBe(105);
  });

  it("centres a single point", () => {
    const s = makeScales([5], 0, 27, box);
    expect(s.x(5)).toBe(105);
  });

  it("labels ticks in the given time zone", () => {
    const t = Date.parse("2026-01-01T03:00:00Z");
    expect(timeTicks([t], "America/Los_Angeles")).toEqual([{ t, label: "Dec 31" }]);
    const many = timeTicks([Date.parse("2021-01-15T12:00:00Z"), Date.parse("2026-01-15T12:00:00Z")], "UTC", 6);
    expect(many[0]!.label).toBe("Jan 2021");
    expect(many.at(-1)!.label).toBe("Jan 2026");
    expect(timeTicks([], "UTC")).toEqual([]);
  });

  it("rounds polyline coordinates", () => {
    expect(
      polylinePoints([
        { x: 1.234, y: 5.678 },
        { x: 2, y: 3 },
      ]),
    ).toBe("1.2,5.7 2.0,3.0");
  });
});
