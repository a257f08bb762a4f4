import type { Metadata } from "next";
import Link from "next/link";
import { IconText } from "@/components/ui/icon";
import { cancelledIcon, deniedIcon, doneIcon } from "@/components/ui/icons";
import { buttonClass } from "@/components/ui/button-class";
import { SelectField, TextField } from "@/components/ui/field";
import { Notice } from "@/components/ui/form-status";
import { PageHeader } from "@/components/ui/page-header";
import { listAuditEvents } from "@/modules/audit/audit-log.server";
import { fieldErrors } from "@/lib/forms";
import { auditFilterSchema } from "@/modules/identity/schemas";
import { requireActor } from "@/server/auth/actor";
import { flatParams, type SearchParams } from "@/server/page-data";
import { getRequestContext } from "@/server/request-context";
import { parseInput } from "@/lib/input";

export const metadata: Metadata = { title: "Audit log" };

const keys = ["actor", "entityType", "action", "outcome", "patientId", "from", "to", "before"] as const;

export default async function AuditPage({ searchParams }: { searchParams: SearchParams }) {
  const actor = await requireActor(["ADMIN"]);
  const raw = await flatParams(searchParams, keys);
  const parsed = parseInput(auditFilterSchema, raw);
  const errors = parsed.success ? {} : fieldErrors(parsed.error);
  const filter = parsed.success ? parsed.data : auditFilterSchema.parse({});
  const { rows, nextBefore } = await listAuditEvents(actor, filter, await getRequestContext());
  const next = nextBefore ? `/admin/audit?${new URLSearchParams({ ...Object.fromEntries(Object.entries(filter).filter(([, v]) => v)), before: nextBefore })}` : null;
  return (
    <>
      <PageHeader title="Audit log" description="Every read and change of patient data, sign-ins, and denied attempts. Times in UTC." />
      <form method="get" className="mb-6 grid gap-3 rounded-lg border border-slate-200 bg-white p-4 sm:grid-cols-2 lg:grid-cols-4">
        <TextField name="actor" label="User email contains" defaultValue={raw.actor} errors={errors.actor} />
        <SelectField name="entityType" label="Record type" defaultValue={raw.entityType} placeholder="Any" options={["Patient", "User", "Session", "AuditEvent", "Route"].map((v) => ({ value: v, label: v }))} errors={errors.entityType} />
        <SelectField name="action" label="Action" defaultValue={raw.action} placeholder="Any" options={["READ", "LIST", "CREATE", "UPDATE", "DELETE", "EXPORT", "LOGIN", "LOGOUT", "ACCESS"].map((v) => ({ value: v, label: v }))} errors={errors.action} />
        <SelectField name="outcome" label="Outcome" defaultValue={raw.outcome} placeholder="Any" options={["SUCCESS", "DENIED", "FAILURE"].map((v) => ({ value: v, label: v }))} errors={errors.outcome} />
        <TextField name="patientId" label="Patient id" defaultValue={raw.patientId} errors={errors.patientId} />
        <TextField name="from" label="From (UTC date)" type="date" defaultValue={raw.from} errors={errors.from} />
        <TextField name="to" label="To (UTC date)" type="date" defaultValue={raw.to} errors={errors.to} />
        <div className="flex items-end gap-2">
          <button type="submit" className={buttonClass("primary")}>
            Filter
          </button>
          <Link href="/admin/audit" className={buttonClass("secondary")}>
            Clear
          </Link>
        </div>
      </form>
      {!parsed.success ? <div className="mb-4"><Notice kind="error">Some filters were not valid and were ignored; see the fields above.</Notice></div> : null}
      <div className="relative overflow-x-auto rounded-lg border border-slate-200 bg-white">
        <table className="w-full text-left text-sm">
          <caption className="sr-only">Audit events, newest first</caption>
          <thead className="bg-slate-100">
            <tr>
              {["When (UTC)", "User", "Role", "Action", "Record", "Outcome", "IP", "Details"].map((h) => (
                <th key={h} scope="col" className="px-3 py-2">{h}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.id} className="border-t border-slate-200 align-top">
                <td className="whitespace-nowrap px-3 py-2 font-mono">{r.at.replace("T", " ").slice(0, 19)}</td>
                <td className="px-3 py-2">{r.actor ?? "anonymous"}</td>
                <td className="px-3 py-2">{r.actorRole ?? "—"}</td>
                <td className="px-3 py-2">{r.action}</td>
                <td className="px-3 py-2">
                  {r.entityType}
                  {r.entityId ? <span className="block font-mono text-xs text-slate-600">{r.entityId}</span> : null}
                </td>
                <td className="px-3 py-2">
                  <IconText icon={r.outcome === "SUCCESS" ? doneIcon : r.outcome === "DENIED" ? deniedIcon : cancelledIcon}>{r.outcome}</IconText>
                </td>
                <td className="px-3 py-2 font-mono">{r.ip ?? "—"}</td>
                <td className="max-w-xs break-words px-3 py-2 font-mono text-xs">{r.details ?? ""}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {rows.length === 0 ? <p className="mt-3">No audit events match these filters.</p> : null}
      {next ? (
        <p className="mt-4">
          <Link href={next} className="font-semibold text-teal-800 underline">
            Older events
          </Link>
        </p>
      ) : null}
    </>
  );
}
