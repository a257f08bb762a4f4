import Link from "next/link";
import {
  cellInWords,
  formatPercent,
  monthLabel,
  registryHref,
  type MeasureCell,
  type MeasureRow,
} from "../core/report";

/**
 * The measures as a table: one row per measure, one column per month, each cell numerator /
 * denominator and the percent. With registry links (clinicians and coordinators), the numerator
 * and the denominator each open the registry on the patients behind them; admins see the numbers
 * only. The box scrolls sideways at 360 px (keyboard: it takes focus).
 */
export function MeasuresTable({
  rows,
  scopeName,
  registryLinks,
  clinicianId,
}: {
  rows: MeasureRow[];
  scopeName: string;
  registryLinks: boolean;
  clinicianId: string | null;
}) {
  const months = rows[0]?.cells ?? [];
  return (
    <div
      role="region"
      aria-labelledby="measures-table-caption"
      tabIndex={0}
      className="relative overflow-x-auto rounded-lg border border-slate-200 bg-white focus:outline-none focus-visible:ring-2 focus-visible:ring-teal-700"
    >
      <table className="w-full text-left text-sm">
        <caption id="measures-table-caption" className="px-3 py-2 text-left font-semibold text-slate-900">
          {scopeName}: patients counted / patients in the measure, and the percent, per month
        </caption>
        <thead className="bg-slate-50">
          <tr>
            <th scope="col" className="min-w-48 px-3 py-2">
              Measure
            </th>
            {months.map((c) => (
              <th key={c.month} scope="col" className="px-3 py-2 text-right whitespace-nowrap">
                {monthLabel(c.month)}
                {c.complete ? null : (
                  <>
                    <span aria-hidden="true">*</span>
                    <span className="sr-only"> (in progress)</span>
                  </>
                )}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.id} className="border-t border-slate-200 align-top">
              <th scope="row" className="px-3 py-2 font-medium text-slate-900">
                {r.title}
              </th>
              {r.cells.map((c) => (
                <td
                  key={c.month}
                  className="px-3 py-2 text-right whitespace-nowrap tabular-nums"
                  title={cellInWords(r, c)}
                >
                  <Cell row={r} cell={c} registryLinks={registryLinks} clinicianId={clinicianId} />
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Figure({ n, href, label }: { n: number; href: string | null; label: string }) {
  if (href === null) return <>{n}</>;
  return (
    <Link href={href} className="underline underline-offset-2 hover:text-teal-900">
      {n}
      <span className="sr-only">{label}</span>
    </Link>
  );
}

function Cell({
  row,
  cell,
  registryLinks,
  clinicianId,
}: {
  row: MeasureRow;
  cell: MeasureCell;
  registryLinks: boolean;
  clinicianId: string | null;
}) {
  const link = registryLinks && cell.denominator > 0;
  const when = monthLabel(cell.month, "long");
  if (row.kind === "count") {
    return (
      <Figure
        n={cell.numerator}
        href={link ? registryHref(row.id, cell.month, "numerator", clinicianId) : null}
        label={` patients on LTOT, ${when}: open in the registry`}
      />
    );
  }
  return (
    <>
      <span className="block">
        <Figure
          n={cell.numerator}
          href={link ? registryHref(row.id, cell.month, "numerator", clinicianId) : null}
          label={` counted, ${when}: open in the registry`}
        />
        {" / "}
        <Figure
          n={cell.denominator}
          href={link ? registryHref(row.id, cell.month, "denominator", clinicianId) : null}
          label={` in the measure, ${when}: open in the registry`}
        />
      </span>
      <span className={`block ${cell.percent === null ? "text-slate-600 italic" : "font-semibold"}`}>
        {formatPercent(cell.percent)}
      </span>
    </>
  );
}
