import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { requestPreVisitForms } from "@/modules/assessments/pre-visit-requests.server";
import { getAssessmentResults, getResponseHistory } from "@/modules/assessments/assessment-results.server";
import { getFormToFill, listPendingForms, submitPatientResponse } from "@/modules/assessments/fill-forms.server";
import { getFormStatusForVisits, listFormQueue } from "@/modules/assessments/form-queue.server";
import { addFormRequest, cancelFormRequest } from "@/modules/assessments/form-requests.server";
import { updateFormSettings } from "@/modules/assessments/form-settings.server";
import type { Respondent } from "@/modules/assessments/respondent.server";
import { sendFormReminder } from "@/modules/assessments/send-forms.server";
import { correctResponse, enterStaffResponse } from "@/modules/assessments/staff-responses.server";
import { hashToken } from "@/modules/patient-access/core/token";
import { issuePatientLink, redeemPatientLink } from "@/modules/patient-access/index.server";
import { linkCookieName, readLinkSessionFrom } from "@/modules/patient-access/sessions.server";
import { getEnv } from "@/server/env";
import { getAlert, listOpenAlertGroups, resolveAlert } from "@/modules/assessments/safety-alerts.server";
import { db } from "@/server/db";
import { actorFor, ctx, isForbidden, makePatient, makeUser } from "../factories";

async function staff(role: "CLINICIAN" | "COORDINATOR" | "ADMIN") {
  return actorFor({ ...(await makeUser(role)), patientId: null });
}
async function patientWithAccount() {
  const p = await makePatient();
  const u = await makeUser("PATIENT", { patientId: p.id });
  return { patient: p, actor: actorFor(u) };
}
const visitAt = (hours: number) => new Date(Date.now() + hours * 3_600_000);
async function bookVisit(patientId: string, hours = 48) {
  const visitId = randomUUID();
  const { requestIds } = await db.$transaction((tx) =>
    requestPreVisitForms(tx, {
      patientId,
      visits: [{ id: visitId, startsAt: visitAt(hours) }],
      requestedAt: new Date(),
      actor: null,
      ctx: ctx(),
    }),
  );
  const reqs = await db.formRequest.findMany({
    where: { id: { in: requestIds } },
    select: { id: true, instrument: true, dueAt: true },
  });
  const byCode = Object.fromEntries(reqs.map((r) => [r.instrument, r]));
  return { visitId, peg: byCode.PEG!, phq: byCode.PHQ9! };
}
const phqAnswers = (item9 = 0, each = 1) => ({
  ...Object.fromEntries(Array.from({ length: 8 }, (_, i) => [String(i + 1), each])),
  "9": item9,
});

