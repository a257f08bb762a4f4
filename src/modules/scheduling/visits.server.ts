import "server-only";
import { randomUUID } from "node:crypto";
import { Prisma } from "@/generated/prisma/client";
import { auditNotFound, writeAudit } from "@/server/audit";
import { authorize, denyAccess } from "@/server/auth/actor";
import { db, sqlRows, type Tx } from "@/server/db";
import { getEnv } from "@/server/env";
import { AppError, pgErrorCode } from "@/server/errors";
import type { RequestContext } from "@/server/request-context";
import { issuePatientLink, linkSessionAudit, revokePatientLinks, type LinkSession } from "../patient-access/index.server";
import type { Actor } from "../identity/core/roles";
import { ageOn, fullName, todayIn } from "../patients/core/format";
import { clinicTimeZone, isInWorkingHours, nextFreeSlots, type SlotDto } from "./availability.server";
import { isWithinWorkingTime } from "./core/open-time";
import { recurringStarts } from "./core/slots";
import { buildVisitIcs } from "./core/ics";
import { planReminders } from "./core/reminders";
import { addDays, wallClockAt, zonedToUtc } from "./core/time";
import { applyTransition, canEditSchedule, canSwitchModality, joinLinkExpiry, refusalMessages, type VisitStatus, type VisitTransition } from "./core/visit-lifecycle";
import { canSchedule, canSeeVisit, transitionAction } from "./policy";
import type { BookVisitInput } from "./schemas";
import { visitEventSubscribers } from "@/server/visit-event-subscribers.server";
import { bookedSqlOf, dispatchVisitEvent, type VisitEvent } from "./visit-events";
import type { StartConsentChoice } from "../consent/core/start-consent";

/** Publishes a lifecycle event to its subscribers, inside the transaction that changes the visit. */
const publish = (tx: Tx, event: VisitEvent) => dispatchVisitEvent(visitEventSubscribers(), tx, event);

export const SLOT_TAKEN_MESSAGE = "That time was just taken. Choose one of the next free times below.";

/** A booking or reschedule lost a race for its time: carries the next free slots to offer. */
export class SlotTakenError extends AppError {
  constructor(readonly nextSlots: SlotDto[]) {
    super("CONFLICT", SLOT_TAKEN_MESSAGE, { startsAt: ["That time was just taken"] });
  }
}

export type VisitListItem = {
  id: string;
  patientId: string;
  patientName: string;
  patientAge: number;
  clinicianId: string;
  clinicianName: string;
  visitTypeName: string;
  startsAt: string;
  endsAt: string;
  modality: "VIDEO" | "PHONE";
  status: VisitStatus;
  phoneNumber: string | null;
  sequence: number;
  seriesId: string | null;
};

export type VisitDetail = VisitListItem & {
  reason: string;
  cancelReason: string | null;
  patientTimeZone: string;
  patientPhone: string | null;
  patientMrn: string;
  durationMinutes: number;
  visitTypeId: string;
  events: { at: string; kind: string; fromStatus: VisitStatus | null; toStatus: VisitStatus | null; reason: string | null; actorName: string | null }[];
  pendingReminders: number;
};

const listSelect = {
  id: true,
  patientId: true,
  clinicianId: true,
  startsAt: true,
  endsAt: true,
  modality: true,
  status: true,
  phoneNumber: true,
  sequence: true,
  seriesId: true,
  patient: { select: { givenName: true, familyName: true, birthDate: true } },
  clinician: { select: { name: true } },
  visitType: { select: { name: true } },
} satisfies Prisma.VisitSelect;
type ListRow = Prisma.VisitGetPayload<{ select: typeof listSelect }>;

function toListItem(v: ListRow, today: string): VisitListItem {
  return {
    id: v.id,
    patientId: v.patientId,
    patientName: fullName(v.patient),
    patientAge: ageOn(v.patient.birthDate.toISOString().slice(0, 10), today),
    clinicianId: v.clinicianId,
    clinicianName: v.clinician.name,
    visitTypeName: v.visitType.name,
    startsAt: v.startsAt.toISOString(),
    endsAt: v.endsAt.toISOString(),
    modality: v.modality,
    status: v.status,
    phoneNumber: v.phoneNumber,
    sequence: v.sequence,
    seriesId: v.seriesId,
  };
}

const who = (actor: Actor) => ({ userId: actor.userId, role: actor.role });

// ---------------------------------------------------------------------------------------------
// Booking
// ---------------------------------------------------------------------------------------------

export type BookResult = { visitIds: string[]; replayed: boolean };

