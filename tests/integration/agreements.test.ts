import { randomUUID } from "node:crypto";
import { describe, expect, it, vi } from "vitest";
import { loadCareFacts } from "@/modules/care-program/index.server";
import { getLinkAgreement, getPatientAgreement } from "@/modules/consent/get-agreement.server";
import { revokeAgreement, revokeOwnAgreement } from "@/modules/consent/revoke-agreement.server";
import { sendAgreementLink } from "@/modules/consent/send-agreement-link.server";
import { recordAgreement, signAgreementByLink, signOwnAgreement } from "@/modules/consent/sign-agreement.server";
import { getCurrentConsentTexts, listConsentTexts, publishConsentText } from "@/modules/consent/consent-texts.server";
import { getPatientConsents } from "@/modules/consent/patient-consents.server";
import { giveElectronicConsent } from "@/modules/consent/record-consent.server";
import { revokeConsent, withdrawOwnConsent } from "@/modules/consent/revoke-consent.server";
import { startConsentForVisits } from "@/modules/consent/start-consent.server";
import { agreementRenewalDate, renewalDateIn } from "@/modules/consent/core/agreement-rules";
import { wallClockAt } from "@/modules/scheduling/core/time";
import type { Actor } from "@/modules/identity/core/roles";
import { redeemPatientLink } from "@/modules/patient-access/index.server";
import { linkCookieName, readLinkSessionFrom } from "@/modules/patient-access/sessions.server";
import { joinRoom } from "@/modules/video/join-room.server";
import { admitParticipant } from "@/modules/video/manage-participants.server";
import { db } from "@/server/db";
import { AppError } from "@/server/errors";
import { actorFor, ctx, isForbidden, makePatient, makeUser, signedInActorFor } from "../factories";
import { currentConsentText } from "../factories/consent";

vi.mock("next/headers", async () => (await import("../factories/next-request")).nextHeadersModule);
vi.mock("next/cache", async () => (await import("../factories/next-request")).nextCacheModule);

/**
 * Issue 12 part 4: patient agreements for opioid therapy on the consent records mechanism
 * (docs/clinical-reference.md#patient-agreements): signed in the portal or from a secure link,
 * recorded by staff on paper or verbally, renewed after the clinic's interval, revocable, audited,
 * and never taken for telehealth consent.
 */
const TZ = "America/Los_Angeles";
const DOB = "1970-01-15"; // the factory patient's birth date
const BODY = "You and your care team agree how opioid medicine is used safely. You may revoke this at any time.";

async function staff(role: "CLINICIAN" | "COORDINATOR" | "ADMIN") {
  return actorFor({ ...(await makeUser(role)), patientId: null });
}
async function patientActor() {
  const p = await makePatient();
  return { p, actor: actorFor(await makeUser("PATIENT", { patientId: p.id })) };
}
async function agreementText() {
  return publishConsentText(
    await staff("ADMIN"),
    { kind: "OPIOID_AGREEMENT", title: "Opioid treatment agreement", body: BODY },
    ctx(),
  );
}
async function setRenewalMonths(months: number | null) {
  if (months === null) await db.careProgramSetting.deleteMany({});
  else
    await db.careProgramSetting.upsert({
      where: { id: 1 },
      create: { id: 1, values: { agreementRenewalMonths: months } },
      update: { values: { agreementRenewalMonths: months } },
    });
}
const renewalOf = async (id: string) =>
  renewalDateIn(
    (await db.consentRecord.findUniqueOrThrow({ where: { id }, select: { expiresAt: true } })).expiresAt,
    TZ,
  );
const caught = (p: Promise<unknown>) => p.catch((e: unknown) => e);

/** An agreement link redeemed with the patient's date of birth: the link session the page would read. */
async function linkSession(staffActor: Actor, patientId: string) {
  const { url } = await sendAgreementLink(staffActor, patientId, ctx());
  const token = url.split("/l/")[1]!;
  const r = await redeemPatientLink(token, { birthDate: DOB }, ctx());
  if (!r.ok) throw new Error(`redeem failed: ${r.reason}`);
  const session = await readLinkSessionFrom("agreement", (name) =>
    name === linkCookieName("agreement") ? r.sessionSecret : undefined,
  );
  if (!session) throw new Error("no session");
  return { token, session };
}