describe("pre-visit requests (scheduling hook)", () => {
  it("creates PEG and PHQ-9 due before the visit per clinic settings, idempotently, audited", async () => {
    const p = await makePatient();
    const visitId = randomUUID();
    const startsAt = visitAt(72);
    const first = await db.$transaction((tx) =>
      requestPreVisitForms(tx, {
        patientId: p.id,
        visits: [{ id: visitId, startsAt: startsAt }],
        requestedAt: new Date(),
        actor: null,
        ctx: ctx(),
      }),
    );
    const again = await db.$transaction((tx) =>
      requestPreVisitForms(tx, {
        patientId: p.id,
        visits: [{ id: visitId, startsAt: startsAt }],
        requestedAt: new Date(),
        actor: null,
        ctx: ctx(),
      }),
    );
    expect(first.requestIds).toHaveLength(2);
    expect(again.requestIds.sort()).toEqual(first.requestIds.sort());
    const rows = await db.formRequest.findMany({
      where: { visitId },
      select: { instrument: true, dueAt: true, status: true },
    });
    expect(rows.map((r) => r.instrument).sort()).toEqual(["PEG", "PHQ9"]);
    for (const r of rows) expect(r.dueAt.getTime()).toBe(startsAt.getTime() - 120 * 60_000);
    expect(await db.auditEvent.count({ where: { entityType: "FormRequest", action: "CREATE", patientId: p.id } })).toBe(
      2,
    );
  });

  it("follows the admin's settings (instruments and how early)", async () => {
    const admin = await staff("ADMIN");
    const clinician = await staff("CLINICIAN");
    expect(
      isForbidden(
        await updateFormSettings(
          clinician,
          { preVisitInstruments: ["PEG"], dueMinutesBefore: 30, linkTtlHours: 24 },
          ctx(),
        ).catch((e: unknown) => e),
      ),
    ).toBe(true);
    await updateFormSettings(admin, { preVisitInstruments: ["PHQ9"], dueMinutesBefore: 1440, linkTtlHours: 24 }, ctx());
    try {
      const p = await makePatient();
      const visitId = randomUUID();
      const startsAt = visitAt(72);
      await db.$transaction((tx) =>
        requestPreVisitForms(tx, {
          patientId: p.id,
          visits: [{ id: visitId, startsAt: startsAt }],
          requestedAt: new Date(),
          actor: null,
          ctx: ctx(),
        }),
      );
      const rows = await db.formRequest.findMany({ where: { visitId } });
      expect(rows.map((r) => [r.instrument, r.dueAt.getTime()])).toEqual([["PHQ9", startsAt.getTime() - 86_400_000]]);
    } finally {
      await updateFormSettings(
        admin,
        { preVisitInstruments: ["PEG", "PHQ9"], dueMinutesBefore: 120, linkTtlHours: 72 },
        ctx(),
      );
    }
  });

  it("lets a coordinator add and remove one form, and reports readiness per visit", async () => {
    const coordinator = await staff("COORDINATOR");
    const p = await makePatient();
    const v = await bookVisit(p.id);
    await expect(
      addFormRequest(coordinator, p.id, { instrument: "PEG", visitId: v.visitId, dueInDays: 1 }, ctx()),
    ).rejects.toMatchObject({ code: "CONFLICT" });
    await cancelFormRequest(coordinator, p.id, v.peg.id, "Patient did PEG at intake yesterday", ctx());
    expect(await getFormStatusForVisits([v.visitId])).toEqual({ [v.visitId]: "pending" });
    const added = await addFormRequest(
      coordinator,
      p.id,
      { instrument: "PEG", visitId: v.visitId, dueInDays: 0 },
      ctx(),
    );
    const row = await db.formRequest.findUniqueOrThrow({ where: { id: added.id } });
    expect(row.dueAt.getTime()).toBe(v.peg.dueAt.getTime());
    // Another patient's id for the request: nothing changes.
    const other = await makePatient();
    await expect(cancelFormRequest(coordinator, other.id, v.phq.id, "wrong patient", ctx())).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    expect((await db.formRequest.findUniqueOrThrow({ where: { id: v.phq.id } })).status).toBe("PENDING");
  });

  it("computes done / pending / overdue / none", async () => {
    const { patient: p, actor } = await patientWithAccount();
    // A visit 1 h away with the 2-hour lead: due at its start (issue 10: it showed "Overdue" at once).
    const soon = await bookVisit(p.id, 1);
    const later = await bookVisit(p.id, 48);
    const none = randomUUID();
    expect(soon.peg.dueAt.getTime()).toBeGreaterThan(Date.now() + 59 * 60_000);
    expect(await getFormStatusForVisits([soon.visitId, later.visitId, none])).toEqual({
      [soon.visitId]: "pending",
      [later.visitId]: "pending",
      [none]: "none",
    });
    const coordinator = await staff("COORDINATOR");
    const mine = async (now?: Date) =>
      (await listFormQueue(coordinator, ctx(), now)).rows
        .filter((r) => r.patientId === p.id)
        .map((r) => r.state)
        .sort();
    expect(await mine()).toEqual(["pending", "pending", "pending", "pending"]);
    // Once the first visit starts its forms are late; the other visit's are not.
    const atStart = new Date(soon.peg.dueAt.getTime());
    expect(await getFormStatusForVisits([soon.visitId, later.visitId], atStart)).toEqual({
      [soon.visitId]: "overdue",
      [later.visitId]: "pending",
    });
    expect(await mine(atStart)).toEqual(["overdue", "overdue", "pending", "pending"]);
    // The patient's own list says the same (the portal's "as soon as you can" is its "Overdue").
    const portal = await listPendingForms({ kind: "portal", actor }, ctx(), atStart);
    expect(portal.forms.map((f) => f.overdue).sort()).toEqual([false, false, true, true]);
  });

  it("a form added to a visit or on its own is never overdue when added; a visit under way takes none", async () => {
    const coordinator = await staff("COORDINATOR");
    const clinician = await staff("CLINICIAN");
    const p = await makePatient();
    const type = await db.visitType.create({
      data: { name: `Due ${randomUUID()}`, durationMinutes: 30 },
      select: { id: true },
    });
    const startsAt = new Date(Math.ceil((Date.now() + 90 * 60_000) / 60_000) * 60_000); // 90 minutes ahead
    const visit = await db.visit.create({
      data: {
        patientId: p.id,
        clinicianId: clinician.userId,
        visitTypeId: type.id,
        startsAt,
        endsAt: new Date(startsAt.getTime() + 30 * 60_000),
        modality: "VIDEO",
        reason: "x",
        idempotencyKey: randomUUID(),
        createdById: coordinator.userId,
      },
      select: { id: true },
    });
    await db.$transaction((tx) =>
      requestPreVisitForms(tx, {
        patientId: p.id,
        visits: [{ id: visit.id, startsAt: startsAt }],
        requestedAt: new Date(),
        actor: null,
        ctx: ctx(),
      }),
    );
    const peg = await db.formRequest.findFirstOrThrow({ where: { visitId: visit.id, instrument: "PEG" } });
    expect(peg.dueAt.toISOString()).toBe(startsAt.toISOString());
    await cancelFormRequest(coordinator, p.id, peg.id, "again", ctx());
    const now = new Date();
    const added = await addFormRequest(
      coordinator,
      p.id,
      { instrument: "PEG", visitId: visit.id, dueInDays: 3 },
      ctx(),
      now,
    );
    expect((await db.formRequest.findUniqueOrThrow({ where: { id: added.id } })).dueAt.toISOString()).toBe(
      startsAt.toISOString(),
    );
    // On its own, "today": by the end of the clinic day, not "now".
    const alone = await addFormRequest(
      coordinator,
      p.id,
      { instrument: "PHQ9", visitId: null, dueInDays: 0 },
      ctx(),
      now,
    );
    const aloneDue = (await db.formRequest.findUniqueOrThrow({ where: { id: alone.id } })).dueAt;
    expect(aloneDue.getTime()).toBeGreaterThan(now.getTime());
    expect(
      (await listFormQueue(coordinator, ctx(), now)).rows.filter((r) => r.patientId === p.id).map((r) => r.state),
    ).toEqual(["pending", "pending", "pending"]);
    // Once the visit has begun, no more pre-visit forms for it: a clear message, nothing written.
    const before = await db.formRequest.count({ where: { patientId: p.id } });
    await db.formRequest.updateMany({ where: { id: added.id }, data: { status: "CANCELLED" } });
    await expect(
      addFormRequest(
        coordinator,
        p.id,
        { instrument: "PEG", visitId: visit.id, dueInDays: 0 },
        ctx(),
        new Date(startsAt.getTime() + 60_000),
      ),
    ).rejects.toMatchObject({
      code: "VALIDATION",
      fieldErrors: { visitId: [expect.stringMatching(/already started/)] },
    });
    expect(await db.formRequest.count({ where: { patientId: p.id } })).toBe(before);
  });
});

