import { toCsv } from "@/modules/audit/core/csv";
import type { Month } from "@/modules/care-program/core/dates";
import {
  measureDefinitions,
  measurePercent,
  type MeasureId,
  type MeasureSet,
  type MonthMeasures,
} from "@/modules/care-program/core/measures";
import type { CareProgramSettings } from "@/modules/care-program/core/settings";

/**
 * The measures dashboard's figures as plain data: counts and percents per measure per month, for
 * the clinic or one clinician, taken from computeMeasureSeries (care-program core: one definition
 * of "due", shared with the registry). Patient ids stay on the server; the page, the charts and
 * the CSV only see counts. Pure.
 */
export type MeasureCell = {
  month: Month;
  numerator: number;
  denominator: number;
  /** One decimal; null when nobody is in the denominator (nothing to measure that month). */
  percent: number | null;
  /** False for the month in progress (computed as of today). */
  complete: boolean;
};

export type MeasureRow = {
  id: MeasureId;
  title: string;
  /** "count": the number of patients is the figure (on LTOT); "percent": numerator over denominator. */
  kind: "count" | "percent";
  cells: MeasureCell[];
};

export type RegistrySet = "numerator" | "denominator";

const EMPTY = { numerator: [] as string[], denominator: [] as string[] };

/** The set a row reads: the clinic's, or one clinician's (a clinician with no LTOT patient that month has empty sets). */
function setOf(m: MonthMeasures, clinicianId: string | null): MeasureSet | null {
  return clinicianId === null ? m.clinic : (m.byClinician[clinicianId] ?? null);
}

export function measureRows(
  series: readonly MonthMeasures[],
  settings: CareProgramSettings,
  clinicianId: string | null = null,
): MeasureRow[] {
  return measureDefinitions.map((d) => ({
    id: d.id,
    title: d.title(settings),
    kind: d.id === "on-ltot" ? "count" : "percent",
    cells: series.map((m) => {
      const v = setOf(m, clinicianId)?.[d.id] ?? EMPTY;
      return {
        month: m.month,
        numerator: v.numerator.length,
        denominator: v.denominator.length,
        percent: measurePercent(v),
        complete: m.complete,
      };
    }),
  }));
}

/** The registry filtered to the patients behind a figure (the registry helper implements the filter). */
export function registryHref(
  measure: MeasureId,
  month: Month,
  set: RegistrySet,
  clinicianId: string | null = null,
): string {
  const q = new URLSearchParams({ measure, month, set });
  if (clinicianId !== null) q.set("clinician", clinicianId);
  return `/registry?${q.toString()}`;
}

const MONTHS = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
] as const;

/** "2026-03" -> "Mar 2026" (short) or "March 2026" (long). */
export function monthLabel(month: Month, style: "short" | "long" = "short"): string {
  const name = MONTHS[Number(month.slice(5, 7)) - 1] ?? month;
  return `${style === "short" ? name.slice(0, 3) : name} ${month.slice(0, 4)}`;
}

/** "75.0%", "0%", "100%", or "No patients" when the denominator is empty. */
export function formatPercent(p: number | null): string {
  if (p === null) return "No patients";
  return `${Number.isInteger(p) ? p : p.toFixed(1)}%`;
}

/** A cell in words, for titles and screen readers: "45 of 60 (75%)". */
export function cellInWords(row: Pick<MeasureRow, "kind">, c: MeasureCell): string {
  if (row.kind === "count") return `${c.numerator} patient${c.numerator === 1 ? "" : "s"}`;
  if (c.percent === null) return "no patients in the denominator";
  return `${c.numerator} of ${c.denominator} (${formatPercent(c.percent)})`;
}

export const MEASURES_CSV_HEADER = [
  "month",
  "scope",
  "measure_id",
  "measure",
  "numerator",
  "denominator",
  "percent",
  "month_complete",
] as const;

/**
 * The CSV export: one line per month per measure, counts only (no patient identifiers). The scope
 * is "clinic" or the clinician's name. An empty denominator leaves the percent blank.
 */
export function measuresCsv(rows: readonly MeasureRow[], scope: string): string {
  const lines: (string | number)[][] = [];
  const months = rows[0]?.cells.map((c) => c.month) ?? [];
  months.forEach((month, i) => {
    for (const r of rows) {
      const c = r.cells[i]!;
      lines.push([
        month,
        scope,
        r.id,
        r.title,
        c.numerator,
        c.denominator,
        c.percent === null ? "" : c.percent.toFixed(1),
        c.complete ? "yes" : "no",
      ]);
    }
  });
  return toCsv(MEASURES_CSV_HEADER, lines);
}
