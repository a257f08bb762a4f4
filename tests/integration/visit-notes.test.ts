import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { publishConsentText } from "@/modules/consent/consent-texts.server";
import { captureVerbalConsent } from "@/modules/consent/record-consent.server";
import { addAddendum } from "@/modules/visit-notes/add-addendum.server";
import { getVisitNote } from "@/modules/visit-notes/get-visit-note.server";
import { saveVisitNote } from "@/modules/visit-notes/save-visit-note.server";
import { renderNotePdf } from "@/modules/visit-notes/note-pdf.server";
import type { NoteInput } from "@/modules/visit-notes/schemas";
import { db } from "@/server/db";
import { actorFor, ctx, isForbidden, makePatient, makeUser } from "../factories";

type VisitStatus = "SCHEDULED" | "CHECKED_IN" | "IN_PROGRESS" | "COMPLETED" | "CANCELLED" | "NO_SHOW";
const DAY = 86_400_000;
// A visit in the past (09:00 in the clinic zone, America/Los_Angeles), its call recorded 17:00-17:25 UTC.
const START = new Date(Date.UTC(2025, 0, 7, 17, 0));

async function makeVisitRow(o: {
  patientId: string;
  clinicianId: string;
  typeId: string;
  startsAt: Date;
  status: VisitStatus;
  modality?: "VIDEO" | "PHONE";
  startedAt?: Date | null;
  completedAt?: Date | null;
}) {
  const modality = o.modality ?? "PHONE";
  return db.visit.create({
    data: {
      patientId: o.patientId,
      clinicianId: o.clinicianId,
      visitTypeId: o.typeId,
      startsAt: o.startsAt,
      endsAt: new Date(o.startsAt.getTime() + 30 * 60_000),
      modality,
      status: o.status,
      reason: "Follow-up",
      phoneNumber: modality === "PHONE" ? "+12065550150" : null,
      idempotencyKey: randomUUID(),
      createdById: o.clinicianId,
      startedAt: o.startedAt ?? null,
      completedAt: o.completedAt ?? null,
    },
  });
}

/**
 * A clinician, a patient and one visit to document. By default the patient has a year of history
 * (a completed visit with another of the clinic's clinicians), so the clinic's history makes them
 * established; `history` replaces it.
 */
async function setup(
  modality: "VIDEO" | "PHONE" = "PHONE",
  o: {
    status?: VisitStatus;
    startsAt?: Date;
    startedAt?: Date | null;
    completedAt?: Date | null;
    history?: { date: string; status: VisitStatus }[];
  } = {},
) {
  const clinicianUser = await makeUser("CLINICIAN");
  const clinician = actorFor({ ...clinicianUser, patientId: null });
  const colleague = await makeUser("CLINICIAN");
  const p = await makePatient();
  const type = await db.visitType.create({
    data: { name: `Follow-up ${randomUUID().slice(0, 8)}`, durationMinutes: 30 },
  });
  const startsAt = o.startsAt ?? START;
  const status = o.status ?? "COMPLETED";
  const visit = await makeVisitRow({
    patientId: p.id,
    clinicianId: clinician.userId,
    typeId: type.id,
    startsAt,
    status,
    modality,
    startedAt:
      o.startedAt !== undefined ? o.startedAt : status === "COMPLETED" || status === "IN_PROGRESS" ? startsAt : null,
    completedAt:
      o.completedAt !== undefined
        ? o.completedAt
        : status === "COMPLETED"
          ? new Date(startsAt.getTime() + 25 * 60_000)
          : null,
  });
  for (const h of o.history ?? [{ date: "2024-01-07", status: "COMPLETED" }]) {
    const at = new Date(`${h.date}T17:00:00Z`); // 09:00 that day in the clinic
    await makeVisitRow({
      patientId: p.id,
      clinicianId: colleague.id,
      typeId: type.id,
      startsAt: at,
      status: h.status,
      startedAt: h.status === "COMPLETED" || h.status === "IN_PROGRESS" ? at : null,
      completedAt: h.status === "COMPLETED" ? at : null,
    });
  }
  return { clinician, colleague, p, visit };
}

