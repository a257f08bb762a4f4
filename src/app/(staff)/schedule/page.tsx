import type { Metadata } from "next";
import Link from "next/link";
import { Icon } from "@/components/ui/icon";
import { backIcon, forwardIcon } from "@/components/ui/icons";
import { buttonClass } from "@/components/ui/button-class";
import { inputClass } from "@/components/ui/field";
import { Notice } from "@/components/ui/form-status";
import { PageHeader } from "@/components/ui/page-header";
import { careTeamRoles } from "@/modules/identity/core/roles";
import {
  clinicTimeZone,
  listCliniciansForScheduling,
  listOpenTime,
  listVisitsForCalendar,
} from "@/modules/scheduling/index.server";
import { CalendarCell } from "@/modules/scheduling/components/calendar-cell";
import {
  addDays,
  datesBetween,
  formatDateHeading,
  startOfIsoWeek,
  wallClockAt,
  zoneAbbreviation,
} from "@/modules/scheduling/core/time";
import { calendarQuerySchema } from "@/modules/scheduling/schemas";
import { requireActor } from "@/server/auth/actor";
import { flatParams, type SearchParams } from "@/server/page-data";
import { getRequestContext } from "@/server/request-context";
import { parseInput } from "@/lib/input";

export const metadata: Metadata = { title: "Schedule" };

export default async function SchedulePage({ searchParams }: { searchParams: SearchParams }) {
  const actor = await requireActor(careTeamRoles);
  const parsed = parseInput(calendarQuerySchema, await flatParams(searchParams, ["view", "date", "clinicianId"]));
  const tz = clinicTimeZone();
  const now = new Date();
  const today = wallClockAt(now, tz).date;
  const q = parsed.success ? parsed.data : { view: "week" as const, date: undefined, clinicianId: null };
  const date = q.date ?? today;
  const from = q.view === "week" ? startOfIsoWeek(date) : date;
  const to = q.view === "week" ? addDays(from, 6) : date;
  const [clinicians, visits, openTime] = await Promise.all([
    listCliniciansForScheduling(actor),
    listVisitsForCalendar(actor, { from, to, clinicianId: q.clinicianId }, await getRequestContext()),
    listOpenTime(actor, { from, to, clinicianId: q.clinicianId }, now),
  ]);
  // Open time per clinician and local day, already cut at local midnight by the same
  // computation that lists the booking slots (a block 22:00-02:00 shows on both days).
  const openByCell = new Map(openTime.flatMap((c) => c.days.map((d) => [`${c.clinicianId}|${d.date}`, d] as const)));
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
    open: openByCell.get(`${clinicianId}|${day}`),
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
      {!parsed.success ? (
        <Notice kind="error">Some filters were not valid; showing this week for all clinicians.</Notice>
      ) : null}
      <div className="mb-4 flex flex-wrap items-end gap-3">
        <nav aria-label="Calendar view" className="flex gap-1">
          <Link
            href={link({ view: "day" })}
            aria-current={q.view === "day" ? "page" : undefined}
            className={buttonClass(q.view === "day" ? "primary" : "secondary")}
          >
            Day
          </Link>
          <Link
            href={link({ view: "week" })}
            aria-current={q.view === "week" ? "page" : undefined}
            className={buttonClass(q.view === "week" ? "primary" : "secondary")}
          >
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
        {visits.filter((v) => v.status !== "CANCELLED").length} visit(s) shown. Free time is listed in each cell; choose
        it to book.
      </p>
      <div className="relative overflow-x-auto rounded-lg border border-slate-200 bg-white">
        <table className="w-full min-w-[48rem] table-fixed border-collapse text-left text-sm">
          <caption className="sr-only">Visits and free time by clinician and day, clinic time {zone}</caption>
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
                      <CalendarCell visits={x.visits} open={x.open} tz={tz} clinicianId={c.id} day={d} />
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
