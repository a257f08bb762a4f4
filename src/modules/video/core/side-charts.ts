import { chartLayout } from "../../assessments/core/trend-chart";

/**
 * How big the PEG and PHQ-9 trend charts beside the call must be drawn (issue 10: "the video
 * room's side-panel charts are too small to read"). The charts are SVG with a viewBox, so their
 * text is drawn at (font size in chart units) x (drawn width / viewBox width) pixels. The chart
 * page draws its charts at most CHART_PAGE_MAX_WIDTH_PX wide; beside the call they must never be
 * drawn with smaller text than that, so they get a minimum drawn width (and, on a narrow screen,
 * scroll sideways inside their own box rather than shrink).
 */
export const CHART_PAGE_MAX_WIDTH_PX = 768; // the chart page's charts are max-w-3xl

/** Pixel size of chart text drawn `drawnWidthPx` wide. */
export function drawnFontPx(layout: { box: { width: number }; fontSize: number }, drawnWidthPx: number): number {
  return (layout.fontSize * drawnWidthPx) / layout.box.width;
}

/** The chart page's largest text: its charts at their widest. */
export function chartPageFontPx(): number {
  return drawnFontPx(chartLayout(false), CHART_PAGE_MAX_WIDTH_PX);
}

/** The least width (px, whole) at which the side panel's charts draw text at least `minFontPx`. */
export function minDrawnWidthPx(layout: { box: { width: number }; fontSize: number }, minFontPx: number): number {
  return Math.ceil((minFontPx * layout.box.width) / layout.fontSize);
}

/** The side panel's minimum chart width: text never smaller than on the chart page. */
export function sideChartMinWidthPx(): number {
  return minDrawnWidthPx(chartLayout(true), chartPageFontPx());
}

/**
 * The class that applies sideChartMinWidthPx() to the charts inside the side panel. A literal,
 * because Tailwind generates classes it finds written in the source, and the page's CSP refuses
 * inline style attributes; core/side-charts.test.ts fails if it and the computed width part.
 */
export const sideChartMinWidthClass = "[&_svg[role=img]]:min-w-[447px]";
