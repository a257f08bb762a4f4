import { randomUUID } from "node:crypto";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it, vi } from "vitest";
import { idleForm } from "@/lib/forms";
import { resolveAlertAction } from "@/modules/assessments/actions";
import { enterStaffResponse } from "@/modules/assessments/staff-responses.server";
import { SafetyAlertBanner } from "@/modules/assessments/components/safety-alert-banner";
import { getAlert, listOpenAlertGroups, resolveAlert } from "@/modules/assessments/safety-alerts.server";
import AlertsPage from "@/app/(staff)/alerts/page";
import { db } from "@/server/db";
import { actorFor, ctx, makePatient, makeUser } from "../factories";
import { beginRequest, outcomeOf, SESSION_COOKIE, sessionCookieFor } from "../factories/next-request";
import { form } from "./authz-fixture";

vi.mock("next/headers", async () => (await import("../factories/next-request")).nextHeadersModule);
vi.mock("next/cache", async () => (await import("../factories/next-request")).nextCacheModule);

/**
 * Issue 10, D6: the safety banner said "2 patients" for one patient with two PHQ-9 answers with
 * item 9 above 0 (it counted alerts). Counts of people count patients; one follow-up closes all of
 * the patient's open alerts the clinician was shown, each still recorded (audited, one
 * transaction); an alert raised after that stays open (docs/clinical-reference.md#phq-9-item-9-safety-event).
 * This file has its own database (tests/setup/integration-worker.ts), so the counts are exact.
 */
const phq = (item9: number) => ({
  ...Object.fromEntries(Array.from({ length: 8 }, (_, i) => [String(i + 1), 1])),
  "9": item9,
});

async function clinicianUser() {
  return makeUser("CLINICIAN");
}
async function raiseAlert(patientId: string, item9: number, by: ReturnType<typeof actorFor>) {
  const r = await enterStaffResponse(
    by,
    patientId,
    { instrument: "PHQ9", mode: "PHONE", requestId: null, idempotencyKey: randomUUID(), answers: phq(item9) },
    ctx(),
  );
  return (await db.safetyAlert.findFirstOrThrow({ where: { responseId: r.responseId }, select: { id: true } })).id;
}
const plan = "Same-day suicide-risk assessment by phone: low risk, safety plan made, 988 given, call back tomorrow";
const groups = (actor: ReturnType<typeof actorFor>, limit = 50) =>
  listOpenAlertGroups(actor, ctx(), { limit, scope: "alerts_page" });