/**
 * Books one visit, or a recurring series in one step (all or nothing). Double submits are
 * harmless: the idempotency key is unique, so a replay returns the visits the first request made.
 * Overlaps are refused by the database's exclusion constraints (23P01), which is what makes two
 * coordinators racing for one slot safe across app instances.
 */
export async function bookVisit(actor: Actor, input: BookVisitInput, ctx: RequestContext, now = new Date()): Promise<BookResult> {
  await authorize(actor, canSchedule(actor.role, "visit.book"), { entityType: "Visit", patientId: input.patientId, action: "CREATE" });
  const tz = clinicTimeZone();
  const first = wallClockAt(input.startsAt, tz);
  const count = input.repeatEveryWeeks > 0 ? input.repeatCount : 1;
  const starts = count > 1 ? recurringStarts({ date: first.date, minute: first.minute }, input.repeatEveryWeeks, count, tz) : [input.startsAt];

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
  if (input.modality === "PHONE" && pre?.patientExists && !phoneNumber) errors.phoneNumber = ["Enter the number to call: the patient has no phone number on file"];
  if (input.startsAt.getTime() < now.getTime()) errors.startsAt = ["That time has already passed. Choose a time in the future."];
  if (Object.keys(errors).length || !pre?.durationMinutes) throw new AppError("VALIDATION", undefined, errors);

  const duration = pre.durationMinutes * 60_000;
  const availability = {
    clinicianId: input.clinicianId,
    weekly: pre.weekly,
    exceptions: pre.exceptions.map((e) => ({ kind: e.kind, startsAt: new Date(e.s), endsAt: new Date(e.e) })),
  };
  const outside = starts.filter((s) => {
    const end = new Date(s.getTime() + duration);
    return !isWithinWorkingTime(availability, s, end, tz, { from: wallClockAt(s, tz).date, to: wallClockAt(end, tz).date });
  });
  if (outside.length) {
    const label = outside.map((s) => new Intl.DateTimeFormat("en-US", { timeZone: tz, month: "short", day: "numeric", hour: "numeric", minute: "2-digit", timeZoneName: "short" }).format(s)).join(", ");
    throw new AppError("VALIDATION", "That time is outside the clinician's working hours.", { startsAt: [`Outside the clinician's working hours: ${label}`] });
  }

  const seriesId = count > 1 ? randomUUID() : null;
  const visits = starts.map((s, i) => ({
    id: randomUUID(),
    startsAt: s,
    endsAt: new Date(s.getTime() + duration),
    idempotencyKey: i === 0 ? input.idempotencyKey : `${input.idempotencyKey}#${i + 1}`,
  }));
  const reminders = visits.flatMap((v) => planReminders(v.startsAt, now).map((r) => ({ id: randomUUID(), visitId: v.id, kind: r.kind, sendAfter: r.sendAfter })));
  const auditDetails = JSON.stringify({ modality: input.modality, ...(seriesId ? { seriesId } : {}) });
  const eventDetails = seriesId ? JSON.stringify({ seriesId, of: count }) : null;
  // One statement writes the visits, their events, reminders, the rows other modules add for a
  // booked visit (pre-visit forms: the subscribers' bookedSql, src/modules/scheduling/visit-events.ts)
  // and the audit rows: atomic on its own, so no transaction, and one round trip. The exclusion
  // constraints reject an overlap here (23P01); the unique idempotency key rejects a replay (23505).
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
  ];
  const statement = Prisma.sql`
      WITH ${Prisma.join(ctes, ",\n      ")}
      INSERT INTO "AuditEvent" ("actorUserId", "actorRole", "action", "entityType", "entityId", "patientId", "outcome", "ip", "requestId", "details")
      SELECT ${actor.userId}::uuid, ${actor.role}, 'CREATE', 'Visit', v.id::text, ${input.patientId}::uuid, 'SUCCESS', ${ctx.ip}, ${ctx.requestId}, ${auditDetails}::jsonb FROM v`;
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
      await writeAudit({ actor: who(actor), action: "CREATE", entityType: "Visit", patientId: input.patientId, outcome: "FAILURE", ctx, details: { reason: "slot_taken" } });
      throw new SlotTakenError(await nextFreeSlots({ clinicianId: input.clinicianId, patientId: input.patientId, durationMinutes: pre.durationMinutes, after: input.startsAt, count: 5 }, now));
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
  const first = await db.visit.findUnique({ where: { idempotencyKey: key }, select: { id: true, patientId: true, seriesId: true } });
  if (!first) return null;
  // A key reused for another patient is not a replay: refuse rather than leak the other visit.
  if (first.patientId !== patientId) throw new AppError("CONFLICT", "This form was already used. Reload the page and try again.");
  if (!first.seriesId) return { visitIds: [first.id], replayed: true };
  const series = await db.visit.findMany({ where: { seriesId: first.seriesId }, select: { id: true }, orderBy: { startsAt: "asc" } });
  return { visitIds: series.map((s) => s.id), replayed: true };
}

