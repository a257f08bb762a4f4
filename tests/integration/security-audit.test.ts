import { beforeAll, describe, expect, it, vi } from "vitest";
import { GET as getIcs } from "@/app/api/visits/[id]/ics/route";
import { GET as getPatientsApi } from "@/app/api/patients/route";
import { resourceFeedbackAction } from "@/modules/care-plan/actions";
import { careTeamRoles, staffRoles } from "@/modules/identity/core/roles";
import { lookupPatientForLinking } from "@/modules/identity/patient-link.server";
import { requireActor } from "@/server/auth/actor";
import { db } from "@/server/db";
import { errorCodes } from "@/server/errors";
import { actorFor, ctx } from "../factories";
import { beginRequest, outcomeOf, requestFor, SESSION_COOKIE, sessionCookieFor } from "../factories/next-request";
import { form, makeFixture, makeRecommendation, makeVisit, type Fixture } from "./authz-fixture";

vi.mock("next/headers", async () => (await import("../factories/next-request")).nextHeadersModule);
vi.mock("next/cache", async () => (await import("../factories/next-request")).nextCacheModule);

/** Issue 10, "Audit gaps": one denied attempt is one row, with the patient when known. */
let f: Fixture;
beforeAll(async () => {
  f = await makeFixture();
}, 60_000);

const rowsOf = (requestId: string) =>
  db.auditEvent.findMany({
    where: { requestId },
    select: { actorUserId: true, outcome: true, patientId: true, entityType: true, details: true },
  });
const cookie = async (role: keyof Fixture["users"]) => ({ [SESSION_COOKIE]: await sessionCookieFor(f.users[role]) });

describe("refused pages", () => {
  it("a patient opening another chart: layout and page both refuse, one DENIED row naming the chart", async () => {
    const requestId = beginRequest({ cookies: await cookie("patientB"), path: `/patients/${f.patientA.id}` });
    // What Next runs for one page request: the (staff) layout's check and the page's own.
    const results = await Promise.all([
      outcomeOf(() => requireActor(staffRoles)),
      outcomeOf(() => requireActor(careTeamRoles)),
    ]);
    expect(results.map((r) => r.kind)).toEqual(["forbidden", "forbidden"]);
    expect(await rowsOf(requestId)).toEqual([
      {
        actorUserId: f.users.patientB.id,
        outcome: "DENIED",
        patientId: f.patientA.id,
        entityType: "Route",
        details: null,
      },
    ]);
  });

  it("an anonymous visitor opening a chart page: one DENIED row, then the sign-in page", async () => {
    const requestId = beginRequest({ path: `/patients/${f.patientA.id}/forms` });
    const results = await Promise.all([
      outcomeOf(() => requireActor(staffRoles)),
      outcomeOf(() => requireActor(careTeamRoles)),
    ]);
    for (const r of results)
      expect(r).toMatchObject({
        kind: "redirect",
        location: `/login?callbackUrl=${encodeURIComponent(`/patients/${f.patientA.id}/forms`)}`,
      });
    expect(await rowsOf(requestId)).toEqual([
      {
        actorUserId: null,
        outcome: "DENIED",
        patientId: f.patientA.id,
        entityType: "Route",
        details: { reason: "unauthenticated" },
      },
    ]);
  });

  it("a deactivated user's old session is refused like an anonymous one, and audited", async () => {
    const requestId = beginRequest({ cookies: await cookie("deactivated"), path: "/today" });
    expect(await outcomeOf(() => requireActor(staffRoles))).toMatchObject({ kind: "redirect" });
    expect(await db.auditEvent.count({ where: { requestId, outcome: "DENIED" } })).toBe(1);
  });
});

