import type { Metadata } from "next";
import Link from "next/link";
import { IconText } from "@/components/ui/icon";
import { cancelledIcon, deniedIcon, doneIcon, resultIcon } from "@/components/ui/icons";
import { buttonClass } from "@/components/ui/button-class";
import { SelectField, TextField } from "@/components/ui/field";
import { Notice } from "@/components/ui/form-status";
import { PageHeader } from "@/components/ui/page-header";
import { AUDIT_EXPORT_MAX, listAuditEvents, listAuditRecordTypes } from "@/modules/audit/index.server";
import {
  activeFilters,
  auditFilterKeys,
  auditFilterLabels as L,
  auditFilterSchema,
  filterProblemSummary,
} from "@/modules/audit/core/filter";
import { auditActions, auditOutcomes } from "@/modules/audit/core/vocabulary";
import { fieldErrors } from "@/lib/forms";
import { requireActor } from "@/server/auth/actor";
import { flatParams, type SearchParams } from "@/server/page-data";
import { getRequestContext } from "@/server/request-context";
import { parseInput } from "@/lib/input";

export const metadata: Metadata = { title: "Audit log" };

const options = (values: readonly string[]) => values.map((v) => ({ value: v, label: v }));

/**
 * The audit log for an investigation: filter by every record type the log holds, action, outcome,
 * user, UTC date range, and patient by MRN (resolved on the server, audited) or id; each row shows
 * the patient's MRN. Bad filters are explained beside their field and nothing is searched.
 */
export default async function AuditPage({ searchParams }: { searchParams: SearchParams }) {
  const actor = await requireActor(["ADMIN"]);
  const raw = await flatParams(searchParams, auditFilterKeys);
  const parsed = parseInput(auditFilterSchema, raw);
  const ctx = await getRequestContext();
  const [types, result] = await Promise.all([
    listAuditRecordTypes(actor),
    parsed.success ? listAuditEvents(actor, parsed.data, ctx) : Promise.resolve({ errors: fieldErrors(parsed.error) }),
  ]);
  const errors = "errors" in result ? result.errors : {};
  const filters = parsed.success ? activeFilters(parsed.data) : {};
  const { before: _before, ...viewFilters } = filters;
  const next =
    !("errors" in result) && result.nextBefore
      ? `/admin/audit?${new URLSearchParams({ ...viewFilters, before: result.nextBefore })}`
      : null;
  const csv = `/admin/audit/export?${new URLSearchParams(viewFilters)}`;
  return (
    <>
      <PageHeader
        title="Audit log"
        description="Every read and change of patient data, sign-ins, exports and denied attempts. Times in UTC."
        actions={
          "errors" in result ? null : (
            <a href={csv} className={buttonClass("secondary")} download>
              <IconText icon={resultIcon}>Download CSV</IconText>
              <span className="sr-only">
                {" "}
                of the filtered events (newest {AUDIT_EXPORT_MAX.toLocaleString("en-US")} at most)
              </span>
            </a>
          )
        }
      />
      <form
        method="get"
        className="mb-6 grid gap-3 rounded-lg border border-slate-200 bg-white p-4 sm:grid-cols-2 lg:grid-cols-4"
      >
        <TextField name="actor" label={L.actor} defaultValue={raw.actor} errors={errors.actor} />
        <SelectField
          name="entityType"
          label={L.entityType}
          defaultValue={raw.entityType}
          placeholder="Any"
          options={options(types)}
          errors={errors.entityType}
        />
        <SelectField
          name="action"
          label={L.action}
          defaultValue={raw.action}
          placeholder="Any"
          options={options(auditActions)}
          errors={errors.action}
        />
        <SelectField
          name="outcome"
          label={L.outcome}
          defaultValue={raw.outcome}
          placeholder="Any"
          options={options(auditOutcomes)}
          errors={errors.outcome}
        />
        <TextField
          name="mrn"
          label={L.mrn}
          defaultValue={raw.mrn}
          errors={errors.mrn}
          hint="Exact MRN, as on the chart."
          maxLength={20}
        />
        <TextField
          name="patientId"
          label={L.patientId}
          defaultValue={raw.patientId}
          errors={errors.patientId}
          hint="Or the id from another row."
        />
        <TextField name="from" label={L.from} type="date" defaultValue={raw.from} errors={errors.from} />
        <TextField name="to" label={L.to} type="date" defaultValue={raw.to} errors={errors.to} />
        <div className="flex items-end gap-2 sm:col-span-2 lg:col-span-4">
          <button type="submit" className={buttonClass("primary")}>
            Filter
          </button>
          <Link href="/admin/audit" className={buttonClass("secondary")}>
            Clear
          </Link>
        </div>
      </form>
      {"errors" in result ? (
        <div className="mb-4">
          <Notice kind="error">
            {filterProblemSummary(errors)}
            {errors.before ? ` ${errors.before.join(" ")}.` : ""}
          </Notice>
        </div>
      ) : (
        <>
          <div className="relative overflow-x-auto rounded-lg border border-slate-200 bg-white">
            <table className="w-full text-left text-sm">
              <caption className="sr-only">Audit events, newest first</caption>
              <thead className="bg-slate-100">
                <tr>
                  {["When (UTC)", "User", "Role", "Action", "Record", "Patient (MRN)", "Outcome", "IP", "Details"].map(
                    (h) => (
                      <th key={h} scope="col" className="px-3 py-2">
                        {h}
                      </th>
                    ),
                  )}
                </tr>
              </thead>
              <tbody>
                {result.rows.map((r) => (
                  <tr key={r.id} className="border-t border-slate-200 align-top">
                    <td className="px-3 py-2 font-mono whitespace-nowrap">{r.at.replace("T", " ").slice(0, 19)}</td>
                    <td className="px-3 py-2">
                      {r.actor ? (
                        <Link href={`/admin/audit?${new URLSearchParams({ actor: r.actor })}`} className="underline">
                          {r.actor}
                        </Link>
                      ) : (
                        "anonymous"
                      )}
                    </td>
                    <td className="px-3 py-2">{r.actorRole ?? "—"}</td>
                    <td className="px-3 py-2">{r.action}</td>
                    <td className="px-3 py-2">
                      {r.entityType}
                      {r.entityId ? <span className="block font-mono text-xs text-slate-600">{r.entityId}</span> : null}
                    </td>
                    <td className="px-3 py-2">
                      {r.patientMrn ? (
                        <Link
                          href={`/admin/audit?${new URLSearchParams({ mrn: r.patientMrn })}`}
                          className="font-mono underline"
                        >
                          {r.patientMrn}
                          <span className="sr-only"> (all events of this patient)</span>
                        </Link>
                      ) : r.patientId ? (
                        <span className="block font-mono text-xs text-slate-600">{r.patientId}</span>
                      ) : (
                        "—"
                      )}
                    </td>
                    <td className="px-3 py-2">
                      <IconText
                        icon={r.outcome === "SUCCESS" ? doneIcon : r.outcome === "DENIED" ? deniedIcon : cancelledIcon}
                      >
                        {r.outcome}
                      </IconText>
                    </td>
                    <td className="px-3 py-2 font-mono">{r.ip ?? "—"}</td>
                    <td className="max-w-xs px-3 py-2 font-mono text-xs break-words">{r.details ?? ""}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {result.rows.length === 0 ? <p className="mt-3">No audit events match these filters.</p> : null}
          {next ? (
            <p className="mt-4">
              <Link href={next} className="font-semibold text-teal-800 underline">
                Older events
              </Link>
            </p>
          ) : null}
        </>
      )}
    </>
  );
}