// ---------------------------------------------------------------------------------------------
// Changes: reschedule, lifecycle transitions (incl. cancel, no-show), modality switch
// ---------------------------------------------------------------------------------------------

async function loadForChange(actor: Actor, visitId: string, action: Parameters<typeof canSchedule>[1]) {
  await authorize(actor, canSchedule(actor.role, action), { entityType: "Visit", entityId: visitId, action: "UPDATE" });
  const v = await db.visit.findUnique({
    where: { id: visitId },
    select: { id: true, patientId: true, clinicianId: true, status: true, startsAt: true, endsAt: true, sequence: true, modality: true, phoneNumber: true, patient: { select: { phone: true } } },
  });
  if (!v) throw new AppError("NOT_FOUND");
  return v;
}

const CHANGED_MEANWHILE = "This visit was changed by someone else meanwhile. Reload the page to see the latest and try again.";

async function replaceReminders(tx: Tx, visitId: string, sequence: number, startsAt: Date | null, now: Date) {
  await tx.reminderMessage.updateMany({ where: { visitId, status: { in: ["PENDING", "HELD"] } }, data: { status: "CANCELLED" } });
  if (startsAt) {
    await tx.reminderMessage.createMany({ data: planReminders(startsAt, now).map((r) => ({ visitId, kind: r.kind, visitSequence: sequence, sendAfter: r.sendAfter, channel: "email" })), skipDuplicates: true });
  }
}

export async function rescheduleVisit(actor: Actor, visitId: string, input: { startsAt: Date; expectedSequence: number; reason: string }, ctx: RequestContext, now = new Date()): Promise<void> {
  const v = await loadForChange(actor, visitId, "visit.reschedule");
  if (!canEditSchedule(v.status)) throw new AppError("CONFLICT", "Only a scheduled visit that has not started can be moved.");
  if (v.sequence !== input.expectedSequence) throw new AppError("CONFLICT", CHANGED_MEANWHILE);
  if (input.startsAt.getTime() < now.getTime()) throw new AppError("VALIDATION", undefined, { startsAt: ["That time has already passed. Choose a time in the future."] });
  const duration = v.endsAt.getTime() - v.startsAt.getTime();
  const endsAt = new Date(input.startsAt.getTime() + duration);
  if (!(await isInWorkingHours(v.clinicianId, input.startsAt, endsAt))) {
    throw new AppError("VALIDATION", "That time is outside the clinician's working hours.", { startsAt: ["Outside the clinician's working hours"] });
  }
  try {
    await db.$transaction(async (tx) => {
      const r = await tx.visit.updateMany({ where: { id: visitId, sequence: input.expectedSequence, status: "SCHEDULED" }, data: { startsAt: input.startsAt, endsAt, sequence: { increment: 1 } } });
      if (r.count !== 1) throw new AppError("CONFLICT", CHANGED_MEANWHILE);
      await tx.visitEvent.create({ data: { visitId, actorUserId: actor.userId, kind: "RESCHEDULED", reason: input.reason, details: { from: v.startsAt.toISOString(), to: input.startsAt.toISOString() } } });
      await replaceReminders(tx, visitId, input.expectedSequence + 1, input.startsAt, now);
      await publish(tx, { type: "visit.rescheduled", visitId, patientId: v.patientId, startsAt: input.startsAt, now, actor, ctx });
      await writeAudit({ actor: who(actor), action: "UPDATE", entityType: "Visit", entityId: visitId, patientId: v.patientId, outcome: "SUCCESS", ctx, details: { changed: ["startsAt", "endsAt"], event: "reschedule" } }, tx);
    });
  } catch (e) {
    if (pgErrorCode(e) === "23P01") {
      throw new SlotTakenError(await nextFreeSlots({ clinicianId: v.clinicianId, patientId: v.patientId, durationMinutes: duration / 60_000, after: input.startsAt, count: 5, excludeVisitId: visitId }, now));
    }
    throw e;
  }
}

