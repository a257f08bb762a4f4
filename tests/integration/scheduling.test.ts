import pg from "pg";
import { describe, expect, it, vi } from "vitest";
import { listOpenTime } from "@/modules/scheduling/list-open-time.server";
import { loadAvailability } from "@/modules/scheduling/load-availability.server";
import { addAvailabilityException, setWeeklyHours } from "@/modules/scheduling/manage-clinician-hours.server";
import { saveVisitType } from "@/modules/scheduling/manage-visit-types.server";
import { searchOpenSlots } from "@/modules/scheduling/search-open-slots.server";
import { datesBetween, wallClockAt, zonedToUtc } from "@/modules/scheduling/core/time";
import { processDueReminders, type OutboundMessage } from "@/modules/scheduling/reminders.server";
import type { BookVisitInput } from "@/modules/scheduling/schemas";
import { bookVisit } from "@/modules/scheduling/book-visit.server";
import { exportVisitIcs } from "@/modules/scheduling/export-visit-ics.server";
import { getVisit } from "@/modules/scheduling/get-visit.server";
import { issueVisitJoinLink } from "@/modules/scheduling/issue-visit-join-link.server";
import { listTodayVisits, listVisitsForCalendar, listVisitsForPatient } from "@/modules/scheduling/list-visits.server";
import { rescheduleVisit } from "@/modules/scheduling/reschedule-visit.server";
import { switchVisitModality } from "@/modules/scheduling/switch-visit-modality.server";
import { transitionVisit } from "@/modules/scheduling/transition-visit.server";
import { SlotTakenError } from "@/modules/scheduling/visit-rows.server";
import { db } from "@/server/db";
import { getEnv } from "@/server/env";
import { getFormStatusForVisits } from "@/modules/assessments/form-queue.server";
import { preVisitDueAt } from "@/modules/assessments/core/readiness";
import { bareSql } from "../bench/scheduling/bare-sql";
import { AppError } from "@/server/errors";
import { actorFor, ctx, isForbidden, makePatient, makeUser } from "../factories";
import { giveConsent } from "../factories/consent";

const TZ = "America/Los_Angeles"; // the clinic zone (env default)
// A fixed clock: Friday 2030-03-08 08:00 PST. US DST starts Sunday 2030-03-10.
const NOW = new Date("2030-03-08T16:00:00Z");
const at = (date: string, hhmm: string) => zonedToUtc(date, Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3)), TZ);

async function staff(role: "CLINICIAN" | "COORDINATOR" | "ADMIN") {
  const u = await makeUser(role);
  return actorFor({ ...u, patientId: null });
}

let typeSeq = 0;
async function setup() {
  const admin = await staff("ADMIN");
  const coordinator = await staff("COORDINATOR");
  const clinician = await staff("CLINICIAN");
  await setWeeklyHours(
    admin,
    clinician.userId,
    [1, 2, 3, 4, 5].map((weekday) => ({ weekday, startMinute: 9 * 60, endMinute: 17 * 60 })),
    ctx(),
  );
  const { id: visitTypeId } = await saveVisitType(
    admin,
    null,
    { name: `Follow-up ${typeSeq++} ${Date.now()}`, durationMinutes: 30, active: true },
    ctx(),
  );
  const patient = await makePatient({ phone: "+12065550150", email: "pat@example.com" });
  return { admin, coordinator, clinician, visitTypeId, patient };
}

function booking(s: Awaited<ReturnType<typeof setup>>, over: Partial<BookVisitInput> = {}): BookVisitInput {
  return {
    patientId: s.patient.id,
    clinicianId: s.clinician.userId,
    visitTypeId: s.visitTypeId,
    modality: "VIDEO",
    startsAt: at("2030-03-11", "09:00"), // Monday after the DST change: 16:00Z (PDT)
    reason: "Follow-up on pain plan",
    phoneNumber: null,
    idempotencyKey: crypto.randomUUID(),
    repeatEveryWeeks: 0,
    repeatCount: 1,
    ...over,
  };
}