describe("admin: versioned agreement texts", () => {
  it("publishes versions of the agreement beside the consent texts; telehealth's current texts are unchanged", async () => {
    const before = await getCurrentConsentTexts();
    const v1 = await agreementText();
    const v2 = await agreementText();
    expect(v2.version).toBe(v1.version + 1);
    const all = await listConsentTexts(await staff("ADMIN"));
    expect(all.filter((t) => t.kind === "OPIOID_AGREEMENT").map((t) => t.version)).toEqual(
      expect.arrayContaining([v1.version, v2.version]),
    );
    expect(await getCurrentConsentTexts()).toEqual(before);
    expect(await db.auditEvent.count({ where: { entityType: "ConsentText", entityId: v2.id, action: "CREATE" } })).toBe(
      1,
    );
  });

  it("only admins publish; admins never read or record a patient's agreement", async () => {
    const admin = await staff("ADMIN");
    const p = await makePatient();
    const { id: textId } = await agreementText();
    expect(
      isForbidden(
        await caught(
          publishConsentText(await staff("CLINICIAN"), { kind: "OPIOID_AGREEMENT", title: "x", body: BODY }, ctx()),
        ),
      ),
    ).toBe(true);
    expect(isForbidden(await caught(getPatientAgreement(admin, p.id, ctx())))).toBe(true);
    expect(
      isForbidden(
        await caught(
          recordAgreement(
            admin,
            { patientId: p.id, textId, method: "PAPER", witnessName: "", idempotencyKey: randomUUID() },
            ctx(),
          ),
        ),
      ),
    ).toBe(true);
    expect(
      await db.auditEvent.count({ where: { actorUserId: admin.userId, outcome: "DENIED", patientId: p.id } }),
    ).toBe(2);
  });
});

describe("signing in the portal", () => {
  it("typed name, time, IP and browser; renew by = signed + the clinic's interval; audited; the chart shows it", async () => {
    await setRenewalMonths(null);
    const { id: textId, version } = await agreementText();
    const { p, actor } = await patientActor();
    const r = await signOwnAgreement(
      actor,
      { textId, typedName: "Test Patient", idempotencyKey: randomUUID() },
      ctx({ ip: "10.1.2.3", userAgent: "phone-browser" }),
    );
    const row = await db.consentRecord.findUniqueOrThrow({ where: { id: r.id } });
    expect(row).toMatchObject({
      patientId: p.id,
      kind: "OPIOID_AGREEMENT",
      method: "ELECTRONIC",
      typedName: "Test Patient",
      ip: "10.1.2.3",
      userAgent: "phone-browser",
      capturedById: null,
      textId,
    });
    // Default interval: 12 months, from the clinic's date of signing, due from the start of that day.
    expect(renewalDateIn(row.expiresAt, TZ)).toBe(agreementRenewalDate(row.capturedAt, 12, TZ));
    expect(wallClockAt(row.expiresAt, TZ).minute).toBe(0);
    const audit = await db.auditEvent.findFirstOrThrow({
      where: { entityType: "ConsentRecord", entityId: r.id, action: "CREATE" },
    });
    expect(audit).toMatchObject({
      actorUserId: actor.userId,
      patientId: p.id,
      outcome: "SUCCESS",
      details: { kind: "OPIOID_AGREEMENT", method: "ELECTRONIC", via: "portal" },
    });

    const coord = await staff("COORDINATOR");
    const chart = await getPatientAgreement(coord, p.id, ctx());
    expect(chart.status).toMatchObject({ state: "signed", recordId: r.id, renewalSoon: false });
    expect(chart.records[0]).toMatchObject({
      method: "ELECTRONIC",
      typedName: "Test Patient",
      textVersion: version,
      recordedBy: null,
    });
    expect(
      await db.auditEvent.count({
        where: { entityType: "ConsentRecord", action: "READ", patientId: p.id, actorUserId: coord.userId },
      }),
    ).toBe(1);
  });

  it("the same form twice is one record (idempotent); an outdated text version is refused", async () => {
    const old = await agreementText();
    const { p, actor } = await patientActor();
    const key = randomUUID();
    const a = await signOwnAgreement(actor, { textId: old.id, typedName: "Test Patient", idempotencyKey: key }, ctx());
    const b = await signOwnAgreement(actor, { textId: old.id, typedName: "Test Patient", idempotencyKey: key }, ctx());
    expect(b.id).toBe(a.id);
    await agreementText();
    const e = await caught(
      signOwnAgreement(actor, { textId: old.id, typedName: "Test Patient", idempotencyKey: randomUUID() }, ctx()),
    );
    expect(e).toMatchObject({ code: "CONFLICT", message: expect.stringMatching(/agreement was updated/) });
    expect(await db.consentRecord.count({ where: { patientId: p.id } })).toBe(1);
  });

  it("a telehealth text is not an agreement text, and staff cannot sign for the patient", async () => {
    await agreementText();
    const video = await currentConsentText("VIDEO");
    const { p, actor } = await patientActor();
    expect(
      await caught(
        signOwnAgreement(actor, { textId: video.id, typedName: "Test Patient", idempotencyKey: randomUUID() }, ctx()),
      ),
    ).toMatchObject({ code: "CONFLICT" });
    expect(
      isForbidden(
        await caught(
          signOwnAgreement(
            await staff("CLINICIAN"),
            { textId: video.id, typedName: "x y", idempotencyKey: randomUUID() },
            ctx(),
          ),
        ),
      ),
    ).toBe(true);
    expect(await db.consentRecord.count({ where: { patientId: p.id } })).toBe(0);
  });

  it("a patient reads only their own agreement (another's is denied and audited)", async () => {
    const a = await patientActor();
    const b = await patientActor();
    expect(isForbidden(await caught(getPatientAgreement(a.actor, b.p.id, ctx())))).toBe(true);
    expect(
      await db.auditEvent.count({ where: { actorUserId: a.actor.userId, outcome: "DENIED", patientId: b.p.id } }),
    ).toBe(1);
    expect((await getPatientAgreement(a.actor, a.p.id, ctx())).status.state).toBe("none");
  });
});

