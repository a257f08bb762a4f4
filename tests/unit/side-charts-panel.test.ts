import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { PegPoint } from "@/modules/assessments/assessment-results.server";
import { PegTrendChart } from "@/modules/assessments/components/trend-charts";
import { comparePegToBaseline } from "@/modules/assessments/core/change";
import { SideChartsPanel } from "@/modules/video/components/side-charts-panel";
import { sideChartMinWidthPx } from "@/modules/video/core/side-charts";

/**
 * Issue 10: the video room's side-panel charts were too small to read. The panel beside the
 * call draws each chart at least sideChartMinWidthPx() wide (text no smaller than the chart
 * page's), lets it scroll in its own box on a narrow screen, says what the axes show, and offers
 * a large view; the chart is in the page once (unique ids for its title and description).
 */
const t0 = Date.parse("2026-01-05T17:00:00Z");
const points: PegPoint[] = [70, 60, 48].map((s, i) => ({
  t: t0 + i * 30 * 86_400_000,
  responseId: `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`,
  scoreTenths: s,
  display: (s / 10).toFixed(1),
  ...comparePegToBaseline(70, s),
}));

function render() {
  const chart = createElement(PegTrendChart, { points, timeZone: "America/Los_Angeles", compact: true });
  const props = { title: "PEG and PHQ-9", legend: "Up the side, the score; along the bottom, the date." } as Parameters<
    typeof SideChartsPanel
  >[0];
  return renderToStaticMarkup(createElement(SideChartsPanel, props, chart));
}

describe("the charts beside the call", () => {
  it("are never drawn narrower than the legible minimum, and scroll in their own positioned box instead", () => {
    const html = render();
    expect(html).toContain(`[&amp;_svg[role=img]]:min-w-[${sideChartMinWidthPx()}px]`);
    // No inline style: the page's CSP refuses style attributes.
    expect(html).not.toMatch(/\sstyle="/);
    expect(html).toContain("[&amp;_figure]:overflow-x-auto");
    expect(html).toContain("[&amp;_figure]:relative");
  });

  it("say what the axes show and offer a large view", () => {
    const html = render();
    expect(html).toContain("Up the side, the score; along the bottom, the date.");
    expect(html).toMatch(/<button[^>]*aria-haspopup="dialog"[^>]*>.*Enlarge charts<\/button>/);
    expect(html).toMatch(/<dialog[^>]*aria-labelledby="ctx-assess-big-h"/);
  });

  it("render the chart once (its ids stay unique)", () => {
    const html = render();
    const ids = [...html.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]);
    expect(ids.length).toBeGreaterThan(2);
    expect(new Set(ids).size).toBe(ids.length);
    expect(html.match(/<svg[^>]*role="img"/g)).toHaveLength(1);
  });

  it("the video room page uses this panel for its PEG and PHQ-9 section", () => {
    const page = readFileSync(
      join(import.meta.dirname, "..", "..", "src", "app", "(staff)", "visits", "[id]", "room", "page.tsx"),
      "utf8",
    );
    expect(page).toMatch(/<SideChartsPanel[^>]*>\s*<AssessmentResultsPanel[^>]*compact/);
    // The page's grid lets its columns shrink below a chart's minimum width (the chart scrolls
    // in its box instead of widening the page at 360 px: measured 137 px of sideways scroll without it).
    expect(page).toMatch(/className="grid gap-6 xl:grid-cols-\[[^"]*\] \[&>\*\]:min-w-0"/);
  });
});
