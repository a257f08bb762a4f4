import { describe, expect, it, vi } from "vitest";
import { getPatientConsents } from "@/modules/consent/patient-consents.server";
import { withdrawOwnConsent } from "@/modules/consent/revoke-consent.server";
import { getConsentException } from "@/modules/consent/start-consent.server";
import { PATIENT_WITHDRAWAL_REASON } from "@/modules/consent/core/consent-rules";
import type { Actor } from "@/modules/identity/core/roles";
import { transitionVisit, transitionVisitInTx } from "@/modules/scheduling/transition-visit.server";
import { verifyRoomToken } from "@/modules/video/core/room-token";
import { joinRoom, type RoomCredential } from "@/modules/video/join-room.server";
import { admitParticipant } from "@/modules/video/manage-participants.server";
import { listWaiting } from "@/modules/video/waiting-room.server";
import { revokeSession } from "@/server/auth/sign-in.server";
import { db } from "@/server/db";
import { AppError } from "@/server/errors";
import { ctx, makePatient, makeUser, signedInActorFor } from "../factories";
import { currentConsentText, giveConsent, publishNewConsentText } from "../factories/consent";
import { beginRequest, discoverRoutes, requestFor, sessionCookieFor, SESSION_COOKIE } from "../factories/next-request";

vi.mock("next/headers", async () => (await import("../factories/next-request")).nextHeadersModule);
vi.mock("next/cache", async () => (await import("../factories/next-request")).nextCacheModule);

/**
 * Issue 10, D4 and D11: a visit never starts without consent for its modality or a recorded
 * reason (docs/clinical-reference.md#consent-before-the-visit-starts); a patient can withdraw
 * consent in the portal; Today's "in the waiting room" means a live seat.
 */
const asActor = (actor: Actor): RoomCredential => ({ kind: "actor", actor });

async function setup(opts: { modality?: "VIDEO" | "PHONE"; consent?: "VIDEO" | "PHONE" | null } = {}) {
  const clinicianU = await makeUser("CLINICIAN");
  const clinician = await signedInActorFor({ ...clinicianU, patientId: null });
  const coordinator = await signedInActorFor({ ...(await makeUser("COORDINATOR")), patientId: null });
  const patient = await makePatient({ phone: "+12065550150" });
  const patientU = await makeUser("PATIENT", { patientId: patient.id });
  const patientActor = await signedInActorFor({ ...patientU, patientId: patient.id });
  if (opts.consent) await giveConsent(patient.id, { kind: opts.consent });
  const type = await db.visitType.create({ data: { name: `Visit ${crypto.randomUUID()}`, durationMinutes: 30 } });
  const startsAt = new Date(Date.now() + 5 * 60_000);
  const visit = await db.visit.create({
    data: {
      patientId: patient.id,
      clinicianId: clinician.userId,
      visitTypeId: type.id,
      startsAt,
      endsAt: new Date(startsAt.getTime() + 30 * 60_000),
      modality: opts.modality ?? "VIDEO",
      phoneNumber: opts.modality === "PHONE" ? "+12065550150" : null,
      reason: "Follow-up",
      idempotencyKey: crypto.randomUUID(),
      createdById: clinician.userId,
    },
  });
  return { clinician, clinicianU, coordinator, patient, patientU, patientActor, visit };
}

/** The clinician in the room, the patient in the waiting room (which checks the visit in). */
async function waiting(s: Awaited<ReturnType<typeof setup>>) {
  await joinRoom(asActor(s.clinician), s.visit.id, { hasCamera: true }, ctx());
  const pat = await joinRoom(asActor(s.patientActor), s.visit.id, { hasCamera: true }, ctx());
  return pat.participantId;
}

async function state(s: Awaited<ReturnType<typeof setup>>, participantId: string) {
  const [visit, seat, consents, exceptions] = await Promise.all([
    db.visit.findUniqueOrThrow({ where: { id: s.visit.id }, select: { status: true, startedAt: true } }),
    db.videoParticipant.findUniqueOrThrow({ where: { id: participantId }, select: { state: true } }),
    db.consentRecord.findMany({
      where: { patientId: s.patient.id },
      select: { id: true, kind: true, method: true, capturedById: true, textId: true },
    }),
    db.visitEvent.findMany({
      where: { visitId: s.visit.id, kind: "CONSENT_EXCEPTION" },
      select: { reason: true, actorUserId: true },
    }),
  ]);
  return { visit, seat: seat.state, consents, exceptions };
}

