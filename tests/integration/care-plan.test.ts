import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { advanceReferral } from "@/modules/care-plan/advance-referral.server";
import { answerResourceFeedback } from "@/modules/care-plan/answer-resource-feedback.server";
import { createReferral } from "@/modules/care-plan/create-referral.server";
import { getCarePlan } from "@/modules/care-plan/get-care-plan.server";
import { listReferralsToSchedule } from "@/modules/care-plan/list-referrals-to-schedule.server";
import { recommendResource } from "@/modules/care-plan/recommend-resource.server";
import { getCurrentConsentTexts, publishConsentText } from "@/modules/consent/consent-texts.server";
import { listVisitsMissingConsent } from "@/modules/consent/missing-consent.server";
import { getPatientConsents } from "@/modules/consent/patient-consents.server";
import { captureVerbalConsent, giveElectronicConsent } from "@/modules/consent/record-consent.server";
import { revokeConsent } from "@/modules/consent/revoke-consent.server";
import { db } from "@/server/db";
import { actorFor, ctx, isForbidden, makePatient, makeUser } from "../factories";

async function staff(role: "CLINICIAN" | "COORDINATOR" | "ADMIN") {
  return actorFor({ ...(await makeUser(role)), patientId: null });
}
async function patientActor() {
  const p = await makePatient();
  return { p, actor: actorFor(await makeUser("PATIENT", { patientId: p.id })) };
}
async function texts() {
  const admin = await staff("ADMIN");
  const body = "Plain-language consent text that is long enough to pass validation.";
  const v = await publishConsentText(admin, { kind: "VIDEO", title: "Video", body }, ctx());
  const ph = await publishConsentText(admin, { kind: "PHONE", title: "Phone", body }, ctx());
  return { admin, video: v, phone: ph };
}

describe("consent", () => {
  it("records verbal consent once per form (idempotent), audited, valid for its modality only", async () => {
    const { video } = await texts();
    const coord = await staff("COORDINATOR");
    const p = await makePatient();
    const key = randomUUID();
    const a = await captureVerbalConsent(
      coord,
      { patientId: p.id, kind: "VIDEO", textId: video.id, witnessName: "", idempotencyKey: key },
      ctx(),
    );
    const b = await captureVerbalConsent(
      coord,
      { patientId: p.id, kind: "VIDEO", textId: video.id, witnessName: "", idempotencyKey: key },
      ctx(),
    );
    expect(b.id).toBe(a.id);
    expect(await db.consentRecord.count({ where: { patientId: p.id } })).toBe(1);
    const c = await getPatientConsents(coord, p.id, ctx());
    expect(c.video.state).toBe("valid");
    expect(c.phone.state).toBe("missing");
    expect(c.records[0]).toMatchObject({ method: "VERBAL", textVersion: video.version });
    expect(
      await db.auditEvent.count({ where: { entityType: "ConsentRecord", entityId: a.id, action: "CREATE" } }),
    ).toBe(1);
  });

  it("a new text version does not rewrite old records, and an outdated version is refused", async () => {
    const { admin, video } = await texts();
    const coord = await staff("COORDINATOR");
    const p = await makePatient();
    await captureVerbalConsent(
      coord,
      { patientId: p.id, kind: "VIDEO", textId: video.id, witnessName: "Nurse Kim", idempotencyKey: randomUUID() },
      ctx(),
    );
    const v2 = await publishConsentText(
      admin,
      { kind: "VIDEO", title: "Video v2", body: "A newer plain-language consent text, long enough to pass." },
      ctx(),
    );
    expect(v2.version).toBe(video.version + 1);
    const c = await getPatientConsents(coord, p.id, ctx());
    expect(c.records[0]!.textVersion).toBe(video.version);
    await expect(
      captureVerbalConsent(
        coord,
        { patientId: p.id, kind: "VIDEO", textId: video.id, witnessName: "", idempotencyKey: randomUUID() },
        ctx(),
      ),
    ).rejects.toMatchObject({ code: "CONFLICT" });
    expect((await getCurrentConsentTexts()).VIDEO?.id).toBe(v2.id);
  });

  it("patient signs electronically for themselves with name, IP and user agent; revocation is recorded", async () => {
    const { phone } = await texts();
    const { p, actor } = await patientActor();
    const r = await giveElectronicConsent(
      actor,
      { kind: "PHONE", textId: phone.id, typedName: "Test Patient", idempotencyKey: randomUUID() },
      ctx({ ip: "10.5.5.5", userAgent: "phone-browser" }),
    );
    const row = await db.consentRecord.findUniqueOrThrow({ where: { id: r.id } });
    expect(row).toMatchObject({
      patientId: p.id,
      method: "ELECTRONIC",
      typedName: "Test Patient",
      ip: "10.5.5.5",
      userAgent: "phone-browser",
      capturedById: null,
    });
    const clinician = await staff("CLINICIAN");
    await revokeConsent(clinician, { consentId: r.id, reason: "Patient asked by phone" }, ctx());
    expect((await getPatientConsents(clinician, p.id, ctx())).phone.state).toBe("revoked");
    await expect(revokeConsent(clinician, { consentId: r.id, reason: "again" }, ctx())).rejects.toMatchObject({
      code: "CONFLICT",
    });
  });

  it("another patient's consents are denied and audited", async () => {
    const a = await patientActor();
    const b = await patientActor();
    expect(isForbidden(await getPatientConsents(a.actor, b.p.id, ctx()).catch((e: unknown) => e))).toBe(true);
    expect(
      await db.auditEvent.count({ where: { actorUserId: a.actor.userId, outcome: "DENIED", patientId: b.p.id } }),
    ).toBe(1);
  });

  it("only admins publish consent texts", async () => {
    const c = await staff("CLINICIAN");
    expect(
      isForbidden(
        await publishConsentText(c, { kind: "VIDEO", title: "x", body: "y".repeat(30) }, ctx()).catch(
          (e: unknown) => e,
        ),
      ),
    ).toBe(true);
  });
});

