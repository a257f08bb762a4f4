import "server-only";
import { db, type Tx } from "@/server/db";
import { getEnv } from "@/server/env";
import type { ClinicianAvailability, Interval } from "./core/open-time";
import { addDays, zonedToUtc } from "./core/time";

/** Earliest a visit may be booked: a coordinator cannot book a time that has already passed. */
export const BOOKING_LEAD_MINUTES = 0;

export type VisitTypeDto = { id: string; name: string; durationMinutes: number; active: boolean };
export type SlotDto = { clinicianId: string; clinicianName: string; startsAt: string; endsAt: string };

export function clinicTimeZone(): string {
  return getEnv().CLINIC_TIME_ZONE;
}

/**
 * Availability for some clinicians (all active clinicians when ids is null) between two clinic
 * dates. A fixed number of queries (clinicians, hours, exceptions, busy visits) however many
 * visits there are: nothing is fetched per clinician or per visit.
 */
export async function loadAvailability(
  clinicianIds: string[] | null,
  from: string,
  to: string,
  opts: { patientId?: string | null; excludeVisitId?: string | null; client?: Tx } = {},
): Promise<{
  clinicians: (ClinicianAvailability & { name: string })[];
  busy: Map<string, Interval[]>;
  patientBusy: Interval[];
}> {
  const client = opts.client ?? db;
  const tz = clinicTimeZone();
  // One day of margin either side so windows crossing midnight (and zone offsets) are covered.
  const lo = zonedToUtc(addDays(from, -1), 0, tz);
  const hi = zonedToUtc(addDays(to, 2), 0, tz);
  const idFilter = clinicianIds ? { id: { in: clinicianIds } } : {};
  const [clinicians, hours, exceptions] = await Promise.all([
    client.user.findMany({
      where: { role: "CLINICIAN", active: true, ...idFilter },
      select: { id: true, name: true },
      orderBy: { name: "asc" },
    }),
    client.clinicianWeeklyHours.findMany({
      where: { clinician: { role: "CLINICIAN", active: true, ...idFilter } },
      select: { clinicianId: true, weekday: true, startMinute: true, endMinute: true },
    }),
    client.clinicianAvailabilityException.findMany({
      where: { clinician: { role: "CLINICIAN", active: true, ...idFilter }, startsAt: { lt: hi }, endsAt: { gt: lo } },
      select: { clinicianId: true, kind: true, startsAt: true, endsAt: true },
    }),
  ]);
  const ids = clinicians.map((c) => c.id);
  const patientId = opts.patientId ?? null;
  const exclude = opts.excludeVisitId ?? "00000000-0000-0000-0000-000000000000";
  // Raw SQL, aggregated per clinician (and the patient) into arrays of epoch milliseconds: one
  // small row per clinician however many visits there are, cheap to read; uses the
  // (clinicianId, startsAt) and (patientId, startsAt) indexes.
  const busyRows = ids.length
    ? await client.$queryRaw<{ kind: string; id: string; s: number[]; e: number[] }[]>`
        SELECT 'c' AS "kind", "clinicianId"::text AS "id",
               array_agg((extract(epoch FROM "startsAt") * 1000)::float8) AS "s", array_agg((extract(epoch FROM "endsAt") * 1000)::float8) AS "e"
        FROM "Visit"
        WHERE "clinicianId" = ANY(${ids}::uuid[]) AND "status" <> 'CANCELLED' AND "startsAt" < ${hi} AND "endsAt" > ${lo} AND "id" <> ${exclude}::uuid
        GROUP BY "clinicianId"
        UNION ALL
        SELECT 'p', "patientId"::text,
               array_agg((extract(epoch FROM "startsAt") * 1000)::float8), array_agg((extract(epoch FROM "endsAt") * 1000)::float8)
        FROM "Visit"
        WHERE "patientId" = ${patientId}::uuid AND "status" <> 'CANCELLED' AND "startsAt" < ${hi} AND "endsAt" > ${lo} AND "id" <> ${exclude}::uuid
        GROUP BY "patientId"`
    : [];
  const busy = new Map<string, Interval[]>();
  const patientBusy: Interval[] = [];
  for (const r of busyRows) {
    const list = r.s.map((start, i) => ({ start: Number(start), end: Number(r.e[i]) }));
    if (r.kind === "p") patientBusy.push(...list);
    else busy.set(r.id, list);
  }
  const hoursBy = groupBy(hours, (h) => h.clinicianId);
  const excBy = groupBy(exceptions, (e) => e.clinicianId);
  return {
    clinicians: clinicians.map((c) => ({
      clinicianId: c.id,
      name: c.name,
      weekly: hoursBy.get(c.id) ?? [],
      exceptions: excBy.get(c.id) ?? [],
    })),
    busy,
    patientBusy,
  };
}

// Map.groupBy needs Node 21; the app supports Node 20.
function groupBy<T>(rows: T[], key: (r: T) => string): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const r of rows) {
    const k = key(r);
    const list = m.get(k);
    if (list) list.push(r);
    else m.set(k, [r]);
  }
  return m;
}
