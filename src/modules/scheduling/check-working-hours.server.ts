import "server-only";
import type { Tx } from "@/server/db";
import { isWithinWorkingTime } from "./core/open-time";
import { wallClockAt } from "./core/time";
import { clinicTimeZone, loadAvailability } from "./load-availability.server";

/** Is this whole time inside the clinician's working hours (and not in time off)? */
export async function isInWorkingHours(
  clinicianId: string,
  startsAt: Date,
  endsAt: Date,
  client?: Tx,
): Promise<boolean> {
  const tz = clinicTimeZone();
  const from = wallClockAt(startsAt, tz).date;
  const to = wallClockAt(endsAt, tz).date;
  const { clinicians } = await loadAvailability([clinicianId], from, to, { client });
  const c = clinicians[0];
  return !!c && isWithinWorkingTime(c, startsAt, endsAt, tz, { from, to });
}
