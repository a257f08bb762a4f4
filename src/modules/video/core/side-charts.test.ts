import { describe, expect, it } from "vitest";
import { chartLayout } from "../../assessments/core/trend-chart";
import {
  chartPageFontPx,
  drawnFontPx,
  minDrawnWidthPx,
  sideChartMinWidthClass,
  sideChartMinWidthPx,
} from "./side-charts";

describe("side-panel charts are drawn at least as legibly as the chart page", () => {
  it.each([
    [{ box: { width: 640 }, fontSize: 11 }, 640, 11],
    [{ box: { width: 640 }, fontSize: 11 }, 320, 5.5],
    [{ box: { width: 440 }, fontSize: 13 }, 880, 26],
  ])("drawnFontPx(%o, %i) = %f", (layout, width, px) => {
    expect(drawnFontPx(layout, width)).toBeCloseTo(px, 6);
  });

  it.each([
    [{ box: { width: 440 }, fontSize: 13 }, 13, 440],
    [{ box: { width: 440 }, fontSize: 13 }, 13.2, 447],
    [{ box: { width: 640 }, fontSize: 11 }, 11, 640],
    [{ box: { width: 300 }, fontSize: 10 }, 12.01, 361],
  ])("minDrawnWidthPx(%o, %f) = %i", (layout, font, width) => {
    expect(minDrawnWidthPx(layout, font)).toBe(width);
  });

  it("at its minimum width the side chart's text is no smaller than the chart page's largest", () => {
    const min = sideChartMinWidthPx();
    expect(drawnFontPx(chartLayout(true), min)).toBeGreaterThanOrEqual(chartPageFontPx());
    // ...and one pixel less would be smaller: the minimum is the least that works.
    expect(drawnFontPx(chartLayout(true), min - 1)).toBeLessThan(chartPageFontPx());
    // Today's layouts: 440-unit canvas, 13-unit type; chart page 640 units, 11-unit type, 768 px wide.
    expect(min).toBe(447);
  });

  it("the panel's class applies exactly that width (a literal for Tailwind; inline styles are refused by the CSP)", () => {
    expect(sideChartMinWidthClass).toBe(`[&_svg[role=img]]:min-w-[${sideChartMinWidthPx()}px]`);
  });
});