export type TransitionOptions = {
  /**
   * START only: the consent the clinician gives with the start when none is on file (verbal
   * consent confirmed now, or an emergency reason). The consent module decides, in the same
   * transaction (the visit.starting event); without either, a start lacking consent is refused.
   */
  consent?: StartConsentChoice;
  /**
   * CHECK_IN (and START): the patient's state for this visit, asked by staff (licensure,
   * docs/clinical-reference.md#licensure). Undefined leaves it as recorded; null = not known yet.
   */
  patientLocationState?: string | null;
};

/** Any lifecycle step. Cancelling needs a reason; starting needs consent; every change is audited with who and why. */
export async function transitionVisit(actor: Actor, visitId: string, transition: VisitTransition, reason: string | null, ctx: RequestContext, now = new Date(), opts: TransitionOptions = {}): Promise<VisitStatus> {
  const v = await loadForChange(actor, visitId, transitionAction[transition]);
  const to = checkTransition(v, transition, reason, now);
  await db.$transaction((tx) => writeTransition(tx, actor, v, transition, to, reason, ctx, now, opts));
  return to;
}

/**
 * The same lifecycle step inside the caller's transaction, for a write of another module that
 * must commit or roll back together with it (signing a visit note completes the visit). Same
 * authorization, rules, side effects and audit row as transitionVisit.
 */
export async function transitionVisitInTx(tx: Tx, actor: Actor, visitId: string, transition: VisitTransition, reason: string | null, ctx: RequestContext, now = new Date(), opts: TransitionOptions = {}): Promise<VisitStatus> {
  await authorize(actor, canSchedule(actor.role, transitionAction[transition]), { entityType: "Visit", entityId: visitId, action: "UPDATE" });
  const v = await tx.visit.findUnique({ where: { id: visitId }, select: { id: true, patientId: true, status: true, startsAt: true, sequence: true, modality: true } });
  if (!v) throw new AppError("NOT_FOUND");
  const to = checkTransition(v, transition, reason, now);
  await writeTransition(tx, actor, v, transition, to, reason, ctx, now, opts);
  return to;
}

type TransitionSubject = { id: string; patientId: string; status: VisitStatus; startsAt: Date; sequence: number; modality: "VIDEO" | "PHONE" };

function checkTransition(v: TransitionSubject, transition: VisitTransition, reason: string | null, now: Date): VisitStatus {
  const r = applyTransition(v.status, transition, { now, startsAt: v.startsAt, reason });
  if (!r.ok) {
    if (r.reason === "reason_required") throw new AppError("VALIDATION", undefined, { reason: ["Give a reason for cancelling"] });
    throw new AppError("CONFLICT", refusalMessages[r.reason]);
  }
  return r.to;
}

async function writeTransition(tx: Tx, actor: Actor, v: TransitionSubject, transition: VisitTransition, to: VisitStatus, reason: string | null, ctx: RequestContext, now: Date, opts: TransitionOptions = {}): Promise<void> {
  const visitId = v.id;
  const stamp: Prisma.VisitUpdateManyMutationInput = (() => {
    switch (to) {
      case "CHECKED_IN":
        return { checkedInAt: now };
      case "IN_PROGRESS":
        return { startedAt: now };
      case "COMPLETED":
        return { completedAt: now };
      case "CANCELLED":
        // Calendars must pick the cancellation up: SEQUENCE goes up with METHOD:CANCEL.
        return { cancelledAt: now, cancelReason: reason, sequence: { increment: 1 } };
      case "NO_SHOW":
      case "SCHEDULED":
        return {};
    }
  })();
  // A start also holds the modality it checked consent for (a switch to phone meanwhile wins).
  const location = opts.patientLocationState !== undefined && (to === "CHECKED_IN" || to === "IN_PROGRESS") ? { patientLocationState: opts.patientLocationState } : {};
  const u = await tx.visit.updateMany({ where: { id: visitId, status: v.status, ...(to === "IN_PROGRESS" ? { modality: v.modality } : {}) }, data: { status: to, ...stamp, ...location } });
  if (u.count !== 1) throw new AppError("CONFLICT", CHANGED_MEANWHILE);
  if (to === "IN_PROGRESS") await publish(tx, { type: "visit.starting", visitId, patientId: v.patientId, modality: v.modality, actor, ctx, now, consent: opts.consent ?? null });
  await tx.visitEvent.create({ data: { visitId, actorUserId: actor.userId, kind: transition, fromStatus: v.status, toStatus: to, reason } });
  if (to === "CANCELLED" || to === "NO_SHOW" || to === "COMPLETED") {
    await replaceReminders(tx, visitId, v.sequence, null, now);
    await revokePatientLinks(tx, { purpose: "visit-join", subjectId: visitId, reason: `visit_${to.toLowerCase()}` }, now);
    await publish(tx, { type: "visit.finished", visitId, now });
  }
  if (to === "CANCELLED" || to === "NO_SHOW") await publish(tx, { type: "visit.closed", visitId, status: to, actor, now, reason: to === "CANCELLED" ? `Visit cancelled: ${reason ?? ""}`.trim() : "Visit missed (no-show)" });
  // A completed visit needs no pre-visit form any more: unanswered ones stop showing as overdue.
  if (to === "COMPLETED") await publish(tx, { type: "visit.closed", visitId, status: to, actor, now, reason: "Visit completed before the form was answered" });
  await writeAudit({ actor: who(actor), action: "UPDATE", entityType: "Visit", entityId: visitId, patientId: v.patientId, outcome: "SUCCESS", ctx, details: { event: transition, from: v.status, to, ...("patientLocationState" in location ? { patientLocationRecorded: location.patientLocationState !== null } : {}) } }, tx);
}

