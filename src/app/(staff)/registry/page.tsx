import type { Metadata } from "next";
import Link from "next/link";
import { buttonClass } from "@/components/ui/button-class";
import { SelectField, TextField } from "@/components/ui/field";
import { Notice } from "@/components/ui/form-status";
import { IconText } from "@/components/ui/icon";
import { resultIcon } from "@/components/ui/icons";
import { PageHeader } from "@/components/ui/page-header";
import { Pager } from "@/components/ui/pager";
import { fieldErrors } from "@/lib/forms";
import { parseInput } from "@/lib/input";
import { RegistryTable, sortLabels } from "@/modules/care-program/components/registry-table";
import { formatLocalDate } from "@/modules/care-program/core/dates";
import { measureDefinitions } from "@/modules/care-program/core/measures";
import { mmeBandLabel, mmeBands, registrySortColumns } from "@/modules/care-program/core/registry";
import { registryHref } from "@/modules/care-program/core/registry-query";
import { careGapRule, careGapRules } from "@/modules/care-program/core/rules";
import { listRegistry } from "@/modules/care-program/index.server";
import {
  activeRegistryFilters,
  registryFilterKeys,
  registryFilterLabels as L,
  registryFilterSchema,
  registryProblemSummary,
  toRegistryRequest,
} from "@/modules/care-program/schemas";
import { careTeamRoles } from "@/modules/identity/core/roles";
import { requireActor } from "@/server/auth/actor";
import { flatParams, type SearchParams } from "@/server/page-data";
import { getRequestContext } from "@/server/request-context";

export const metadata: Metadata = { title: "LTOT registry" };

/**
 * The registry of patients on long-term opioid therapy: one row per patient with what is due,
 * filtered by a plain GET form (works without JavaScript), counts per care gap as links that
 * apply the filter, 50 rows a page, CSV of the filtered rows.
 */
