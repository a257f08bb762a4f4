import { dateTimeFormat } from "@/lib/intl-cache";
// Longer than 300 lines on purpose: the PEG and PHQ-9 charts share one SVG layout; the
// geometry is pure and tested in assessments/core (chart layout), this is their markup.
import { IconText } from "@/components/ui/icon";
import { warningIcon } from "@/components/ui/icons";
import type { PegPoint, Phq9Point } from "../assessment-results.server";
import {
  markBesidePoint,
  placeLabels,
  pointBox,
  spotsAlongLine,
  spotsInBand,
  type LabelRequest,
  type PlacedLabel,
  type Rect,
} from "../core/chart-labels";
import { formatTenths, phq9Bands } from "../core/scoring";
import { chartLayout, makeScales, polylinePoints, timeTicks, type ChartBox, type Scales } from "../core/trend-chart";

/**
 * Server-rendered SVG trends (no client JS). Readable without color: thresholds and bands are
 * labelled in text, change markers differ by shape, every point has a <title> (hover/focus), and
 * a table with the same numbers follows each chart.
 */
function fmtDate(t: number, timeZone: string) {
  return dateTimeFormat("en-US", { timeZone, year: "numeric", month: "short", day: "numeric" }).format(new Date(t));
}

function XAxis({
  times,
  timeZone,
  x,
  box,
  fontSize,
  compact,
}: {
  times: number[];
  timeZone: string;
  x: (t: number) => number;
  box: ChartBox;
  fontSize: number;
  compact: boolean;
}) {
  return (
    <g aria-hidden="true" className="fill-slate-700">
      {timeTicks(times, timeZone, compact ? 4 : 6).map((tk, i, all) => (
        <text
          key={tk.t}
          x={x(tk.t)}
          y={box.height - 14}
          fontSize={fontSize}
          textAnchor={all.length === 1 ? "middle" : i === 0 ? "start" : i === all.length - 1 ? "end" : "middle"}
        >
          {tk.label}
        </text>
      ))}
    </g>
  );
}

const plotRect = (s: Scales): Rect => ({ x0: s.plotLeft, x1: s.plotRight, y0: s.plotTop, y1: s.plotBottom });

function Label({ l, className }: { l: PlacedLabel | undefined; className: string }) {
  if (!l) return null;
  return (
    <text x={l.x} y={l.y} fontSize={l.fontSize} textAnchor={l.anchor} className={className}>
      {l.text}
    </text>
  );
}

/** The PEG change markers, also drawn beside their explanation in the caption and the summary. */
export function Drop30Marker() {
  return (
    <svg
      viewBox="0 0 14 10"
      width="1em"
      height="0.75em"
      aria-hidden="true"
      focusable="false"
      className="inline-block align-baseline"
    >
      <path d="M 0 0 L 14 0 L 7 10 Z" className="fill-indigo-800" />
    </svg>
  );
}

export function Drop1Marker() {
  return (
    <svg
      viewBox="0 0 12 12"
      width="0.8em"
      height="0.8em"
      aria-hidden="true"
      focusable="false"
      className="inline-block align-baseline"
    >
      <rect x={2} y={2} width={8} height={8} transform="rotate(45 6 6)" className="fill-teal-800" />
    </svg>
  );
}