describe("signing from a secure link", () => {
  it("a coordinator sends the link; the patient confirms their birth date and signs; the link is then done", async () => {
    const { id: textId } = await agreementText();
    const coord = await staff("COORDINATOR");
    const p = await makePatient();
    const { token, session } = await linkSession(coord, p.id);
    const issued = await db.auditEvent.findFirstOrThrow({
      where: { entityType: "PatientLink", patientId: p.id, action: "CREATE" },
    });
    expect(issued).toMatchObject({
      actorUserId: coord.userId,
      details: { purpose: "agreement", event: "issue", result: "issued" },
    });

    const before = await getLinkAgreement(session, ctx());
    expect(before).toMatchObject({ status: { state: "none" }, needsSignature: true, text: { id: textId } });
    const r = await signAgreementByLink(
      session,
      { textId, typedName: "Test Patient", idempotencyKey: randomUUID() },
      ctx({ ip: "10.9.9.9" }),
    );
    expect(await db.consentRecord.findUniqueOrThrow({ where: { id: r.id } })).toMatchObject({
      patientId: p.id,
      method: "ELECTRONIC",
      typedName: "Test Patient",
      ip: "10.9.9.9",
      capturedById: null,
    });
    const rows = await db.auditEvent.findMany({
      where: { entityType: "ConsentRecord", patientId: p.id },
      select: { action: true, actorUserId: true, details: true },
    });
    expect(rows).toEqual(
      expect.arrayContaining([
        {
          action: "READ",
          actorUserId: null,
          details: expect.objectContaining({
            scope: "agreement",
            via: "patient_link",
            linkSessionId: session.sessionId,
          }),
        },
        {
          action: "CREATE",
          actorUserId: null,
          details: expect.objectContaining({
            kind: "OPIOID_AGREEMENT",
            via: "patient_link",
            linkSessionId: session.sessionId,
          }),
        },
      ]),
    );
    // Signed: opening the link again has nothing left to do.
    expect(await redeemPatientLink(token, { birthDate: DOB }, ctx())).toMatchObject({
      ok: false,
      reason: "done",
      purpose: "agreement",
    });
  });

  it("asks for the date of birth and counts a wrong one; a newer link supersedes the older", async () => {
    await agreementText();
    const clin = await staff("CLINICIAN");
    const p = await makePatient();
    const first = (await sendAgreementLink(clin, p.id, ctx())).url.split("/l/")[1]!;
    expect(await redeemPatientLink(first, { birthDate: null }, ctx())).toMatchObject({
      ok: false,
      reason: "needs_birth_date",
      purpose: "agreement",
    });
    expect(await redeemPatientLink(first, { birthDate: "1971-02-02" }, ctx())).toMatchObject({
      ok: false,
      reason: "wrong_birth_date",
    });
    await sendAgreementLink(clin, p.id, ctx());
    expect(await redeemPatientLink(first, { birthDate: DOB }, ctx())).toMatchObject({ ok: false, reason: "revoked" });
  });

  it("patients and admins cannot send an agreement link", async () => {
    const p = await makePatient();
    const { actor } = await patientActor();
    expect(isForbidden(await caught(sendAgreementLink(actor, p.id, ctx())))).toBe(true);
    expect(isForbidden(await caught(sendAgreementLink(await staff("ADMIN"), p.id, ctx())))).toBe(true);
    expect(await db.patientLinkToken.count({ where: { patientId: p.id } })).toBe(0);
  });
});