describe("secure links", () => {
  const formsSession = (secret: string, now?: Date) =>
    readLinkSessionFrom("forms", (name) => (name === linkCookieName("forms") ? secret : undefined), now);
  const issueForms = (patientId: string, expiresAt: Date) =>
    db.$transaction((tx) =>
      issuePatientLink(tx, { patientId, purpose: "forms", subjectId: null, expiresAt, by: null }),
    );

  it("stores only the SHA-256; the link opens a session again while forms are pending, and the session expires on its own", async () => {
    const coordinator = await staff("COORDINATOR");
    const p = await makePatient();
    await bookVisit(p.id);
    const { url } = await sendFormReminder(coordinator, p.id, ctx());
    const token = url.split("/l/")[1]!;
    expect(Buffer.from(token, "base64url").length * 8).toBeGreaterThanOrEqual(128);
    const stored = await db.patientLinkToken.findFirstOrThrow({ where: { patientId: p.id, purpose: "forms" } });
    expect(stored.tokenHash).toBe(hashToken(token));
    expect(JSON.stringify(stored)).not.toContain(token);
    expect(
      JSON.stringify(
        await db.auditEvent.findMany({ where: { patientId: p.id }, select: { details: true, entityId: true } }),
      ),
    ).not.toContain(token);

    const first = await redeemPatientLink(token, { birthDate: null }, ctx({ ip: "10.0.0.1" }));
    expect(first.ok).toBe(true);
    if (!first.ok) return;
    const session = await formsSession(first.sessionSecret);
    expect(session?.patientId).toBe(p.id);
    // Re-opened (another device, or after a break) while forms are pending: a new session.
    expect(await redeemPatientLink(token, { birthDate: null }, ctx({ ip: "10.0.0.1" }))).toMatchObject({
      ok: true,
      purpose: "forms",
    });
    // The session expires on its own.
    expect(await formsSession(first.sessionSecret, new Date(Date.now() + 61 * 60_000))).toBeNull();
  });

  it("refuses expired links; simultaneous clicks each get their own session", async () => {
    const p = await makePatient();
    await bookVisit(p.id);
    const expired = await issueForms(p.id, new Date(Date.now() - 3_600_000));
    expect(await redeemPatientLink(expired.token, { birthDate: null }, ctx())).toEqual({
      ok: false,
      reason: "expired",
      purpose: "forms",
    });
    const link = await issueForms(p.id, new Date(Date.now() + 3_600_000));
    const results = await Promise.all(
      Array.from({ length: 10 }, () => redeemPatientLink(link.token, { birthDate: null }, ctx({ ip: "10.0.0.2" }))),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(10);
    expect(await db.patientLinkSession.count({ where: { linkId: link.id } })).toBe(10);
  });

  it("rate-limits guessing per IP in Postgres, and a real link still works from that IP", async () => {
    const p = await makePatient();
    await bookVisit(p.id);
    const link = await issueForms(p.id, new Date(Date.now() + 3_600_000));
    const ip = "10.9.9.9";
    for (let i = 0; i < getEnv().PATIENT_LINK_MAX_FAILURES; i++) {
      expect(await redeemPatientLink(i % 2 ? "x".repeat(43) : "nope", { birthDate: null }, ctx({ ip }))).toEqual({
        ok: false,
        reason: "invalid",
      });
    }
    expect(await redeemPatientLink("y".repeat(43), { birthDate: null }, ctx({ ip }))).toEqual({
      ok: false,
      reason: "rate_limited",
    });
    expect((await redeemPatientLink(link.token, { birthDate: null }, ctx({ ip }))).ok).toBe(true);
    expect(
      await db.auditEvent.count({
        where: {
          entityType: "PatientLink",
          outcome: "DENIED",
          ip,
          details: { path: ["result"], equals: "rate_limited" },
        },
      }),
    ).toBe(1);
  });
});

describe("patient responses", () => {
  it("a link respondent fills PEG: scored, request done, audited without an account", async () => {
    const p = await makePatient();
    const v = await bookVisit(p.id);
    const r: Respondent = { kind: "link", patientId: p.id, sessionId: randomUUID() };
    const pending = await listPendingForms(r, ctx());
    expect(pending.forms.map((f) => f.instrument)).toEqual(["PEG", "PHQ9"]);
    const form = await getFormToFill(r, v.peg.id, ctx());
    expect(form).toMatchObject({ step: 1, steps: 2, instrument: "PEG" });
    const res = await submitPatientResponse(
      r,
      { requestId: v.peg.id, instrument: "PEG", idempotencyKey: randomUUID(), answers: { p: 7, e: 6, g: 7 } },
      ctx(),
    );
    expect(res).toMatchObject({ safetyFlag: false, remaining: 1, nextRequestId: v.phq.id });
    expect(await getFormToFill(r, v.phq.id, ctx())).toMatchObject({ step: 2, steps: 2, instrument: "PHQ9" });
    await expect(getFormToFill(r, v.peg.id, ctx())).rejects.toMatchObject({ code: "NOT_FOUND" });
    const row = await db.formResponse.findUniqueOrThrow({ where: { id: res.responseId } });
    expect(row).toMatchObject({
      scoreTenths: 67,
      mode: "SECURE_LINK",
      enteredById: null,
      version: 1,
      seriesId: row.id,
      instrumentVersion: "PEG-2009.1",
    });
    expect((await db.formRequest.findUniqueOrThrow({ where: { id: v.peg.id } })).status).toBe("COMPLETED");
    const audit = await db.auditEvent.findFirstOrThrow({
      where: { entityType: "FormResponse", entityId: res.responseId },
    });
    expect(audit).toMatchObject({ actorUserId: null, outcome: "SUCCESS", patientId: p.id });
    expect(audit.details).toMatchObject({ via: "patient_link", linkSessionId: r.kind === "link" ? r.sessionId : "" });
  });

  it("a double submit (same key, in parallel) creates one response", async () => {
    const { patient, actor } = await patientWithAccount();
    const v = await bookVisit(patient.id);
    const key = randomUUID();
    const r: Respondent = { kind: "portal", actor };
    const results = await Promise.all(
      Array.from({ length: 5 }, () =>
        submitPatientResponse(
          r,
          { requestId: v.peg.id, instrument: "PEG", idempotencyKey: key, answers: { p: 1, e: 2, g: 3 } },
          ctx(),
        ).catch((e: unknown) => e),
      ),
    );
    const ids = new Set(results.map((x) => (x as { responseId?: string }).responseId));
    expect(ids.size).toBe(1);
    expect(await db.formResponse.count({ where: { requestId: v.peg.id } })).toBe(1);
    // A second window with another key: told it is done, nothing stored.
    await expect(
      submitPatientResponse(
        r,
        { requestId: v.peg.id, instrument: "PEG", idempotencyKey: randomUUID(), answers: { p: 1, e: 2, g: 3 } },
        ctx(),
      ),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await db.formResponse.count({ where: { requestId: v.peg.id } })).toBe(1);
  });

  it("rejects missing or out-of-range answers with field messages and stores nothing", async () => {
    const { patient, actor } = await patientWithAccount();
    const v = await bookVisit(patient.id);
    const r: Respondent = { kind: "portal", actor };
    const missing = { ...phqAnswers() } as Record<string, number>;
    delete missing["5"];
    await expect(
      submitPatientResponse(
        r,
        { requestId: v.phq.id, instrument: "PHQ9", idempotencyKey: randomUUID(), answers: missing },
        ctx(),
      ),
    ).rejects.toMatchObject({
      code: "VALIDATION",
      fieldErrors: { q_5: ["Please choose an answer for question 5."] },
    });
    await expect(
      submitPatientResponse(
        r,
        { requestId: v.peg.id, instrument: "PEG", idempotencyKey: randomUUID(), answers: { p: 11, e: 0, g: 0 } },
        ctx(),
      ),
    ).rejects.toMatchObject({ code: "VALIDATION" });
    expect(await db.formResponse.count({ where: { patientId: patient.id } })).toBe(0);
    expect((await db.formRequest.findUniqueOrThrow({ where: { id: v.phq.id } })).status).toBe("PENDING");
  });

  it("another patient's request id finds nothing and changes nothing (portal and link)", async () => {
    const a = await patientWithAccount();
    const b = await makePatient();
    const vb = await bookVisit(b.id);
    const asA: Respondent = { kind: "portal", actor: a.actor };
    await expect(getFormToFill(asA, vb.peg.id, ctx())).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(
      submitPatientResponse(
        asA,
        { requestId: vb.peg.id, instrument: "PEG", idempotencyKey: randomUUID(), answers: { p: 1, e: 1, g: 1 } },
        ctx(),
      ),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
    const linkA: Respondent = { kind: "link", patientId: a.patient.id, sessionId: randomUUID() };
    await expect(
      submitPatientResponse(
        linkA,
        { requestId: vb.phq.id, instrument: "PHQ9", idempotencyKey: randomUUID(), answers: phqAnswers() },
        ctx(),
      ),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(
      await db.formResponse.count({
        where: { OR: [{ patientId: b.id }, { requestId: { in: [vb.peg.id, vb.phq.id] } }] },
      }),
    ).toBe(0);
    // A refused try on another patient's form is a denial, recorded with that patient (issue 10, audit gaps).
    expect(
      await db.auditEvent.count({
        where: { entityType: "FormResponse", outcome: "DENIED", entityId: vb.peg.id, patientId: b.id },
      }),
    ).toBe(1);
    expect(
      await db.auditEvent.count({
        where: { entityType: "FormRequest", outcome: "DENIED", entityId: vb.peg.id, patientId: b.id },
      }),
    ).toBe(1);
    // A staff user is not a patient respondent.
    const clinician = await staff("CLINICIAN");
    expect(
      isForbidden(await listPendingForms({ kind: "portal", actor: clinician }, ctx()).catch((e: unknown) => e)),
    ).toBe(true);
  });

  it("PHQ-9 item 9 > 0 opens an urgent alert in the same transaction; a clinician resolves it", async () => {
    const p = await makePatient();
    const v = await bookVisit(p.id);
    const r: Respondent = { kind: "link", patientId: p.id, sessionId: randomUUID() };
    const res = await submitPatientResponse(
      r,
      { requestId: v.phq.id, instrument: "PHQ9", idempotencyKey: randomUUID(), answers: phqAnswers(2) },
      ctx(),
    );
    expect(res.safetyFlag).toBe(true);
    const alert = await db.safetyAlert.findUniqueOrThrow({ where: { responseId: res.responseId } });
    expect(alert).toMatchObject({ status: "OPEN", item9Answer: 2, patientId: p.id });
    // Same transaction: the alert was created no later than the response's commit.
    const resp = await db.formResponse.findUniqueOrThrow({ where: { id: res.responseId } });
    expect(Math.abs(alert.createdAt.getTime() - resp.createdAt.getTime())).toBeLessThan(1000);

    const clinician = await staff("CLINICIAN");
    const coordinator = await staff("COORDINATOR");
    const open = (actor: typeof clinician) => listOpenAlertGroups(actor, ctx(), { limit: 500, scope: "alerts_page" });
    expect((await open(coordinator)).groups.map((g) => g.latestAlertId)).toContain(alert.id);
    expect(await open(await staff("ADMIN"))).toEqual({ patients: 0, alerts: 0, groups: [] });
    expect(
      isForbidden(
        await resolveAlert(coordinator, alert.id, { plan: "Called the patient" }, ctx()).catch((e: unknown) => e),
      ),
    ).toBe(true);
    await resolveAlert(
      clinician,
      alert.id,
      { plan: "Same-day C-SSRS by phone: low risk, safety plan, follow-up in 2 days" },
      ctx(),
    );
    await expect(resolveAlert(clinician, alert.id, { plan: "again and again" }, ctx())).rejects.toMatchObject({
      code: "CONFLICT",
    });
    expect((await open(clinician)).groups.map((g) => g.patientId)).not.toContain(p.id);
    const detail = await getAlert(clinician, alert.id, ctx());
    expect(detail).toMatchObject({ status: "RESOLVED", assessmentDone: true, resolvedByName: clinician.name });
    expect(
      await db.auditEvent.count({
        where: { entityType: "SafetyAlert", entityId: alert.id, action: "UPDATE", outcome: "SUCCESS" },
      }),
    ).toBe(1);
  });

  it("a failed response write leaves no alert behind (one transaction)", async () => {
    const p = await makePatient();
    const v = await bookVisit(p.id);
    const r: Respondent = { kind: "link", patientId: p.id, sessionId: randomUUID() };
    // Instrument mismatch: the request update matches nothing, so the whole transaction rolls back.
    await expect(
      submitPatientResponse(
        r,
        { requestId: v.peg.id, instrument: "PHQ9", idempotencyKey: randomUUID(), answers: phqAnswers(3) },
        ctx(),
      ),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await db.safetyAlert.count({ where: { patientId: p.id } })).toBe(0);
    expect(await db.formResponse.count({ where: { patientId: p.id } })).toBe(0);
  });
});

describe("staff entry, corrections and results", () => {
  it("records phone entry as staff-administered; patients cannot use it", async () => {
    const coordinator = await staff("COORDINATOR");
    const { patient, actor } = await patientWithAccount();
    const v = await bookVisit(patient.id);
    const res = await enterStaffResponse(
      coordinator,
      patient.id,
      {
        instrument: "PEG",
        mode: "PHONE",
        requestId: v.peg.id,
        idempotencyKey: randomUUID(),
        answers: { p: 8, e: 8, g: 8 },
      },
      ctx(),
    );
    const row = await db.formResponse.findUniqueOrThrow({ where: { id: res.responseId } });
    expect(row).toMatchObject({ mode: "PHONE", enteredById: coordinator.userId, scoreTenths: 80, requestId: v.peg.id });
    expect(
      isForbidden(
        await enterStaffResponse(
          actor,
          patient.id,
          {
            instrument: "PEG",
            mode: "PHONE",
            requestId: null,
            idempotencyKey: randomUUID(),
            answers: { p: 1, e: 1, g: 1 },
          },
          ctx(),
        ).catch((e: unknown) => e),
      ),
    ).toBe(true);
    expect(
      await db.auditEvent.count({
        where: { actorUserId: actor.userId, outcome: "DENIED", entityType: "FormResponse" },
      }),
    ).toBe(1);
  });

  it("responses are immutable; a correction is a new version with a reason and history shows both", async () => {
    const clinician = await staff("CLINICIAN");
    const p = await makePatient();
    const first = await enterStaffResponse(
      clinician,
      p.id,
      { instrument: "PHQ9", mode: "VIDEO", requestId: null, idempotencyKey: randomUUID(), answers: phqAnswers(0, 1) },
      ctx(),
    );
    await expect(
      db.formResponse.update({ where: { id: first.responseId }, data: { scoreTenths: 0 } }),
    ).rejects.toThrow();
    await expect(db.formResponse.delete({ where: { id: first.responseId } })).rejects.toThrow();
    const fix = await correctResponse(
      clinician,
      p.id,
      first.responseId,
      {
        instrument: "PHQ9",
        idempotencyKey: randomUUID(),
        reason: "Item 9 was misheard: patient said several days",
        answers: phqAnswers(1, 1),
      },
      ctx(),
    );
    expect(fix).toMatchObject({ version: 2, safetyFlag: true });
    expect(await db.safetyAlert.count({ where: { patientId: p.id } })).toBe(1);
    const history = await getResponseHistory(clinician, p.id, first.responseId, ctx());
    expect(history.map((h) => [h.version, h.display, h.correctionReason])).toEqual([
      [2, "9", "Item 9 was misheard: patient said several days"],
      [1, "8", null],
    ]);
    // Another patient's id with this series: nothing.
    const other = await makePatient();
    await expect(getResponseHistory(clinician, other.id, first.responseId, ctx())).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    await expect(
      correctResponse(
        clinician,
        other.id,
        first.responseId,
        { instrument: "PHQ9", idempotencyKey: randomUUID(), reason: "wrong patient here", answers: phqAnswers() },
        ctx(),
      ),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("results: latest scores, items, PEG markers from baseline, PHQ-9 severity; corrections replace points", async () => {
    const clinician = await staff("CLINICIAN");
    const p = await makePatient();
    const peg = [
      { p: 7, e: 7, g: 6 }, // 6.7 baseline
      { p: 6, e: 6, g: 5 }, // 5.7: -1.0 point, 15%
      { p: 5, e: 4, g: 5 }, // 4.7: -2.0, 30%
    ];
    const ids: string[] = [];
    for (const a of peg) {
      ids.push(
        (
          await enterStaffResponse(
            clinician,
            p.id,
            { instrument: "PEG", mode: "VIDEO", requestId: null, idempotencyKey: randomUUID(), answers: a },
            ctx(),
          )
        ).responseId,
      );
      await new Promise((r) => setTimeout(r, 5));
    }
    await enterStaffResponse(
      clinician,
      p.id,
      { instrument: "PHQ9", mode: "VIDEO", requestId: null, idempotencyKey: randomUUID(), answers: phqAnswers(0, 2) },
      ctx(),
    );
    let res = await getAssessmentResults(clinician, p.id, ctx());
    expect(res.peg.points.map((x) => [x.display, x.drop1Point, x.drop30Percent])).toEqual([
      ["6.7", false, false],
      ["5.7", true, false],
      ["4.7", true, false], // 20/67 = 29.9%: not yet 30%
    ]);
    expect(res.phq9.latest).toMatchObject({ display: "16", severity: "moderately severe" });
    expect(res.phq9.latest?.items[0]).toMatchObject({ number: 1, value: 2, label: "More than half the days" });
    await correctResponse(
      clinician,
      p.id,
      ids[2]!,
      { instrument: "PEG", idempotencyKey: randomUUID(), reason: "Entered G wrong", answers: { p: 5, e: 4, g: 4 } },
      ctx(),
    );
    res = await getAssessmentResults(clinician, p.id, ctx());
    expect(res.peg.points.map((x) => x.display)).toEqual(["6.7", "5.7", "4.3"]);
    expect(res.peg.points[2]).toMatchObject({ drop30Percent: true, drop1Point: true });
    expect(res.peg.latest).toMatchObject({ version: 2, versions: 2 });
    expect(isForbidden(await getAssessmentResults(await staff("ADMIN"), p.id, ctx()).catch((e: unknown) => e))).toBe(
      true,
    );
    expect(
      await db.auditEvent.count({
        where: { entityType: "FormResponse", action: "READ", patientId: p.id, actorUserId: clinician.userId },
      }),
    ).toBe(2);
  });
});