describe("refused files and actions", () => {
  it("an anonymous .ics request: 401, one row with the visit's patient", async () => {
    const v = await makeVisit(f);
    const requestId = beginRequest({});
    const res = await getIcs(requestFor(`/api/visits/${v.id}/ics`), { params: Promise.resolve({ id: v.id }) });
    expect(res.status).toBe(401);
    expect(res.headers.get("x-request-id")).toBe(requestId);
    expect(await rowsOf(requestId)).toEqual([
      {
        actorUserId: null,
        outcome: "DENIED",
        patientId: f.patientA.id,
        entityType: "Visit",
        details: { reason: "unauthenticated" },
      },
    ]);
  });

  it("patient B asking for patient A's .ics: 404, one DENIED row naming patient A", async () => {
    const v = await makeVisit(f);
    const requestId = beginRequest({ cookies: await cookie("patientB") });
    const res = await getIcs(requestFor(`/api/visits/${v.id}/ics`), { params: Promise.resolve({ id: v.id }) });
    expect(res.status).toBe(404);
    expect(await res.text()).not.toContain(f.patientA.familyName);
    expect(await rowsOf(requestId)).toMatchObject([
      {
        actorUserId: f.users.patientB.id,
        outcome: "DENIED",
        patientId: f.patientA.id,
        details: { reason: "other_patient" },
      },
    ]);
  });

  it("patient B answering feedback on patient A's recommendation: refused, one DENIED row naming A, nothing changed", async () => {
    const rec = await makeRecommendation(f);
    const requestId = beginRequest({ cookies: await cookie("patientB") });
    const o = await outcomeOf(() =>
      resourceFeedbackAction({ status: "idle" }, form({ recommendationId: rec.id, tried: "yes", helped: "YES" })),
    );
    expect(o).toMatchObject({ kind: "value", value: { status: "error" } });
    expect((await db.resourceRecommendation.findUniqueOrThrow({ where: { id: rec.id } })).tried).toBeNull();
    expect(await rowsOf(requestId)).toMatchObject([
      {
        actorUserId: f.users.patientB.id,
        outcome: "DENIED",
        patientId: f.patientA.id,
        entityType: "ResourceRecommendation",
      },
    ]);
  });

  it("a 403 from a route handler is JSON with the request id, and one row", async () => {
    const requestId = beginRequest({ cookies: await cookie("admin") });
    const res = await getPatientsApi(requestFor("/api/patients?q="), { params: Promise.resolve({}) });
    expect(res.status).toBe(403);
    expect(res.headers.get("x-request-id")).toBe(requestId);
    expect(await res.json()).toEqual({ error: { code: "FORBIDDEN", message: errorCodes.FORBIDDEN } });
    expect(await db.auditEvent.count({ where: { requestId, outcome: "DENIED" } })).toBe(1);
  });
});

describe("account linking's own lookup (not a patient search)", () => {
  it("finds one record by exact MRN or email, shows only what linking needs, audits every lookup", async () => {
    const admin = actorFor(f.users.admin);
    const c1 = ctx();
    expect(await lookupPatientForLinking(admin, { mrn: f.patientA.mrn }, c1)).toEqual({
      id: f.patientA.id,
      mrn: f.patientA.mrn,
      name: `${f.patientA.givenName} ${f.patientA.familyName}`,
      hasAccount: true,
    });
    expect(
      await db.auditEvent.count({
        where: { requestId: c1.requestId, outcome: "SUCCESS", patientId: f.patientA.id, entityType: "Patient" },
      }),
    ).toBe(1);
    // Not a search: part of a name or an MRN finds nothing (and that is audited too).
    const c2 = ctx();
    expect(await lookupPatientForLinking(admin, { mrn: f.patientA.mrn.slice(0, -1) }, c2)).toBeNull();
    expect(await lookupPatientForLinking(admin, { email: f.patientA.familyName }, ctx())).toBeNull();
    expect(await db.auditEvent.count({ where: { requestId: c2.requestId, outcome: "FAILURE" } })).toBe(1);
  });

  it("is the admin's only way to patients: GET /api/patients refuses an admin (as the Patients page does)", async () => {
    beginRequest({ cookies: await cookie("admin") });
    const res = await getPatientsApi(requestFor("/api/patients?q="), { params: Promise.resolve({}) });
    expect(res.status).toBe(403);
    expect(await res.text()).not.toContain(f.patientA.mrn);
    beginRequest({ cookies: await cookie("coordinator") });
    const ok = await getPatientsApi(requestFor(`/api/patients?q=${encodeURIComponent(f.patientA.familyName)}`), {
      params: Promise.resolve({}),
    });
    expect(ok.status).toBe(200);
    expect(await ok.text()).toContain(f.patientA.mrn);
  });

  it("refuses clinicians, coordinators and patients", async () => {
    for (const role of ["clinician", "coordinator", "patientA"] as const) {
      beginRequest({});
      expect(
        (await outcomeOf(() => lookupPatientForLinking(actorFor(f.users[role]), { mrn: f.patientA.mrn }, ctx()))).kind,
      ).toBe("forbidden");
    }
  });
});