describe("recorded by staff", () => {
  it("signed on paper (witness optional) and agreed verbally (witness required), with who recorded it", async () => {
    const { id: textId } = await agreementText();
    const coordU = await makeUser("COORDINATOR");
    const coord = actorFor({ ...coordU, patientId: null });
    const p = await makePatient();
    const paper = await recordAgreement(
      coord,
      { patientId: p.id, textId, method: "PAPER", witnessName: "", idempotencyKey: randomUUID() },
      ctx(),
    );
    const e = await caught(
      recordAgreement(
        coord,
        { patientId: p.id, textId, method: "VERBAL", witnessName: " ", idempotencyKey: randomUUID() },
        ctx(),
      ),
    );
    expect(e).toBeInstanceOf(AppError);
    expect(e).toMatchObject({ code: "VALIDATION", fieldErrors: { witnessName: expect.any(Array) } });
    const verbal = await recordAgreement(
      coord,
      { patientId: p.id, textId, method: "VERBAL", witnessName: "Nurse Kim", idempotencyKey: randomUUID() },
      ctx(),
    );
    expect(await db.consentRecord.findUniqueOrThrow({ where: { id: paper.id } })).toMatchObject({
      method: "PAPER",
      capturedById: coordU.id,
      witnessName: null,
      typedName: null,
      ip: null,
    });
    expect(await db.consentRecord.findUniqueOrThrow({ where: { id: verbal.id } })).toMatchObject({
      method: "VERBAL",
      capturedById: coordU.id,
      witnessName: "Nurse Kim",
    });
    const view = await getPatientAgreement(coord, p.id, ctx());
    expect(view.status).toMatchObject({ state: "signed", recordId: verbal.id });
    expect(view.records.map((r) => [r.method, r.recordedBy, r.witnessName])).toEqual([
      ["VERBAL", coordU.name, "Nurse Kim"],
      ["PAPER", coordU.name, null],
    ]);
    expect(
      await db.auditEvent.count({
        where: {
          entityType: "ConsentRecord",
          patientId: p.id,
          action: "CREATE",
          details: { path: ["via"], equals: "staff" },
        },
      }),
    ).toBe(2);
  });

  it("renewal follows the clinic's setting at the time of signing", async () => {
    const { id: textId } = await agreementText();
    const clin = await staff("CLINICIAN");
    const p = await makePatient();
    await setRenewalMonths(6);
    try {
      const r = await recordAgreement(
        clin,
        { patientId: p.id, textId, method: "PAPER", witnessName: "", idempotencyKey: randomUUID() },
        ctx(),
      );
      const row = await db.consentRecord.findUniqueOrThrow({ where: { id: r.id } });
      expect(await renewalOf(r.id)).toBe(agreementRenewalDate(row.capturedAt, 6, TZ));
      expect((await getPatientAgreement(clin, p.id, ctx())).renewalMonths).toBe(6);
      // The care program reads the same record and the same renewal date (one definition of "due").
      const [facts] = await loadCareFacts({ patientIds: [p.id] }, TZ);
      expect(facts!.agreements).toEqual([
        {
          signedOn: wallClockAt(row.capturedAt, TZ).date,
          renewBy: agreementRenewalDate(row.capturedAt, 6, TZ),
          revokedOn: null,
        },
      ]);
    } finally {
      await setRenewalMonths(null);
    }
  });

  it("an agreement past its renewal date reads renewal due, and asks for a new signature", async () => {
    const clin = await staff("CLINICIAN");
    const p = await makePatient();
    const { id: textId } = await agreementText();
    await db.consentRecord.create({
      data: {
        patientId: p.id,
        kind: "OPIOID_AGREEMENT",
        textId,
        method: "PAPER",
        capturedById: clin.userId,
        capturedAt: new Date(Date.now() - 400 * 86_400_000),
        expiresAt: new Date(Date.now() - 35 * 86_400_000),
        idempotencyKey: randomUUID(),
      },
    });
    expect(await getPatientAgreement(clin, p.id, ctx())).toMatchObject({
      status: { state: "renewal_due" },
      needsSignature: true,
    });
  });
});