const input = (visitId: string, over: Partial<NoteInput> = {}): NoteInput => ({
  visitId,
  version: 0,
  intent: "save",
  modalityUsed: "AUDIO_ONLY",
  platform: null,
  audioOnlyReason: "PATIENT_LACKS_VIDEO",
  virtualReasons: ["TRANSPORTATION"],
  virtualReasonOther: null,
  patientState: "WA",
  patientLocation: "Home",
  patientAtHome: true,
  clinicianLocation: "Clinic office",
  startedAt: "2025-01-07T09:00",
  endedAt: "2025-01-07T09:25",
  timesReason: null,
  examLimits: "No physical exam by phone.",
  homeObservations: null,
  assessment: "Stable chronic pain.",
  plan: "Continue PT.",
  payer: "COMMERCIAL",
  patientStatus: null,
  newPatientOverrideReason: null,
  billingCode: "98013",
  billingOverrideReason: null,
  participants: [{ name: "Ana", role: "interpreter" }],
  ...over,
});

async function consentFor(patientId: string, kind: "VIDEO" | "PHONE") {
  const admin = actorFor({ ...(await makeUser("ADMIN")), patientId: null });
  const t = await publishConsentText(
    admin,
    { kind, title: "c", body: "Consent text long enough for validation here." },
    ctx(),
  );
  const coord = actorFor({ ...(await makeUser("COORDINATOR")), patientId: null });
  await captureVerbalConsent(
    coord,
    { patientId, kind, textId: t.id, witnessName: "", idempotencyKey: randomUUID() },
    ctx(),
  );
}

describe("visit notes", () => {
  it("pre-fills the header from the visit and suggests billing", async () => {
    const { clinician, visit, p } = await setup("PHONE");
    const v = await getVisitNote(clinician, visit.id, ctx());
    expect(v.note).toMatchObject({ exists: false, modalityUsed: "AUDIO_ONLY", patientState: "WA" });
    expect(v.consent.state).toBe("missing");
    expect(v.billing).toMatchObject({ placeOfService: "10", modifier: "93" });
    expect(v.visit.patientId).toBe(p.id);
  });

  it("a visit started under a recorded emergency exception can be signed without consent on file (the note says why)", async () => {
    const { clinician, visit } = await setup("PHONE");
    await saveVisitNote(clinician, input(visit.id), ctx());
    // What the start records when the clinician proceeds without consent (consent/core/start-consent.ts).
    await db.visitEvent.create({
      data: {
        visitId: visit.id,
        actorUserId: clinician.userId,
        kind: "CONSENT_EXCEPTION",
        reason: "Caller in crisis, could not wait",
        details: { consentKind: "PHONE", consentState: "missing" },
      },
    });
    const signed = await saveVisitNote(clinician, input(visit.id, { version: 1, intent: "sign" }), ctx());
    expect(signed).toEqual({ ok: true, signed: true });
    expect(await db.visitNote.findUniqueOrThrow({ where: { visitId: visit.id } })).toMatchObject({
      status: "SIGNED",
      consentRecordId: null,
    });
  });

  it("refuses to sign without consent, then signs, stores billing and locks the note", async () => {
    const { clinician, visit, p } = await setup("PHONE");
    await saveVisitNote(clinician, input(visit.id), ctx());
    const refused = await saveVisitNote(clinician, input(visit.id, { version: 1, intent: "sign" }), ctx());
    expect(refused).toMatchObject({ ok: false });
    if (!refused.ok) expect(refused.problems.map((x) => x.field)).toEqual(["consent"]);
    await consentFor(p.id, "PHONE");
    const signed = await saveVisitNote(clinician, input(visit.id, { version: 1, intent: "sign" }), ctx());
    expect(signed).toEqual({ ok: true, signed: true });
    const row = await db.visitNote.findUniqueOrThrow({ where: { visitId: visit.id } });
    expect(row).toMatchObject({ status: "SIGNED", billingCode: "98013", billingModifier: "93", placeOfService: "10" });
    expect(row.consentRecordId).not.toBeNull();
    // Every path is closed: the server function, and the database itself.
    await expect(saveVisitNote(clinician, input(visit.id, { version: 2 }), ctx())).rejects.toMatchObject({
      code: "CONFLICT",
    });
    await expect(db.visitNote.update({ where: { id: row.id }, data: { plan: "tampered" } })).rejects.toThrow();
    await expect(
      db.$executeRaw`UPDATE "VisitNote" SET "plan" = 'tampered' WHERE "id" = ${row.id}::uuid`,
    ).rejects.toThrow();
    expect((await db.visitNote.findUniqueOrThrow({ where: { id: row.id } })).plan).toBe("Continue PT.");
  });

  it("audio-only needs its reason; an override needs a reason; stale versions are refused", async () => {
    const { clinician, visit, p } = await setup("PHONE");
    await consentFor(p.id, "PHONE");
    const r = await saveVisitNote(
      clinician,
      input(visit.id, { intent: "sign", audioOnlyReason: null, billingCode: "98015" }),
      ctx(),
    );
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems.map((x) => x.field).sort()).toEqual(["audioOnlyReason", "billingOverrideReason"]);
    await saveVisitNote(clinician, input(visit.id), ctx());
    await expect(saveVisitNote(clinician, input(visit.id, { version: 0 }), ctx())).rejects.toMatchObject({
      code: "CONFLICT",
    });
  });

  it("addenda go on signed notes only, with author and time; PDF export renders", async () => {
    const { clinician, visit, p } = await setup("VIDEO");
    await consentFor(p.id, "VIDEO");
    await expect(addAddendum(clinician, { visitId: visit.id, text: "Too early" }, ctx())).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    await saveVisitNote(
      clinician,
      input(visit.id, {
        intent: "sign",
        modalityUsed: "AUDIO_VIDEO",
        platform: "App video",
        audioOnlyReason: null,
        billingCode: "98005",
      }),
      ctx(),
    );
    await addAddendum(clinician, { visitId: visit.id, text: "Lab result reviewed by phone." }, ctx());
    const v = await getVisitNote(clinician, visit.id, ctx());
    expect(v.addenda).toHaveLength(1);
    expect(v.addenda[0]!.author).toBe(clinician.name);
    const pdf = await renderNotePdf(v);
    expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
    expect(pdf.length).toBeGreaterThan(1000);
  });

  it("coordinators read but cannot write notes; patients cannot read them", async () => {
    const { visit } = await setup();
    const coord = actorFor({ ...(await makeUser("COORDINATOR")), patientId: null });
    expect((await getVisitNote(coord, visit.id, ctx())).visit.id).toBe(visit.id);
    expect(isForbidden(await saveVisitNote(coord, input(visit.id), ctx()).catch((e: unknown) => e))).toBe(true);
    const pu = await makeUser("PATIENT", { patientId: visit.patientId });
    expect(isForbidden(await getVisitNote(actorFor(pu), visit.id, ctx()).catch((e: unknown) => e))).toBe(true);
  });
});

