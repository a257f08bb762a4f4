import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import type { PegPoint, Phq9Point } from "@/modules/assessments/assessment-results.server";
import { PegTrendChart, Phq9TrendChart } from "@/modules/assessments/components/trend-charts";
import { comparePegToBaseline } from "@/modules/assessments/core/change";
import { phq9Severity } from "@/modules/assessments/core/scoring";

/**
 * The charts as rendered (issue 10, D11): every text label lies inside the SVG's own box (a
 * label past the viewBox is cut off, as "Moderately severe 15-19" was) and no label covers a
 * data point (as "1-point drop" did on the PEG chart). Text boxes are estimated the way a
 * browser would lay them out: ascent 0.8 em, descent 0.25 em, 0.6 em per character (wider
 * than the average sans-serif glyph, so the check errs towards "too wide").
 */
type Box = { x0: number; y0: number; x1: number; y1: number };
type Label = Box & { text: string };

const DAY = 86_400_000;
const t0 = Date.parse("2026-01-05T17:00:00Z");

function peg(tenths: number[], stepDays = 30): PegPoint[] {
  const base = tenths[0]!;
  return tenths.map((s, i) => {
    const c = comparePegToBaseline(base, s);
    return {
      t: t0 + i * stepDays * DAY,
      responseId: `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`,
      scoreTenths: s,
      display: (s / 10).toFixed(1),
      ...c,
    };
  });
}

function phq(totals: number[], flagged: number[] = []): Phq9Point[] {
  return totals.map((total, i) => ({
    t: t0 + i * 30 * DAY,
    responseId: `10000000-0000-4000-8000-${String(i).padStart(12, "0")}`,
    total,
    severity: phq9Severity(total),
    safetyFlag: flagged.includes(i),
  }));
}

function attr(tag: string, name: string): string | undefined {
  return new RegExp(`\\s${name}="([^"]*)"`).exec(tag)?.[1];
}

/** Parses the first <svg> of the markup: its viewBox, its text labels and its data points. */
function parseChart(html: string) {
  const svg = /<svg[^>]*viewBox="0 0 (\d+(?:\.\d+)?) (\d+(?:\.\d+)?)"[^>]*>([\s\S]*?)<\/svg>/.exec(html);
  if (!svg) throw new Error("no chart svg");
  const [width, height, body] = [Number(svg[1]), Number(svg[2]), svg[3]!];
  const labels: Label[] = [];
  for (const m of body.matchAll(/<text([^>]*)>([\s\S]*?)<\/text>/g)) {
    const tag = m[1]!;
    const text = m[2]!
      .replace(/<[^>]+>/g, "")
      .replace(/&amp;/g, "&")
      .replace(/&[a-z]+;/g, "x");
    const size = Number(attr(tag, "font-size") ?? /text-\[(\d+)px\]/.exec(tag)?.[1] ?? 11);
    const x = Number(attr(tag, "x"));
    const y = Number(attr(tag, "y"));
    const w = text.length * size * 0.6;
    const anchor = attr(tag, "text-anchor") ?? "start";
    const x0 = anchor === "end" ? x - w : anchor === "middle" ? x - w / 2 : x;
    labels.push({ text, x0, x1: x0 + w, y0: y - 0.8 * size, y1: y + 0.25 * size });
  }
  const points: Box[] = [];
  for (const m of body.matchAll(/<circle([^>]*)\/?>/g)) {
    const cx = Number(attr(m[1]!, "cx"));
    const cy = Number(attr(m[1]!, "cy"));
    const r = Number(attr(m[1]!, "r"));
    points.push({ x0: cx - r, x1: cx + r, y0: cy - r, y1: cy + r });
  }
  return { width, height, labels, points };
}

const overlaps = (a: Box, b: Box) => a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;

function problems(html: string): string[] {
  const c = parseChart(html);
  const out: string[] = [];
  for (const l of c.labels) {
    if (l.x0 < 0 || l.x1 > c.width || l.y0 < 0 || l.y1 > c.height)
      out.push(
        `"${l.text}" is cut off (x ${l.x0.toFixed(0)}-${l.x1.toFixed(0)} of ${c.width}, y ${l.y0.toFixed(0)}-${l.y1.toFixed(0)} of ${c.height})`,
      );
    for (const p of c.points)
      if (overlaps(l, p))
        out.push(`"${l.text}" covers the point at ${((p.x0 + p.x1) / 2).toFixed(0)},${((p.y0 + p.y1) / 2).toFixed(0)}`);
  }
  return out;
}

const tz = "America/Los_Angeles";
const pegCases: [string, PegPoint[]][] = [
  ["improving past the 1-point line, latest at the right edge", peg([70, 66, 62, 57])],
  ["improving past both lines", peg([80, 70, 60, 50, 40])],
  ["flat at baseline", peg([50, 50, 50, 50])],
  ["worse than baseline", peg([40, 50, 60, 70])],
  ["one answer only", peg([63])],
  ["baseline 10 (top of the scale)", peg([100, 95, 90, 85])],
  ["baseline 1 (the 1-point line on the floor)", peg([10, 5, 0])],
  ["baseline 0", peg([0, 0, 10])],
  ["a point sitting on every label line", peg([70, 70, 60, 49, 49, 60, 70])],
  [
    "many answers (weekly for a year)",
    peg(
      Array.from({ length: 52 }, (_, i) => 75 - Math.round(i * 0.6)),
      7,
    ),
  ],
];
const phqCases: [string, Phq9Point[]][] = [
  ["one point per band", phq([2, 7, 12, 17, 24])],
  ["all in moderately severe, at the right edge", phq([15, 16, 17, 18, 19])],
  ["severe and flagged for item 9", phq([27, 25, 22, 20], [0, 3])],
  ["one answer", phq([9])],
  ["many answers", phq(Array.from({ length: 40 }, (_, i) => (i * 7) % 28))],
];

describe("trend charts: labels are never cut off and never cover a data point", () => {
  for (const compact of [false, true]) {
    it.each(pegCases)(`PEG${compact ? " (compact)" : ""}: %s`, (_name, points) => {
      expect(problems(renderToStaticMarkup(createElement(PegTrendChart, { points, timeZone: tz, compact })))).toEqual(
        [],
      );
    });
    it.each(phqCases)(`PHQ-9${compact ? " (compact)" : ""}: %s`, (_name, points) => {
      expect(problems(renderToStaticMarkup(createElement(Phq9TrendChart, { points, timeZone: tz, compact })))).toEqual(
        [],
      );
    });
  }

  it("writes every severity band's name and range on the PHQ-9 chart", () => {
    const texts = parseChart(
      renderToStaticMarkup(createElement(Phq9TrendChart, { points: phq([3, 8]), timeZone: tz })),
    ).labels.map((l) => l.text);
    expect(texts).toEqual(
      expect.arrayContaining(["Minimal 0-4", "Mild 5-9", "Moderate 10-14", "Moderately severe 15-19", "Severe 20-27"]),
    );
  });

  it("writes the PEG reference lines' labels", () => {
    const texts = parseChart(
      renderToStaticMarkup(createElement(PegTrendChart, { points: peg([70, 60]), timeZone: tz })),
    ).labels.map((l) => l.text);
    expect(texts).toEqual(expect.arrayContaining(["Baseline 7.0", "1-point drop: 6.0", "30% drop: 4.9"]));
  });
});
