import { describe, expect, it } from "vitest";
import {
  inside,
  markBesidePoint,
  overlapArea,
  placeLabels,
  pointBox,
  spotsAlongLine,
  spotsInBand,
  textBox,
  type Rect,
  type Spot,
} from "./chart-labels";

const plot: Rect = { x0: 40, x1: 620, y0: 10, y1: 200 };
const fs = 11;

describe("textBox", () => {
  it.each([
    ["start", { x: 100, y: 50, anchor: "start" }, { x0: 100, x1: 100 + 10 * 6.6, y0: 50 - 8.8, y1: 50 + 2.75 }],
    ["end", { x: 100, y: 50, anchor: "end" }, { x0: 100 - 10 * 6.6, x1: 100, y0: 50 - 8.8, y1: 50 + 2.75 }],
  ] as const)("anchor %s", (_n, spot, box) => {
    const b = textBox("0123456789", fs, spot as Spot);
    expect(b.x0).toBeCloseTo(box.x0);
    expect(b.x1).toBeCloseTo(box.x1);
    expect(b.y0).toBeCloseTo(box.y0);
    expect(b.y1).toBeCloseTo(box.y1);
  });
});

describe("overlapArea and inside", () => {
  const a: Rect = { x0: 0, x1: 10, y0: 0, y1: 10 };
  it.each([
    ["apart", { x0: 20, x1: 30, y0: 0, y1: 10 }, 0],
    ["touching edges", { x0: 10, x1: 20, y0: 0, y1: 10 }, 0],
    ["corner overlap", { x0: 5, x1: 15, y0: 5, y1: 15 }, 25],
    ["contained", { x0: 2, x1: 4, y0: 2, y1: 4 }, 4],
  ])("%s", (_n, b, area) => expect(overlapArea(a, b)).toBe(area));
  it.each([
    [{ x0: 1, x1: 9, y0: 1, y1: 9 }, true],
    [{ x0: 0, x1: 10, y0: 0, y1: 10 }, true],
    [{ x0: -1, x1: 9, y0: 1, y1: 9 }, false],
    [{ x0: 1, x1: 11, y0: 1, y1: 9 }, false],
    [{ x0: 1, x1: 9, y0: 1, y1: 10.5 }, false],
  ])("inside(%j) = %s", (r, ok) => expect(inside(r, a)).toBe(ok));
});

describe("placeLabels", () => {
  const lineY = 100;
  const spots = spotsAlongLine(lineY, fs, plot, ["below-end", "above-end", "below-start", "above-start"]);
  const req = (text: string, s: Spot[] = spots) => ({ id: text, text, fontSize: fs, spots: s });

  it.each([
    // [case, obstacles, expected anchor, expected side of the line]
    ["free: the first choice (below, right end)", [], "end", "below"],
    ["a point under the right end: above the line instead", [pointBox(610, 110, 4.5)], "end", "above"],
    [
      "points above and below the right end: the left end",
      [pointBox(610, 110, 4.5), pointBox(610, 92, 4.5)],
      "start",
      "below",
    ],
  ] as const)("%s", (_n, obstacles, anchor, side) => {
    const [l] = placeLabels([req("1-point drop: 6.0")], obstacles, plot);
    expect(l!.clear).toBe(true);
    expect(l!.anchor).toBe(anchor);
    expect(side === "below" ? l!.box.y0 > lineY : l!.box.y1 < lineY).toBe(true);
    for (const o of obstacles) expect(overlapArea(l!.box, o)).toBe(0);
  });

  it("moves along the line when both ends are covered", () => {
    const wall = [590, 600, 610, 50, 60, 70].flatMap((x) => [pointBox(x, 110, 4.5), pointBox(x, 92, 4.5)]);
    const [l] = placeLabels([req("Baseline 7.0")], wall, plot);
    expect(l!.clear).toBe(true);
    for (const o of wall) expect(overlapArea(l!.box, o)).toBe(0);
    expect(l!.box.x0).toBeGreaterThan(75);
    expect(l!.box.x1).toBeLessThan(585);
  });

  it("two labels on nearby lines do not cover each other", () => {
    const a = req("30% drop: 1.4", spotsAlongLine(120, fs, plot, ["below-start", "above-start"]));
    const b = req("1-point drop: 1.0", spotsAlongLine(128, fs, plot, ["below-start", "above-start"]));
    const [pa, pb] = placeLabels([a, b], [], plot);
    expect(pa!.clear && pb!.clear).toBe(true);
    expect(overlapArea(pa!.box, pb!.box)).toBe(0);
  });

  it.each([
    ["a line at the top edge", plot.y0],
    ["a line at the bottom edge", plot.y1],
  ])("keeps the label inside the plot for %s", (_n, y) => {
    const [l] = placeLabels([req("Baseline 10.0", spotsAlongLine(y, fs, plot, ["above-end", "below-end"]))], [], plot);
    expect(inside(l!.box, plot)).toBe(true);
  });

  it("with every spot covered, takes the least-covered spot, still inside the plot", () => {
    const everywhere: Rect[] = [{ x0: plot.x0, x1: plot.x1, y0: plot.y0, y1: plot.y1 }];
    const [l] = placeLabels([req("Baseline 7.0")], everywhere, plot);
    expect(l!.clear).toBe(false);
    expect(inside(l!.box, plot)).toBe(true);
  });

  it("pulls a spot whose text would run past the plot's edge back inside", () => {
    const [l] = placeLabels([req("Moderately severe 15-19", [{ x: plot.x1 - 10, y: 50, anchor: "start" }])], [], plot);
    expect(inside(l!.box, plot)).toBe(true);
    expect(l!.box.x1).toBeCloseTo(plot.x1);
  });
});

describe("spotsInBand", () => {
  it.each([
    ["a tall band", 20, 60],
    ["a band just taller than the text", 100, 114],
  ])("every spot keeps the text inside %s", (_n, top, bottom) => {
    for (const s of spotsInBand(top, bottom, fs, plot)) {
      const b = textBox("Mild 5-9", fs, s);
      expect(b.y0).toBeGreaterThanOrEqual(top);
      expect(b.y1).toBeLessThanOrEqual(bottom);
    }
  });

  it("starts at the right end, vertically centred", () => {
    const [first] = spotsInBand(20, 60, fs, plot);
    expect(first).toMatchObject({ x: plot.x1 - 4, anchor: "end" });
    const b = textBox("Mild 5-9", fs, first!);
    expect((b.y0 + b.y1) / 2).toBeCloseTo(40, 0);
  });
});

describe("markBesidePoint", () => {
  it.each([
    ["room above: above the point", 100, "above"],
    ["on the top edge: below the point", 12, "below"],
  ] as const)("%s", (_n, y, side) => {
    const m = markBesidePoint(300, y, 4.5, 13, 0);
    expect(m.box.y0).toBeGreaterThanOrEqual(0);
    expect(overlapArea(m.box, pointBox(300, y, 4.5, 0))).toBe(0);
    expect(side === "above" ? m.box.y1 <= y - 4.5 : m.box.y0 >= y + 4.5).toBe(true);
  });
});