export async function cancelVisit(actor: Actor, visitId: string, reason: string, ctx: RequestContext, now = new Date()): Promise<void> {
  await transitionVisit(actor, visitId, "CANCEL", reason, ctx, now);
}

/** Video <-> phone before (or during, for a failing video) the visit, recorded with a reason. */
export async function switchVisitModality(
  actor: Actor,
  visitId: string,
  input: { modality: "VIDEO" | "PHONE"; phoneNumber: string | null; reason: string; reasonCode?: string },
  ctx: RequestContext,
  now = new Date(),
): Promise<{ phoneNumber: string | null }> {
  const v = await loadForChange(actor, visitId, "visit.switchModality");
  if (!canSwitchModality(v.status)) throw new AppError("CONFLICT", "The way this visit happens can no longer be changed.");
  if (v.modality === input.modality) throw new AppError("VALIDATION", undefined, { modality: [`This visit is already a ${input.modality === "VIDEO" ? "video" : "phone"} visit`] });
  const phoneNumber = input.modality === "PHONE" ? (input.phoneNumber ?? v.patient.phone) : null;
  if (input.modality === "PHONE" && !phoneNumber) throw new AppError("VALIDATION", undefined, { phoneNumber: ["Enter the number to call: the patient has no phone number on file"] });
  await db.$transaction(async (tx) => {
    const u = await tx.visit.updateMany({ where: { id: visitId, status: v.status, modality: v.modality }, data: { modality: input.modality, phoneNumber, sequence: { increment: 1 } } });
    if (u.count !== 1) throw new AppError("CONFLICT", CHANGED_MEANWHILE);
    await tx.visitEvent.create({ data: { visitId, actorUserId: actor.userId, kind: "MODALITY_SWITCHED", reason: input.reason, details: { from: v.modality, to: input.modality, ...(input.reasonCode ? { reasonCode: input.reasonCode } : {}) } } });
    // Before the visit, a switch to phone retires the join link. During it (a video that failed),
    // the link stays so the patient's page can say the clinic will call and at which number.
    if (input.modality === "PHONE" && v.status === "SCHEDULED") await revokePatientLinks(tx, { purpose: "visit-join", subjectId: visitId, reason: "visit_by_phone" }, now);
    if (v.status === "SCHEDULED") await replaceReminders(tx, visitId, v.sequence + 1, v.startsAt, now);
    await writeAudit({ actor: who(actor), action: "UPDATE", entityType: "Visit", entityId: visitId, patientId: v.patientId, outcome: "SUCCESS", ctx, details: { changed: ["modality", "phoneNumber"], from: v.modality, to: input.modality } }, tx);
    await publish(tx, { type: "visit.modality-switched", visitId, modality: input.modality, phoneNumber });
  });
  return { phoneNumber };
}

/**
 * A fresh single-patient join link for a video visit: reusable by the patient until the visit
 * is over; older links of this visit can no longer be opened (sessions made from them go on).
 * The raw link is returned once, to be shown to the coordinator or sent; it is never stored.
 */
export async function issueVisitJoinLink(actor: Actor, visitId: string, ctx: RequestContext, now = new Date()): Promise<{ url: string; expiresAt: string }> {
  const v = await loadForChange(actor, visitId, "visit.issueJoinLink");
  if (v.modality !== "VIDEO") throw new AppError("CONFLICT", "Join links are only for video visits.");
  if (!["SCHEDULED", "CHECKED_IN", "IN_PROGRESS"].includes(v.status)) throw new AppError("CONFLICT", "This visit is over or cancelled: no join link.");
  return db.$transaction(async (tx) => {
    const link = await issuePatientLink(tx, { patientId: v.patientId, purpose: "visit-join", subjectId: visitId, expiresAt: joinLinkExpiry(v.endsAt), by: who(actor), ctx, supersede: true, now });
    return { url: link.url, expiresAt: link.expiresAt.toISOString() };
  });
}