async function signedIn(user: { id: string }) {
  beginRequest({ cookies: { [SESSION_COOKIE]: await sessionCookieFor(user) }, path: "/today" });
}
/** The page's visible text (tags dropped), as a person reads it. */
const text = (html: string) =>
  html
    .replace(/<[^>]+>/g, " ")
    .replace(/&#x27;|&apos;/g, "'")
    .replace(/\s+/g, " ");

describe("counts of people count patients (D6)", () => {
  it("two alerts of one patient: 1 patient in the list, the banner and the alerts page; a second patient makes 2", async () => {
    const u = await clinicianUser();
    const clinician = actorFor({ ...u, patientId: null });
    const p = await makePatient({ givenName: "Ana", familyName: "Twice" });
    const first = await raiseAlert(p.id, 1, clinician);
    const second = await raiseAlert(p.id, 2, clinician);

    const one = await groups(clinician);
    expect(one).toMatchObject({ patients: 1, alerts: 2 });
    expect(one.groups).toHaveLength(1);
    expect(one.groups[0]).toMatchObject({
      patientId: p.id,
      openCount: 2,
      latestAlertId: second,
      latestItem9Answer: 2,
      highestItem9Answer: 2,
    });
    expect(first).not.toBe(second);

    await signedIn(u);
    const banner = text(renderToStaticMarkup(await SafetyAlertBanner({ actor: clinician })));
    expect(banner).toContain("Urgent: 1 patient answered PHQ-9 item 9 above 0");
    expect(banner).not.toContain("2 patients");
    expect(banner).toContain("2 open alerts");
    expect(banner.match(/Ana Twice/g)).toHaveLength(2); // the name, and the link's words for screen readers: one line
    const page = text(renderToStaticMarkup(await AlertsPage()));
    expect(page).toContain("1 patient with 2 open alerts");

    const q = await makePatient({ givenName: "Bo", familyName: "Once" });
    await raiseAlert(q.id, 3, clinician);
    const two = await groups(clinician);
    expect(two).toMatchObject({ patients: 2, alerts: 3 });
    expect(two.groups.map((g) => [g.patientId, g.openCount])).toEqual([
      [p.id, 2],
      [q.id, 1],
    ]);
    await signedIn(u);
    expect(text(renderToStaticMarkup(await SafetyAlertBanner({ actor: clinician })))).toContain(
      "Urgent: 2 patients answered",
    );
    // The count is of every open alert's patient, not of the ones listed.
    expect(await groups(clinician, 1)).toMatchObject({ patients: 2, alerts: 3, groups: [{ patientId: p.id }] });

    // A listed group is a PHI read: audited with people and alerts counted apart.
    const row = await db.auditEvent.findFirstOrThrow({
      where: { entityType: "SafetyAlert", action: "LIST", actorUserId: u.id },
      orderBy: { id: "desc" },
    });
    expect(row.details).toMatchObject({ patients: 2, alerts: 3 });

    await db.safetyAlert.updateMany({
      where: { status: "OPEN" },
      data: {
        status: "RESOLVED",
        resolvedAt: new Date(),
        resolvedById: u.id,
        assessmentDone: true,
        followUpPlan: "test cleanup",
      },
    });
  });
});

describe("one follow-up closes the patient's open alerts (D6)", () => {
  it("closes both alerts of the patient, each recorded with the same follow-up, with two audit rows in one transaction", async () => {
    const u = await clinicianUser();
    const clinician = actorFor({ ...u, patientId: null });
    const p = await makePatient();
    const other = await makePatient();
    const a1 = await raiseAlert(p.id, 1, clinician);
    const a2 = await raiseAlert(p.id, 2, clinician);
    const b1 = await raiseAlert(other.id, 1, clinician);

    const shown = await getAlert(clinician, a1, ctx());
    expect(shown.patientOpenAlerts.map((o) => o.id)).toEqual([a1, a2]);
    const c = ctx();
    const now = new Date();
    expect(
      await resolveAlert(clinician, a1, { plan, alertIds: shown.patientOpenAlerts.map((o) => o.id) }, c, now),
    ).toEqual({ patientId: p.id, resolved: 2 });

    const closed = await db.safetyAlert.findMany({ where: { id: { in: [a1, a2] } }, orderBy: { createdAt: "asc" } });
    for (const a of closed)
      expect(a).toMatchObject({
        status: "RESOLVED",
        resolvedById: u.id,
        assessmentDone: true,
        followUpPlan: plan,
        resolvedAt: now,
      });
    expect((await db.safetyAlert.findUniqueOrThrow({ where: { id: b1 } })).status).toBe("OPEN");

    const rows = await db.auditEvent.findMany({
      where: { requestId: c.requestId, entityType: "SafetyAlert", action: "UPDATE" },
      orderBy: { id: "asc" },
    });
    expect(rows.map((r) => r.entityId).sort()).toEqual([a1, a2].sort());
    for (const r of rows) {
      expect(r).toMatchObject({ patientId: p.id, outcome: "SUCCESS", actorUserId: u.id });
      expect(r.details).toMatchObject({ change: "resolved", followUpFrom: a1, closedTogether: 2 });
    }
    // One transaction: Postgres stamps every row a transaction writes with its id (xmin).
    const xmins = await db.$queryRaw<{ x: string }[]>`
      SELECT xmin::text AS x FROM "SafetyAlert" WHERE id IN (${a1}::uuid, ${a2}::uuid)
      UNION ALL SELECT xmin::text FROM "AuditEvent" WHERE "requestId" = ${c.requestId} AND "action" = 'UPDATE'`;
    expect(xmins).toHaveLength(4);
    expect(new Set(xmins.map((r) => r.x)).size).toBe(1);

    expect((await groups(clinician)).groups.map((g) => g.patientId)).toEqual([other.id]);
    await resolveAlert(clinician, b1, { plan }, ctx());
  });

  it("an alert raised after the page was shown, or after the follow-up, stays open", async () => {
    const u = await clinicianUser();
    const clinician = actorFor({ ...u, patientId: null });
    const p = await makePatient();
    const a1 = await raiseAlert(p.id, 2, clinician);
    const a2 = await raiseAlert(p.id, 1, clinician);
    const shown = (await getAlert(clinician, a1, ctx())).patientOpenAlerts.map((o) => o.id);
    // The patient answers again while the clinician is on the phone with them.
    const late = await raiseAlert(p.id, 3, clinician);
    expect((await resolveAlert(clinician, a1, { plan, alertIds: shown }, ctx())).resolved).toBe(2);
    expect((await db.safetyAlert.findUniqueOrThrow({ where: { id: late } })).status).toBe("OPEN");
    const after = await raiseAlert(p.id, 1, clinician);
    expect((await db.safetyAlert.findUniqueOrThrow({ where: { id: after } })).status).toBe("OPEN");

    const open = await groups(clinician);
    expect(open).toMatchObject({ patients: 1, alerts: 2 });
    expect(open.groups[0]).toMatchObject({ patientId: p.id, openCount: 2, latestAlertId: after });
    // The closed alert's page says what is still open.
    expect((await getAlert(clinician, a2, ctx())).patientOpenAlerts.map((o) => o.id)).toEqual([late, after]);
    await resolveAlert(clinician, late, { plan, alertIds: [late, after] }, ctx());
    expect(await groups(clinician)).toMatchObject({ patients: 0, alerts: 0 });
  });

  it("refuses a list naming another patient's alert, and closes nothing", async () => {
    const u = await clinicianUser();
    const clinician = actorFor({ ...u, patientId: null });
    const p = await makePatient();
    const q = await makePatient();
    const a1 = await raiseAlert(p.id, 1, clinician);
    const b1 = await raiseAlert(q.id, 1, clinician);
    const c = ctx();
    await expect(resolveAlert(clinician, a1, { plan, alertIds: [a1, b1] }, c)).rejects.toMatchObject({
      code: "VALIDATION",
      fieldErrors: { alertIds: [expect.stringContaining("reload")] },
    });
    await expect(resolveAlert(clinician, a1, { plan, alertIds: ["not-an-id"] }, c)).rejects.toMatchObject({
      code: "VALIDATION",
    });
    expect(await db.safetyAlert.count({ where: { id: { in: [a1, b1] }, status: "OPEN" } })).toBe(2);
    expect(await db.auditEvent.count({ where: { requestId: c.requestId, action: "UPDATE" } })).toBe(0);
    await resolveAlert(clinician, a1, { plan }, ctx());
    await resolveAlert(clinician, b1, { plan }, ctx());
  });

  it("two clinicians at once: one follow-up closes both, the other is told; two audit rows in all", async () => {
    const [u1, u2] = [await clinicianUser(), await clinicianUser()];
    const c1 = actorFor({ ...u1, patientId: null });
    const c2 = actorFor({ ...u2, patientId: null });
    const p = await makePatient();
    const a1 = await raiseAlert(p.id, 1, c1);
    const a2 = await raiseAlert(p.id, 2, c1);
    const results = await Promise.allSettled([
      resolveAlert(c1, a1, { plan, alertIds: [a1, a2] }, ctx()),
      resolveAlert(c2, a2, { plan, alertIds: [a1, a2] }, ctx()),
    ]);
    const won = results.filter((r) => r.status === "fulfilled");
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(won).toHaveLength(1);
    expect(lost.map((r) => (r.reason as { code?: string }).code)).toEqual(["CONFLICT"]);
    expect(await db.safetyAlert.count({ where: { patientId: p.id, status: "RESOLVED" } })).toBe(2);
    expect(await db.auditEvent.count({ where: { entityType: "SafetyAlert", action: "UPDATE", patientId: p.id } })).toBe(
      2,
    );
  });

  it("through the clinician's form: the page's list goes with the follow-up, and the chart says how many closed", async () => {
    const u = await clinicianUser();
    const clinician = actorFor({ ...u, patientId: null });
    const p = await makePatient();
    const a1 = await raiseAlert(p.id, 1, clinician);
    const a2 = await raiseAlert(p.id, 1, clinician);
    await signedIn(u);
    const o = await outcomeOf(() =>
      resolveAlertAction(a2, idleForm, form({ assessmentDone: "on", plan, alertIds: `${a1},${a2}` })),
    );
    expect(o).toEqual({ kind: "redirect", location: `/patients/${p.id}?alertResolved=2#assessments` });
    expect(await db.safetyAlert.count({ where: { patientId: p.id, status: "OPEN" } })).toBe(0);

    // Bad input names the field and closes nothing.
    const b1 = await raiseAlert(p.id, 1, clinician);
    await signedIn(u);
    const bad = await outcomeOf(() =>
      resolveAlertAction(b1, idleForm, form({ assessmentDone: "on", plan, alertIds: `${b1},x` })),
    );
    expect(bad).toMatchObject({
      kind: "value",
      value: { status: "error", errors: { alertIds: [expect.stringContaining("Reload the page")] } },
    });
    expect((await db.safetyAlert.findUniqueOrThrow({ where: { id: b1 } })).status).toBe("OPEN");
  });
});