async function refusal(p: Promise<unknown>) {
  const e = await p.catch((x: unknown) => x);
  expect(e).toBeInstanceOf(AppError);
  return e as AppError & { reason?: string; consentState?: string; consentKind?: string };
}

describe("admitting the patient needs consent (D4)", () => {
  it("is refused without consent on file: nothing changes, one audit row says why", async () => {
    const s = await setup();
    const pid = await waiting(s);
    const e = await refusal(admitParticipant(s.clinician, s.visit.id, pid, ctx()));
    expect(e).toMatchObject({
      code: "CONFLICT",
      reason: "CONSENT_REQUIRED",
      consentKind: "VIDEO",
      consentState: "missing",
    });
    expect(e.message).toMatch(/No valid video \(telehealth\) consent is on file/);
    const after = await state(s, pid);
    expect(after).toMatchObject({
      visit: { status: "CHECKED_IN", startedAt: null },
      seat: "WAITING",
      consents: [],
      exceptions: [],
    });
    const rows = await db.auditEvent.findMany({
      where: { entityType: "Visit", entityId: s.visit.id, outcome: "FAILURE" },
      select: { details: true, patientId: true },
    });
    expect(rows).toEqual([
      {
        patientId: s.patient.id,
        details: expect.objectContaining({
          event: "start_refused",
          reason: "consent_required",
          consentState: "missing",
        }),
      },
    ]);
  });

  it("is refused when the only consent is for phone, expired, or withdrawn", async () => {
    for (const prep of [
      (id: string) => giveConsent(id, { kind: "PHONE" }),
      (id: string) =>
        giveConsent(id, {
          capturedAt: new Date(Date.now() - 400 * 86_400_000),
          expiresAt: new Date(Date.now() - 35 * 86_400_000),
        }),
      async (id: string) =>
        db.consentRecord.update({
          where: { id: (await giveConsent(id)).id },
          data: { revokedAt: new Date(), revokedReason: "Patient asked" },
        }),
    ]) {
      const s = await setup();
      await prep(s.patient.id);
      const pid = await waiting(s);
      expect(await refusal(admitParticipant(s.clinician, s.visit.id, pid, ctx()))).toMatchObject({
        reason: "CONSENT_REQUIRED",
      });
      expect((await state(s, pid)).visit.status).toBe("CHECKED_IN");
    }
  });

  it("with consent on file admits as before and records nothing more", async () => {
    const s = await setup({ consent: "VIDEO" });
    const pid = await waiting(s);
    await admitParticipant(s.clinician, s.visit.id, pid, ctx(), {
      consent: { method: "emergency", reason: "Not needed here" },
    });
    const after = await state(s, pid);
    expect(after).toMatchObject({ visit: { status: "IN_PROGRESS" }, seat: "ADMITTED", exceptions: [] });
    expect(after.consents).toHaveLength(1);
  });

  it("with verbal consent: the consent is recorded (clinician, time, current text version, audited) and the patient admitted in one step", async () => {
    const s = await setup();
    const pid = await waiting(s);
    const text = await currentConsentText("VIDEO");
    const before = new Date();
    await admitParticipant(s.clinician, s.visit.id, pid, ctx(), { consent: { method: "verbal", textId: text.id } });
    const after = await state(s, pid);
    expect(after).toMatchObject({ visit: { status: "IN_PROGRESS" }, seat: "ADMITTED", exceptions: [] });
    expect(after.consents).toEqual([
      { id: expect.any(String), kind: "VIDEO", method: "VERBAL", capturedById: s.clinician.userId, textId: text.id },
    ]);
    const rec = await db.consentRecord.findUniqueOrThrow({ where: { id: after.consents[0]!.id } });
    expect(rec.capturedAt.getTime()).toBeGreaterThanOrEqual(before.getTime() - 1000);
    const audit = await db.auditEvent.findFirstOrThrow({
      where: { entityType: "ConsentRecord", entityId: rec.id, action: "CREATE" },
    });
    expect(audit).toMatchObject({ patientId: s.patient.id, actorUserId: s.clinician.userId, outcome: "SUCCESS" });
    expect(audit.details).toMatchObject({ method: "VERBAL", visitId: s.visit.id });
    // The chart shows it like any verbal consent.
    const c = await getPatientConsents(s.coordinator, s.patient.id, ctx());
    expect(c.video.state).toBe("valid");
    expect(c.records[0]).toMatchObject({ method: "VERBAL", capturedBy: s.clinicianU.name, textVersion: text.version });
  });

  it("verbal consent and the start are one transaction: a start that fails records no consent", async () => {
    const s = await setup();
    await waiting(s);
    const text = await currentConsentText("VIDEO");
    const boom = new Error("the admit failed");
    await expect(
      db.$transaction(async (tx) => {
        await transitionVisitInTx(tx, s.clinician, s.visit.id, "START", "x", ctx(), new Date(), {
          consent: { method: "verbal", textId: text.id },
        });
        throw boom; // the admit after it fails
      }),
    ).rejects.toBe(boom);
    expect(await db.consentRecord.count({ where: { patientId: s.patient.id } })).toBe(0);
    expect((await db.visit.findUniqueOrThrow({ where: { id: s.visit.id } })).status).toBe("CHECKED_IN");
    expect(await db.auditEvent.count({ where: { entityType: "ConsentRecord", patientId: s.patient.id } })).toBe(0);
  });

  it("verbal consent must be to the current text: an older version is refused and nothing is written", async () => {
    const s = await setup();
    const pid = await waiting(s);
    const old = await currentConsentText("VIDEO");
    await publishNewConsentText("VIDEO");
    const e = await refusal(
      admitParticipant(s.clinician, s.visit.id, pid, ctx(), { consent: { method: "verbal", textId: old.id } }),
    );
    expect(e.message).toMatch(/newer version/);
    expect(await state(s, pid)).toMatchObject({ visit: { status: "CHECKED_IN" }, seat: "WAITING", consents: [] });
  });

  it("an emergency start records why (on the visit, audited, shown on the visit and note) and records no consent", async () => {
    const s = await setup();
    const pid = await waiting(s);
    await admitParticipant(s.clinician, s.visit.id, pid, ctx(), {
      consent: { method: "emergency", reason: "Patient in crisis, cannot wait" },
    });
    const after = await state(s, pid);
    expect(after).toMatchObject({
      visit: { status: "IN_PROGRESS" },
      seat: "ADMITTED",
      consents: [],
      exceptions: [{ reason: "Patient in crisis, cannot wait", actorUserId: s.clinician.userId }],
    });
    expect(
      await db.auditEvent.count({
        where: {
          entityType: "Visit",
          entityId: s.visit.id,
          outcome: "SUCCESS",
          details: { path: ["event"], equals: "consent_exception" },
        },
      }),
    ).toBe(1);
    expect(await getConsentException(s.coordinator, s.visit.id, ctx())).toMatchObject({
      reason: "Patient in crisis, cannot wait",
      byName: s.clinicianU.name,
      consentKind: "VIDEO",
    });
  });

  it("the admit route answers 409 with code CONSENT_REQUIRED, and admits with verbal consent", async () => {
    const s = await setup();
    const pid = await waiting(s);
    const route = (await discoverRoutes()).get("POST /api/video/[visitId]/admit")!;
    const cookie = await sessionCookieFor({ id: s.clinician.userId });
    const post = async (body: unknown) => {
      beginRequest({ cookies: { [SESSION_COOKIE]: cookie }, path: `/api/video/${s.visit.id}/admit` });
      const res = await route(
        requestFor(`/api/video/${s.visit.id}/admit`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify(body),
        }),
        { params: Promise.resolve({ visitId: s.visit.id }) },
      );
      return { status: res.status, body: (await res.json()) as Record<string, unknown> };
    };
    expect(await post({ participantId: pid })).toMatchObject({
      status: 409,
      body: { error: { code: "CONSENT_REQUIRED", consent: { kind: "VIDEO", state: "missing" } } },
    });
    // Verbal consent must say the patient agreed.
    expect(
      await post({
        participantId: pid,
        consent: { method: "verbal", textId: (await currentConsentText()).id, agreed: false },
      }),
    ).toMatchObject({ status: 400 });
    expect(await post({ participantId: pid, consent: { method: "emergency", reason: "" } })).toMatchObject({
      status: 400,
    });
    expect((await state(s, pid)).visit.status).toBe("CHECKED_IN");
    expect(
      await post({
        participantId: pid,
        consent: { method: "verbal", textId: (await currentConsentText()).id, agreed: true },
      }),
    ).toMatchObject({ status: 200 });
    expect(await state(s, pid)).toMatchObject({ visit: { status: "IN_PROGRESS" }, seat: "ADMITTED" });
  });

  it("a guest is admitted without the patient's consent (the visit does not start)", async () => {
    const s = await setup();
    await joinRoom(asActor(s.clinician), s.visit.id, { hasCamera: true }, ctx());
    const g = await db.videoParticipant.create({
      data: {
        visitId: s.visit.id,
        role: "CAREGIVER",
        displayName: "Sam Helper",
        state: "WAITING",
        waitingSince: new Date(),
      },
    });
    await admitParticipant(s.clinician, s.visit.id, g.id, ctx());
    expect((await db.visit.findUniqueOrThrow({ where: { id: s.visit.id } })).status).toBe("SCHEDULED");
  });
});