// ---------------------------------------------------------------------------------------------
// Reads
// ---------------------------------------------------------------------------------------------

/** A visit's patient, for a refusal's audit row only. */
export async function patientOfVisit(visitId: string): Promise<string | null> {
  return (await db.visit.findUnique({ where: { id: visitId }, select: { patientId: true } }))?.patientId ?? null;
}

function patientScope(actor: Actor): Prisma.VisitWhereInput {
  return actor.role === "PATIENT" ? { patientId: actor.patientId ?? "00000000-0000-0000-0000-000000000000" } : {};
}

export async function getVisit(actor: Actor, visitId: string, ctx: RequestContext): Promise<VisitDetail> {
  if (!canSchedule(actor.role, "visit.read") && !canSchedule(actor.role, "visit.readOwn")) {
    await denyAccess(actor, { entityType: "Visit", entityId: visitId, action: "READ" });
  }
  const v = await db.visit.findFirst({
    where: { AND: [{ id: visitId }, patientScope(actor)] },
    select: {
      ...listSelect,
      reason: true,
      cancelReason: true,
      visitTypeId: true,
      patient: { select: { givenName: true, familyName: true, birthDate: true, timeZone: true, phone: true, mrn: true } },
      events: { select: { at: true, kind: true, fromStatus: true, toStatus: true, reason: true, actorUserId: true }, orderBy: { at: "asc" } },
      _count: { select: { reminders: { where: { status: "PENDING" } } } },
    },
  });
  if (!v || !canSeeVisit(actor, v.patientId)) {
    await auditNotFound(who(actor), { action: "READ", entityType: "Visit", entityId: visitId }, ctx, () => patientOfVisit(visitId), actor.patientId);
    throw new AppError("NOT_FOUND");
  }
  const actorIds = [...new Set(v.events.map((e) => e.actorUserId).filter((x): x is string => !!x))];
  const names = new Map((await db.user.findMany({ where: { id: { in: actorIds } }, select: { id: true, name: true } })).map((u) => [u.id, u.name]));
  await writeAudit({ actor: who(actor), action: "READ", entityType: "Visit", entityId: v.id, patientId: v.patientId, outcome: "SUCCESS", ctx });
  const today = todayIn(clinicTimeZone());
  return {
    ...toListItem(v, today),
    reason: actor.role === "PATIENT" ? "" : v.reason,
    cancelReason: actor.role === "PATIENT" ? null : v.cancelReason,
    patientTimeZone: v.patient.timeZone,
    patientPhone: v.patient.phone,
    patientMrn: v.patient.mrn,
    durationMinutes: Math.round((v.endsAt.getTime() - v.startsAt.getTime()) / 60_000),
    visitTypeId: v.visitTypeId,
    events: actor.role === "PATIENT" ? [] : v.events.map((e) => ({ at: e.at.toISOString(), kind: e.kind, fromStatus: e.fromStatus, toStatus: e.toStatus, reason: e.reason, actorName: e.actorUserId ? (names.get(e.actorUserId) ?? null) : null })),
    pendingReminders: v._count.reminders,
  };
}

/**
 * For other modules: a patient's visits (upcoming first by default). Scoped in the query: a
 * patient actor gets only their own; staff any patient.
 */
export async function listVisitsForPatient(actor: Actor, patientId: string, ctx: RequestContext, opts: { upcomingOnly?: boolean; includeCancelled?: boolean; now?: Date; take?: number } = {}): Promise<VisitListItem[]> {
  if (!canSeeVisit(actor, patientId)) await denyAccess(actor, { entityType: "Visit", patientId, action: "LIST" });
  const now = opts.now ?? new Date();
  const rows = await db.visit.findMany({
    where: {
      AND: [
        { patientId },
        patientScope(actor),
        opts.upcomingOnly ? { endsAt: { gt: now } } : {},
        opts.includeCancelled ? {} : { status: { not: "CANCELLED" } },
      ],
    },
    select: listSelect,
    orderBy: { startsAt: opts.upcomingOnly ? "asc" : "desc" },
    take: opts.take ?? 50,
  });
  await writeAudit({ actor: who(actor), action: "LIST", entityType: "Visit", patientId, outcome: "SUCCESS", ctx, details: { results: rows.length, upcomingOnly: !!opts.upcomingOnly } });
  const today = todayIn(clinicTimeZone());
  return rows.map((r) => toListItem(r, today));
}