describe("booking", () => {
  it("books a video visit with its event, reminders and audit row in one transaction", async () => {
    const s = await setup();
    const { visitIds } = await bookVisit(s.coordinator, booking(s), ctx(), NOW);
    expect(visitIds).toHaveLength(1);
    const v = await db.visit.findUniqueOrThrow({ where: { id: visitIds[0] } });
    expect(v.startsAt.toISOString()).toBe("2030-03-11T16:00:00.000Z"); // 9:00 PDT, not PST
    expect(v.status).toBe("SCHEDULED");
    expect(await db.visitEvent.count({ where: { visitId: v.id, kind: "BOOKED" } })).toBe(1);
    expect(
      (await db.reminderMessage.findMany({ where: { visitId: v.id }, orderBy: { sendAfter: "asc" } })).map(
        (r) => r.kind,
      ),
    ).toEqual(["24h", "1h"]);
    const audit = await db.auditEvent.findFirstOrThrow({
      where: { entityType: "Visit", entityId: v.id, action: "CREATE" },
    });
    expect(audit).toMatchObject({ actorUserId: s.coordinator.userId, patientId: s.patient.id, outcome: "SUCCESS" });
    expect(JSON.stringify(audit.details)).not.toContain("pain plan");
  });

  it("creates the clinic's pre-visit forms with the booking, each audited, per visit of a series", async () => {
    const s = await setup();
    const c = ctx();
    const { visitIds } = await bookVisit(
      s.coordinator,
      booking(s, { startsAt: at("2030-03-04", "10:00"), repeatEveryWeeks: 4, repeatCount: 2 }),
      c,
      new Date("2030-03-01T00:00:00Z"),
    );
    const visits = await db.visit.findMany({ where: { id: { in: visitIds } }, select: { id: true, startsAt: true } });
    const forms = await db.formRequest.findMany({
      where: { visitId: { in: visitIds } },
      select: {
        id: true,
        visitId: true,
        patientId: true,
        instrument: true,
        status: true,
        dueAt: true,
        createdById: true,
      },
    });
    expect(forms).toHaveLength(4);
    for (const v of visits) {
      const mine = forms.filter((f) => f.visitId === v.id);
      expect(mine.map((f) => f.instrument).sort()).toEqual(["PEG", "PHQ9"]); // the default settings
      for (const f of mine)
        expect(f).toMatchObject({
          patientId: s.patient.id,
          status: "PENDING",
          createdById: s.coordinator.userId,
          dueAt: new Date(v.startsAt.getTime() - 120 * 60_000),
        });
    }
    const audits = await db.auditEvent.findMany({
      where: { entityType: "FormRequest", action: "CREATE", patientId: s.patient.id },
    });
    expect(audits.map((a) => a.entityId).sort()).toEqual(forms.map((f) => f.id).sort());
    for (const a of audits)
      expect(a).toMatchObject({
        actorUserId: s.coordinator.userId,
        actorRole: "COORDINATOR",
        outcome: "SUCCESS",
        requestId: c.requestId,
        details: { reason: "visit_booked" },
      });
  });

  it("a double-clicked Book (same idempotency key, even in parallel) creates one visit", async () => {
    const s = await setup();
    const input = booking(s);
    const [a, b] = await Promise.all([
      bookVisit(s.coordinator, input, ctx(), NOW),
      bookVisit(s.coordinator, input, ctx(), NOW),
    ]);
    expect(a.visitIds).toEqual(b.visitIds);
    const c = await bookVisit(s.coordinator, input, ctx(), NOW);
    expect(c).toEqual({ visitIds: a.visitIds, replayed: true });
    expect(await db.visit.count({ where: { patientId: s.patient.id } })).toBe(1);
  });

  it("race: 50 parallel bookings of one slot -> exactly 1 success, 49 'just taken', 1 row", async () => {
    const s = await setup();
    const patients = await Promise.all(Array.from({ length: 50 }, () => makePatient()));
    const results = await Promise.allSettled(
      patients.map((p) => bookVisit(s.coordinator, booking(s, { patientId: p.id }), ctx(), NOW)),
    );
    const ok = results.filter((r) => r.status === "fulfilled");
    const taken = results.filter((r) => r.status === "rejected" && r.reason instanceof SlotTakenError);
    expect(ok).toHaveLength(1);
    expect(taken).toHaveLength(49);
    expect(await db.visit.count({ where: { clinicianId: s.clinician.userId } })).toBe(1);
    const err = (taken[0] as PromiseRejectedResult).reason as SlotTakenError;
    expect(err.message).toMatch(/just taken/);
    expect(err.nextSlots.length).toBeGreaterThan(0);
    expect(err.nextSlots[0]!.startsAt).toBe("2030-03-11T16:30:00.000Z"); // the next free time, 9:30
  });

  it("race for one patient: 10 clinicians at once -> 1 success, 9 'just taken' (no deadlock)", async () => {
    const s = await setup();
    const others = await Promise.all(Array.from({ length: 10 }, () => staff("CLINICIAN")));
    for (const c of others)
      await setWeeklyHours(s.admin, c.userId, [{ weekday: 1, startMinute: 540, endMinute: 1020 }], ctx());
    const results = await Promise.allSettled(
      others.map((c) => bookVisit(s.coordinator, booking(s, { clinicianId: c.userId }), ctx(), NOW)),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(results.filter((r) => r.status === "rejected" && r.reason instanceof SlotTakenError)).toHaveLength(9);
    expect(await db.visit.count({ where: { patientId: s.patient.id } })).toBe(1);
  });

  it("a patient cannot be in two visits at once, even with different clinicians", async () => {
    const s = await setup();
    const other = await staff("CLINICIAN");
    await setWeeklyHours(s.admin, other.userId, [{ weekday: 1, startMinute: 540, endMinute: 1020 }], ctx());
    await bookVisit(s.coordinator, booking(s), ctx(), NOW);
    await expect(
      bookVisit(
        s.coordinator,
        booking(s, { clinicianId: other.userId, startsAt: at("2030-03-11", "09:15") }),
        ctx(),
        NOW,
      ),
    ).rejects.toBeInstanceOf(SlotTakenError);
  });

  it("books a recurring follow-up (every 4 weeks x 3) in one step at the same clock time", async () => {
    const s = await setup();
    const { visitIds } = await bookVisit(
      s.coordinator,
      booking(s, { startsAt: at("2030-03-04", "10:00"), repeatEveryWeeks: 4, repeatCount: 3 }),
      ctx(),
      new Date("2030-03-01T00:00:00Z"),
    );
    const rows = await db.visit.findMany({ where: { id: { in: visitIds } }, orderBy: { startsAt: "asc" } });
    // 10:00 PST then 10:00 PDT: UTC moves, the clinic clock does not.
    expect(rows.map((r) => r.startsAt.toISOString())).toEqual([
      "2030-03-04T18:00:00.000Z",
      "2030-04-01T17:00:00.000Z",
      "2030-04-29T17:00:00.000Z",
    ]);
    expect(new Set(rows.map((r) => r.seriesId)).size).toBe(1);
  });

  it("a recurring series is all or nothing when one of its dates is taken", async () => {
    const s = await setup();
    const blocker = await makePatient();
    await bookVisit(
      s.coordinator,
      booking(s, { patientId: blocker.id, startsAt: at("2030-04-01", "10:00") }),
      ctx(),
      new Date("2030-03-01T00:00:00Z"),
    );
    await expect(
      bookVisit(
        s.coordinator,
        booking(s, { startsAt: at("2030-03-04", "10:00"), repeatEveryWeeks: 4, repeatCount: 3 }),
        ctx(),
        new Date("2030-03-01T00:00:00Z"),
      ),
    ).rejects.toBeInstanceOf(SlotTakenError);
    expect(await db.visit.count({ where: { patientId: s.patient.id } })).toBe(0);
    expect(await db.formRequest.count({ where: { patientId: s.patient.id } })).toBe(0);
    expect(
      await db.auditEvent.count({ where: { patientId: s.patient.id, action: "CREATE", outcome: "SUCCESS" } }),
    ).toBe(0);
  });

  it.each([
    [
      "a past time",
      (s: Awaited<ReturnType<typeof setup>>) => booking(s, { startsAt: new Date("2030-03-08T15:00:00Z") }),
      "startsAt",
    ],
    [
      "outside working hours",
      (s: Awaited<ReturnType<typeof setup>>) => booking(s, { startsAt: at("2030-03-11", "16:45") }),
      "startsAt",
    ],
    [
      "a weekend",
      (s: Awaited<ReturnType<typeof setup>>) => booking(s, { startsAt: at("2030-03-09", "10:00") }),
      "startsAt",
    ],
    [
      "an unknown visit type",
      (s: Awaited<ReturnType<typeof setup>>) => booking(s, { visitTypeId: crypto.randomUUID() }),
      "visitTypeId",
    ],
    [
      "an unknown patient",
      (s: Awaited<ReturnType<typeof setup>>) => booking(s, { patientId: crypto.randomUUID() }),
      "patientId",
    ],
    [
      "a non-clinician",
      (s: Awaited<ReturnType<typeof setup>>) => booking(s, { clinicianId: s.coordinator.userId }),
      "clinicianId",
    ],
  ])("refuses %s with a field error and writes nothing", async (_name, make, field) => {
    const s = await setup();
    const before = await db.visit.count();
    const err = await bookVisit(s.coordinator, make(s), ctx(), NOW).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe("VALIDATION");
    expect((err as AppError).fieldErrors?.[field]).toEqual([expect.stringMatching(/\S/)]);
    expect(await db.visit.count()).toBe(before);
  });

  it("a phone visit defaults to the patient's number and requires one", async () => {
    const s = await setup();
    const { visitIds } = await bookVisit(s.coordinator, booking(s, { modality: "PHONE" }), ctx(), NOW);
    expect((await db.visit.findUniqueOrThrow({ where: { id: visitIds[0] } })).phoneNumber).toBe("+12065550150");
    const noPhone = await makePatient({ phone: null });
    const err = await bookVisit(
      s.coordinator,
      booking(s, { patientId: noPhone.id, modality: "PHONE", startsAt: at("2030-03-11", "11:00") }),
      ctx(),
      NOW,
    ).catch((e: unknown) => e);
    expect((err as AppError).fieldErrors?.phoneNumber).toEqual([
      "Enter the number to call: the patient has no phone number on file",
    ]);
  });

  it("writes the pre-visit forms in the booking statement: a refused booking writes none", async () => {
    const s = await setup();
    const { visitIds } = await bookVisit(s.coordinator, booking(s), ctx(), NOW);
    expect(await db.formRequest.count({ where: { visitId: visitIds[0] } })).toBe(2);
    // The same time again for the same clinician: the exclusion constraint refuses the visit, and
    // the subscribers' rows (forms, their audit rows) go with it.
    const other = await makePatient();
    const err = await bookVisit(s.coordinator, booking(s, { patientId: other.id }), ctx(), NOW).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(SlotTakenError);
    expect(await db.visit.count({ where: { patientId: other.id } })).toBe(0);
    expect(await db.formRequest.count({ where: { patientId: other.id } })).toBe(0);
    expect(await db.auditEvent.count({ where: { patientId: other.id, entityType: "FormRequest" } })).toBe(0);
  });

  it("moves a rescheduled visit's pending forms with it, by the same statement as at booking", async () => {
    const s = await setup();
    const { visitIds } = await bookVisit(s.coordinator, booking(s), ctx(), NOW);
    const newStart = at("2030-03-12", "10:00");
    await rescheduleVisit(
      s.coordinator,
      visitIds[0]!,
      { startsAt: newStart, expectedSequence: 0, reason: "Patient asked" },
      ctx(),
      NOW,
    );
    const forms = await db.formRequest.findMany({
      where: { visitId: visitIds[0] },
      select: { status: true, dueAt: true, cancelReason: true },
    });
    expect(forms.filter((f) => f.status === "CANCELLED").map((f) => f.cancelReason)).toEqual([
      "Visit moved",
      "Visit moved",
    ]);
    const live = forms.filter((f) => f.status === "PENDING");
    expect(live).toHaveLength(2);
    for (const f of live) expect(f.dueAt.getTime()).toBe(newStart.getTime() - 120 * 60_000);
    const audit = await db.auditEvent.findMany({
      where: { patientId: s.patient.id, entityType: "FormRequest", action: "CREATE" },
      select: { details: true },
    });
    expect(audit.map((a) => (a.details as { reason: string }).reason).sort()).toEqual([
      "visit_booked",
      "visit_booked",
      "visit_rescheduled",
      "visit_rescheduled",
    ]);
  });
});

describe("pre-visit forms due at booking (issue 10: 'Overdue' right after booking a visit 90 minutes ahead)", () => {
  // The booking statement writes the due time in SQL; it must say what preVisitDueAt says.
  const start = at("2030-03-11", "13:00"); // Monday, PDT
  it.each([
    ["3 days ahead", 3 * 24 * 60],
    ["121 minutes ahead", 121],
    ["120 minutes ahead (the due moment itself)", 120],
    ["90 minutes ahead", 90],
    ["15 minutes ahead", 15],
  ])("booked %s: due as preVisitDueAt says, not overdue at booking", async (_label, minutesAhead) => {
    const s = await setup();
    const now = new Date(start.getTime() - minutesAhead * 60_000);
    const { visitIds } = await bookVisit(s.coordinator, booking(s, { startsAt: start }), ctx(), now);
    const forms = await db.formRequest.findMany({ where: { visitId: visitIds[0] }, select: { dueAt: true } });
    expect(forms).toHaveLength(2);
    const want = preVisitDueAt(start, now, { dueMinutesBefore: 120 });
    for (const f of forms) expect(f.dueAt.toISOString()).toBe(want.toISOString());
    expect(await getFormStatusForVisits(visitIds, now)).toEqual({ [visitIds[0]!]: "pending" });
  });

  it("a reschedule to a time 90 minutes ahead moves the forms to be due at the new start", async () => {
    const s = await setup();
    const { visitIds } = await bookVisit(s.coordinator, booking(s), ctx(), NOW);
    const now = new Date(start.getTime() - 90 * 60_000);
    await rescheduleVisit(
      s.coordinator,
      visitIds[0]!,
      { startsAt: start, expectedSequence: 0, reason: "Patient asked" },
      ctx(),
      now,
    );
    const pending = await db.formRequest.findMany({
      where: { visitId: visitIds[0], status: "PENDING" },
      select: { dueAt: true },
    });
    expect(pending.map((f) => f.dueAt.toISOString())).toEqual([start.toISOString(), start.toISOString()]);
    expect(await getFormStatusForVisits(visitIds, now)).toEqual({ [visitIds[0]!]: "pending" });
  });

  it("a booking sends the statements the bench's bare server sends (tests/bench/scheduling/bare-sql.ts)", async () => {
    const s = await setup();
    const spy = vi.spyOn(pg.Client.prototype, "query");
    try {
      await bookVisit(s.coordinator, booking(s), ctx(), NOW);
      const sent = spy.mock.calls.map((c) =>
        typeof c[0] === "string" ? c[0] : ((c[0] as { text?: string }).text ?? ""),
      );
      expect(sent).toContain(bareSql.preRead);
      expect(sent).toContain(bareSql.booking);
    } finally {
      spy.mockRestore();
    }
  });
});

describe("changes to a visit", () => {
  it("reschedules: new time, SEQUENCE +1, reminders replaced, stale form refused", async () => {
    const s = await setup();
    const { visitIds } = await bookVisit(s.coordinator, booking(s), ctx(), NOW);
    const id = visitIds[0]!;
    await rescheduleVisit(
      s.coordinator,
      id,
      { startsAt: at("2030-03-12", "14:00"), expectedSequence: 0, reason: "Patient asked" },
      ctx(),
      NOW,
    );
    const v = await db.visit.findUniqueOrThrow({ where: { id } });
    expect(v.sequence).toBe(1);
    expect(v.startsAt.toISOString()).toBe("2030-03-12T21:00:00.000Z");
    expect(v.endsAt.getTime() - v.startsAt.getTime()).toBe(30 * 60_000);
    const reminders = await db.reminderMessage.findMany({ where: { visitId: id } });
    const pending = reminders.filter((r) => r.status === "PENDING");
    expect(pending.length, "the rescheduled visit has new pending reminders").toBeGreaterThan(0);
    expect(pending.map((r) => r.visitSequence)).toEqual(pending.map(() => 1));
    expect(reminders.filter((r) => r.status === "CANCELLED")).toHaveLength(2);
    await expect(
      rescheduleVisit(
        s.coordinator,
        id,
        { startsAt: at("2030-03-13", "14:00"), expectedSequence: 0, reason: "x" },
        ctx(),
        NOW,
      ),
    ).rejects.toMatchObject({ code: "CONFLICT" });
    const ics = await exportVisitIcs(s.coordinator, id, ctx(), NOW);
    expect(ics.body).toContain("SEQUENCE:1");
  });

  it("refuses a reschedule onto a taken time with the next free slots", async () => {
    const s = await setup();
    const other = await makePatient();
    await bookVisit(
      s.coordinator,
      booking(s, { patientId: other.id, startsAt: at("2030-03-11", "10:00") }),
      ctx(),
      NOW,
    );
    const { visitIds } = await bookVisit(s.coordinator, booking(s), ctx(), NOW);
    const err = await rescheduleVisit(
      s.coordinator,
      visitIds[0]!,
      { startsAt: at("2030-03-11", "10:00"), expectedSequence: 0, reason: "x" },
      ctx(),
      NOW,
    ).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SlotTakenError);
    expect((await db.visit.findUniqueOrThrow({ where: { id: visitIds[0] } })).startsAt.toISOString()).toBe(
      "2030-03-11T16:00:00.000Z",
    );
  });

  it("cancels with a reason, frees the slot, and the .ics says METHOD:CANCEL", async () => {
    const s = await setup();
    const { visitIds } = await bookVisit(s.coordinator, booking(s), ctx(), NOW);
    const id = visitIds[0]!;
    await expect(transitionVisit(s.coordinator, id, "CANCEL", null, ctx(), NOW)).rejects.toMatchObject({
      code: "VALIDATION",
    });
    await transitionVisit(s.coordinator, id, "CANCEL", "Patient in hospital", ctx(), NOW);
    const v = await db.visit.findUniqueOrThrow({ where: { id } });
    expect(v).toMatchObject({ status: "CANCELLED", cancelReason: "Patient in hospital", sequence: 1 });
    expect(await db.reminderMessage.count({ where: { visitId: id, status: "PENDING" } })).toBe(0);
    const ics = await exportVisitIcs(s.coordinator, id, ctx(), NOW);
    expect(ics.body).toContain("METHOD:CANCEL");
    const audit = await db.auditEvent.findFirstOrThrow({ where: { entityId: id, action: "UPDATE" } });
    expect(JSON.stringify(audit.details)).not.toContain("hospital");
    const other = await makePatient();
    await expect(bookVisit(s.coordinator, booking(s, { patientId: other.id }), ctx(), NOW)).resolves.toMatchObject({
      replayed: false,
    });
  });

  it("walks the lifecycle: no-show is refused before the start; check in -> start -> complete", async () => {
    const s = await setup();
    const { visitIds } = await bookVisit(s.coordinator, booking(s), ctx(), NOW);
    const id = visitIds[0]!;
    await expect(transitionVisit(s.coordinator, id, "MARK_NO_SHOW", null, ctx(), NOW)).rejects.toMatchObject({
      code: "CONFLICT",
    });
    const during = new Date("2030-03-11T15:55:00Z");
    // Starting needs consent for the modality on file at that time (issue 10, D4).
    await giveConsent(s.patient.id, { capturedAt: new Date("2030-03-01T00:00:00Z") });
    await transitionVisit(s.coordinator, id, "CHECK_IN", null, ctx(), during);
    // Coordinators may not start a visit: that is the clinician's act.
    expect(
      isForbidden(await transitionVisit(s.coordinator, id, "START", null, ctx(), during).catch((e: unknown) => e)),
    ).toBe(true);
    await transitionVisit(s.clinician, id, "START", null, ctx(), during);
    await transitionVisit(s.clinician, id, "COMPLETE", null, ctx(), during);
    await expect(transitionVisit(s.clinician, id, "CANCEL", "late", ctx(), during)).rejects.toMatchObject({
      code: "CONFLICT",
    });
    const events = await db.visitEvent.findMany({ where: { visitId: id }, orderBy: { id: "asc" } });
    expect(events.map((e) => `${e.kind}:${e.toStatus}`)).toEqual([
      "BOOKED:SCHEDULED",
      "CHECK_IN:CHECKED_IN",
      "START:IN_PROGRESS",
      "COMPLETE:COMPLETED",
    ]);
  });

  it("marks a no-show after the start time", async () => {
    const s = await setup();
    const { visitIds } = await bookVisit(s.coordinator, booking(s), ctx(), NOW);
    await transitionVisit(s.coordinator, visitIds[0]!, "MARK_NO_SHOW", null, ctx(), new Date("2030-03-11T16:20:00Z"));
    expect((await db.visit.findUniqueOrThrow({ where: { id: visitIds[0] } })).status).toBe("NO_SHOW");
  });

  it("switches video -> phone with a reason, using the patient's number, and revokes join links", async () => {
    const s = await setup();
    const { visitIds } = await bookVisit(s.coordinator, booking(s), ctx(), NOW);
    const id = visitIds[0]!;
    await issueVisitJoinLink(s.coordinator, id, ctx(), NOW);
    await switchVisitModality(
      s.coordinator,
      id,
      { modality: "PHONE", phoneNumber: null, reason: "No camera at home" },
      ctx(),
      NOW,
    );
    const v = await db.visit.findUniqueOrThrow({ where: { id } });
    expect(v).toMatchObject({ modality: "PHONE", phoneNumber: "+12065550150", sequence: 1 });
    expect(await db.patientLinkToken.count({ where: { subjectId: id, revokedAt: null } })).toBe(0);
    expect(
      await db.visitEvent.count({ where: { visitId: id, kind: "MODALITY_SWITCHED", reason: "No camera at home" } }),
    ).toBe(1);
    await expect(issueVisitJoinLink(s.coordinator, id, ctx(), NOW)).rejects.toMatchObject({ code: "CONFLICT" });
  });
});

