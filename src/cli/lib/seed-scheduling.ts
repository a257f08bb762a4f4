import type { Prisma } from "../../generated/prisma/client";
import { planReminders } from "../../modules/scheduling/core/reminders";
import { addDays, wallClockAt, zonedToUtc } from "../../modules/scheduling/core/time";
import type { DemoIds } from "./seed-demo";

type Tx = Prisma.TransactionClient;

/**
 * Demo scheduling data, relative to "now" so the demo always looks current: visit types,
 * clinician hours (weekdays, plus extended hours today and tomorrow so there is always something
 * bookable and something on the clinician's Today), and a spread of past, current and future
 * visits with their reminders.
 */
export async function seedScheduling(
  tx: Tx,
  ids: DemoIds,
  now = new Date(),
  timeZone = process.env.CLINIC_TIME_ZONE ?? "America/Los_Angeles",
): Promise<void> {
  const types = {
    newPatient: await tx.visitType.create({
      data: { name: "New patient", durationMinutes: 60, isDemo: true },
      select: { id: true },
    }),
    followUp: await tx.visitType.create({
      data: { name: "Follow-up", durationMinutes: 30, isDemo: true },
      select: { id: true },
    }),
    checkIn: await tx.visitType.create({
      data: { name: "Brief check-in", durationMinutes: 15, isDemo: true },
      select: { id: true },
    }),
  };
  const lee = ids.users.clinician;
  const patel = ids.users.clinician2;
  const coordinator = ids.users.coordinator;
  if (!lee || !patel || !coordinator) return;
  await tx.clinicianWeeklyHours.createMany({
    data: [
      ...[1, 2, 3, 4, 5].map((weekday) => ({
        clinicianId: lee,
        weekday,
        startMinute: 8 * 60,
        endMinute: 16 * 60 + 30,
      })),
      ...[1, 2, 3, 4].map((weekday) => ({ clinicianId: patel, weekday, startMinute: 9 * 60, endMinute: 17 * 60 })),
      { clinicianId: patel, weekday: 5, startMinute: 9 * 60, endMinute: 13 * 60 },
    ],
  });
  const today = wallClockAt(now, timeZone).date;
  // Demo "extended hours" run round the clock from the start of today to the end of tomorrow, so
  // something is bookable today whatever the hour the demo (or a test run) starts.
  const ext = (from: string, days: number, clinicianId: string) => ({
    clinicianId,
    kind: "EXTRA_HOURS" as const,
    startsAt: zonedToUtc(from, 0, timeZone),
    endsAt: zonedToUtc(addDays(from, days), 0, timeZone),
    note: "Extended hours (demo)",
  });
  await tx.clinicianAvailabilityException.createMany({
    data: [
      ext(today, 2, lee),
      ext(today, 1, patel),
      {
        clinicianId: patel,
        kind: "TIME_OFF",
        startsAt: zonedToUtc(addDays(today, 35), 0, timeZone),
        endsAt: zonedToUtc(addDays(today, 36), 0, timeZone),
        note: "Conference",
      },
    ],
  });

  // Quarter-hour grid relative to now.
  const q = 15 * 60_000;
  const base = Math.floor(now.getTime() / q) * q;
  const rel = (minutes: number) => new Date(base + minutes * 60_000);
  const day = (days: number, hhmm: number) => zonedToUtc(addDays(today, days), hhmm, timeZone);
  const p = ids.patients;
  type Row = {
    mrn: string;
    clinicianId: string;
    type: keyof typeof types;
    startsAt: Date;
    modality: "VIDEO" | "PHONE";
    status?: "SCHEDULED" | "CHECKED_IN" | "IN_PROGRESS" | "COMPLETED" | "CANCELLED" | "NO_SHOW";
    reason: string;
    cancelReason?: string;
  };
  const rows: Row[] = [
    {
      mrn: "MRN-100003",
      clinicianId: lee,
      type: "followUp",
      startsAt: rel(-120),
      modality: "VIDEO",
      status: "COMPLETED",
      reason: "Follow-up: tapering plan",
    },
    {
      mrn: "MRN-100004",
      clinicianId: lee,
      type: "checkIn",
      startsAt: rel(-15),
      modality: "VIDEO",
      status: "CHECKED_IN",
      reason: "Brief check-in after medication change",
    },
    {
      mrn: "MRN-100001",
      clinicianId: lee,
      type: "followUp",
      startsAt: rel(45),
      modality: "VIDEO",
      reason: "Monthly opioid therapy follow-up",
    },
    {
      mrn: "MRN-100002",
      clinicianId: lee,
      type: "followUp",
      startsAt: rel(120),
      modality: "PHONE",
      reason: "Follow-up; no video at home",
    },
    {
      mrn: "MRN-100008",
      clinicianId: lee,
      type: "checkIn",
      startsAt: rel(180),
      modality: "PHONE",
      status: "CANCELLED",
      reason: "Check-in",
      cancelReason: "Patient asked to move it",
    },
    {
      mrn: "MRN-100010",
      clinicianId: lee,
      type: "newPatient",
      startsAt: day(3, 10 * 60),
      modality: "VIDEO",
      reason: "New patient: chronic low back pain referral",
    },
    {
      mrn: "MRN-100001",
      clinicianId: lee,
      type: "followUp",
      startsAt: day(28, 10 * 60),
      modality: "VIDEO",
      reason: "Monthly opioid therapy follow-up",
    },
    {
      mrn: "MRN-100005",
      clinicianId: patel,
      type: "followUp",
      startsAt: rel(60),
      modality: "PHONE",
      reason: "Follow-up",
    },
    {
      mrn: "MRN-100006",
      clinicianId: patel,
      type: "followUp",
      startsAt: day(2, 9 * 60 + 30),
      modality: "VIDEO",
      reason: "Follow-up: PEG trend",
    },
    {
      mrn: "MRN-100009",
      clinicianId: patel,
      type: "checkIn",
      startsAt: day(-2, 11 * 60),
      modality: "VIDEO",
      status: "NO_SHOW",
      reason: "Check-in",
    },
  ];
  const durations = { newPatient: 60, followUp: 30, checkIn: 15 };
  for (const [i, r] of rows.entries()) {
    const patientId = p[r.mrn];
    if (!patientId) continue;
    const phone =
      r.modality === "PHONE"
        ? ((await tx.patient.findUnique({ where: { id: patientId }, select: { phone: true } }))?.phone ??
          "+12065550100")
        : null;
    const status = r.status ?? "SCHEDULED";
    const v = await tx.visit.create({
      data: {
        patientId,
        clinicianId: r.clinicianId,
        visitTypeId: types[r.type].id,
        startsAt: r.startsAt,
        endsAt: new Date(r.startsAt.getTime() + durations[r.type] * 60_000),
        modality: r.modality,
        status,
        reason: r.reason,
        phoneNumber: phone,
        idempotencyKey: `demo-visit-${i}`,
        sequence: status === "CANCELLED" ? 1 : 0,
        cancelReason: r.cancelReason ?? null,
        cancelledAt: status === "CANCELLED" ? now : null,
        checkedInAt: status === "CHECKED_IN" || status === "COMPLETED" ? r.startsAt : null,
        completedAt: status === "COMPLETED" ? new Date(r.startsAt.getTime() + 25 * 60_000) : null,
        createdById: coordinator,
        isDemo: true,
      },
      select: { id: true, sequence: true },
    });
    await tx.visitEvent.create({
      data: {
        visitId: v.id,
        actorUserId: coordinator,
        kind: "BOOKED",
        toStatus: "SCHEDULED",
        at: new Date(r.startsAt.getTime() - 7 * 86_400_000),
      },
    });
    if (status !== "SCHEDULED")
      await tx.visitEvent.create({
        data: {
          visitId: v.id,
          actorUserId: status === "CANCELLED" ? coordinator : r.clinicianId,
          kind: status,
          fromStatus: "SCHEDULED",
          toStatus: status,
          reason: r.cancelReason ?? null,
        },
      });
    if (status === "SCHEDULED") {
      await tx.reminderMessage.createMany({
        data: planReminders(r.startsAt, new Date(now.getTime() - 7 * 86_400_000)).map((m) => ({
          visitId: v.id,
          kind: m.kind,
          visitSequence: v.sequence,
          sendAfter: m.sendAfter,
          channel: "email",
        })),
      });
    }
  }
}