describe("starting a phone visit needs phone consent (D4, same rule)", () => {
  it("Call is refused without phone consent; video consent does not count", async () => {
    const s = await setup({ modality: "PHONE", consent: "VIDEO" });
    const e = await refusal(transitionVisit(s.clinician, s.visit.id, "START", null, ctx()));
    expect(e).toMatchObject({ reason: "CONSENT_REQUIRED", consentKind: "PHONE" });
    expect((await db.visit.findUniqueOrThrow({ where: { id: s.visit.id } })).status).toBe("SCHEDULED");
  });

  it("starts with phone consent captured verbally, or with an emergency reason", async () => {
    const a = await setup({ modality: "PHONE" });
    const text = await currentConsentText("PHONE");
    await transitionVisit(a.clinician, a.visit.id, "START", null, ctx(), new Date(), {
      consent: { method: "verbal", textId: text.id },
    });
    expect(
      await db.consentRecord.findMany({ where: { patientId: a.patient.id }, select: { kind: true, method: true } }),
    ).toEqual([{ kind: "PHONE", method: "VERBAL" }]);
    expect((await db.visit.findUniqueOrThrow({ where: { id: a.visit.id } })).status).toBe("IN_PROGRESS");

    const b = await setup({ modality: "PHONE" });
    await transitionVisit(b.clinician, b.visit.id, "START", null, ctx(), new Date(), {
      consent: { method: "emergency", reason: "Caller in distress" },
    });
    expect(await db.visitEvent.count({ where: { visitId: b.visit.id, kind: "CONSENT_EXCEPTION" } })).toBe(1);
    expect((await db.visit.findUniqueOrThrow({ where: { id: b.visit.id } })).status).toBe("IN_PROGRESS");
  });
});

