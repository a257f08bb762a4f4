import type { Metadata } from "next";
import Link from "next/link";
import { Icon } from "@/components/ui/icon";
import { addIcon, cancelledIcon } from "@/components/ui/icons";
import { notFound } from "next/navigation";
import { PageHeader } from "@/components/ui/page-header";
import { addExceptionAction, deleteExceptionAction, setWeeklyHoursAction } from "@/modules/scheduling/actions";
import { clinicTimeZone, getClinicianHours } from "@/modules/scheduling/index.server";
import { ExceptionForm, WeeklyHoursForm } from "@/modules/scheduling/components/admin-forms";
import { formatInZone, minuteToHhmm } from "@/modules/scheduling/core/time";
import { requireActor } from "@/server/auth/actor";
import { isUuid, orNotFound } from "@/server/page-data";

export const metadata: Metadata = { title: "Clinician hours" };

export default async function ClinicianHoursPage({ params }: { params: Promise<{ id: string }> }) {
  const actor = await requireActor(["ADMIN"]);
  const { id } = await params;
  if (!isUuid(id)) notFound();
  const h = await orNotFound(getClinicianHours(actor, id));
  const tz = clinicTimeZone();
  const initial: Record<string, string> = {};
  for (const w of h.weekly) {
    initial[`start_${w.weekday}`] = minuteToHhmm(w.startMinute);
    initial[`end_${w.weekday}`] = minuteToHhmm(w.endMinute);
  }
  return (
    <>
      <PageHeader
        title={`Hours: ${h.clinician.name}`}
        description={`Clinic time zone: ${tz}.`}
        actions={
          <Link href="/admin/hours" className="underline">
            All clinicians
          </Link>
        }
      />
      <div className="grid gap-6 lg:grid-cols-2 [&>*]:min-w-0">
        <section aria-labelledby="weekly-h" className="rounded-lg border border-slate-200 bg-white p-4">
          <h2 id="weekly-h" className="mb-2 text-lg font-semibold">
            Weekly hours
          </h2>
          <WeeklyHoursForm action={setWeeklyHoursAction.bind(null, h.clinician.id)} initial={initial} zone={tz} />
        </section>
        <section aria-labelledby="exc-h" className="rounded-lg border border-slate-200 bg-white p-4">
          <h2 id="exc-h" className="mb-2 text-lg font-semibold">
            Time off and extra hours
          </h2>
          <ExceptionForm action={addExceptionAction.bind(null, h.clinician.id)} />
          <h3 className="mt-4 font-semibold">Coming up</h3>
          {h.exceptions.length === 0 ? <p className="text-slate-700">None.</p> : null}
          <ul className="mt-2 flex flex-col gap-2">
            {h.exceptions.map((e) => (
              <li
                key={e.id}
                className="flex flex-wrap items-center justify-between gap-2 rounded border border-slate-200 p-2"
              >
                <span>
                  <Icon icon={e.kind === "TIME_OFF" ? cancelledIcon : addIcon} className="mr-1" />
                  {e.kind === "TIME_OFF" ? "Time off" : "Extra hours"}: {formatInZone(new Date(e.startsAt), tz)} –{" "}
                  {formatInZone(new Date(e.endsAt), tz, { withDate: false })}
                  {e.note ? ` · ${e.note}` : ""}
                </span>
                <form action={deleteExceptionAction.bind(null, h.clinician.id, e.id)}>
                  <button type="submit" className="min-h-11 rounded-md border border-slate-400 px-3 hover:bg-slate-100">
                    Remove
                  </button>
                </form>
              </li>
            ))}
          </ul>
        </section>
      </div>
    </>
  );
}
