import "server-only";
import { authorize } from "@/server/auth/actor";
import type { Actor } from "../identity/core/roles";
import { computeOpenTime, type Interval } from "./core/open-time";
import { BOOKING_LEAD_MINUTES, clinicTimeZone, loadAvailability } from "./load-availability.server";
import { canSchedule } from "./policy";

export type OpenDayDto = {
  date: string;
  working: { startsAt: string; endsAt: string }[];
  open: { startsAt: string; endsAt: string }[];
};
export type ClinicianOpenTimeDto = { clinicianId: string; clinicianName: string; days: OpenDayDto[] };

/**
 * The schedule grid's free time: per clinician, per local day from `from` to `to`, the working
 * time and the open time (working time minus booked visits and the past), cut at local midnight.
 * The same computation as the booking slots (core/open-time.ts computeOpenTime, with the same
 * "now"), so a day the grid calls "Not working" has no bookable time. No PHI.
 */
export async function listOpenTime(
  actor: Actor,
  input: { from: string; to: string; clinicianId: string | null },
  now = new Date(),
): Promise<ClinicianOpenTimeDto[]> {
  await authorize(actor, canSchedule(actor.role, "slots.search"), { entityType: "Slot", action: "LIST" });
  const tz = clinicTimeZone();
  const { clinicians, busy } = await loadAvailability(
    input.clinicianId ? [input.clinicianId] : null,
    input.from,
    input.to,
  );
  const names = new Map(clinicians.map((c) => [c.clinicianId, c.name]));
  const notBefore = new Date(now.getTime() + BOOKING_LEAD_MINUTES * 60_000);
  const iso = (i: Interval) => ({ startsAt: new Date(i.start).toISOString(), endsAt: new Date(i.end).toISOString() });
  return computeOpenTime({
    clinicians,
    bookedByClinician: busy,
    timeZone: tz,
    from: input.from,
    to: input.to,
    notBefore,
  }).map((c) => ({
    clinicianId: c.clinicianId,
    clinicianName: names.get(c.clinicianId) ?? "Clinician",
    days: c.days.map((d) => ({ date: d.date, working: d.working.map(iso), open: d.open.map(iso) })),
  }));
}