/** Rows written about this patient's notes and visits (a refusal must leave none). */
async function writesFor(patientId: string, visitId: string) {
  return {
    notes: await db.visitNote.count({ where: { visitId } }),
    audit: await db.auditEvent.count({ where: { patientId, action: { in: ["CREATE", "UPDATE"] } } }),
    visit: await db.visit.findUniqueOrThrow({ where: { id: visitId }, select: { status: true, completedAt: true } }),
  };
}

describe("note times against the recorded call times (issue 10, D2)", () => {
  // A call the app recorded as lasting 40 seconds: 17:00:05-17:00:45 UTC, 09:00 in the clinic.
  const callOfSeconds = {
    startedAt: new Date(START.getTime() + 5_000),
    completedAt: new Date(START.getTime() + 45_000),
  };

  it("defaults the note's times to the recorded call times", async () => {
    const { clinician, visit } = await setup("PHONE", callOfSeconds);
    const v = await getVisitNote(clinician, visit.id, ctx());
    expect(v.note).toMatchObject({
      startedAt: callOfSeconds.startedAt.toISOString(),
      endedAt: callOfSeconds.completedAt.toISOString(),
      startSource: "recorded",
      endSource: "recorded",
    });
    expect(v.note.recordedEndedAt).toBe(callOfSeconds.completedAt.toISOString());
  });

  const later = new Date(START.getTime() + DAY);
  const at0920 = new Date(START.getTime() + 20 * 60_000 + 30_000); // 09:20:30 in the clinic
  it.each([
    ["28 min typed for a call of seconds, no reason", {}, { endedAt: "2025-01-07T09:28" }, later, ["timesReason"]],
    ["an end before the start", {}, { endedAt: "2025-01-07T08:59", timesReason: "typo" }, later, ["endedAt"]],
    [
      "an end in the future (the visit still in progress)",
      { status: "IN_PROGRESS" as const, startedAt: callOfSeconds.startedAt, completedAt: null },
      { endedAt: "2025-01-07T09:21" },
      at0920,
      ["endedAt"],
    ],
  ])("refuses %s, and writes nothing", async (_label, visitOver, inputOver, now, fields) => {
    const { clinician, visit, p } = await setup("PHONE", { ...callOfSeconds, ...visitOver });
    await consentFor(p.id, "PHONE");
    const before = await writesFor(p.id, visit.id);
    // The billing code is left out: its suggestion follows the typed times, not under test here.
    const r = await saveVisitNote(
      clinician,
      input(visit.id, { intent: "sign", billingCode: null, ...inputOver }),
      ctx(),
      now,
    );
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems.map((x) => x.field).filter((f) => f !== "billingCode")).toEqual(fields);
    expect(await writesFor(p.id, visit.id)).toEqual(before);
    expect(before.notes).toBe(0);
  });

  it("signs a changed time with its reason: stored, shown, audited (without the text)", async () => {
    const { clinician, visit, p } = await setup("PHONE", callOfSeconds);
    await consentFor(p.id, "PHONE");
    const reason = "Call dropped after 40 s; continued on the desk phone";
    const r = await saveVisitNote(
      clinician,
      input(visit.id, { intent: "sign", endedAt: "2025-01-07T09:28", timesReason: reason, billingCode: "98013" }),
      ctx(),
    );
    expect(r).toEqual({ ok: true, signed: true });
    const row = await db.visitNote.findUniqueOrThrow({ where: { visitId: visit.id } });
    expect(row).toMatchObject({
      timesReason: reason,
      recordedStartedAt: callOfSeconds.startedAt,
      recordedEndedAt: callOfSeconds.completedAt,
      endedAt: new Date(START.getTime() + 28 * 60_000),
    });
    const audit = await db.auditEvent.findFirstOrThrow({
      where: { entityType: "VisitNote", entityId: row.id, action: "CREATE" },
    });
    expect(audit.details).toMatchObject({ signed: true, timesChanged: true, visitCompleted: false });
    expect(JSON.stringify(audit.details)).not.toContain("desk phone");
    const v = await getVisitNote(clinician, visit.id, ctx());
    expect(v.note).toMatchObject({ startSource: "recorded", endSource: "changed", timesReason: reason });
    expect((await renderNotePdf(v)).subarray(0, 5).toString()).toBe("%PDF-");
  });

  it("the database refuses a signed note whose call ends after it was signed", async () => {
    const { clinician, visit, p } = await setup("PHONE");
    await expect(
      db.visitNote.create({
        data: {
          visitId: visit.id,
          patientId: p.id,
          authorId: clinician.userId,
          status: "SIGNED",
          modalityUsed: "AUDIO_ONLY",
          audioOnlyReason: "PATIENT_LACKS_VIDEO",
          startedAt: START,
          endedAt: new Date(Date.now() + DAY),
          signedAt: new Date(),
        },
      }),
    ).rejects.toThrow();
  });
});

