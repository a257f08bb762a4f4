import type { Metadata } from "next";
import Link from "next/link";
import { IconText } from "@/components/ui/icon";
import { phoneIcon, videoIcon } from "@/components/ui/icons";
import { PageHeader } from "@/components/ui/page-header";
import { Pager } from "@/components/ui/pager";
import { buttonClass } from "@/components/ui/button-class";
import { Notice } from "@/components/ui/form-status";
import { inputClass } from "@/components/ui/field";
import { careTeamRoles } from "@/modules/identity/core/roles";
import { formatDateOnly, formatUsPhone } from "@/modules/patients/core/format";
import { searchPatients } from "@/modules/patients/index.server";
import { patientSearchSchema } from "@/modules/patients/schemas";
import { requireActor } from "@/server/auth/actor";
import { flatParams, type SearchParams } from "@/server/page-data";
import { getRequestContext } from "@/server/request-context";
import { parseInput } from "@/lib/input";

export const metadata: Metadata = { title: "Patients" };

export default async function PatientsPage({ searchParams }: { searchParams: SearchParams }) {
  const actor = await requireActor(careTeamRoles);
  const parsed = parseInput(patientSearchSchema, await flatParams(searchParams, ["q", "page"]));
  const input = parsed.success ? parsed.data : { q: "", page: 1 };
  const result = await searchPatients(actor, input, await getRequestContext());
  const pages = Math.max(1, Math.ceil(result.total / result.pageSize));
  const link = (page: number) =>
    `/patients?${new URLSearchParams({ ...(input.q ? { q: input.q } : {}), page: String(page) })}`;
  return (
    <>
      <PageHeader
        title="Patients"
        description="Find a patient by name, date of birth or MRN."
        actions={
          <Link href="/patients/new" className={buttonClass("primary")}>
            Add patient
          </Link>
        }
      />
      <form role="search" method="get" className="mb-6 flex max-w-xl flex-wrap items-end gap-2">
        <div className="flex flex-1 flex-col gap-1">
          <label htmlFor="q" className="font-medium">
            Search patients
          </label>
          <input
            id="q"
            name="q"
            type="search"
            defaultValue={input.q}
            maxLength={100}
            placeholder="Name, MRN, or date of birth (YYYY-MM-DD)"
            className={inputClass}
          />
        </div>
        <button type="submit" className={buttonClass("secondary")}>
          Search
        </button>
      </form>
      {!parsed.success ? <Notice kind="error">The search was too long; showing all patients.</Notice> : null}
      <p className="mb-2 text-slate-700" role="status">
        {result.total === 0
          ? "No patients match."
          : `${result.total} patient${result.total === 1 ? "" : "s"}${input.q ? " match" : ""}.`}
      </p>
      {result.rows.length > 0 ? (
        <div className="relative overflow-x-auto rounded-lg border border-slate-200 bg-white">
          <table className="w-full text-left">
            <caption className="sr-only">Patients</caption>
            <thead className="bg-slate-100 text-sm">
              <tr>
                <th scope="col" className="px-3 py-2">
                  Name
                </th>
                <th scope="col" className="px-3 py-2">
                  Date of birth
                </th>
                <th scope="col" className="px-3 py-2">
                  MRN
                </th>
                <th scope="col" className="px-3 py-2">
                  Phone
                </th>
                <th scope="col" className="px-3 py-2">
                  Visits by
                </th>
                <th scope="col" className="px-3 py-2">
                  Primary clinician
                </th>
              </tr>
            </thead>
            <tbody>
              {result.rows.map((p) => (
                <tr key={p.id} className="border-t border-slate-200">
                  <td className="px-3 py-2">
                    <Link
                      href={`/patients/${p.id}`}
                      className="font-semibold text-teal-900 underline underline-offset-2"
                    >
                      {p.name}
                    </Link>
                  </td>
                  <td className="px-3 py-2">
                    {formatDateOnly(p.birthDate)} ({p.age} y)
                  </td>
                  <td className="px-3 py-2 font-mono">{p.mrn}</td>
                  <td className="px-3 py-2">{formatUsPhone(p.phone) || "—"}</td>
                  <td className="px-3 py-2">
                    {p.canDoVideo ? (
                      <IconText icon={videoIcon}>Video</IconText>
                    ) : (
                      <IconText icon={phoneIcon}>Phone only</IconText>
                    )}
                  </td>
                  <td className="px-3 py-2">{p.primaryClinicianName ?? "Not assigned"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      <Pager page={input.page} pages={pages} hrefFor={link} />
    </>
  );
}