describe("revoking", () => {
  it("staff revoke with a reason; the record stays; a second revoke is refused", async () => {
    const { id: textId } = await agreementText();
    const clinU = await makeUser("CLINICIAN");
    const clin = actorFor({ ...clinU, patientId: null });
    const p = await makePatient();
    const r = await recordAgreement(
      clin,
      { patientId: p.id, textId, method: "PAPER", witnessName: "", idempotencyKey: randomUUID() },
      ctx(),
    );
    await revokeAgreement(clin, { agreementId: r.id, reason: "Stopped opioid therapy" }, ctx());
    const view = await getPatientAgreement(clin, p.id, ctx());
    expect(view.status.state).toBe("revoked");
    expect(view.records[0]).toMatchObject({
      revokedReason: "Stopped opioid therapy",
      revokedBy: { kind: "staff", name: clinU.name },
    });
    expect(await caught(revokeAgreement(clin, { agreementId: r.id, reason: "again" }, ctx()))).toMatchObject({
      code: "CONFLICT",
      message: "This agreement was already revoked.",
    });
    expect(
      await db.auditEvent.count({
        where: { entityType: "ConsentRecord", entityId: r.id, action: "UPDATE", outcome: "SUCCESS" },
      }),
    ).toBe(1);
  });

  it("the patient revokes their own in the portal; another patient's is not found", async () => {
    const { id: textId } = await agreementText();
    const a = await patientActor();
    const b = await patientActor();
    const r = await signOwnAgreement(
      a.actor,
      { textId, typedName: "Test Patient", idempotencyKey: randomUUID() },
      ctx(),
    );
    expect(await caught(revokeOwnAgreement(b.actor, { agreementId: r.id, note: "" }, ctx()))).toMatchObject({
      code: "NOT_FOUND",
    });
    expect(
      await db.auditEvent.count({ where: { actorUserId: b.actor.userId, outcome: "DENIED", patientId: a.p.id } }),
    ).toBe(1);
    await revokeOwnAgreement(a.actor, { agreementId: r.id, note: "I want to taper off" }, ctx());
    const view = await getPatientAgreement(await staff("COORDINATOR"), a.p.id, ctx());
    expect(view).toMatchObject({ status: { state: "revoked" }, needsSignature: true });
    expect(view.records[0]).toMatchObject({
      revokedReason: "Revoked by the patient in the portal: I want to taper off",
      revokedBy: { kind: "patient" },
    });
  });

  it("the telehealth revoke and withdraw refuse an agreement (each kind is revoked from its own section)", async () => {
    const { id: textId } = await agreementText();
    const { p, actor } = await patientActor();
    const r = await signOwnAgreement(actor, { textId, typedName: "Test Patient", idempotencyKey: randomUUID() }, ctx());
    expect(
      await caught(revokeConsent(await staff("CLINICIAN"), { consentId: r.id, reason: "wrong section" }, ctx())),
    ).toMatchObject({ code: "NOT_FOUND" });
    expect(await caught(withdrawOwnConsent(actor, { consentId: r.id, note: "" }, ctx()))).toMatchObject({
      code: "NOT_FOUND",
    });
    expect((await db.consentRecord.findUniqueOrThrow({ where: { id: r.id } })).revokedAt).toBeNull();
    expect((await getPatientAgreement(actor, p.id, ctx())).status.state).toBe("signed");
  });
});

