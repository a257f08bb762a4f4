import type { Metadata } from "next";
import Link from "next/link";
import { Icon } from "@/components/ui/icon";
import { addIcon, backIcon, forwardIcon } from "@/components/ui/icons";
import { buttonClass } from "@/components/ui/button-class";
import { inputClass } from "@/components/ui/field";
import { Notice } from "@/components/ui/form-status";
import { PageHeader } from "@/components/ui/page-header";
import { careTeamRoles } from "@/modules/identity/core/roles";
import { clinicTimeZone, listCliniciansForScheduling, listFreeTime } from "@/modules/scheduling/availability.server";
import { ModalityChip, StatusChip } from "@/modules/scheduling/components/visit-chips";
import { addDays, datesBetween, formatDateHeading, formatInZone, startOfIsoWeek, wallClockAt, zoneAbbreviation } from "@/modules/scheduling/core/time";
import { calendarQuerySchema } from "@/modules/scheduling/schemas";
import { listVisitsForCalendar, type VisitListItem } from "@/modules/scheduling/visits.server";
import { requireActor } from "@/server/auth/actor";
import { flatParams, type SearchParams } from "@/server/page-data";
import { getRequestContext } from "@/server/request-context";
import { parseInput } from "@/lib/input";

export const metadata: Metadata = { title: "Schedule" };

type Free = { clinicianId: string; clinicianName: string; startsAt: string; endsAt: string };