/** Calendar: visits overlapping [from, to] clinic dates, optionally for one clinician. */
export async function listVisitsForCalendar(actor: Actor, input: { from: string; to: string; clinicianId: string | null }, ctx: RequestContext): Promise<VisitListItem[]> {
  await authorize(actor, canSchedule(actor.role, "visit.list"), { entityType: "Visit", action: "LIST" });
  const tz = clinicTimeZone();
  const lo = zonedToUtc(input.from, 0, tz);
  const hi = zonedToUtc(addDays(input.to, 1), 0, tz);
  const rows = await db.visit.findMany({
    where: { startsAt: { lt: hi }, endsAt: { gt: lo }, ...(input.clinicianId ? { clinicianId: input.clinicianId } : {}) },
    select: listSelect,
    orderBy: [{ startsAt: "asc" }, { clinicianId: "asc" }],
    take: 2000,
  });
  await writeAudit({ actor: who(actor), action: "LIST", entityType: "Visit", outcome: "SUCCESS", ctx, details: { scope: "calendar", results: rows.length } });
  const today = todayIn(tz);
  return rows.map((r) => toListItem(r, today));
}

export const UPCOMING_PAGE_SIZE = 50;

export async function listUpcomingVisits(
  actor: Actor,
  f: { clinicianId: string | null; status: VisitStatus | null; modality: "VIDEO" | "PHONE" | null; from?: string; to?: string; page: number },
  ctx: RequestContext,
  now = new Date(),
): Promise<{ rows: VisitListItem[]; total: number }> {
  await authorize(actor, canSchedule(actor.role, "visit.list"), { entityType: "Visit", action: "LIST" });
  const tz = clinicTimeZone();
  const where: Prisma.VisitWhereInput = {
    startsAt: { gte: f.from ? zonedToUtc(f.from, 0, tz) : new Date(now.getTime() - 60 * 60_000), ...(f.to ? { lt: zonedToUtc(addDays(f.to, 1), 0, tz) } : {}) },
    ...(f.clinicianId ? { clinicianId: f.clinicianId } : {}),
    ...(f.status ? { status: f.status } : { status: { not: "CANCELLED" } }),
    ...(f.modality ? { modality: f.modality } : {}),
  };
  const [rows, total] = await Promise.all([
    db.visit.findMany({ where, select: listSelect, orderBy: [{ startsAt: "asc" }, { id: "asc" }], take: UPCOMING_PAGE_SIZE, skip: (f.page - 1) * UPCOMING_PAGE_SIZE }),
    db.visit.count({ where }),
  ]);
  await writeAudit({ actor: who(actor), action: "LIST", entityType: "Visit", outcome: "SUCCESS", ctx, details: { scope: "upcoming", results: rows.length, page: f.page } });
  const today = todayIn(tz);
  return { rows: rows.map((r) => toListItem(r, today)), total };
}

/** The clinician's own visits today (clinic day), for the Today timeline. */
export async function listTodayVisits(actor: Actor, ctx: RequestContext, now = new Date()): Promise<VisitListItem[]> {
  await authorize(actor, actor.role === "CLINICIAN" && canSchedule(actor.role, "visit.list"), { entityType: "Visit", action: "LIST" });
  const tz = clinicTimeZone();
  const today = wallClockAt(now, tz).date;
  const rows = await db.visit.findMany({
    where: { clinicianId: actor.userId, startsAt: { gte: zonedToUtc(today, 0, tz), lt: zonedToUtc(addDays(today, 1), 0, tz) } },
    select: listSelect,
    orderBy: { startsAt: "asc" },
  });
  await writeAudit({ actor: who(actor), action: "LIST", entityType: "Visit", outcome: "SUCCESS", ctx, details: { scope: "today", results: rows.length } });
  return rows.map((r) => toListItem(r, today));
}

// ---------------------------------------------------------------------------------------------
// Calendar file and the patient's link page
// ---------------------------------------------------------------------------------------------

