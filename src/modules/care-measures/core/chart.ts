/**
 * Geometry of the measures' small trend charts (one per measure, 12 months): pure, so the scales,
 * ticks and labels are unit-tested at their boundaries and the component only draws. Months are
 * bands on x (a single month sits in the middle); y is 0-100 % for a percent, 0 to a round
 * maximum for a count. A month with nobody in the denominator has no point: the line breaks there
 * and the month is marked "none" at the baseline, so an empty month never reads as 0 %.
 */
export type MeasureChartBox = {
  width: number;
  height: number;
  left: number;
  right: number;
  top: number;
  bottom: number;
};

/** Room above the plot for the axis title and a value label over a 100 % point; below for months and years. */
export const measureChartBox: MeasureChartBox = { width: 480, height: 210, left: 44, right: 10, top: 32, bottom: 40 };
export const CHART_FONT = 12;

export type ChartValue = { month: string; value: number | null; complete: boolean };

export type ChartPoint = {
  month: string;
  x: number;
  /** Null when there is no value (nobody in the denominator). */
  y: number | null;
  value: number | null;
  /** The value as drawn beside the point ("75%", "12", "none"). */
  label: string;
  labelY: number;
  complete: boolean;
};

export type ChartSeries = {
  points: ChartPoint[];
  /** polyline `points` strings, broken at months without a value */ segments: string[];
};

export type MeasureChartModel = {
  box: MeasureChartBox;
  plotLeft: number;
  plotRight: number;
  plotTop: number;
  plotBottom: number;
  yMax: number;
  yTicks: { value: number; y: number; label: string }[];
  /** One per month: the month's short name ("Jan", "Feb*" for the month in progress) and the year under the first month and each January. */
  xTicks: { x: number; label: string; year: string | null }[];
  series: ChartSeries[];
};

const SHORT = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"] as const;

/** The y maximum of a count chart: 10, 20, 50, 100, 200, 500, ... at or above the largest value (10 at least). */
export function niceCountMax(max: number): number {
  let m = 10;
  for (let k = 0; m < max; k++) m = [10, 20, 50][(k + 1) % 3]! * 10 ** Math.floor((k + 1) / 3);
  return m;
}

/** The drawn value: a percent to a whole number ("75%", "0%", "100%"), a count as is, "none" without a value. */
export function valueLabel(value: number | null, kind: "count" | "percent"): string {
  if (value === null) return "none";
  return kind === "percent" ? `${Math.round(value)}%` : String(value);
}

function round1(n: number): number {
  return Math.round(n * 10) / 10;
}

/**
 * The chart of one or more series over the same months (the first is the one whose values are
 * written beside its points; a second, e.g. the clinic beside one clinician, is drawn without
 * value labels). Values of a percent chart are clamped to 0-100.
 */
export function measureChartModel(
  series: readonly (readonly ChartValue[])[],
  kind: "count" | "percent",
  box: MeasureChartBox = measureChartBox,
): MeasureChartModel {
  const plotLeft = box.left;
  const plotRight = box.width - box.right;
  const plotTop = box.top;
  const plotBottom = box.height - box.bottom;
  const months = series[0]?.map((v) => v) ?? [];
  const n = months.length;
  const band = n === 0 ? 0 : (plotRight - plotLeft) / n;
  const x = (i: number) => round1(plotLeft + (i + 0.5) * band);
  const largest = Math.max(0, ...series.flatMap((s) => s.map((v) => v.value ?? 0)));
  const yMax = kind === "percent" ? 100 : niceCountMax(largest);
  const clamp = (v: number) => (kind === "percent" ? Math.min(100, Math.max(0, v)) : Math.max(0, v));
  const y = (v: number) => round1(plotBottom - (clamp(v) / yMax) * (plotBottom - plotTop));
  const yTicks =
    kind === "percent"
      ? [0, 25, 50, 75, 100].map((v) => ({ value: v, y: y(v), label: `${v}%` }))
      : [0, yMax / 2, yMax].map((v) => ({ value: v, y: y(v), label: String(v) }));
  const xTicks = months.map((m, i) => {
    const name = SHORT[Number(m.month.slice(5, 7)) - 1] ?? m.month;
    return {
      x: x(i),
      label: m.complete ? name : `${name}*`,
      year: i === 0 || m.month.endsWith("-01") ? m.month.slice(0, 4) : null,
    };
  });
  const out: ChartSeries[] = series.map((values) => {
    const points: ChartPoint[] = values.map((v, i) => {
      if (v.value === null)
        return {
          month: v.month,
          x: x(i),
          y: null,
          value: null,
          label: valueLabel(null, kind),
          labelY: plotBottom - 5,
          complete: v.complete,
        };
      const py = y(v.value);
      // Above the point; the top margin leaves room for a 100 % label.
      return {
        month: v.month,
        x: x(i),
        y: py,
        value: v.value,
        label: valueLabel(v.value, kind),
        labelY: round1(py - 8),
        complete: v.complete,
      };
    });
    const segments: string[] = [];
    let run: string[] = [];
    for (const p of points) {
      if (p.y === null) {
        if (run.length > 1) segments.push(run.join(" "));
        run = [];
      } else run.push(`${p.x.toFixed(1)},${p.y.toFixed(1)}`);
    }
    if (run.length > 1) segments.push(run.join(" "));
    return { points, segments };
  });
  return { box, plotLeft, plotRight, plotTop, plotBottom, yMax, yTicks, xTicks, series: out };
}