describe("who sees what", () => {
  it("a patient sees only their own visits; another patient's id is not found and audited", async () => {
    const s = await setup();
    const { visitIds } = await bookVisit(s.coordinator, booking(s), ctx(), NOW);
    const a = actorFor(await makeUser("PATIENT", { patientId: s.patient.id }));
    const otherPatient = await makePatient();
    const b = actorFor(await makeUser("PATIENT", { patientId: otherPatient.id }));
    expect(
      (await listVisitsForPatient(a, s.patient.id, ctx(), { upcomingOnly: true, now: NOW })).map((v) => v.id),
    ).toEqual(visitIds);
    expect((await getVisit(a, visitIds[0]!, ctx())).reason).toBe(""); // staff-only text hidden
    await expect(getVisit(b, visitIds[0]!, ctx())).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(exportVisitIcs(b, visitIds[0]!, ctx(), NOW)).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(isForbidden(await listVisitsForPatient(b, s.patient.id, ctx()).catch((e: unknown) => e))).toBe(true);
    expect(
      await db.auditEvent.count({ where: { actorUserId: b.userId, outcome: { in: ["DENIED", "FAILURE"] } } }),
    ).toBe(3);
    expect((await exportVisitIcs(a, visitIds[0]!, ctx(), NOW)).body).toContain("BEGIN:VCALENDAR");
  });

  it("patients and admins cannot book, change or list visits", async () => {
    const s = await setup();
    const { visitIds } = await bookVisit(s.coordinator, booking(s), ctx(), NOW);
    const p = actorFor(await makeUser("PATIENT", { patientId: s.patient.id }));
    for (const actor of [p, s.admin]) {
      expect(isForbidden(await bookVisit(actor, booking(s), ctx(), NOW).catch((e: unknown) => e))).toBe(true);
      expect(
        isForbidden(await transitionVisit(actor, visitIds[0]!, "CANCEL", "x", ctx(), NOW).catch((e: unknown) => e)),
      ).toBe(true);
      expect(
        isForbidden(
          await listVisitsForCalendar(actor, { from: "2030-03-11", to: "2030-03-11", clinicianId: null }, ctx()).catch(
            (e: unknown) => e,
          ),
        ),
      ).toBe(true);
      expect(isForbidden(await issueVisitJoinLink(actor, visitIds[0]!, ctx(), NOW).catch((e: unknown) => e))).toBe(
        true,
      );
    }
    expect(
      isForbidden(await setWeeklyHours(s.coordinator, s.clinician.userId, [], ctx()).catch((e: unknown) => e)),
    ).toBe(true);
    expect(await db.visit.count({ where: { patientId: s.patient.id } })).toBe(1);
  });

  it("the clinician's Today shows only their own visits of the clinic day", async () => {
    const s = await setup();
    await bookVisit(s.coordinator, booking(s), ctx(), NOW);
    await bookVisit(s.coordinator, booking(s, { startsAt: at("2030-03-12", "09:00") }), ctx(), NOW);
    const today = await listTodayVisits(s.clinician, ctx(), new Date("2030-03-11T20:00:00Z"));
    expect(today.map((v) => v.startsAt)).toEqual(["2030-03-11T16:00:00.000Z"]);
    const other = await staff("CLINICIAN");
    expect(await listTodayVisits(other, ctx(), new Date("2030-03-11T20:00:00Z"))).toEqual([]);
  });
});

