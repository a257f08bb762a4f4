import Link from "next/link";
import { Icon } from "@/components/ui/icon";
import { addIcon } from "@/components/ui/icons";
import type { OpenDayDto } from "../list-open-time.server";
import { formatInZone, formatTimeRange } from "../core/time";
import type { VisitListItem } from "../visit-rows.server";
import { ModalityChip, StatusChip } from "./visit-chips";

/**
 * One clinician-day of the schedule grid: its visits and its open time, in time order. The open
 * time comes cut at local midnight (core/open-time.ts), so a block 22:00-02:00 shows as
 * 22:00-12:00 AM here and 12:00 AM-02:00 in the next day's cell.
 */
export function CalendarCell({
  visits,
  open,
  tz,
  clinicianId,
  day,
}: {
  visits: VisitListItem[];
  open: OpenDayDto | undefined;
  tz: string;
  clinicianId: string;
  day: string;
}) {
  const items = [
    ...visits.map((v) => ({ t: v.startsAt, kind: "visit" as const, v })),
    ...(open?.open ?? []).map((f) => ({ t: f.startsAt, kind: "free" as const, f })),
  ].sort((a, b) => a.t.localeCompare(b.t));
  if (items.length === 0) {
    // "Not working" only when the clinician has no working time that day at all; a working day
    // with nothing left to book (fully booked, or already past) says so instead.
    return <span className="text-slate-600">{open?.working.length ? "No free time left" : "Not working"}</span>;
  }
  return (
    <ul className="flex flex-col gap-1">
      {items.map((i) =>
        i.kind === "visit" ? (
          <li
            key={i.v.id}
            className={`rounded border px-1 py-1 ${i.v.status === "CANCELLED" ? "border-dashed border-slate-300 text-slate-600" : "border-slate-300 bg-slate-50"}`}
          >
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
              Free {formatTimeRange(new Date(i.f.startsAt), new Date(i.f.endsAt), tz)}
              <span className="sr-only">: book</span>
            </Link>
          </li>
        ),
      )}
    </ul>
  );
}
