import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { captureVerbalConsent, publishConsentText } from "@/modules/consent/consent.server";
import { addAddendum, getVisitNote, saveVisitNote } from "@/modules/visit-notes/notes.server";
import { renderNotePdf } from "@/modules/visit-notes/note-pdf.server";
import type { NoteInput } from "@/modules/visit-notes/schemas";
import { db } from "@/server/db";
import { actorFor, ctx, isForbidden, makePatient, makeUser } from "../factories";

async function setup(modality: "VIDEO" | "PHONE" = "PHONE") {
  const clinicianUser = await makeUser("CLINICIAN");
  const clinician = actorFor({ ...clinicianUser, patientId: null });
  const p = await makePatient();
  const type = await db.visitType.create({ data: { name: `Follow-up ${randomUUID().slice(0, 8)}`, durationMinutes: 30 } });
  const startsAt = new Date(Date.UTC(2030, 0, 7, 17, 0));
  const visit = await db.visit.create({
    data: { patientId: p.id, clinicianId: clinician.userId, visitTypeId: type.id, startsAt, endsAt: new Date(startsAt.getTime() + 30 * 60_000), modality, status: "COMPLETED", reason: "Follow-up", phoneNumber: modality === "PHONE" ? "+12065550150" : null, idempotencyKey: randomUUID(), createdById: clinician.userId, startedAt: startsAt, completedAt: new Date(startsAt.getTime() + 25 * 60_000) },
  });
  return { clinician, p, visit };
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
  startedAt: "2030-01-07T09:00",
  endedAt: "2030-01-07T09:25",
  examLimits: "No physical exam by phone.",
  homeObservations: null,
  assessment: "Stable chronic pain.",
  plan: "Continue PT.",
  payer: "COMMERCIAL",
  newPatient: false,
  billingCode: "98013",
  billingOverrideReason: null,
  participants: [{ name: "Ana", role: "interpreter" }],
  ...over,
});

async function consentFor(patientId: string, kind: "VIDEO" | "PHONE") {
  const admin = actorFor({ ...(await makeUser("ADMIN")), patientId: null });
  const t = await publishConsentText(admin, { kind, title: "c", body: "Consent text long enough for validation here." }, ctx());
  const coord = actorFor({ ...(await makeUser("COORDINATOR")), patientId: null });
  await captureVerbalConsent(coord, { patientId, kind, textId: t.id, witnessName: "", idempotencyKey: randomUUID() }, ctx());
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
    await expect(saveVisitNote(clinician, input(visit.id, { version: 2 }), ctx())).rejects.toMatchObject({ code: "CONFLICT" });
    await expect(db.visitNote.update({ where: { id: row.id }, data: { plan: "tampered" } })).rejects.toThrow();
    await expect(db.$executeRaw`UPDATE "VisitNote" SET "plan" = 'tampered' WHERE "id" = ${row.id}::uuid`).rejects.toThrow();
    expect((await db.visitNote.findUniqueOrThrow({ where: { id: row.id } })).plan).toBe("Continue PT.");
  });

  it("audio-only needs its reason; an override needs a reason; stale versions are refused", async () => {
    const { clinician, visit, p } = await setup("PHONE");
    await consentFor(p.id, "PHONE");
    const r = await saveVisitNote(clinician, input(visit.id, { intent: "sign", audioOnlyReason: null, billingCode: "98015" }), ctx());
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems.map((x) => x.field).sort()).toEqual(["audioOnlyReason", "billingOverrideReason"]);
    await saveVisitNote(clinician, input(visit.id), ctx());
    await expect(saveVisitNote(clinician, input(visit.id, { version: 0 }), ctx())).rejects.toMatchObject({ code: "CONFLICT" });
  });

  it("addenda go on signed notes only, with author and time; PDF export renders", async () => {
    const { clinician, visit, p } = await setup("VIDEO");
    await consentFor(p.id, "VIDEO");
    await expect(addAddendum(clinician, { visitId: visit.id, text: "Too early" }, ctx())).rejects.toMatchObject({ code: "NOT_FOUND" });
    await saveVisitNote(clinician, input(visit.id, { intent: "sign", modalityUsed: "AUDIO_VIDEO", platform: "App video", audioOnlyReason: null, billingCode: "98005" }), ctx());
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