describe("open-slot search", () => {
  it("leaves out booked times, time off and the patient's own visits", async () => {
    const s = await setup();
    const other = await makePatient();
    await bookVisit(s.coordinator, booking(s, { patientId: other.id }), ctx(), NOW);
    await addAvailabilityException(
      s.admin,
      s.clinician.userId,
      { kind: "TIME_OFF", date: "2030-03-11", startTime: "12:00", endTime: "17:00", note: null },
      ctx(),
    );
    const r = await searchOpenSlots(
      s.coordinator,
      {
        patientId: s.patient.id,
        clinicianId: s.clinician.userId,
        visitTypeId: s.visitTypeId,
        from: "2030-03-11",
        to: "2030-03-11",
      },
      NOW,
    );
    const starts = r.slots.map((x) => x.startsAt);
    expect(starts[0]).toBe("2030-03-11T16:30:00.000Z");
    expect(starts.at(-1)).toBe("2030-03-11T18:30:00.000Z"); // 11:30-12:00 is the last before time off
  });

  it("uses the same number of queries for 5 or 500 existing visits", async () => {
    const s = await setup();
    const spy = vi.spyOn(pg.Client.prototype, "query");
    const count = async () => {
      spy.mockClear();
      await loadAvailability(null, "2030-03-11", "2030-04-05", { patientId: s.patient.id });
      return spy.mock.calls.length;
    };
    await insertVisits(s, 5);
    const few = await count();
    await insertVisits(s, 495);
    const many = await count();
    spy.mockRestore();
    expect(many).toBe(few);
    expect(few).toBeLessThanOrEqual(6);
  });
});

