import "server-only";
import { dateTimeFormat } from "@/lib/intl-cache";
import { randomUUID } from "node:crypto";
import { Prisma } from "@/generated/prisma/client";
import { auditRowsSql, writeAudit } from "@/server/audit";
import { authorize } from "@/server/auth/actor";
import { db, sqlRows } from "@/server/db";
import { AppError, pgErrorCode } from "@/server/errors";
import type { RequestContext } from "@/server/request-context";
import { visitEventSubscribers } from "@/server/visit-event-subscribers.server";
import type { Actor } from "../identity/core/roles";
import { clinicTimeZone } from "./load-availability.server";
import { nextFreeSlots } from "./search-open-slots.server";
import { isWithinWorkingTime } from "./core/open-time";
import { planReminders } from "./core/reminders";
import { recurringStarts } from "./core/slots";
import { wallClockAt } from "./core/time";
import { canSchedule } from "./policy";
import type { BookVisitInput } from "./schemas";
import { bookedSqlOf } from "./visit-events";
import { SlotTakenError, who } from "./visit-rows.server";

export type BookResult = { visitIds: string[]; replayed: boolean };

/**
 * Books one visit, or a recurring series in one step (all or nothing). Double submits are
 * harmless: the idempotency key is unique, so a replay returns the visits the first request made.
 * Overlaps are refused by the database's exclusion constraints (23P01), which is what makes two
 * coordinators racing for one slot safe across app instances.
 */