describe("the patient withdraws consent in the portal (D11a)", () => {
  it("is recorded as a revocation by the patient, audited, and the care team sees it on the chart", async () => {
    const s = await setup();
    const rec = await giveConsent(s.patient.id);
    await withdrawOwnConsent(s.patientActor, { consentId: rec.id, note: "I prefer to come in" }, ctx());
    const row = await db.consentRecord.findUniqueOrThrow({ where: { id: rec.id } });
    expect(row).toMatchObject({
      revokedById: s.patientU.id,
      revokedReason: `${PATIENT_WITHDRAWAL_REASON}: I prefer to come in`,
    });
    expect(row.revokedAt).toBeInstanceOf(Date);
    const audit = await db.auditEvent.findFirstOrThrow({
      where: { entityType: "ConsentRecord", entityId: rec.id, action: "UPDATE" },
    });
    expect(audit).toMatchObject({
      actorUserId: s.patientU.id,
      patientId: s.patient.id,
      outcome: "SUCCESS",
      details: { changed: ["revokedAt"], by: "patient" },
    });
    const chart = await getPatientConsents(s.clinician, s.patient.id, ctx());
    expect(chart.video.state).toBe("revoked");
    expect(chart.records[0]).toMatchObject({ id: rec.id, revokedBy: { kind: "patient" } });
    // A second click changes nothing.
    expect(await refusal(withdrawOwnConsent(s.patientActor, { consentId: rec.id, note: "" }, ctx()))).toMatchObject({
      code: "CONFLICT",
    });
    // And the next start asks for consent again.
    const pid = await waiting(s);
    expect(await refusal(admitParticipant(s.clinician, s.visit.id, pid, ctx()))).toMatchObject({
      reason: "CONSENT_REQUIRED",
      consentState: "revoked",
    });
  });

  it("another patient's consent is not found; the refusal is audited with its real patient", async () => {
    const s = await setup();
    const rec = await giveConsent(s.patient.id);
    const other = await makePatient();
    const otherActor = await signedInActorFor({
      ...(await makeUser("PATIENT", { patientId: other.id })),
      patientId: other.id,
    });
    expect(await refusal(withdrawOwnConsent(otherActor, { consentId: rec.id, note: "" }, ctx()))).toMatchObject({
      code: "NOT_FOUND",
    });
    expect((await db.consentRecord.findUniqueOrThrow({ where: { id: rec.id } })).revokedAt).toBeNull();
    expect(
      await db.auditEvent.findMany({
        where: { entityId: rec.id, outcome: "DENIED" },
        select: { patientId: true, actorUserId: true },
      }),
    ).toEqual([{ patientId: s.patient.id, actorUserId: otherActor.userId }]);
  });
});

