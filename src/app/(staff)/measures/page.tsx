import type { Metadata } from "next";
import Link from "next/link";
import { buttonClass } from "@/components/ui/button-class";
import { SelectField } from "@/components/ui/field";
import { Notice } from "@/components/ui/form-status";
import { IconText } from "@/components/ui/icon";
import { resultIcon } from "@/components/ui/icons";
import { PageHeader } from "@/components/ui/page-header";
import { fieldErrors } from "@/lib/forms";
import { parseInput } from "@/lib/input";
import { MeasureChart } from "@/modules/care-measures/components/measure-chart";
import { MeasuresTable } from "@/modules/care-measures/components/measures-table";
import { formatLocalDate } from "@/modules/care-program/core/dates";
import { getMeasuresDashboard } from "@/modules/care-measures/index.server";
import { measuresRoles } from "@/modules/care-measures/policy";
import { measuresFilterKeys, measuresFilterSchema } from "@/modules/care-measures/schemas";
import { requireActor } from "@/server/auth/actor";
import { flatParams, type SearchParams } from "@/server/page-data";
import { getRequestContext } from "@/server/request-context";

export const metadata: Metadata = { title: "Measures" };

/**
 * The clinic's measures (issue 12, part 6): the last 12 months for the clinic or one clinician,
 * as a table and as one trend chart per measure. Every month is computed from the records as they
 * stood at its end (docs/decisions/care-program-measures.md); clinicians and coordinators can
 * open the patients behind each figure in the registry.
 */
export default async function MeasuresPage({ searchParams }: { searchParams: SearchParams }) {
  const actor = await requireActor(measuresRoles);
  const raw = await flatParams(searchParams, measuresFilterKeys);
  const parsed = parseInput(measuresFilterSchema, raw);
  const data = parsed.success
    ? await getMeasuresDashboard(actor, parsed.data, await getRequestContext())
    : { errors: fieldErrors(parsed.error) };
  const description =
    "Patients on long-term opioid therapy (LTOT) and how their care meets the program, per month for the last 12 months. A past month counts the records as they stood at its end.";
  if ("errors" in data) {
    return (
      <>
        <PageHeader title="Measures" description={description} />
        <Notice kind="error">
          {Object.values(data.errors).flat().join(" ")}.{" "}
          <Link href="/measures" className="underline underline-offset-2">
            Show the whole clinic
          </Link>{" "}
          or pick a clinician from the list there.
        </Notice>
      </>
    );
  }
  const scopeName = data.clinician ? data.clinician.name : "Whole clinic";
  const clinicianId = data.clinician?.id ?? null;
  const csv = `/measures/export${clinicianId ? `?${new URLSearchParams({ clinician: clinicianId })}` : ""}`;
  const inProgress = data.rows[0]?.cells.some((c) => !c.complete);
  return (
    <>
      <PageHeader
        title="Measures"
        description={description}
        actions={
          <a href={csv} className={buttonClass("secondary")} download>
            <IconText icon={resultIcon}>Download CSV</IconText>
            <span className="sr-only"> of the figures shown ({scopeName}, 12 months)</span>
          </a>
        }
      />
      <form
        method="get"
        className="mb-6 flex flex-wrap items-end gap-3 rounded-lg border border-slate-200 bg-white p-4"
      >
        <SelectField
          name="clinician"
          label="Clinician"
          defaultValue={clinicianId ?? ""}
          placeholder="Whole clinic"
          options={data.clinicians.map((c) => ({ value: c.id, label: c.name }))}
          hint="A clinician's patients in a month are those they were the responsible clinician for at its end."
          className="min-w-64"
        />
        <button type="submit" className={buttonClass("primary")}>
          Show
        </button>
      </form>
      <p className="mb-4 text-slate-700">
        {scopeName}, {data.months.length} months to {formatLocalDate(data.today)}.
        {inProgress ? " * The month in progress is counted as of today." : ""}
        {data.registryLinks ? " Select a number to open those patients in the registry." : ""}
      </p>
      <section aria-labelledby="measures-table-h" className="mb-8">
        <h2 id="measures-table-h" className="mb-2 text-xl font-semibold text-slate-900">
          Table
        </h2>
        <MeasuresTable
          rows={data.rows}
          scopeName={scopeName}
          registryLinks={data.registryLinks}
          clinicianId={clinicianId}
        />
      </section>
      <section aria-labelledby="measures-charts-h">
        <h2 id="measures-charts-h" className="mb-2 text-xl font-semibold text-slate-900">
          Trends
        </h2>
        <div className="grid gap-4 md:grid-cols-2 xl:grid-cols-3">
          {data.rows.map((r, i) => (
            <MeasureChart
              key={r.id}
              row={r}
              clinicRow={data.clinicRows?.[i] ?? null}
              scopeName={scopeName}
              registryLinks={data.registryLinks}
              clinicianId={clinicianId}
            />
          ))}
        </div>
      </section>
    </>
  );
}
