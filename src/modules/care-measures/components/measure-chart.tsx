import Link from "next/link";
import { measureChartModel, CHART_FONT } from "../core/chart";
import { cellInWords, monthLabel, registryHref, type MeasureRow } from "../core/report";

/**
 * One measure's 12-month trend as server-rendered SVG (no client JS), in the house style of the
 * PEG chart: labelled axes, every value written beside its point, a <title> and a <desc> with
 * every month in words. Readable without color: the selected figures are a solid line with round
 * markers, the clinic beside a clinician a dashed line with square markers (named in the
 * legend); the month in progress has a hollow marker and a star; a month without patients says
 * "none" at the baseline and breaks the line.
 */
export function MeasureChart({
  row,
  clinicRow,
  scopeName,
  registryLinks,
  clinicianId,
}: {
  row: MeasureRow;
  clinicRow: MeasureRow | null;
  scopeName: string;
  registryLinks: boolean;
  clinicianId: string | null;
}) {
  const values = (r: MeasureRow) =>
    r.cells.map((c) => ({ month: c.month, value: r.kind === "count" ? c.numerator : c.percent, complete: c.complete }));
  const m = measureChartModel(clinicRow ? [values(row), values(clinicRow)] : [values(row)], row.kind);
  const [main, clinic] = m.series;
  const id = `measure-${row.id}`;
  const inProgress = row.cells.find((c) => !c.complete);
  const latest = row.cells.at(-1);
  const latestComplete = [...row.cells].reverse().find((c) => c.complete) ?? latest;
  const desc = `${scopeName}, ${monthLabel(row.cells[0]?.month ?? "", "long")} to ${monthLabel(latest?.month ?? "", "long")}: ${row.cells
    .map((c) => `${monthLabel(c.month, "long")}${c.complete ? "" : " (so far)"} ${cellInWords(row, c)}`)
    .join("; ")}.${clinicRow ? ` Dashed line: the whole clinic.` : ""}`;
  const yTitle = row.kind === "count" ? "Patients" : "Percent of patients";
  return (
    <figure aria-labelledby={`${id}-h`} className="flex flex-col gap-2 rounded-lg border border-slate-200 bg-white p-3">
      <h3 id={`${id}-h`} className="font-semibold text-slate-900">
        {row.title}
      </h3>
      <svg
        viewBox={`0 0 ${m.box.width} ${m.box.height}`}
        role="img"
        aria-label={`${row.title}: trend over ${row.cells.length} months`}
        aria-describedby={`${id}-d`}
        className="h-auto w-full"
      >
        <title>{`${row.title}: trend over ${row.cells.length} months`}</title>
        <desc id={`${id}-d`}>{desc}</desc>
        <g aria-hidden="true">
          <text x={4} y={13} fontSize={CHART_FONT} className="fill-slate-700">
            {yTitle}
          </text>
          {m.yTicks.map((t) => (
            <g key={t.value}>
              <line x1={m.plotLeft} x2={m.plotRight} y1={t.y} y2={t.y} className="stroke-slate-200" />
              <text
                x={m.plotLeft - 5}
                y={t.y + 0.35 * CHART_FONT}
                fontSize={CHART_FONT}
                textAnchor="end"
                className="fill-slate-700"
              >
                {t.label}
              </text>
            </g>
          ))}
          <line x1={m.plotLeft} x2={m.plotRight} y1={m.plotBottom} y2={m.plotBottom} className="stroke-slate-500" />
          {m.xTicks.map((t) => (
            <g key={t.x}>
              <text x={t.x} y={m.box.height - 24} fontSize={CHART_FONT} textAnchor="middle" className="fill-slate-700">
                {t.label}
              </text>
              {t.year ? (
                <text x={t.x} y={m.box.height - 8} fontSize={CHART_FONT} textAnchor="middle" className="fill-slate-700">
                  {t.year}
                </text>
              ) : null}
            </g>
          ))}
          {clinic ? (
            <>
              {clinic.segments.map((pts) => (
                <polyline
                  key={pts}
                  points={pts}
                  fill="none"
                  className="stroke-slate-500"
                  strokeWidth={1.5}
                  strokeDasharray="5 4"
                />
              ))}
              {clinic.points.map((p) =>
                p.y === null ? null : (
                  <rect
                    key={p.month}
                    x={p.x - 3}
                    y={p.y - 3}
                    width={6}
                    height={6}
                    className={p.complete ? "fill-slate-500" : "fill-white stroke-slate-500"}
                  />
                ),
              )}
            </>
          ) : null}
          {main!.segments.map((pts) => (
            <polyline key={pts} points={pts} fill="none" className="stroke-teal-900" strokeWidth={2} />
          ))}
          {main!.points.map((p) => (
            <g key={p.month}>
              {p.y === null ? null : (
                <circle
                  cx={p.x}
                  cy={p.y}
                  r={4}
                  className={p.complete ? "fill-teal-900 stroke-teal-900" : "fill-white stroke-teal-900"}
                  strokeWidth={2}
                />
              )}
              <text
                x={p.x}
                y={p.labelY}
                fontSize={p.y === null ? CHART_FONT - 1 : CHART_FONT}
                textAnchor="middle"
                className={p.y === null ? "fill-slate-600 italic" : "fill-slate-900 font-semibold"}
              >
                {p.label}
              </text>
            </g>
          ))}
        </g>
      </svg>
      <figcaption className="text-sm text-slate-700">
        {latestComplete ? (
          <p>
            {monthLabel(latestComplete.month, "long")}: {cellInWords(row, latestComplete)}.
            {registryLinks && latestComplete.denominator > 0 ? (
              <>
                {" "}
                <Link
                  className="underline underline-offset-2 hover:text-teal-900"
                  href={registryHref(row.id, latestComplete.month, "numerator", clinicianId)}
                >
                  {row.kind === "count"
                    ? "Open these patients in the registry"
                    : `The ${latestComplete.numerator} counted`}
                  <span className="sr-only">{` for ${row.title}, ${monthLabel(latestComplete.month, "long")}`}</span>
                </Link>
                {row.kind === "count" ? null : (
                  <>
                    {" · "}
                    <Link
                      className="underline underline-offset-2 hover:text-teal-900"
                      href={registryHref(row.id, latestComplete.month, "denominator", clinicianId)}
                    >
                      All {latestComplete.denominator}
                      <span className="sr-only">{` in the denominator of ${row.title}, ${monthLabel(latestComplete.month, "long")}`}</span>
                    </Link>
                  </>
                )}
              </>
            ) : null}
          </p>
        ) : null}
        {clinicRow ? (
          <p>
            <LegendLine dashed={false} /> {scopeName} <LegendLine dashed /> Whole clinic
          </p>
        ) : null}
        {inProgress ? (
          <p>* {monthLabel(inProgress.month, "long")} is in progress: counted as of today, hollow marker.</p>
        ) : null}
      </figcaption>
    </figure>
  );
}

function LegendLine({ dashed }: { dashed: boolean }) {
  return (
    <svg
      viewBox="0 0 28 10"
      width="2em"
      height="0.8em"
      aria-hidden="true"
      focusable="false"
      className="inline-block align-baseline"
    >
      <line
        x1={0}
        x2={28}
        y1={5}
        y2={5}
        className={dashed ? "stroke-slate-500" : "stroke-teal-900"}
        strokeWidth={2}
        strokeDasharray={dashed ? "5 4" : undefined}
      />
      {dashed ? (
        <rect x={11} y={2} width={6} height={6} className="fill-slate-500" />
      ) : (
        <circle cx={14} cy={5} r={3.5} className="fill-teal-900" />
      )}
    </svg>
  );
}