export function PegTrendChart({
  points,
  timeZone,
  compact = false,
}: {
  points: PegPoint[];
  timeZone: string;
  compact?: boolean;
}) {
  if (points.length === 0) return <p className="text-slate-700">No PEG answers yet.</p>;
  const { box, fontSize } = chartLayout(compact);
  const times = points.map((p) => p.t);
  const s = makeScales(times, 0, 10, box);
  const r = points.length > 30 ? 3 : 4.5;
  const base = points[0]!;
  const last = points.at(-1)!;
  const line30 = (base.scoreTenths * 7) / 10; // 30% below baseline (Farrar 2001)
  const line1 = base.scoreTenths - 10; // 1 point below baseline (Reed 2023)
  const summary = `PEG from ${fmtDate(base.t, timeZone)} to ${fmtDate(last.t, timeZone)}, ${points.length} answers. Baseline ${base.display}, latest ${last.display}${
    last.percentChange === null ? "" : ` (${last.percentChange > 0 ? "+" : ""}${last.percentChange}% from baseline)`
  }. ${last.drop30Percent ? "Latest meets the 30% improvement mark. " : ""}${last.drop1Point ? "Latest meets the 1-point improvement mark." : ""}`;
  const id = `peg-${base.responseId.slice(0, 8)}`;
  // Points and their change markers (triangle below, diamond above) are what labels must not cover.
  const obstacles = points.flatMap((p) => {
    const x = s.x(p.t);
    const y = s.y(p.scoreTenths / 10);
    return [
      pointBox(x, y, r),
      ...(p.drop30Percent ? [{ x0: x - 7, x1: x + 7, y0: y + 9, y1: y + 18 }] : []),
      ...(p.drop1Point ? [{ x0: x - 6, x1: x + 6, y0: y - 18, y1: y - 6 }] : []),
    ];
  });
  const plot = plotRect(s);
  const baseY = s.y(base.scoreTenths / 10);
  const requests: LabelRequest[] = [
    {
      id: "base",
      text: `Baseline ${base.display}`,
      fontSize,
      spots: spotsAlongLine(baseY, fontSize, plot, ["above-end", "below-end", "above-start", "below-start"]),
    },
  ];
  if (line1 >= 0)
    requests.push({
      id: "one",
      text: `1-point drop: ${formatTenths(line1)}`,
      fontSize,
      spots: spotsAlongLine(s.y(line1 / 10), fontSize, plot, ["below-end", "above-end", "below-start", "above-start"]),
    });
  if (base.scoreTenths > 0)
    requests.push({
      id: "thirty",
      text: `30% drop: ${(line30 / 10).toFixed(1)}`,
      fontSize,
      spots: spotsAlongLine(s.y(line30 / 10), fontSize, plot, ["below-start", "above-start", "below-end", "above-end"]),
    });
  const labels = new Map(placeLabels(requests, obstacles, plot).map((l) => [l.id, l]));
  return (
    <figure className="flex flex-col gap-2">
      <svg
        viewBox={`0 0 ${box.width} ${box.height}`}
        role="img"
        aria-labelledby={`${id}-t ${id}-d`}
        className="h-auto w-full max-w-3xl"
      >
        <title id={`${id}-t`}>PEG score over time (0 to 10, lower is better)</title>
        <desc id={`${id}-d`}>{summary}</desc>
        {[0, 2, 4, 6, 8, 10].map((v) => (
          <g key={v} aria-hidden="true">
            <line x1={s.plotLeft} x2={s.plotRight} y1={s.y(v)} y2={s.y(v)} className="stroke-slate-200" />
            <text
              x={s.plotLeft - 6}
              y={s.y(v) + 0.35 * fontSize}
              fontSize={fontSize}
              textAnchor="end"
              className="fill-slate-700"
            >
              {v}
            </text>
          </g>
        ))}
        <g aria-hidden="true">
          <line
            x1={s.plotLeft}
            x2={s.plotRight}
            y1={baseY}
            y2={baseY}
            className="stroke-slate-800"
            strokeDasharray="6 3"
          />
          {line1 >= 0 ? (
            <line
              x1={s.plotLeft}
              x2={s.plotRight}
              y1={s.y(line1 / 10)}
              y2={s.y(line1 / 10)}
              className="stroke-teal-800"
              strokeDasharray="2 3"
            />
          ) : null}
          {base.scoreTenths > 0 ? (
            <line
              x1={s.plotLeft}
              x2={s.plotRight}
              y1={s.y(line30 / 10)}
              y2={s.y(line30 / 10)}
              className="stroke-indigo-800"
              strokeDasharray="8 2 2 2"
            />
          ) : null}
        </g>
        <polyline
          points={polylinePoints(points.map((p) => ({ x: s.x(p.t), y: s.y(p.scoreTenths / 10) })))}
          fill="none"
          className="stroke-slate-900"
          strokeWidth={2}
          aria-hidden="true"
        />
        {points.map((p) => {
          const x = s.x(p.t);
          const y = s.y(p.scoreTenths / 10);
          const marks = [p.drop30Percent ? "meets 30% drop" : null, p.drop1Point ? "meets 1-point drop" : null]
            .filter(Boolean)
            .join(", ");
          return (
            <g
              key={p.responseId}
              tabIndex={compact ? undefined : 0}
              className="outline-none focus-visible:[&>circle]:stroke-[3px]"
            >
              <title>{`${fmtDate(p.t, timeZone)}: PEG ${p.display}${marks ? ` (${marks})` : ""}`}</title>
              {p.drop30Percent ? (
                <path
                  d={`M ${x - 7} ${y + 9} L ${x + 7} ${y + 9} L ${x} ${y + 18} Z`}
                  className="fill-indigo-800"
                  aria-hidden="true"
                />
              ) : null}
              {p.drop1Point ? (
                <rect
                  x={x - 4}
                  y={y - 16}
                  width={8}
                  height={8}
                  transform={`rotate(45 ${x} ${y - 12})`}
                  className="fill-teal-800"
                  aria-hidden="true"
                />
              ) : null}
              <circle cx={x} cy={y} r={r} className="fill-white stroke-slate-900" strokeWidth={2} />
            </g>
          );
        })}
        {/* Labels last, so they sit on top of the lines (placed clear of every point). */}
        <g aria-hidden="true">
          <Label l={labels.get("base")} className="fill-slate-900" />
          <Label l={labels.get("one")} className="fill-teal-900" />
          <Label l={labels.get("thirty")} className="fill-indigo-900" />
        </g>
        <XAxis times={times} timeZone={timeZone} x={s.x} box={box} fontSize={fontSize} compact={compact} />
      </svg>
      <figcaption className="text-sm text-slate-700">
        Lower is better. Markers: <Drop30Marker /> a drop of at least 30% from baseline; <Drop1Marker /> a drop of at
        least 1 point. PEG has no validated severity bands.
      </figcaption>
      {compact ? null : (
        <details>
          <summary className="cursor-pointer font-medium underline underline-offset-2">PEG numbers as a table</summary>
          <table className="mt-2 w-full max-w-xl text-left text-sm">
            <caption className="sr-only">PEG answers with change from baseline</caption>
            <thead>
              <tr>
                <th scope="col" className="py-1 pr-3">
                  Date
                </th>
                <th scope="col" className="py-1 pr-3">
                  PEG
                </th>
                <th scope="col" className="py-1 pr-3">
                  Change
                </th>
                <th scope="col" className="py-1">
                  Meaningful drop
                </th>
              </tr>
            </thead>
            <tbody>
              {[...points].reverse().map((p) => (
                <tr key={p.responseId} className="border-t border-slate-200">
                  <td className="py-1 pr-3">{fmtDate(p.t, timeZone)}</td>
                  <td className="py-1 pr-3">{p.display}</td>
                  <td className="py-1 pr-3">
                    {p.responseId === base.responseId
                      ? "Baseline"
                      : p.percentChange === null
                        ? "-"
                        : `${p.percentChange > 0 ? "+" : ""}${p.percentChange}%`}
                  </td>
                  <td className="py-1">
                    {[p.drop30Percent ? "≥ 30%" : null, p.drop1Point ? "≥ 1 point" : null].filter(Boolean).join(", ") ||
                      "No"}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      )}
    </figure>
  );
}

// Band shades get darker with severity; the band's name is written inside it as well.
const bandFill = ["fill-slate-50", "fill-slate-100", "fill-amber-50", "fill-amber-100", "fill-red-100"];

export function Phq9TrendChart({
  points,
  timeZone,
  compact = false,
}: {
  points: Phq9Point[];
  timeZone: string;
  compact?: boolean;
}) {
  if (points.length === 0) return <p className="text-slate-700">No PHQ-9 answers yet.</p>;
  const { box, fontSize } = chartLayout(compact);
  const times = points.map((p) => p.t);
  // Band names are written inside their bands (clear of the points), not in a right margin
  // where "Moderately severe 15-19" did not fit.
  const s = makeScales(times, 0, 27, box);
  const r = points.length > 30 ? 3 : 4.5;
  const first = points[0]!;
  const last = points.at(-1)!;
  const flagged = points.filter((p) => p.safetyFlag).length;
  const summary = `PHQ-9 from ${fmtDate(first.t, timeZone)} to ${fmtDate(last.t, timeZone)}, ${points.length} answers. Latest ${last.total} (${last.severity}).${flagged ? ` ${flagged} answer(s) with item 9 above 0.` : ""}`;
  const id = `phq-${first.responseId.slice(0, 8)}`;
  const bands = phq9Bands.map((b, i) => ({
    ...b,
    yTop: s.y(b.max + (i === phq9Bands.length - 1 ? 0 : 0.5)),
    yBottom: s.y(Math.max(0, b.min - 0.5)),
  }));
  const obstacles = points.flatMap((p) => {
    const x = s.x(p.t);
    const y = s.y(p.total);
    return [pointBox(x, y, r), ...(p.safetyFlag ? [markBesidePoint(x, y, r, 13, 0).box] : [])];
  });
  const plot = plotRect(s);
  const bandLabels = new Map(
    placeLabels(
      bands.map((b) => ({
        id: b.severity,
        text: `${b.severity[0]!.toUpperCase()}${b.severity.slice(1)} ${b.min}-${b.max}`,
        fontSize,
        spots: spotsInBand(b.yTop, b.yBottom, fontSize, plot),
      })),
      obstacles,
      plot,
    ).map((l) => [l.id, l]),
  );
  return (
    <figure className="flex flex-col gap-2">
      <svg
        viewBox={`0 0 ${box.width} ${box.height}`}
        role="img"
        aria-labelledby={`${id}-t ${id}-d`}
        className="h-auto w-full max-w-3xl"
      >
        <title id={`${id}-t`}>PHQ-9 total over time (0 to 27) with severity bands</title>
        <desc id={`${id}-d`}>{summary}</desc>
        {bands.map((b, i) => (
          <g key={b.severity} aria-hidden="true">
            <rect
              x={s.plotLeft}
              width={s.plotRight - s.plotLeft}
              y={b.yTop}
              height={b.yBottom - b.yTop}
              className={bandFill[i]}
            />
            <line x1={s.plotLeft} x2={s.plotRight} y1={b.yTop} y2={b.yTop} className="stroke-slate-300" />
          </g>
        ))}
        <g aria-hidden="true">
          {bands.map((b) => (
            <Label key={b.severity} l={bandLabels.get(b.severity)} className="fill-slate-800" />
          ))}
        </g>
        {[0, 5, 10, 15, 20, 27].map((v) => (
          <text
            key={v}
            x={s.plotLeft - 6}
            y={s.y(v) + 0.35 * fontSize}
            fontSize={fontSize}
            textAnchor="end"
            className="fill-slate-700"
            aria-hidden="true"
          >
            {v}
          </text>
        ))}
        <polyline
          points={polylinePoints(points.map((p) => ({ x: s.x(p.t), y: s.y(p.total) })))}
          fill="none"
          className="stroke-slate-900"
          strokeWidth={2}
          aria-hidden="true"
        />
        {points.map((p) => {
          const x = s.x(p.t);
          const y = s.y(p.total);
          return (
            <g key={p.responseId} tabIndex={compact ? undefined : 0} className="outline-none">
              <title>{`${fmtDate(p.t, timeZone)}: PHQ-9 ${p.total} (${p.severity})${p.safetyFlag ? ", item 9 above 0" : ""}`}</title>
              {p.safetyFlag ? (
                <text
                  x={x}
                  y={markBesidePoint(x, y, r, 13, 0).y}
                  fontSize={13}
                  textAnchor="middle"
                  className="fill-red-800 font-bold"
                  aria-hidden="true"
                >
                  !
                </text>
              ) : null}
              <circle cx={x} cy={y} r={r} className="fill-white stroke-slate-900" strokeWidth={2} />
            </g>
          );
        })}
        <XAxis times={times} timeZone={timeZone} x={s.x} box={box} fontSize={fontSize} compact={compact} />
      </svg>
      <figcaption className="text-sm text-slate-700">
        Bands (Kroenke 2001): minimal 0-4, mild 5-9, moderate 10-14, moderately severe 15-19, severe 20-27.{" "}
        <span aria-hidden="true">!</span> marks an answer with item 9 above 0.
      </figcaption>
      {compact ? null : (
        <details>
          <summary className="cursor-pointer font-medium underline underline-offset-2">
            PHQ-9 numbers as a table
          </summary>
          <table className="mt-2 w-full max-w-xl text-left text-sm">
            <caption className="sr-only">PHQ-9 totals and severity</caption>
            <thead>
              <tr>
                <th scope="col" className="py-1 pr-3">
                  Date
                </th>
                <th scope="col" className="py-1 pr-3">
                  Total
                </th>
                <th scope="col" className="py-1 pr-3">
                  Severity
                </th>
                <th scope="col" className="py-1">
                  Item 9
                </th>
              </tr>
            </thead>
            <tbody>
              {[...points].reverse().map((p) => (
                <tr key={p.responseId} className="border-t border-slate-200">
                  <td className="py-1 pr-3">{fmtDate(p.t, timeZone)}</td>
                  <td className="py-1 pr-3">{p.total}</td>
                  <td className="py-1 pr-3">{p.severity}</td>
                  <td className="py-1">{p.safetyFlag ? <IconText icon={warningIcon}>Above 0</IconText> : "0"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      )}
    </figure>
  );
}