export default async function SchedulePage({ searchParams }: { searchParams: SearchParams }) {
  const actor = await requireActor(careTeamRoles);
  const parsed = parseInput(calendarQuerySchema, await flatParams(searchParams, ["view", "date", "clinicianId"]));
  const tz = clinicTimeZone();
  const today = wallClockAt(new Date(), tz).date;
  const q = parsed.success ? parsed.data : { view: "week" as const, date: undefined, clinicianId: null };
  const date = q.date ?? today;
  const from = q.view === "week" ? startOfIsoWeek(date) : date;
  const to = q.view === "week" ? addDays(from, 6) : date;
  const [clinicians, visits, free] = await Promise.all([
    listCliniciansForScheduling(actor),
    listVisitsForCalendar(actor, { from, to, clinicianId: q.clinicianId }, await getRequestContext()),
    listFreeTime(actor, { from, to, clinicianId: q.clinicianId }),
  ]);
  const shown = q.clinicianId ? clinicians.filter((c) => c.id === q.clinicianId) : clinicians;
  const days = datesBetween(from, to);
  const step = q.view === "week" ? 7 : 1;
  const link = (over: Record<string, string | null>) => {
    const p = new URLSearchParams();
    const merged = { view: q.view, date, clinicianId: q.clinicianId, ...over };
    for (const [k, v] of Object.entries(merged)) if (v) p.set(k, v);
    return `/schedule?${p}`;
  };
  const cell = (clinicianId: string, day: string) => ({
    visits: visits.filter((v) => v.clinicianId === clinicianId && wallClockAt(new Date(v.startsAt), tz).date === day),
    free: free.filter((f) => f.clinicianId === clinicianId && wallClockAt(new Date(f.startsAt), tz).date === day),
  });
  const zone = `${zoneAbbreviation(new Date(`${from}T12:00:00Z`), tz)} (${tz})`;
  return (
    <>
      <PageHeader
        title="Schedule"
        description={`Clinic time, ${zone}. ${q.view === "week" ? `Week of ${formatDateHeading(from)}` : formatDateHeading(from)}.`}
        actions={
          <Link href="/schedule/book" className={buttonClass("primary")}>
            Book a visit
          </Link>
        }
      />
      {!parsed.success ? <Notice kind="error">Some filters were not valid; showing this week for all clinicians.</Notice> : null}
      <div className="mb-4 flex flex-wrap items-end gap-3">
        <nav aria-label="Calendar view" className="flex gap-1">
          <Link href={link({ view: "day" })} aria-current={q.view === "day" ? "page" : undefined} className={buttonClass(q.view === "day" ? "primary" : "secondary")}>
            Day
          </Link>
          <Link href={link({ view: "week" })} aria-current={q.view === "week" ? "page" : undefined} className={buttonClass(q.view === "week" ? "primary" : "secondary")}>
            Week
          </Link>
        </nav>
        <nav aria-label="Dates" className="flex gap-1">
          <Link href={link({ date: addDays(date, -step) })} className={buttonClass("secondary")}>
            <Icon icon={backIcon} /> Previous {q.view}
          </Link>
          <Link href={link({ date: today })} className={buttonClass("secondary")}>
            Today
          </Link>
          <Link href={link({ date: addDays(date, step) })} className={buttonClass("secondary")}>
            Next {q.view} <Icon icon={forwardIcon} />
          </Link>
        </nav>
        <form method="get" className="flex flex-wrap items-end gap-2">
          <input type="hidden" name="view" value={q.view} />
          <input type="hidden" name="date" value={date} />
          <div className="flex flex-col gap-1">
            <label htmlFor="clinicianId" className="font-medium">
              Clinician
            </label>
            <select id="clinicianId" name="clinicianId" defaultValue={q.clinicianId ?? "all"} className={inputClass}>
              <option value="all">All clinicians</option>
              {clinicians.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name}
                </option>
              ))}
            </select>
          </div>
          <button type="submit" className={buttonClass("secondary")}>
            Show
          </button>
        </form>
      </div>
      <p className="mb-2 text-sm text-slate-700" role="status">
        {visits.filter((v) => v.status !== "CANCELLED").length} visit(s) shown. Free time is listed in each cell; choose it to book.
      </p>
      <div className="relative overflow-x-auto rounded-lg border border-slate-200 bg-white">
        <table className="w-full min-w-[48rem] table-fixed border-collapse text-left text-sm">
          <caption className="sr-only">
            Visits and free time by clinician and day, clinic time {zone}
          </caption>
          <thead className="bg-slate-100">
            <tr>
              <th scope="col" className="w-40 px-2 py-2">
                Clinician
              </th>
              {days.map((d) => (
                <th key={d} scope="col" className={`px-2 py-2 ${d === today ? "bg-teal-50" : ""}`}>
                  {formatDateHeading(d)}
                  {d === today ? <span className="block text-xs font-normal">(today)</span> : null}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {shown.map((c) => (
              <tr key={c.id} className="border-t border-slate-200 align-top">
                <th scope="row" className="px-2 py-2 font-semibold">
                  {c.name}
                </th>
                {days.map((d) => {
                  const x = cell(c.id, d);
                  return (
                    <td key={d} className="px-1 py-1">
                      <CalendarCell visits={x.visits} free={x.free} tz={tz} clinicianId={c.id} day={d} />
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

function CalendarCell({ visits, free, tz, clinicianId, day }: { visits: VisitListItem[]; free: Free[]; tz: string; clinicianId: string; day: string }) {
  const items = [
    ...visits.map((v) => ({ t: v.startsAt, kind: "visit" as const, v })),
    ...free.map((f) => ({ t: f.startsAt, kind: "free" as const, f })),
  ].sort((a, b) => a.t.localeCompare(b.t));
  if (items.length === 0) return <span className="text-slate-500">Not working</span>;
  return (
    <ul className="flex flex-col gap-1">
      {items.map((i) =>
        i.kind === "visit" ? (
          <li key={i.v.id} className={`rounded border px-1 py-1 ${i.v.status === "CANCELLED" ? "border-dashed border-slate-300 text-slate-600" : "border-slate-300 bg-slate-50"}`}>
            <Link href={`/visits/${i.v.id}`} className="font-semibold text-teal-900 underline underline-offset-2">
              {formatInZone(new Date(i.v.startsAt), tz, { withDate: false })}
              <span className="sr-only">, </span> {i.v.patientName}
            </Link>
            <div className="flex flex-wrap items-center gap-1">
              <ModalityChip modality={i.v.modality} /> <StatusChip status={i.v.status} />
            </div>
          </li>
        ) : (
          <li key={i.f.startsAt}>
            <Link
              href={`/schedule/book?${new URLSearchParams({ clinicianId, from: day, to: day })}`}
              className="block rounded border border-teal-700 px-1 py-1 text-teal-900 underline-offset-2 hover:underline"
            >
              <Icon icon={addIcon} className="mr-1" />
              Free {formatInZone(new Date(i.f.startsAt), tz, { withDate: false }).replace(/ [A-Z]{2,5}$/, "")}–{formatInZone(new Date(i.f.endsAt), tz, { withDate: false })}
              <span className="sr-only">: book</span>
            </Link>
          </li>
        ),
      )}
    </ul>
  );
}