export async function exportVisitIcs(actor: Actor, visitId: string, ctx: RequestContext, now = new Date()): Promise<{ filename: string; body: string }> {
  if (!canSchedule(actor.role, "visit.exportIcs")) await denyAccess(actor, { entityType: "Visit", entityId: visitId, action: "READ" });
  const v = await db.visit.findFirst({
    where: { AND: [{ id: visitId }, patientScope(actor)] },
    select: { id: true, patientId: true, startsAt: true, endsAt: true, modality: true, status: true, sequence: true },
  });
  if (!v || !canSeeVisit(actor, v.patientId)) {
    await auditNotFound(who(actor), { action: "EXPORT", entityType: "Visit", entityId: visitId, details: { format: "ics" } }, ctx, () => patientOfVisit(visitId), actor.patientId);
    throw new AppError("NOT_FOUND");
  }
  const base = new URL(getEnv().NEXTAUTH_URL ?? "http://localhost:3000");
  const body = buildVisitIcs({
    visitId: v.id,
    sequence: v.sequence,
    startsAt: v.startsAt,
    endsAt: v.endsAt,
    modality: v.modality,
    cancelled: v.status === "CANCELLED",
    clinicName: getEnv().CLINIC_NAME,
    // A page behind sign-in (patients with an account) - never a raw link token.
    joinUrl: v.modality === "VIDEO" ? new URL(`/me/visits/${v.id}`, base).toString() : null,
    domain: base.hostname,
    now,
  });
  await writeAudit({ actor: who(actor), action: "EXPORT", entityType: "Visit", entityId: v.id, patientId: v.patientId, outcome: "SUCCESS", ctx, details: { format: "ics", sequence: v.sequence } });
  return { filename: `visit-${v.startsAt.toISOString().slice(0, 10)}.ics`, body };
}

export type PatientVisitView = {
  id: string;
  startsAt: string;
  endsAt: string;
  modality: "VIDEO" | "PHONE";
  status: VisitStatus;
  clinicianName: string;
  visitTypeName: string;
  phoneNumber: string | null;
  timeZone: string;
  givenName: string;
};

/** The "your visit" page a join link opens: only the one visit the link was made for. */
export async function getVisitForLinkSession(session: LinkSession, ctx: RequestContext): Promise<PatientVisitView | null> {
  if (!session.subjectId) return null;
  const v = await db.visit.findFirst({
    where: { id: session.subjectId, patientId: session.patientId },
    select: { id: true, startsAt: true, endsAt: true, modality: true, status: true, phoneNumber: true, clinician: { select: { name: true } }, visitType: { select: { name: true } }, patient: { select: { timeZone: true, givenName: true } } },
  });
  await writeAudit({ actor: null, action: "READ", entityType: "Visit", entityId: session.subjectId, patientId: session.patientId, outcome: v ? "SUCCESS" : "FAILURE", ctx, details: linkSessionAudit(session) });
  if (!v) return null;
  return toPatientView(v);
}

/** A visit as its patient (or a guest of theirs) sees it. */
export function toPatientView(v: { id: string; startsAt: Date; endsAt: Date; modality: "VIDEO" | "PHONE"; status: VisitStatus; phoneNumber: string | null; clinician: { name: string }; visitType: { name: string }; patient: { timeZone: string; givenName: string } }): PatientVisitView {
  return {
    id: v.id,
    startsAt: v.startsAt.toISOString(),
    endsAt: v.endsAt.toISOString(),
    modality: v.modality,
    status: v.status,
    clinicianName: v.clinician.name,
    visitTypeName: v.visitType.name,
    phoneNumber: v.phoneNumber,
    timeZone: v.patient.timeZone,
    givenName: v.patient.givenName,
  };
}

/** A signed-in patient's own visit page (/me/visits/[id]). */
export async function getOwnVisitView(actor: Actor, visitId: string, ctx: RequestContext): Promise<PatientVisitView> {
  await authorize(actor, canSchedule(actor.role, "visit.readOwn"), { entityType: "Visit", entityId: visitId, action: "READ" });
  const v = await db.visit.findFirst({
    where: { AND: [{ id: visitId }, patientScope(actor)] },
    select: { id: true, patientId: true, startsAt: true, endsAt: true, modality: true, status: true, phoneNumber: true, clinician: { select: { name: true } }, visitType: { select: { name: true } }, patient: { select: { timeZone: true, givenName: true } } },
  });
  if (!v) {
    await auditNotFound(who(actor), { action: "READ", entityType: "Visit", entityId: visitId }, ctx, () => patientOfVisit(visitId), actor.patientId);
    throw new AppError("NOT_FOUND");
  }
  await writeAudit({ actor: who(actor), action: "READ", entityType: "Visit", entityId: v.id, patientId: v.patientId, outcome: "SUCCESS", ctx });
  return toPatientView(v);
}

/** The patient's own time zone (for their pages). */
export async function getPatientTimeZone(actor: Actor): Promise<string> {
  if (actor.role !== "PATIENT" || !actor.patientId) return clinicTimeZone();
  const p = await db.patient.findUnique({ where: { id: actor.patientId }, select: { timeZone: true } });
  return p?.timeZone ?? clinicTimeZone();
}