export default async function RegistryPage({ searchParams }: { searchParams: SearchParams }) {
  const actor = await requireActor(careTeamRoles);
  const raw = await flatParams(searchParams, registryFilterKeys);
  const parsed = parseInput(registryFilterSchema, raw);
  if (!parsed.success) {
    const errors = fieldErrors(parsed.error);
    return (
      <>
        <PageHeader title="LTOT registry" />
        <Notice kind="error">
          {registryProblemSummary(errors)} {Object.values(errors).flat().join(" ")}
        </Notice>
        <p className="mt-4">
          <Link href="/registry" className="font-semibold text-teal-800 underline">
            Show the whole registry
          </Link>
        </p>
      </>
    );
  }
  const req = toRegistryRequest(parsed.data);
  const view = await listRegistry(actor, req, activeRegistryFilters(parsed.data), await getRequestContext());
  const q = { ...req.query, page: view.page };
  const m = req.measure;
  const s = view.settings;
  const keep = { clinician: q.clinician, mme: q.mme, dueWithin: q.dueWithin, sort: q.sort, dir: q.dir, ...m };
  const measureTitle = m ? measureDefinitions.find((d) => d.id === m.measure)!.title(s) : null;
  const filtered = q.clinician || q.gap || q.mme || q.dueWithin !== null || m;
  const caption = `${filtered ? "Patients matching the filters" : "Patients on long-term opioid therapy"}, sorted by ${sortLabels[q.sort].toLowerCase()} (${q.dir === "asc" ? "ascending" : "descending"}); ${view.total} ${view.total === 1 ? "patient" : "patients"}, page ${view.page} of ${view.pages}`;
  return (
    <>
      <PageHeader
        title="LTOT registry"
        description={`${view.onLtot} patients on long-term opioid therapy as of ${formatLocalDate(view.asOf)}. Care gaps follow the clinic's settings; MME marks (${s.mmeContextLow} and ${s.mmeContextHigh} MME/day) are context, never limits.`}
        actions={
          <a
            href={registryHref("/registry/export", { ...q, ...m, page: 1 })}
            className={buttonClass("secondary")}
            download
          >
            <IconText icon={resultIcon}>Download CSV</IconText>
            <span className="sr-only"> of the {view.total} filtered patients</span>
          </a>
        }
      />
      <nav aria-labelledby="gap-counts-h" className="mb-4">
        <h2 id="gap-counts-h" className="mb-2 text-base font-semibold">
          Open care gaps{q.clinician || q.mme || m ? " (with the other filters)" : ""}
        </h2>
        <ul className="flex flex-wrap gap-2">
          {careGapRules.map((r) => (
            <li key={r.id}>
              <Link
                href={registryHref("/registry", { ...keep, gap: r.id })}
                aria-current={q.gap === r.id ? "page" : undefined}
                className={`inline-flex min-h-11 items-center gap-2 rounded-md border px-3 text-sm ${q.gap === r.id ? "border-teal-800 bg-teal-50 font-semibold" : "border-slate-300 bg-white hover:bg-slate-50"}`}
              >
                <span>{r.title}</span>
                <span className="font-semibold">
                  {view.counts[r.id]}
                  <span className="sr-only"> patients</span>
                </span>
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      <form
        method="get"
        action="/registry"
        className="mb-4 grid gap-3 rounded-lg border border-slate-200 bg-white p-4 sm:grid-cols-2 lg:grid-cols-4"
      >
        <SelectField
          name="clinician"
          label={L.clinician}
          defaultValue={raw.clinician}
          placeholder="Any clinician"
          options={view.clinicians.map((c) => ({ value: c.id, label: c.name }))}
        />
        <SelectField
          name="gap"
          label={L.gap}
          defaultValue={raw.gap}
          placeholder="Any"
          options={careGapRules.map((r) => ({ value: r.id, label: r.title }))}
        />
        <SelectField
          name="mme"
          label={L.mme}
          defaultValue={raw.mme}
          placeholder="Any"
          options={mmeBands.map((b) => ({ value: b, label: mmeBandLabel(b, s) }))}
        />
        <TextField
          name="dueWithin"
          label={L.dueWithin}
          defaultValue={raw.dueWithin}
          inputMode="numeric"
          hint="Open now, or opening within this many days."
        />
        <SelectField
          name="sort"
          label={L.sort}
          defaultValue={q.sort}
          options={registrySortColumns.map((c) => ({ value: c, label: sortLabels[c] }))}
        />
        <SelectField
          name="dir"
          label={L.dir}
          defaultValue={q.dir}
          options={[
            { value: "asc", label: "Ascending" },
            { value: "desc", label: "Descending" },
          ]}
        />
        {m ? (
          <>
            <input type="hidden" name="measure" value={m.measure} />
            <input type="hidden" name="month" value={m.month} />
            <input type="hidden" name="set" value={m.set} />
          </>
        ) : null}
        <div className="flex items-end gap-2 sm:col-span-2">
          <button type="submit" className={buttonClass("primary")}>
            Filter
          </button>
          <Link href="/registry" className={buttonClass("secondary")}>
            Clear
          </Link>
        </div>
      </form>
      {m ? (
        <div className="mb-4">
          <Notice kind="info">
            Showing the patients in the {m.set} of “{measureTitle}” for {m.month}.{" "}
            <Link href={registryHref("/registry", { ...q, page: 1 })} className="underline">
              Show the whole registry instead
            </Link>
          </Notice>
        </div>
      ) : null}
      {q.gap ? <p className="mb-2">Care gap: {careGapRule(q.gap).rule(s)}</p> : null}
      {view.rows.length === 0 ? (
        <p className="rounded-lg border border-slate-200 bg-white p-4">
          No patients match these filters. Clear a filter to see more.
        </p>
      ) : (
        <RegistryTable rows={view.rows} query={q} measure={m} settings={s} caption={caption} />
      )}
      <Pager page={view.page} pages={view.pages} hrefFor={(p) => registryHref("/registry", { ...q, ...m, page: p })} />
    </>
  );
}