describe("the schedule grid and the booking slots agree (issue 10, D7)", () => {
  // A week crossing the spring DST change (Sunday 2030-03-10, 02:00 PST -> 03:00 PDT), for a
  // clinician with weekday hours, an overnight block Saturday 22:00 -> Sunday 03:00 (over the
  // skipped hour), round-the-clock extra hours Tuesday and Wednesday (like the demo's extended
  // hours: before, the grid drew the whole block on its first day and called Wednesday "Not
  // working" while booking listed 95 times), time off, a booked visit, and a day off (Thursday).
  const from = "2030-03-07"; // Thursday
  const to = "2030-03-13"; // Wednesday
  const now = new Date("2030-03-01T00:00:00Z");

  async function seeded() {
    const s = await setup();
    await setWeeklyHours(
      s.admin,
      s.clinician.userId,
      [
        ...[1, 2, 3, 5].map((weekday) => ({ weekday, startMinute: 9 * 60, endMinute: 17 * 60 })),
        { weekday: 6, startMinute: 22 * 60, endMinute: 24 * 60 },
        { weekday: 7, startMinute: 0, endMinute: 3 * 60 },
      ],
      ctx(),
    );
    await db.clinicianAvailabilityException.create({
      data: {
        clinicianId: s.clinician.userId,
        kind: "EXTRA_HOURS",
        startsAt: at("2030-03-12", "00:00"),
        endsAt: at("2030-03-14", "00:00"),
        note: "Extended hours",
      },
    });
    await addAvailabilityException(
      s.admin,
      s.clinician.userId,
      { kind: "TIME_OFF", date: "2030-03-08", startTime: "12:00", endTime: "14:00", note: null },
      ctx(),
    );
    await bookVisit(
      s.coordinator,
      booking(s, { patientId: (await makePatient()).id, startsAt: at("2030-03-11", "10:00") }),
      ctx(),
      now,
    );
    return s;
  }

  it("every day the grid draws open time is a day booking offers times, and the other way round", async () => {
    const s = await seeded();
    const [grid] = await listOpenTime(s.coordinator, { from, to, clinicianId: s.clinician.userId }, now);
    const r = await searchOpenSlots(
      s.coordinator,
      { patientId: s.patient.id, clinicianId: s.clinician.userId, visitTypeId: s.visitTypeId, from, to, limit: 5000 },
      now,
    );
    expect(r.total).toBe(r.slots.length);
    const tz = "America/Los_Angeles";
    const slotsOn = (date: string) => r.slots.filter((x) => wallClockAt(new Date(x.startsAt), tz).date === date);
    const label = (i: { startsAt: string; endsAt: string }) => `${i.startsAt}/${i.endsAt}`;

    expect(grid!.days.map((d) => d.date)).toEqual(datesBetween(from, to));
    expect(Object.fromEntries(grid!.days.map((d) => [d.date, d.open.map(label)]))).toEqual({
      "2030-03-07": [], // Thursday: a day off
      "2030-03-08": [
        `${at("2030-03-08", "09:00").toISOString()}/${at("2030-03-08", "12:00").toISOString()}`,
        `${at("2030-03-08", "14:00").toISOString()}/${at("2030-03-08", "17:00").toISOString()}`,
      ],
      "2030-03-09": [`${at("2030-03-09", "22:00").toISOString()}/${at("2030-03-10", "00:00").toISOString()}`], // Saturday night, cut at midnight
      "2030-03-10": ["2030-03-10T08:00:00.000Z/2030-03-10T10:00:00.000Z"], // 00:00 PST - 03:00 PDT: 2 real hours
      "2030-03-11": [
        `${at("2030-03-11", "09:00").toISOString()}/${at("2030-03-11", "10:00").toISOString()}`,
        `${at("2030-03-11", "10:30").toISOString()}/${at("2030-03-11", "17:00").toISOString()}`,
      ],
      "2030-03-12": [`${at("2030-03-12", "00:00").toISOString()}/${at("2030-03-13", "00:00").toISOString()}`],
      "2030-03-13": [`${at("2030-03-13", "00:00").toISOString()}/${at("2030-03-14", "00:00").toISOString()}`], // not "Not working"
    });
    expect(grid!.days.find((d) => d.date === "2030-03-07")!.working).toEqual([]);
    for (const d of grid!.days) expect(slotsOn(d.date).length > 0, d.date).toBe(d.open.length > 0);
    expect(slotsOn("2030-03-13")).toHaveLength(95);
    expect(slotsOn("2030-03-09").map((x) => x.startsAt)).toContain(at("2030-03-09", "23:45").toISOString()); // runs across midnight
    // Every offered slot lies inside time the grid draws as open (pieces on either side of midnight).
    const drawn = grid!.days
      .flatMap((d) => d.open)
      .map((i) => ({ s: Date.parse(i.startsAt), e: Date.parse(i.endsAt) }));
    for (const x of r.slots) {
      let t = Date.parse(x.startsAt);
      for (const i of drawn) if (i.s <= t && t < i.e) t = i.e;
      expect(t, x.startsAt).toBeGreaterThanOrEqual(Date.parse(x.endsAt));
    }
    // The day view of each date draws the same open time as the week view.
    for (const date of datesBetween(from, to)) {
      const [day] = await listOpenTime(s.coordinator, { from: date, to: date, clinicianId: s.clinician.userId }, now);
      expect(day!.days, date).toEqual(grid!.days.filter((d) => d.date === date));
    }
  });

  it("the past is not open on the grid, as it is not bookable", async () => {
    const s = await seeded();
    const noon = at("2030-03-08", "12:30");
    const [grid] = await listOpenTime(
      s.coordinator,
      { from: "2030-03-08", to: "2030-03-08", clinicianId: s.clinician.userId },
      noon,
    );
    expect(grid!.days[0]!.open.map((i) => i.startsAt)).toEqual([at("2030-03-08", "14:00").toISOString()]);
    expect(grid!.days[0]!.working).toHaveLength(2); // a working day: "No free time left" once past, never "Not working"
  });
});