describe("telehealth consent is unaffected", () => {
  it("an agreement is not visit consent: the chart's consent section, start-consent views and the room all still see none", async () => {
    const { id: textId } = await agreementText();
    const clinicianU = await makeUser("CLINICIAN");
    const clinician = await signedInActorFor({ ...clinicianU, patientId: null });
    const patient = await makePatient();
    const patientActorSigned = await signedInActorFor({
      ...(await makeUser("PATIENT", { patientId: patient.id })),
      patientId: patient.id,
    });
    await signOwnAgreement(
      patientActorSigned,
      { textId, typedName: "Test Patient", idempotencyKey: randomUUID() },
      ctx(),
    );

    const consents = await getPatientConsents(clinician, patient.id, ctx());
    expect(consents).toMatchObject({ video: { state: "missing" }, phone: { state: "missing" }, records: [] });

    const type = await db.visitType.create({ data: { name: `Visit ${randomUUID()}`, durationMinutes: 30 } });
    const startsAt = new Date(Date.now() + 5 * 60_000);
    const visit = await db.visit.create({
      data: {
        patientId: patient.id,
        clinicianId: clinician.userId,
        visitTypeId: type.id,
        startsAt,
        endsAt: new Date(startsAt.getTime() + 30 * 60_000),
        modality: "VIDEO",
        reason: "Follow-up",
        idempotencyKey: randomUUID(),
        createdById: clinician.userId,
      },
    });
    const views = await startConsentForVisits(
      clinician,
      [{ id: visit.id, patientId: patient.id, modality: "VIDEO" }],
      ctx(),
    );
    expect(views[visit.id]!.status.state).toBe("missing");

    await joinRoom({ kind: "actor", actor: clinician }, visit.id, { hasCamera: true }, ctx());
    const seat = await joinRoom({ kind: "actor", actor: patientActorSigned }, visit.id, { hasCamera: true }, ctx());
    // Admitting is refused for want of video consent, with the agreement on file.
    expect(await caught(admitParticipant(clinician, visit.id, seat.participantId, ctx()))).toMatchObject({
      code: "CONFLICT",
      reason: "CONSENT_REQUIRED",
      consentKind: "VIDEO",
      consentState: "missing",
    });
    // The agreement's text offered as the verbal consent read aloud is refused too: nothing is written.
    expect(
      await caught(
        admitParticipant(clinician, visit.id, seat.participantId, ctx(), { consent: { method: "verbal", textId } }),
      ),
    ).toMatchObject({ code: "CONFLICT" });
    expect(await db.consentRecord.count({ where: { patientId: patient.id, kind: { in: ["VIDEO", "PHONE"] } } })).toBe(
      0,
    );
    expect((await db.visit.findUniqueOrThrow({ where: { id: visit.id } })).status).toBe("CHECKED_IN");
  });

  it("electronic telehealth consent still works as before beside an agreement", async () => {
    await agreementText();
    const video = await currentConsentText("VIDEO");
    const { p, actor } = await patientActor();
    await giveElectronicConsent(
      actor,
      { kind: "VIDEO", textId: video.id, typedName: "Test Patient", idempotencyKey: randomUUID() },
      ctx(),
    );
    const c = await getPatientConsents(actor, p.id, ctx());
    expect(c.video.state).toBe("valid");
    expect((await getPatientAgreement(actor, p.id, ctx())).status.state).toBe("none");
  });
});
