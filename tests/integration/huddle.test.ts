import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { reviewedLines } from "@/modules/care-program/core/huddle";
import { clinicDate } from "@/modules/care-program/core/dates";
import { evaluateCareGaps } from "@/modules/care-program/core/rules";
import {
  documentNaloxone,
  documentPdmpCheck,
  getBeforeVisit,
  loadCareFacts,
  orderUdtFromHuddle,
  queueUdtOrder,
  readCareProgramSettings,
  recordRiskHistory,
  sendPreVisitForms,
} from "@/modules/care-program/index.server";
import { clinicTimeZone } from "@/modules/scheduling/index.server";
import { panelCodes } from "@/modules/udt/core/substances";
import { getVisitNote } from "@/modules/visit-notes/get-visit-note.server";
import { renderNotePdf } from "@/modules/visit-notes/note-pdf.server";
import { db } from "@/server/db";
import { actorFor, ctx, isForbidden, makePatient, makeUser } from "../factories";

const DAY = 86_400_000;
const today = () => clinicDate(new Date(), clinicTimeZone());
const udt = {
  reasonCode: "NONE_IN_PAST_12_MONTHS" as const,
  reasonNote: null,
  panelCode: panelCodes[0]!,
  collectionMethod: "LAB_PSC" as const,
  windowHours: null,
};

async function staff(role: "CLINICIAN" | "COORDINATOR" | "ADMIN" | "PATIENT") {
  return actorFor({ ...(await makeUser(role)), patientId: null });
}

/**
 * A patient on long-term opioid therapy (oxycodone 20 mg twice a day = 60 MME/day, for 200 days)
 * with nothing else on record, and a visit in 3 days: PEG, PHQ-9, UDT, agreement, PDMP and
 * naloxone (60 MME/day is at or above the 50 MME/day default) are all due.
 */
async function setup() {
  const clinician = await staff("CLINICIAN");
  const coordinator = await staff("COORDINATOR");
  const p = await makePatient({ stateOfResidence: "ID" });
  await db.patient.update({ where: { id: p.id }, data: { primaryClinicianId: clinician.userId } });
  await db.medication.create({
    data: {
      patientId: p.id,
      drugKey: "oxycodone",
      name: "Oxycodone 20 mg",
      doseAmount: 20,
      doseUnit: "mg",
      timesPerDay: 2,
      route: "ORAL",
      startedOn: new Date(Date.now() - 200 * DAY),
      prescriber: "Dr. Huddle",
      isOpioid: true,
      createdById: clinician.userId,
    },
  });
  const type = await db.visitType.create({
    data: { name: `Huddle ${randomUUID()}`, durationMinutes: 30 },
    select: { id: true },
  });
  const makeVisit = (startsAt: Date) =>
    db.visit.create({
      data: {
        patientId: p.id,
        clinicianId: clinician.userId,
        visitTypeId: type.id,
        startsAt,
        endsAt: new Date(startsAt.getTime() + 30 * 60_000),
        modality: "VIDEO",
        reason: "Follow-up",
        idempotencyKey: randomUUID(),
        createdById: coordinator.userId,
      },
      select: { id: true, startsAt: true },
    });
  const visit = await makeVisit(new Date(Date.now() + 3 * DAY));
  return { clinician, coordinator, p, visit, makeVisit };
}

const ruleIds = (v: { gaps: { ruleId: string }[] } | undefined) => (v?.gaps ?? []).map((g) => g.ruleId);

