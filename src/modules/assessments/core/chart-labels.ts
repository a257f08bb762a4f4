/**
 * Where the trend charts write their labels (reference lines, severity bands): pure geometry, so
 * "a label is never cut off and never covers a data point" (docs/ux-principles.md#visual-language) is a
 * tested rule rather than a hope. Each label lists the spots it may take, best first; the first
 * spot that lies inside the plot and touches no data point and no label already placed wins.
 * When every spot is taken, the spot with the least overlap wins (still inside the plot).
 */
export type Rect = { x0: number; y0: number; x1: number; y1: number };

export type Anchor = "start" | "end";

/** One spot for a label: the text's anchor point (SVG x, baseline y) and alignment. */
export type Spot = { x: number; y: number; anchor: Anchor };

export type PlacedLabel = Spot & { id: string; text: string; fontSize: number; box: Rect; clear: boolean };

export type LabelRequest = { id: string; text: string; fontSize: number; spots: Spot[] };

/**
 * Text box of a label. Browsers lay sans-serif text at about 0.5 em per character; 0.6 em errs
 * on the wide side so a real label is never longer than its box. Ascent 0.8 em, descent 0.25 em.
 */
export function textBox(text: string, fontSize: number, spot: Spot): Rect {
  const w = text.length * fontSize * 0.6;
  const x0 = spot.anchor === "end" ? spot.x - w : spot.x;
  return { x0, x1: x0 + w, y0: spot.y - 0.8 * fontSize, y1: spot.y + 0.25 * fontSize };
}

export function overlapArea(a: Rect, b: Rect): number {
  const w = Math.min(a.x1, b.x1) - Math.max(a.x0, b.x0);
  const h = Math.min(a.y1, b.y1) - Math.max(a.y0, b.y0);
  return w > 0 && h > 0 ? w * h : 0;
}

export function inside(inner: Rect, outer: Rect): boolean {
  return inner.x0 >= outer.x0 && inner.x1 <= outer.x1 && inner.y0 >= outer.y0 && inner.y1 <= outer.y1;
}

/** Moves a spot the least distance that brings its box inside the bounds (a label longer than the bounds keeps its start inside). */
function clampSpot(text: string, fontSize: number, spot: Spot, bounds: Rect): Spot {
  const b = textBox(text, fontSize, spot);
  const dx = b.x1 > bounds.x1 ? bounds.x1 - b.x1 : 0;
  const dx2 = b.x0 + dx < bounds.x0 ? bounds.x0 - (b.x0 + dx) : 0;
  const dy = b.y1 > bounds.y1 ? bounds.y1 - b.y1 : b.y0 < bounds.y0 ? bounds.y0 - b.y0 : 0;
  return { ...spot, x: spot.x + dx + dx2, y: spot.y + dy };
}

/** Places labels in order (earlier labels take their spots first), avoiding obstacles and each other. */
export function placeLabels(
  requests: readonly LabelRequest[],
  obstacles: readonly Rect[],
  bounds: Rect,
): PlacedLabel[] {
  const placed: PlacedLabel[] = [];
  for (const r of requests) {
    const taken = [...obstacles, ...placed.map((p) => p.box)];
    let best: { spot: Spot; box: Rect; cost: number } | null = null;
    for (const raw of r.spots) {
      const spot = clampSpot(r.text, r.fontSize, raw, bounds);
      const box = textBox(r.text, r.fontSize, spot);
      const cost = taken.reduce((sum, o) => sum + overlapArea(box, o), 0);
      if (!best || cost < best.cost) best = { spot, box, cost };
      if (cost === 0) break;
    }
    if (!best) continue;
    placed.push({ id: r.id, text: r.text, fontSize: r.fontSize, ...best.spot, box: best.box, clear: best.cost === 0 });
  }
  return placed;
}

/** A data point as an obstacle: its circle's square plus a little air. */
export function pointBox(x: number, y: number, r: number, pad = 2): Rect {
  return { x0: x - r - pad, x1: x + r + pad, y0: y - r - pad, y1: y + r + pad };
}

/**
 * Spots along a horizontal reference line at height `lineY`: just above and just below it, at the
 * right end, the left end, then evenly between (`steps` positions), in the order given by `prefer`.
 */
export function spotsAlongLine(
  lineY: number,
  fontSize: number,
  plot: Rect,
  prefer: readonly ("above-end" | "below-end" | "above-start" | "below-start")[],
  steps = 8,
): Spot[] {
  const gap = 3;
  const above = lineY - gap - 0.25 * fontSize;
  const below = lineY + gap + 0.8 * fontSize;
  const pad = 4;
  const named = {
    "above-end": { x: plot.x1 - pad, y: above, anchor: "end" as const },
    "below-end": { x: plot.x1 - pad, y: below, anchor: "end" as const },
    "above-start": { x: plot.x0 + pad, y: above, anchor: "start" as const },
    "below-start": { x: plot.x0 + pad, y: below, anchor: "start" as const },
  };
  const spots: Spot[] = prefer.map((p) => named[p]);
  for (let i = 1; i < steps; i++) {
    const x = plot.x0 + pad + ((plot.x1 - plot.x0 - 2 * pad) * i) / steps;
    spots.push(
      { x, y: above, anchor: "start" },
      { x, y: below, anchor: "start" },
      { x, y: above, anchor: "end" },
      { x, y: below, anchor: "end" },
    );
  }
  return spots;
}

/**
 * Spots inside a horizontal band (top..bottom): vertically centred, at the right end first,
 * then the left end, then evenly between; then along its upper and lower edges.
 */
export function spotsInBand(top: number, bottom: number, fontSize: number, plot: Rect, steps = 8): Spot[] {
  const pad = 4;
  const mid = (top + bottom) / 2 + 0.28 * fontSize;
  const rows = [mid, top + 0.8 * fontSize + 1, bottom - 0.25 * fontSize - 1];
  const spots: Spot[] = [];
  for (const y of rows) {
    spots.push({ x: plot.x1 - pad, y, anchor: "end" }, { x: plot.x0 + pad, y, anchor: "start" });
    for (let i = 1; i < steps; i++)
      spots.push({ x: plot.x0 + pad + ((plot.x1 - plot.x0 - 2 * pad) * i) / steps, y, anchor: "start" });
  }
  return spots;
}

/**
 * A one-character mark beside a point ("!" for item 9 above 0): just above the point, or just
 * below it when above would leave the drawing (a PHQ-9 of 27 sits on the top edge).
 */
export function markBesidePoint(
  x: number,
  y: number,
  r: number,
  fontSize: number,
  top: number,
): { y: number; box: Rect } {
  const gap = r + 4;
  const w = fontSize * 0.6;
  const above = y - gap - 0.25 * fontSize;
  const baseline = above - 0.8 * fontSize >= top ? above : y + gap + 0.8 * fontSize;
  return {
    y: baseline,
    box: { x0: x - w / 2, x1: x + w / 2, y0: baseline - 0.8 * fontSize, y1: baseline + 0.25 * fontSize },
  };
}
