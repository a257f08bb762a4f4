import { describe, expect, it } from "vitest";
import { comparePegToBaseline } from "./change";

describe("comparePegToBaseline (Farrar 2001: >= 30%; Reed 2023: >= 1 point)", () => {
  it.each([
    // baseline, score, drop30, drop1, percent
    [100, 70, true, true, -30], // exactly 30% and 3 points
    [100, 71, false, true, -29],
    [30, 21, true, false, -30], // 0.9 points is 30% but less than 1 point
    [30, 20, true, true, -33], // exactly 1 point
    [70, 60, false, true, -14], // exactly 1 point, 14%
    [70, 61, false, false, -13],
    [50, 35, true, true, -30],
    [50, 36, false, true, -28],
    [67, 47, false, true, -30], // 20/67 = 29.85%: not yet 30% although it rounds to 30
    [67, 46, true, true, -31],
    [50, 60, false, false, 20], // worse
    [50, 50, false, false, 0],
    [0, 0, false, false, null], // baseline 0: percent undefined, nothing can drop
    [0, 10, false, false, null],
  ])("baseline %i -> %i tenths: 30%% %s, 1 point %s", (b, s, d30, d1, pct) => {
    const c = comparePegToBaseline(b, s);
    expect(c.drop30Percent).toBe(d30);
    expect(c.drop1Point).toBe(d1);
    expect(c.percentChange).toBe(pct);
    expect(c.dropTenths).toBe(b - s);
  });
});