export async function bookVisit(
  actor: Actor,
  input: BookVisitInput,
  ctx: RequestContext,
  now = new Date(),
): Promise<BookResult> {
  await authorize(actor, canSchedule(actor.role, "visit.book"), {
    entityType: "Visit",
    patientId: input.patientId,
    action: "CREATE",
  });
  const tz = clinicTimeZone();
  const first = wallClockAt(input.startsAt, tz);
  const count = input.repeatEveryWeeks > 0 ? input.repeatCount : 1;
  const starts =
    count > 1
      ? recurringStarts({ date: first.date, minute: first.minute }, input.repeatEveryWeeks, count, tz)
      : [input.startsAt];

  // One round trip reads everything validation needs: patient, visit type, clinician, the
  // clinician's hours and exceptions around the requested times. (Booking is the hot path:
  // budgeted against a bare node:http + pg server running this same SQL, tests/bench; so its
  // statements go to the pool directly, see sqlRows.)
  const lo = new Date(Math.min(...starts.map((d) => d.getTime())) - 2 * 86_400_000);
  const hi = new Date(Math.max(...starts.map((d) => d.getTime())) + 2 * 86_400_000);
  const [pre] = await sqlRows<BookingPreRead>(Prisma.sql`
    SELECT
      (SELECT "phone" FROM "Patient" WHERE "id" = ${input.patientId}::uuid) AS "patientPhone",
      EXISTS (SELECT 1 FROM "Patient" WHERE "id" = ${input.patientId}::uuid) AS "patientExists",
      (SELECT "durationMinutes" FROM "VisitType" WHERE "id" = ${input.visitTypeId}::uuid AND "active") AS "durationMinutes",
      EXISTS (SELECT 1 FROM "User" WHERE "id" = ${input.clinicianId}::uuid AND "role" = 'CLINICIAN' AND "active") AS "clinicianOk",
      (SELECT coalesce(json_agg(json_build_object('weekday', "weekday", 'startMinute', "startMinute", 'endMinute', "endMinute")), '[]'::json)
         FROM "ClinicianWeeklyHours" WHERE "clinicianId" = ${input.clinicianId}::uuid) AS "weekly",
      (SELECT coalesce(json_agg(json_build_object('kind', "kind", 's', (extract(epoch FROM "startsAt") * 1000)::float8, 'e', (extract(epoch FROM "endsAt") * 1000)::float8)), '[]'::json)
         FROM "ClinicianAvailabilityException" WHERE "clinicianId" = ${input.clinicianId}::uuid AND "startsAt" < ${hi} AND "endsAt" > ${lo}) AS "exceptions"`);
  const errors: Record<string, string[]> = {};
  if (!pre?.patientExists) errors.patientId = ["We could not find that patient. Search again and pick from the list."];
  if (!pre?.durationMinutes) errors.visitTypeId = ["Choose an active visit type from the list"];
  if (!pre?.clinicianOk) errors.clinicianId = ["Choose an active clinician from the list"];
  const phoneNumber = input.modality === "PHONE" ? (input.phoneNumber ?? pre?.patientPhone ?? null) : null;
  if (input.modality === "PHONE" && pre?.patientExists && !phoneNumber)
    errors.phoneNumber = ["Enter the number to call: the patient has no phone number on file"];
  if (input.startsAt.getTime() < now.getTime())
    errors.startsAt = ["That time has already passed. Choose a time in the future."];
  if (Object.keys(errors).length || !pre?.durationMinutes) throw new AppError("VALIDATION", undefined, errors);

  const duration = pre.durationMinutes * 60_000;
  const availability = {
    clinicianId: input.clinicianId,
    weekly: pre.weekly,
    exceptions: pre.exceptions.map((e) => ({ kind: e.kind, startsAt: new Date(e.s), endsAt: new Date(e.e) })),
  };
  const outside = starts.filter((s) => {
    const end = new Date(s.getTime() + duration);
    return !isWithinWorkingTime(availability, s, end, tz, {
      from: wallClockAt(s, tz).date,
      to: wallClockAt(end, tz).date,
    });
  });
  if (outside.length) {
    const label = outside
      .map((s) =>
        dateTimeFormat("en-US", {
          timeZone: tz,
          month: "short",
          day: "numeric",
          hour: "numeric",
          minute: "2-digit",
          timeZoneName: "short",
        }).format(s),
      )
      .join(", ");
    throw new AppError("VALIDATION", "That time is outside the clinician's working hours.", {
      startsAt: [`Outside the clinician's working hours: ${label}`],
    });
  }

  const seriesId = count > 1 ? randomUUID() : null;
  const visits = starts.map((s, i) => ({
    id: randomUUID(),
    startsAt: s,
    endsAt: new Date(s.getTime() + duration),
    idempotencyKey: i === 0 ? input.idempotencyKey : `${input.idempotencyKey}#${i + 1}`,
  }));
  const reminders = visits.flatMap((v) =>
    planReminders(v.startsAt, now).map((r) => ({
      id: randomUUID(),
      visitId: v.id,
      kind: r.kind,
      sendAfter: r.sendAfter,
    })),
  );
  const eventDetails = seriesId ? JSON.stringify({ seriesId, of: count }) : null;
  // One statement writes the visits, their events, reminders, the rows other modules add for a
  // booked visit (pre-visit forms: the subscribers' bookedSql, src/modules/scheduling/visit-events.ts)
  // and the audit rows (the audit module's auditRowsSql): atomic on its own, so no transaction,
  // and one round trip. The exclusion constraints reject an overlap here (23P01); the unique
  // idempotency key rejects a replay (23505).
  const ctes = [
    // Bookings of one clinician or one patient take turns (transaction-scoped advisory locks,
    // always clinician first, then patient): two conflicting inserts running at once would
    // otherwise wait on each other's exclusion-constraint check, and Postgres resolves that only
    // with a deadlock error after deadlock_timeout. Taking turns, the later one sees the earlier
    // one's committed row and fails with 23P01 at once.
    Prisma.sql`booking_lock AS (
        SELECT pg_advisory_xact_lock(${BOOKING_LOCK_SPACE}::int, hashtext(${input.clinicianId})) AS clinician,
               pg_advisory_xact_lock(${BOOKING_LOCK_SPACE}::int, hashtext(${input.patientId})) AS patient)`,
    Prisma.sql`v AS (
        INSERT INTO "Visit" ("id", "patientId", "clinicianId", "visitTypeId", "startsAt", "endsAt", "modality", "reason", "phoneNumber", "idempotencyKey", "seriesId", "createdById", "updatedAt")
        SELECT t.id, ${input.patientId}::uuid, ${input.clinicianId}::uuid, ${input.visitTypeId}::uuid, t.s, t.e, ${input.modality}::"VisitModality", ${input.reason}, ${phoneNumber}, t.k, ${seriesId}::uuid, ${actor.userId}::uuid, now()
        FROM booking_lock, unnest(${visits.map((v) => v.id)}::uuid[], ${visits.map((v) => v.startsAt)}::timestamptz[], ${visits.map((v) => v.endsAt)}::timestamptz[], ${visits.map((v) => v.idempotencyKey)}::text[]) AS t(id, s, e, k)
        RETURNING "id")`,
    Prisma.sql`ev AS (
        INSERT INTO "VisitEvent" ("visitId", "actorUserId", "kind", "toStatus", "details")
        SELECT v.id, ${actor.userId}::uuid, 'BOOKED', 'SCHEDULED', ${eventDetails}::jsonb FROM v)`,
    Prisma.sql`rm AS (
        INSERT INTO "ReminderMessage" ("id", "visitId", "kind", "visitSequence", "sendAfter", "channel", "updatedAt")
        SELECT r.id, r.visit, r.kind, 0, r.at, 'email', now()
        FROM unnest(${reminders.map((r) => r.id)}::uuid[], ${reminders.map((r) => r.visitId)}::uuid[], ${reminders.map((r) => r.kind)}::text[], ${reminders.map((r) => r.sendAfter)}::timestamptz[]) AS r(id, visit, kind, at)
        WHERE EXISTS (SELECT 1 FROM v WHERE v.id = r.visit))`,
    ...bookedSqlOf(visitEventSubscribers(), { patientId: input.patientId, visits, now, actor, ctx }),
    auditRowsSql(
      "v_audit",
      {
        actor: who(actor),
        action: "CREATE",
        entityType: "Visit",
        entityId: Prisma.sql`v.id::text`,
        patientId: input.patientId,
        outcome: "SUCCESS",
        ctx,
        details: { modality: input.modality, ...(seriesId ? { seriesId } : {}) },
      },
      Prisma.sql`v`,
    ),
  ];
  const statement = Prisma.sql`
      WITH ${Prisma.join(ctes, ",\n      ")}
      SELECT 1`;
  try {
    await sqlRows(statement);
    return { visitIds: visits.map((v) => v.id), replayed: false };
  } catch (e) {
    const code = pgErrorCode(e);
    if (code === "23505") {
      const again = await findByIdempotencyKey(input.idempotencyKey, input.patientId);
      if (again) return again;
    }
    if (code === "23P01") {
      await writeAudit({
        actor: who(actor),
        action: "CREATE",
        entityType: "Visit",
        patientId: input.patientId,
        outcome: "FAILURE",
        ctx,
        details: { reason: "slot_taken" },
      });
      throw new SlotTakenError(
        await nextFreeSlots(
          {
            clinicianId: input.clinicianId,
            patientId: input.patientId,
            durationMinutes: pre.durationMinutes,
            after: input.startsAt,
            count: 5,
          },
          now,
        ),
      );
    }
    throw e;
  }
}

/** Key space of the booking advisory locks (pg_advisory_xact_lock(space, hashtext(id))): "VIST". */
const BOOKING_LOCK_SPACE = 0x56495354;

type BookingPreRead = {
  patientPhone: string | null;
  patientExists: boolean;
  durationMinutes: number | null;
  clinicianOk: boolean;
  weekly: { weekday: number; startMinute: number; endMinute: number }[];
  exceptions: { kind: "TIME_OFF" | "EXTRA_HOURS"; s: number; e: number }[];
};

async function findByIdempotencyKey(key: string, patientId: string): Promise<BookResult | null> {
  const first = await db.visit.findUnique({
    where: { idempotencyKey: key },
    select: { id: true, patientId: true, seriesId: true },
  });
  if (!first) return null;
  // A key reused for another patient is not a replay: refuse rather than leak the other visit.
  if (first.patientId !== patientId)
    throw new AppError("CONFLICT", "This form was already used. Reload the page and try again.");
  if (!first.seriesId) return { visitIds: [first.id], replayed: true };
  const series = await db.visit.findMany({
    where: { seriesId: first.seriesId },
    select: { id: true },
    orderBy: { startsAt: "asc" },
  });
  return { visitIds: series.map((s) => s.id), replayed: true };
}