describe("new or established patient from the clinic's history (issue 10, D3)", () => {
  // This visit is on 2025-01-07.
  it.each<[string, { date: string; status: VisitStatus }[], boolean]>([
    [
      "a year of history, its visits left in progress (signed before signing completed them)",
      [
        { date: "2024-01-10", status: "IN_PROGRESS" },
        { date: "2024-07-10", status: "IN_PROGRESS" },
      ],
      false,
    ],
    ["a completed visit exactly 3 years before", [{ date: "2022-01-07", status: "COMPLETED" }], false],
    ["a completed visit 3 years and 1 day before", [{ date: "2022-01-06", status: "COMPLETED" }], true],
    ["no history", [], true],
    [
      "only cancelled visits and no-shows",
      [
        { date: "2024-12-01", status: "CANCELLED" },
        { date: "2024-11-01", status: "NO_SHOW" },
      ],
      true,
    ],
  ])("%s", async (_label, history, isNew) => {
    const { clinician, visit, colleague } = await setup("PHONE", { history });
    const v = await getVisitNote(clinician, visit.id, ctx());
    expect(v.patientStatus?.newPatient).toBe(isNew);
    expect(v.note.newPatient).toBe(isNew);
    if (!isNew)
      expect(v.note.patientStatusBasis).toMatch(
        new RegExp(`^Established patient: last professional service \\d{4}-\\d{2}-\\d{2} by ${colleague.name}\\.$`),
      );
    expect(v.billing.rules[0]).toBe(v.note.patientStatusBasis);
  });

  it("bills an established follow-up as established; billing against the history needs a reason, stored and audited", async () => {
    const { clinician, visit, p } = await setup("PHONE");
    await consentFor(p.id, "PHONE");
    const v = await getVisitNote(clinician, visit.id, ctx());
    expect(v.billing.code).toBe("98013"); // established, audio-only, 25 min (not 98009, the new-patient code)
    const refused = await saveVisitNote(
      clinician,
      input(visit.id, { intent: "sign", patientStatus: "NEW", billingCode: "98008" }),
      ctx(),
    );
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.problems.map((x) => x.field)).toEqual(["newPatientOverrideReason"]);
    expect(await db.visitNote.count({ where: { visitId: visit.id } })).toBe(0);
    const reason = "Records show the earlier visit was a different specialty";
    const signed = await saveVisitNote(
      clinician,
      input(visit.id, { intent: "sign", patientStatus: "NEW", newPatientOverrideReason: reason, billingCode: "98008" }),
      ctx(),
    );
    expect(signed).toEqual({ ok: true, signed: true });
    const row = await db.visitNote.findUniqueOrThrow({ where: { visitId: visit.id } });
    expect(row).toMatchObject({
      newPatient: true,
      newPatientOverrideReason: reason,
      billingCode: "98008",
      billingOverrideReason: null,
    });
    expect(row.patientStatusBasis).toMatch(/^Established patient: last professional service 2024-01-07/);
    expect(row.billingRule).toContain("Billed as new instead");
    const audit = await db.auditEvent.findFirstOrThrow({
      where: { entityType: "VisitNote", entityId: row.id, action: "CREATE" },
    });
    expect(audit.details).toMatchObject({ newPatientOverridden: true });
    expect(JSON.stringify(audit.details)).not.toContain("specialty");
  });
});