describe("pre-visit huddle", () => {
  it("shows the patient's open gaps for the visit with one action each, by role, and audits one row per view", async () => {
    const { clinician, coordinator, p, visit } = await setup();
    const c = ctx();
    const mine = (await getBeforeVisit(clinician, [visit.id], c))[visit.id]!;
    expect(mine.onLtot).toBe(true);
    expect(ruleIds(mine)).toEqual(
      expect.arrayContaining(["peg-due", "phq9-due", "udt-due", "agreement-due", "pdmp-due", "naloxone-indicated"]),
    );
    const action = (v: typeof mine, id: string) => v.gaps.find((g) => g.ruleId === id)!.action.kind;
    expect(action(mine, "pdmp-due")).toBe("document-pdmp");
    expect(action(mine, "naloxone-indicated")).toBe("document-naloxone");
    expect(action(mine, "udt-due")).toBe("order-udt");
    // The PDMP form defaults to the state the patient lives in (no state recorded for the visit).
    expect(mine.pdmp).toEqual({ checkedOn: today(), state: "ID" });
    const audit = await db.auditEvent.findMany({ where: { requestId: c.requestId } });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      action: "READ",
      entityType: "PreVisitHuddle",
      entityId: visit.id,
      patientId: p.id,
      outcome: "SUCCESS",
    });

    const theirs = (await getBeforeVisit(coordinator, [visit.id], ctx()))[visit.id]!;
    expect(action(theirs, "pdmp-due")).toBe("for-clinician");
    expect(action(theirs, "udt-due")).toBe("queue-udt");
    expect(action(theirs, "peg-due")).toBe("send-forms");
  });

  it("loads several visits in one view (one LIST audit row with the count) and leaves out visits that are not upcoming", async () => {
    const { clinician, visit, makeVisit } = await setup();
    const other = await makeVisit(new Date(Date.now() + 5 * DAY));
    const cancelled = await makeVisit(new Date(Date.now() + 7 * DAY));
    await db.visit.update({ where: { id: cancelled.id }, data: { status: "CANCELLED" } });
    const c = ctx();
    const views = await getBeforeVisit(clinician, [visit.id, other.id, cancelled.id], c);
    expect(Object.keys(views).sort()).toEqual([visit.id, other.id].sort());
    const audit = await db.auditEvent.findMany({ where: { requestId: c.requestId } });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      action: "LIST",
      entityType: "PreVisitHuddle",
      patientId: null,
      details: { visits: 2, patients: 1 },
    });
  });

  it("documenting a PDMP check and a naloxone offer closes both gaps at once, in the huddle and in the rules the registry reads", async () => {
    const { clinician, p, visit } = await setup();
    const c = ctx();
    const check = await documentPdmpCheck(
      clinician,
      visit.id,
      { checkedOn: today(), state: "ID", finding: "CONSISTENT", note: null },
      c,
    );
    const offer = await documentNaloxone(
      clinician,
      visit.id,
      { offeredOn: today(), outcome: "PRESCRIBED", note: "Nasal spray 4 mg" },
      c,
    );
    const rows = await db.pdmpCheck.findUniqueOrThrow({ where: { id: check.id } });
    expect(rows).toMatchObject({
      patientId: p.id,
      visitId: visit.id,
      state: "ID",
      finding: "CONSISTENT",
      recordedById: clinician.userId,
    });
    expect((await db.naloxoneOffer.findUniqueOrThrow({ where: { id: offer.id } })).visitId).toBe(visit.id);
    const audit = await db.auditEvent.findMany({ where: { requestId: c.requestId }, orderBy: { at: "asc" } });
    expect(audit.map((a) => [a.action, a.entityType, a.entityId, a.patientId])).toEqual([
      ["CREATE", "PdmpCheck", check.id, p.id],
      ["CREATE", "NaloxoneOffer", offer.id, p.id],
    ]);

    const after = (await getBeforeVisit(clinician, [visit.id], ctx()))[visit.id]!;
    expect(ruleIds(after)).not.toContain("pdmp-due");
    expect(ruleIds(after)).not.toContain("naloxone-indicated");
    expect(ruleIds(after)).toContain("udt-due");
    // The registry and the measures evaluate the same facts, read from the same tables: closed there too.
    const [facts] = await loadCareFacts({ patientIds: [p.id] }, clinicTimeZone());
    const open = evaluateCareGaps(facts!, await readCareProgramSettings(), today()).open.map((g) => g.ruleId);
    expect(open).not.toContain("pdmp-due");
    expect(open).not.toContain("naloxone-indicated");
  });

  it('what was documented flows into the visit note\'s "Reviewed before the visit" (page data and PDF)', async () => {
    const { clinician, coordinator, visit } = await setup();
    await documentPdmpCheck(
      clinician,
      visit.id,
      { checkedOn: today(), state: "ID", finding: "CONCERNS", note: "Second prescriber in October" },
      ctx(),
    );
    await documentNaloxone(clinician, visit.id, { offeredOn: today(), outcome: "DECLINED", note: null }, ctx());
    await recordRiskHistory(clinician, visit.id, { kind: "OVERDOSE", recordedOn: today(), note: null }, ctx());
    await queueUdtOrder(coordinator, visit.id, udt, ctx());
    await sendPreVisitForms(coordinator, visit.id, ["PEG"], ctx());
    const note = await getVisitNote(clinician, visit.id, ctx());
    const lines = reviewedLines(note.reviewed);
    expect(lines.map((l) => l.label)).toEqual([
      "PDMP",
      "Naloxone",
      "Risk history",
      "Urine drug test",
      "Pre-visit form",
    ]);
    expect(lines[0]!.text).toMatch(/\(ID\): concerns found; by .*Note: Second prescriber in October/);
    expect(lines[1]!.text).toMatch(/^Declined by the patient/);
    expect(lines[3]!.text).toMatch(/queued for the clinician by .*not ordered yet/);
    expect(lines[4]!.text).toBe("PEG requested, not answered yet");
    // Another visit's note does not show this visit's items.
    const { visit: other, clinician: c2 } = await setup();
    expect(reviewedLines((await getVisitNote(c2, other.id, ctx())).reviewed)).toEqual([]);
    // The PDF carries the section too (pdfkit compresses text, so check it renders with the data present).
    const pdf = await renderNotePdf(note);
    expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
  });

  it("a signed note keeps what was documented up to its signature: later documentation does not change it", async () => {
    const { clinician, p, visit } = await setup();
    await documentPdmpCheck(
      clinician,
      visit.id,
      { checkedOn: today(), state: "ID", finding: "CONSISTENT", note: null },
      ctx(),
    );
    await db.visitNote.create({
      data: {
        visitId: visit.id,
        patientId: p.id,
        authorId: clinician.userId,
        status: "DRAFT",
        modalityUsed: "AUDIO_VIDEO",
      },
    });
    expect(reviewedLines((await getVisitNote(clinician, visit.id, ctx())).reviewed).map((l) => l.label)).toEqual([
      "PDMP",
    ]);
    await db.visitNote.update({
      where: { visitId: visit.id },
      data: { status: "SIGNED", signedAt: new Date(), signedById: clinician.userId },
    });
    await documentNaloxone(clinician, visit.id, { offeredOn: today(), outcome: "OFFERED", note: null }, ctx());
    const signed = await getVisitNote(clinician, visit.id, ctx());
    expect(reviewedLines(signed.reviewed).map((l) => l.label)).toEqual(["PDMP"]);
  });

  it("the coordinator queues a UDT for the clinician, who orders it: one UDT order in state ORDERED, linked to the visit; a second order of it is refused", async () => {
    const { clinician, coordinator, p, visit } = await setup();
    const q = await queueUdtOrder(coordinator, visit.id, udt, ctx());
    expect(await db.udtOrder.count({ where: { patientId: p.id } })).toBe(0);
    await expect(queueUdtOrder(coordinator, visit.id, udt, ctx())).rejects.toMatchObject({ code: "CONFLICT" });
    const coordView = (await getBeforeVisit(coordinator, [visit.id], ctx()))[visit.id]!;
    expect(coordView.gaps.find((g) => g.ruleId === "udt-due")!.action).toMatchObject({ kind: "under-way" });
    const clinView = (await getBeforeVisit(clinician, [visit.id], ctx()))[visit.id]!;
    expect(clinView.queuedUdt?.id).toBe(q.id);
    expect(clinView.gaps.find((g) => g.ruleId === "udt-due")!.action.label).toMatch(/the coordinator queued/);

    const c = ctx();
    const { orderId } = await orderUdtFromHuddle(clinician, visit.id, { queuedId: q.id }, c);
    expect(await db.udtOrder.findUniqueOrThrow({ where: { id: orderId } })).toMatchObject({
      patientId: p.id,
      state: "ORDERED",
      orderedById: clinician.userId,
    });
    expect(await db.preVisitUdtOrder.findUniqueOrThrow({ where: { id: q.id } })).toMatchObject({
      status: "ORDERED",
      orderId,
      orderedById: clinician.userId,
    });
    const audit = await db.auditEvent.findMany({ where: { requestId: c.requestId } });
    expect(audit.map((a) => `${a.action} ${a.entityType}`).sort()).toEqual([
      "CREATE UdtOrder",
      "UPDATE PreVisitUdtOrder",
    ]);
    await expect(orderUdtFromHuddle(clinician, visit.id, { queuedId: q.id }, ctx())).rejects.toMatchObject({
      code: "CONFLICT",
    });
    expect(await db.udtOrder.count({ where: { patientId: p.id } })).toBe(1);
    // Ordered, not collected: the gap stays open (a sample closes it) and says it is under way.
    const now = (await getBeforeVisit(clinician, [visit.id], ctx()))[visit.id]!;
    expect(now.gaps.find((g) => g.ruleId === "udt-due")!.action).toMatchObject({ kind: "under-way" });
  });

  it("the clinician orders a new UDT from the huddle (no queue)", async () => {
    const { clinician, p, visit } = await setup();
    const { orderId } = await orderUdtFromHuddle(clinician, visit.id, { order: udt }, ctx());
    expect(await db.preVisitUdtOrder.findFirstOrThrow({ where: { visitId: visit.id } })).toMatchObject({
      status: "ORDERED",
      orderId,
      patientId: p.id,
    });
  });

  it("sends forms: requests the missing form for the visit and returns a link once; a visit that started takes none", async () => {
    const { coordinator, p, visit, makeVisit } = await setup();
    const r = await sendPreVisitForms(coordinator, visit.id, ["PEG", "PHQ9"], ctx());
    expect(r.requested).toEqual(["PEG", "PHQ9"]);
    expect(r.url).toMatch(/\/l\//);
    expect(await db.formRequest.count({ where: { visitId: visit.id, patientId: p.id } })).toBe(2);
    // Again: nothing new is requested, a fresh link is made.
    expect((await sendPreVisitForms(coordinator, visit.id, ["PEG"], ctx())).requested).toEqual([]);
    expect(await db.formRequest.count({ where: { visitId: visit.id } })).toBe(2);
    const started = await makeVisit(new Date(Date.now() - 10 * 60_000));
    await expect(sendPreVisitForms(coordinator, started.id, ["PEG"], ctx())).rejects.toMatchObject({
      code: "VALIDATION",
    });
  });

  it("refuses a date in the future with a message on the field, and writes nothing", async () => {
    const { clinician, p, visit } = await setup();
    const tomorrow = new Date(Date.now() + 2 * DAY).toISOString().slice(0, 10);
    await expect(
      documentPdmpCheck(
        clinician,
        visit.id,
        { checkedOn: tomorrow, state: "ID", finding: "CONSISTENT", note: null },
        ctx(),
      ),
    ).rejects.toMatchObject({
      code: "VALIDATION",
      fieldErrors: { checkedOn: [expect.stringMatching(/in the future/)] },
    });
    expect(await db.pdmpCheck.count({ where: { patientId: p.id } })).toBe(0);
  });

  it("refuses the wrong roles: one DENIED row each, nothing written", async () => {
    const { clinician, coordinator, p, visit } = await setup();
    const admin = await staff("ADMIN");
    const patient = actorFor({ ...(await makeUser("PATIENT", { patientId: p.id })) });
    const cases: [string, string, () => Promise<unknown>][] = [
      [
        "coordinator documents a PDMP check",
        coordinator.userId,
        () =>
          documentPdmpCheck(
            coordinator,
            visit.id,
            { checkedOn: today(), state: "ID", finding: "CONSISTENT", note: null },
            ctx(),
          ),
      ],
      [
        "coordinator documents naloxone",
        coordinator.userId,
        () => documentNaloxone(coordinator, visit.id, { offeredOn: today(), outcome: "OFFERED", note: null }, ctx()),
      ],
      [
        "coordinator records risk history",
        coordinator.userId,
        () => recordRiskHistory(coordinator, visit.id, { kind: "OVERDOSE", recordedOn: today(), note: null }, ctx()),
      ],
      [
        "coordinator orders a UDT",
        coordinator.userId,
        () => orderUdtFromHuddle(coordinator, visit.id, { order: udt }, ctx()),
      ],
      [
        "clinician queues a UDT (ordering is theirs)",
        clinician.userId,
        () => queueUdtOrder(clinician, visit.id, udt, ctx()),
      ],
      ["admin views the huddle", admin.userId, () => getBeforeVisit(admin, [visit.id], ctx())],
      ["patient views the huddle", patient.userId, () => getBeforeVisit(patient, [visit.id], ctx())],
      ["admin sends forms", admin.userId, () => sendPreVisitForms(admin, visit.id, ["PEG"], ctx())],
    ];
    const denied = (userId: string) => db.auditEvent.count({ where: { actorUserId: userId, outcome: "DENIED" } });
    for (const [label, userId, call] of cases) {
      const before = await denied(userId);
      const err = await call().then(
        () => null,
        (e: unknown) => e,
      );
      expect(isForbidden(err), label).toBe(true);
      expect(await denied(userId), label).toBe(before + 1);
    }
    expect(await db.pdmpCheck.count({ where: { patientId: p.id } })).toBe(0);
    expect(await db.naloxoneOffer.count({ where: { patientId: p.id } })).toBe(0);
    expect(await db.riskHistoryEntry.count({ where: { patientId: p.id } })).toBe(0);
    expect(await db.preVisitUdtOrder.count({ where: { patientId: p.id } })).toBe(0);
    expect(await db.udtOrder.count({ where: { patientId: p.id } })).toBe(0);
    expect(await db.formRequest.count({ where: { patientId: p.id } })).toBe(0);
  });
});
