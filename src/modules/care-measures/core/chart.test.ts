import { describe, expect, it } from "vitest";
import { measureChartBox as box, measureChartModel, niceCountMax, valueLabel, type ChartValue } from "./chart";

const months = (values: (number | null)[], lastComplete = true): ChartValue[] =>
  values.map((value, i) => ({
    month: `2026-${String(i + 1).padStart(2, "0")}`,
    value,
    complete: i < values.length - 1 || lastComplete,
  }));

const plotTop = box.top;
const plotBottom = box.height - box.bottom;

describe("count axis maximum", () => {
  it.each([
    [0, 10],
    [1, 10],
    [10, 10],
    [11, 20],
    [20, 20],
    [21, 50],
    [50, 50],
    [51, 100],
    [101, 200],
    [4_321, 5_000],
    [5_001, 10_000],
  ])("%i -> %i", (max, nice) => expect(niceCountMax(max)).toBe(nice));
});

describe("value labels", () => {
  it.each([
    [0, "percent", "0%"],
    [100, "percent", "100%"],
    [66.7, "percent", "67%"],
    [0.4, "percent", "0%"],
    [42, "count", "42"],
    [null, "percent", "none"],
    [null, "count", "none"],
  ] as const)("%s (%s) -> %s", (v, kind, label) => expect(valueLabel(v, kind)).toBe(label));
});

describe("percent chart geometry", () => {
  const m = measureChartModel([months([0, 50, 100])], "percent");

  it("maps 0 % to the plot's bottom and 100 % to its top, higher values higher up", () => {
    const [p0, p50, p100] = m.series[0]!.points;
    expect(p0!.y).toBe(plotBottom);
    expect(p100!.y).toBe(plotTop);
    expect(p50!.y).toBe((plotBottom + plotTop) / 2);
  });

  it("ticks 0 to 100 % in quarters, labelled", () => {
    expect(m.yMax).toBe(100);
    expect(m.yTicks.map((t) => t.label)).toEqual(["0%", "25%", "50%", "75%", "100%"]);
    expect(m.yTicks[0]!.y).toBe(plotBottom);
    expect(m.yTicks.at(-1)!.y).toBe(plotTop);
  });

  it("writes each value above its point, inside the drawing even at 100 % and above the axis at 0 %", () => {
    for (const p of m.series[0]!.points) {
      expect(p.labelY).toBeLessThan(p.y!);
      expect(p.labelY - 12).toBeGreaterThanOrEqual(0);
    }
    expect(m.series[0]!.points.map((p) => p.label)).toEqual(["0%", "50%", "100%"]);
  });

  it("clamps values outside 0-100", () => {
    const c = measureChartModel([months([-5, 120])], "percent");
    expect(c.series[0]!.points.map((p) => p.y)).toEqual([plotBottom, plotTop]);
  });

  it("puts months in equal bands, a single month in the middle", () => {
    const one = measureChartModel([months([30])], "percent");
    expect(one.series[0]!.points[0]!.x).toBe((box.left + box.width - box.right) / 2);
    const twelve = measureChartModel([months(Array.from({ length: 12 }, () => 10))], "percent");
    const xs = twelve.series[0]!.points.map((p) => p.x);
    expect(xs[0]).toBeGreaterThan(box.left);
    expect(xs.at(-1)).toBeLessThan(box.width - box.right);
    const gaps = xs.slice(1).map((x, i) => Math.round((x - xs[i]!) * 10) / 10);
    expect(new Set(gaps).size).toBe(1);
  });
});

describe("months without a value (nobody in the denominator)", () => {
  const m = measureChartModel([months([40, null, 60, 70, null])], "percent");
  const pts = m.series[0]!.points;

  it("have no point, say 'none' at the baseline, and never read as 0 %", () => {
    expect(pts[1]).toMatchObject({ y: null, value: null, label: "none" });
    expect(pts[1]!.labelY).toBeLessThan(plotBottom);
    expect(pts[1]!.labelY).toBeGreaterThan(plotBottom - 12);
  });

  it("break the line: one segment per run of two or more values, a lone value is a marker only", () => {
    expect(m.series[0]!.segments).toHaveLength(1);
    expect(m.series[0]!.segments[0]!.split(" ")).toHaveLength(2);
    const lone = measureChartModel([months([null, 5, null])], "percent");
    expect(lone.series[0]!.segments).toEqual([]);
  });

  it("an all-empty chart still has its axes", () => {
    const empty = measureChartModel([months([null, null])], "percent");
    expect(empty.yTicks).toHaveLength(5);
    expect(empty.xTicks).toHaveLength(2);
    expect(empty.series[0]!.segments).toEqual([]);
  });

  it("no months at all: no ticks on x, no points", () => {
    const none = measureChartModel([[]], "count");
    expect(none.xTicks).toEqual([]);
    expect(none.series[0]!.points).toEqual([]);
    expect(none.yMax).toBe(10);
  });
});

describe("count chart", () => {
  it("scales to a round maximum with three labelled ticks", () => {
    const m = measureChartModel([months([12, 37, 41])], "count");
    expect(m.yMax).toBe(50);
    expect(m.yTicks.map((t) => t.label)).toEqual(["0", "25", "50"]);
    expect(m.series[0]!.points.map((p) => p.label)).toEqual(["12", "37", "41"]);
  });

  it("a second series (the clinic beside a clinician) shares the scale", () => {
    const m = measureChartModel([months([3, 4]), months([30, 45])], "count");
    expect(m.yMax).toBe(50);
    expect(m.series[1]!.points[1]!.y).toBe(plotBottom - (45 / 50) * (plotBottom - plotTop));
  });
});

describe("month axis", () => {
  it("names every month, the year under the first month and each January, and stars the month in progress", () => {
    const values: ChartValue[] = ["2025-11", "2025-12", "2026-01", "2026-02"].map((month, i) => ({
      month,
      value: 1,
      complete: i < 3,
    }));
    const m = measureChartModel([values], "count");
    expect(m.xTicks.map((t) => [t.label, t.year])).toEqual([
      ["Nov", "2025"],
      ["Dec", null],
      ["Jan", "2026"],
      ["Feb*", null],
    ]);
  });
});