describe("signing completes the visit (issue 10, D5)", () => {
  // A video visit switched to phone while under way: started 09:02:10, still in progress.
  const startedAt = new Date(START.getTime() + 2 * 60_000 + 10_000);
  const now = new Date(START.getTime() + 20 * 60_000 + 30_000);

  it("a visit in progress is completed with the signature, through the lifecycle step, audited", async () => {
    const { clinician, visit, p } = await setup("PHONE", { status: "IN_PROGRESS", startedAt, completedAt: null });
    await consentFor(p.id, "PHONE");
    const form = await db.formRequest.create({
      data: { patientId: p.id, visitId: visit.id, instrument: "PEG", dueAt: new Date(START.getTime() - 3_600_000) },
    });
    const r = await saveVisitNote(
      clinician,
      input(visit.id, {
        intent: "sign",
        startedAt: "2025-01-07T09:02",
        endedAt: "2025-01-07T09:20",
        billingCode: "98012",
      }),
      ctx(),
      now,
    );
    expect(r).toEqual({ ok: true, signed: true });
    const v = await db.visit.findUniqueOrThrow({ where: { id: visit.id } });
    expect(v).toMatchObject({ status: "COMPLETED", completedAt: now });
    const event = await db.visitEvent.findFirstOrThrow({ where: { visitId: visit.id, kind: "COMPLETE" } });
    expect(event).toMatchObject({
      fromStatus: "IN_PROGRESS",
      toStatus: "COMPLETED",
      actorUserId: clinician.userId,
      reason: "Visit note signed",
    });
    const audit = await db.auditEvent.findFirstOrThrow({
      where: { entityType: "Visit", entityId: visit.id, action: "UPDATE" },
    });
    expect(audit.details).toMatchObject({ event: "COMPLETE", from: "IN_PROGRESS", to: "COMPLETED" });
    const noteAudit = await db.auditEvent.findFirstOrThrow({
      where: { entityType: "VisitNote", patientId: p.id, action: "CREATE" },
    }); // created and signed at once
    expect(noteAudit.details).toMatchObject({ signed: true, visitCompleted: true, timesEntered: true });
    // Its unanswered pre-visit form no longer shows as overdue.
    expect(await db.formRequest.findUniqueOrThrow({ where: { id: form.id } })).toMatchObject({ status: "CANCELLED" });
    const row = await db.visitNote.findUniqueOrThrow({ where: { visitId: visit.id } });
    expect(row).toMatchObject({ status: "SIGNED", recordedStartedAt: startedAt, recordedEndedAt: null });
  });

  it.each<[VisitStatus, RegExp]>([
    ["SCHEDULED", /has not started/],
    ["CHECKED_IN", /has not started/],
    ["CANCELLED", /cannot be completed/],
    ["NO_SHOW", /cannot be completed/],
  ])("a %s visit cannot be completed: signing is refused with the reason, nothing written", async (status, message) => {
    const { clinician, visit, p } = await setup("PHONE", { status, startedAt: null, completedAt: null });
    await consentFor(p.id, "PHONE");
    const before = await writesFor(p.id, visit.id);
    const r = await saveVisitNote(clinician, input(visit.id, { intent: "sign" }), ctx());
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.problems.map((x) => x.field)).toEqual(["visit"]);
      expect(r.problems[0]!.message).toMatch(message);
    }
    expect(await writesFor(p.id, visit.id)).toEqual(before);
    expect((await getVisitNote(clinician, visit.id, ctx())).visitStep.ok).toBe(false);
  });
});
