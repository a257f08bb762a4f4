import type { Metadata } from "next";
import Link from "next/link";
import { buttonClass } from "@/components/ui/button-class";
import { inputClass } from "@/components/ui/field";
import { Notice } from "@/components/ui/form-status";
import { PageHeader } from "@/components/ui/page-header";
import { Pager } from "@/components/ui/pager";
import { careTeamRoles } from "@/modules/identity/core/roles";
import {
  clinicTimeZone,
  listCliniciansForScheduling,
  listUpcomingVisits,
  UPCOMING_PAGE_SIZE,
} from "@/modules/scheduling/index.server";
import { ModalityChip, StatusChip } from "@/modules/scheduling/components/visit-chips";
import { formatInZone, zoneAbbreviation } from "@/modules/scheduling/core/time";
import { statusLabels, visitStatuses } from "@/modules/scheduling/core/visit-lifecycle";
import { visitListFilterSchema } from "@/modules/scheduling/schemas";
import { getFormStatusForVisits } from "@/modules/assessments/index.server";
import { FormReadinessChip } from "@/modules/assessments/components/status-chip";
import { BeforeVisitSummary } from "@/modules/care-program/components/before-visit";
import { getBeforeVisit, type BeforeVisitView } from "@/modules/care-program/index.server";
import { requireActor } from "@/server/auth/actor";
import { flatParams, type SearchParams } from "@/server/page-data";
import { getRequestContext } from "@/server/request-context";
import { parseInput } from "@/lib/input";

export const metadata: Metadata = { title: "Upcoming visits" };

export default async function UpcomingVisitsPage({ searchParams }: { searchParams: SearchParams }) {
  const actor = await requireActor(careTeamRoles);
  const raw = await flatParams(searchParams, ["clinicianId", "status", "modality", "from", "to", "page"]);
  const parsed = parseInput(visitListFilterSchema, raw);
  const f = parsed.success ? parsed.data : { clinicianId: null, status: null, modality: null, page: 1 };
  const tz = clinicTimeZone();
  const ctx = await getRequestContext();
  const [clinicians, result] = await Promise.all([
    listCliniciansForScheduling(actor),
    listUpcomingVisits(actor, f, ctx),
  ]);
  // "Before this visit" for every visit on the page: one loadCareFacts for all of them, one audit row.
  const [forms, huddle] = await Promise.all([
    getFormStatusForVisits(result.rows.map((v) => v.id)),
    result.rows.length
      ? getBeforeVisit(
          actor,
          result.rows.map((v) => v.id),
          ctx,
        )
      : Promise.resolve({} as Record<string, BeforeVisitView>),
  ]);
  const pages = Math.max(1, Math.ceil(result.total / UPCOMING_PAGE_SIZE));
  const pageLink = (page: number) => `/visits?${new URLSearchParams({ ...raw, page: String(page) })}`;
  return (
    <>
      <PageHeader
        title="Upcoming visits"
        description={`Times in clinic time, ${zoneAbbreviation(new Date(), tz)} (${tz}).`}
        actions={
          <Link href="/schedule/book" className={buttonClass("primary")}>
            Book a visit
          </Link>
        }
      />
      {!parsed.success ? <Notice kind="error">Some filters were not valid and were ignored.</Notice> : null}
      <form method="get" className="mb-4 grid gap-3 sm:grid-cols-6 sm:items-end" aria-label="Filter visits">
        <div className="flex flex-col gap-1">
          <label htmlFor="clinicianId" className="font-medium">
            Clinician
          </label>
          <select id="clinicianId" name="clinicianId" defaultValue={f.clinicianId ?? ""} className={inputClass}>
            <option value="">All</option>
            {clinicians.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        </div>
        <div className="flex flex-col gap-1">
          <label htmlFor="status" className="font-medium">
            Status
          </label>
          <select id="status" name="status" defaultValue={f.status ?? ""} className={inputClass}>
            <option value="">All but cancelled</option>
            {visitStatuses.map((s) => (
              <option key={s} value={s}>
                {statusLabels[s].label}
              </option>
            ))}
          </select>
        </div>
        <div className="flex flex-col gap-1">
          <label htmlFor="modality" className="font-medium">
            Video or phone
          </label>
          <select id="modality" name="modality" defaultValue={f.modality ?? ""} className={inputClass}>
            <option value="">Both</option>
            <option value="VIDEO">Video</option>
            <option value="PHONE">Phone</option>
          </select>
        </div>
        <div className="flex flex-col gap-1">
          <label htmlFor="from" className="font-medium">
            From
          </label>
          <input
            id="from"
            name="from"
            type="date"
            defaultValue={"from" in f ? f.from : undefined}
            className={inputClass}
          />
        </div>
        <div className="flex flex-col gap-1">
          <label htmlFor="to" className="font-medium">
            To
          </label>
          <input id="to" name="to" type="date" defaultValue={"to" in f ? f.to : undefined} className={inputClass} />
        </div>
        <button type="submit" className={buttonClass("secondary")}>
          Filter
        </button>
      </form>
      <p className="mb-2" role="status">
        {result.total} visit(s).
      </p>
      {result.rows.length ? (
        <div className="relative overflow-x-auto rounded-lg border border-slate-200 bg-white">
          <table className="w-full text-left">
            <caption className="sr-only">Upcoming visits</caption>
            <thead className="bg-slate-100 text-sm">
              <tr>
                <th scope="col" className="px-3 py-2">
                  When
                </th>
                <th scope="col" className="px-3 py-2">
                  Patient
                </th>
                <th scope="col" className="px-3 py-2">
                  Clinician
                </th>
                <th scope="col" className="px-3 py-2">
                  Type
                </th>
                <th scope="col" className="px-3 py-2">
                  How
                </th>
                <th scope="col" className="px-3 py-2">
                  Status
                </th>
                <th scope="col" className="px-3 py-2">
                  Pre-visit forms
                </th>
                <th scope="col" className="px-3 py-2">
                  Before this visit
                </th>
              </tr>
            </thead>
            <tbody>
              {result.rows.map((v) => (
                <tr key={v.id} className="border-t border-slate-200">
                  <td className="px-3 py-2">
                    <Link href={`/visits/${v.id}`} className="font-semibold text-teal-900 underline underline-offset-2">
                      {formatInZone(new Date(v.startsAt), tz)}
                    </Link>
                  </td>
                  <td className="px-3 py-2">{v.patientName}</td>
                  <td className="px-3 py-2">{v.clinicianName}</td>
                  <td className="px-3 py-2">{v.visitTypeName}</td>
                  <td className="px-3 py-2">
                    <ModalityChip modality={v.modality} />
                  </td>
                  <td className="px-3 py-2">
                    <StatusChip status={v.status} />
                  </td>
                  <td className="px-3 py-2">
                    <FormReadinessChip readiness={forms[v.id] ?? "none"} />
                  </td>
                  <td className="min-w-48 px-3 py-2">
                    <BeforeVisitSummary view={huddle[v.id]} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      <Pager page={f.page} pages={pages} hrefFor={pageLink} />
    </>
  );
}