describe("care plan", () => {
  it("walks a referral through its states with history; skipping and stale versions are refused", async () => {
    const clinician = await staff("CLINICIAN");
    const coord = await staff("COORDINATOR");
    const p = await makePatient();
    const { id } = await createReferral(
      clinician,
      { patientId: p.id, kind: "PHYSICAL_THERAPY", detail: "", telehealth: false, note: "Low back pain" },
      ctx(),
    );
    expect((await listReferralsToSchedule(coord, ctx())).map((r) => r.id)).toContain(id);
    await expect(
      advanceReferral(coord, { referralId: id, to: "COMPLETED", version: 1, note: "" }, ctx()),
    ).rejects.toMatchObject({ code: "VALIDATION" });
    await advanceReferral(coord, { referralId: id, to: "SCHEDULED", version: 1, note: "First visit Monday" }, ctx());
    await expect(
      advanceReferral(coord, { referralId: id, to: "ATTENDING", version: 1, note: "" }, ctx()),
    ).rejects.toMatchObject({ code: "CONFLICT" });
    const plan = await getCarePlan(clinician, p.id, ctx());
    expect(plan.referrals[0]).toMatchObject({ status: "SCHEDULED", version: 2 });
    expect(plan.referrals[0]!.events.map((e) => e.to)).toEqual(["REFERRED", "SCHEDULED"]);
    expect((await listReferralsToSchedule(coord, ctx())).map((r) => r.id)).not.toContain(id);
  });

  it("two staff advancing one referral at once: exactly one wins", async () => {
    const clinician = await staff("CLINICIAN");
    const p = await makePatient();
    const { id } = await createReferral(
      clinician,
      { patientId: p.id, kind: "BEHAVIORAL_THERAPY", detail: "", telehealth: true, note: "" },
      ctx(),
    );
    const results = await Promise.allSettled([
      advanceReferral(clinician, { referralId: id, to: "SCHEDULED", version: 1, note: "a" }, ctx()),
      advanceReferral(clinician, { referralId: id, to: "DECLINED", version: 1, note: "b" }, ctx()),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(await db.referralEvent.count({ where: { referralId: id } })).toBe(2);
  });

  it("recommendation and the patient's own feedback; a foreign recommendation id changes nothing", async () => {
    const clinician = await staff("CLINICIAN");
    const res = await db.resource.create({
      data: { name: `Res ${randomUUID()}`, purpose: "p", url: "https://example.org" },
    });
    const a = await patientActor();
    const b = await patientActor();
    const { id } = await recommendResource(clinician, { patientId: a.p.id, resourceId: res.id, note: "" }, ctx());
    await expect(
      recommendResource(clinician, { patientId: a.p.id, resourceId: res.id, note: "" }, ctx()),
    ).rejects.toMatchObject({ code: "CONFLICT" });
    await expect(
      answerResourceFeedback(b.actor, { recommendationId: id, tried: true, helped: "YES" }, ctx()),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
    await answerResourceFeedback(a.actor, { recommendationId: id, tried: true, helped: "SOMEWHAT" }, ctx());
    const plan = await getCarePlan(clinician, a.p.id, ctx());
    expect(plan.recommendations[0]).toMatchObject({ tried: true, helped: "SOMEWHAT" });
    expect(isForbidden(await getCarePlan(b.actor, a.p.id, ctx()).catch((e: unknown) => e))).toBe(true);
  });

  it("coordinators cannot create referrals or recommend; the database rejects a bad feedback value", async () => {
    const coord = await staff("COORDINATOR");
    const p = await makePatient();
    expect(
      isForbidden(
        await createReferral(
          coord,
          { patientId: p.id, kind: "OTHER", detail: "x", telehealth: false, note: "" },
          ctx(),
        ).catch((e: unknown) => e),
      ),
    ).toBe(true);
    const res = await db.resource.create({
      data: { name: `Res ${randomUUID()}`, purpose: "p", url: "https://example.org" },
    });
    const clinician = await staff("CLINICIAN");
    const { id } = await recommendResource(clinician, { patientId: p.id, resourceId: res.id, note: "" }, ctx());
    await expect(db.resourceRecommendation.update({ where: { id }, data: { helped: "MAYBE" } })).rejects.toThrow();
  });
});

describe("consents missing for upcoming visits (coordinator work list)", () => {
  it("lists upcoming visits without valid consent for their modality, and drops them once consent is recorded", async () => {
    const { video } = await texts();
    const coord = await staff("COORDINATOR");
    const clinician = await makeUser("CLINICIAN");
    const p = await makePatient();
    const type = await db.visitType.create({ data: { name: `T ${randomUUID().slice(0, 8)}`, durationMinutes: 30 } });
    // Consent must still be valid at the visit's time, so the visit is in two days.
    const now = new Date();
    const startsAt = new Date(Math.ceil((now.getTime() + 2 * 86_400_000) / 3_600_000) * 3_600_000);
    const visit = await db.visit.create({
      data: {
        patientId: p.id,
        clinicianId: clinician.id,
        visitTypeId: type.id,
        startsAt,
        endsAt: new Date(startsAt.getTime() + 1_800_000),
        modality: "VIDEO",
        reason: "x",
        idempotencyKey: randomUUID(),
        createdById: clinician.id,
      },
    });
    const before = await listVisitsMissingConsent(coord, ctx(), { now });
    expect(before.find((r) => r.visitId === visit.id)).toMatchObject({ state: "missing", modality: "VIDEO" });
    await captureVerbalConsent(
      coord,
      { patientId: p.id, kind: "VIDEO", textId: video.id, witnessName: "", idempotencyKey: randomUUID() },
      ctx(),
    );
    const after = await listVisitsMissingConsent(coord, ctx(), { now });
    expect(after.find((r) => r.visitId === visit.id)).toBeUndefined();
    const patient = actorFor(await makeUser("PATIENT", { patientId: p.id }));
    expect(isForbidden(await listVisitsMissingConsent(patient, ctx()).catch((e: unknown) => e))).toBe(true);
  });
});