describe("Today's 'in the waiting room' is a live seat (D11b)", () => {
  it("a waiting seat whose session ended is not listed, and cannot be admitted", async () => {
    const s = await setup({ consent: "VIDEO" });
    const pid = await waiting(s);
    expect(Object.keys(await listWaiting(s.clinician, [s.visit.id]))).toEqual([s.visit.id]);
    // The patient signs out (their tab may still be open, or not): the seat is no longer someone waiting.
    await revokeSession(s.patientActor, ctx(), false);
    expect(await listWaiting(s.clinician, [s.visit.id])).toEqual({});
    expect((await refusal(admitParticipant(s.clinician, s.visit.id, pid, ctx()))).message).toMatch(
      /no longer in the waiting room/,
    );
    expect(await state(s, pid)).toMatchObject({ visit: { status: "CHECKED_IN", startedAt: null }, seat: "LEFT" });
  });

  it("a waiting seat taken from a join link counts while the link session lives", async () => {
    const s = await setup({ consent: "VIDEO" });
    const { issuePatientLink, redeemPatientLink } = await import("@/modules/patient-access/index.server");
    const { linkCookieName, readLinkSessionFrom } = await import("@/modules/patient-access/sessions.server");
    const l = await db.$transaction((tx) =>
      issuePatientLink(tx, {
        patientId: s.patient.id,
        purpose: "visit-join",
        subjectId: s.visit.id,
        expiresAt: new Date(s.visit.endsAt.getTime() + 3_600_000),
        by: null,
      }),
    );
    const r = await redeemPatientLink(l.token, { birthDate: "1970-01-15" }, ctx());
    const session = (await readLinkSessionFrom("visit-join", (n) =>
      n === linkCookieName("visit-join") && r.ok ? r.sessionSecret : undefined,
    ))!;
    const join = await joinRoom({ kind: "link", session }, s.visit.id, { hasCamera: true }, ctx());
    expect(verifyRoomToken(join.token, process.env.NEXTAUTH_SECRET!)).toMatchObject({ k: "l" });
    expect((await listWaiting(s.clinician, [s.visit.id]))[s.visit.id]).toEqual([
      expect.objectContaining({ participantId: join.participantId, role: "PATIENT" }),
    ]);
    await db.patientLinkSession.update({
      where: { id: session.sessionId },
      data: { endedAt: new Date(), endedReason: "test" },
    });
    expect(await listWaiting(s.clinician, [s.visit.id])).toEqual({});
  });
});