async function insertVisits(s: Awaited<ReturnType<typeof setup>>, n: number) {
  const patient = await makePatient();
  const base = (await db.visit.count({ where: { clinicianId: s.clinician.userId } })) as number;
  await db.visit.createMany({
    data: Array.from({ length: n }, (_, i) => {
      const k = base + i;
      const start = new Date(Date.UTC(2030, 2, 11 + Math.floor(k / 16), 16) + (k % 16) * 30 * 60_000);
      return {
        patientId: patient.id,
        clinicianId: s.clinician.userId,
        visitTypeId: s.visitTypeId,
        startsAt: start,
        endsAt: new Date(start.getTime() + 30 * 60_000),
        modality: "VIDEO" as const,
        reason: "bulk",
        idempotencyKey: crypto.randomUUID(),
        createdById: s.coordinator.userId,
      };
    }),
  });
}

describe("reminder outbox", () => {
  it("sends each due reminder exactly once, even with two ticks at the same time", async () => {
    const s = await setup();
    await bookVisit(s.coordinator, booking(s), ctx(), NOW);
    await onlyThisPatientsReminders(s.patient.id);
    const sent: OutboundMessage[] = [];
    const sender = { name: "memory", send: async (m: OutboundMessage) => void sent.push(m) };
    const due = new Date("2030-03-10T16:00:01Z"); // 24 h before
    const [a, b] = await Promise.all([
      processDueReminders({ sender, now: due }),
      processDueReminders({ sender, now: due }),
    ]);
    expect(a.sent + b.sent).toBe(1);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.to).toBe("pat@example.com");
    expect(sent[0]!.body).toMatch(/\/l\/[A-Za-z0-9_-]{43}/); // a fresh join link
    expect(sent[0]!.body).not.toContain("pain plan"); // no visit reason in a reminder
    expect((await processDueReminders({ sender, now: due })).claimed).toBe(0);
  });

  it("words a reminder when it is sent: the 24 h one sent late on the visit's morning says 'today', with the date", async () => {
    const s = await setup();
    await db.patient.update({ where: { id: s.patient.id }, data: { timeZone: "America/New_York" } });
    await bookVisit(s.coordinator, booking(s), ctx(), NOW); // Monday 2030-03-11 9:00 PDT = 12:00 EDT for the patient
    await onlyThisPatientsReminders(s.patient.id);
    const sent: OutboundMessage[] = [];
    const sender = { name: "memory", send: async (m: OutboundMessage) => void sent.push(m) };
    // The ticker was down overnight: the reminder due Sunday 9:00 goes out Monday at 7:00 PDT.
    expect((await processDueReminders({ sender, now: new Date("2030-03-11T14:00:00Z") })).sent).toBe(1);
    expect(sent[0]!.subject).toBe(`Reminder: your ${getEnv().CLINIC_NAME} visit today at 12:00 PM EDT`);
    expect(sent[0]!.body).toContain("When: Monday, March 11, 2030 at 12:00 PM EDT");
    expect(sent[0]!.body).not.toContain("tomorrow");
  });

  it("holds messages for staff when no sender is configured, and retries a failed send later", async () => {
    const s = await setup();
    await bookVisit(s.coordinator, booking(s), ctx(), NOW);
    await onlyThisPatientsReminders(s.patient.id);
    const r = await processDueReminders({ sender: null, now: new Date("2030-03-10T16:00:01Z") });
    expect(r.held).toBe(1);
    expect(await db.reminderMessage.count({ where: { status: "HELD", visit: { patientId: s.patient.id } } })).toBe(1);
    const failing = { name: "down", send: async () => Promise.reject(new Error("smtp down")) };
    const t = new Date("2030-03-11T15:00:01Z");
    expect((await processDueReminders({ sender: failing, now: t })).failed).toBe(1);
    // Leased: an immediate second tick does not take it; after the lease it is retried.
    expect((await processDueReminders({ sender: failing, now: t })).claimed).toBe(0);
    const sent: OutboundMessage[] = [];
    const ok = await processDueReminders({
      sender: { name: "ok", send: async (m) => void sent.push(m) },
      now: new Date(t.getTime() + 3 * 60_000),
    });
    expect(ok.sent).toBe(1);
  });
});

/** This file's database also holds other tests' visits: take their reminders out of the way. */
async function onlyThisPatientsReminders(patientId: string) {
  await db.reminderMessage.updateMany({
    where: { visit: { patientId: { not: patientId } } },
    data: { status: "CANCELLED" },
  });
}
