import { dateTimeFormat } from "@/lib/intl-cache";
/**
 * Geometry for the server-rendered SVG trend charts: pure, so scales and ticks are unit-tested
 * and the component only draws. Time on x (linear in time), score on y (fixed instrument range).
 */
export type ChartBox = { width: number; height: number; left: number; right: number; top: number; bottom: number };

export const defaultBox: ChartBox = { width: 640, height: 240, left: 44, right: 16, top: 12, bottom: 36 };

/**
 * The side panel beside the video is about 450 px wide: there the chart draws on a narrower
 * canvas with larger type, so a 13-unit label shows at about 13 px instead of shrinking to 7 px
 * (issue 10: "the video room's side-panel charts are too small to read").
 */
export const compactBox: ChartBox = { width: 440, height: 250, left: 38, right: 12, top: 12, bottom: 36 };

export function chartLayout(compact: boolean): { box: ChartBox; fontSize: number } {
  return compact ? { box: compactBox, fontSize: 13 } : { box: defaultBox, fontSize: 11 };
}

export type Scales = {
  x: (t: number) => number;
  y: (v: number) => number;
  plotLeft: number;
  plotRight: number;
  plotTop: number;
  plotBottom: number;
};

export function makeScales(times: readonly number[], yMin: number, yMax: number, box: ChartBox = defaultBox): Scales {
  const plotLeft = box.left;
  const plotRight = box.width - box.right;
  const plotTop = box.top;
  const plotBottom = box.height - box.bottom;
  const t0 = times.length ? Math.min(...times) : 0;
  const t1 = times.length ? Math.max(...times) : 1;
  const span = t1 - t0;
  const x = (t: number) =>
    span === 0 ? (plotLeft + plotRight) / 2 : plotLeft + ((t - t0) / span) * (plotRight - plotLeft);
  const y = (v: number) => plotBottom - ((v - yMin) / (yMax - yMin)) * (plotBottom - plotTop);
  return { x, y, plotLeft, plotRight, plotTop, plotBottom };
}

/**
 * X-axis ticks: at most `max` evenly spaced dates from the first to the last point, labelled
 * "Mon YYYY" (or "Mon D" within one year) in the given time zone.
 */
export function timeTicks(times: readonly number[], timeZone: string, max = 6): { t: number; label: string }[] {
  if (times.length === 0) return [];
  const t0 = Math.min(...times);
  const t1 = Math.max(...times);
  const sameYear = t1 - t0 < 330 * 86_400_000;
  const fmt = dateTimeFormat(
    "en-US",
    sameYear ? { timeZone, month: "short", day: "numeric" } : { timeZone, month: "short", year: "numeric" },
  );
  if (t0 === t1) return [{ t: t0, label: fmt.format(new Date(t0)) }];
  const n = Math.max(2, Math.min(max, times.length));
  return Array.from({ length: n }, (_, i) => {
    const t = t0 + ((t1 - t0) * i) / (n - 1);
    return { t, label: fmt.format(new Date(t)) };
  });
}

/** SVG polyline points attribute. Coordinates rounded to 0.1 px to keep the markup small. */
export function polylinePoints(pts: readonly { x: number; y: number }[]): string {
  return pts.map((p) => `${p.x.toFixed(1)},${p.y.toFixed(1)}`).join(" ");
}
