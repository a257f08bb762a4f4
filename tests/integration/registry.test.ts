import { randomUUID } from "node:crypto";
import { renderToStaticMarkup } from "react-dom/server";
import { beforeAll, describe, expect, it, vi } from "vitest";
import RegistryPage from "@/app/(staff)/registry/page";
import { GET as exportCsv } from "@/app/(staff)/registry/export/route";
import { recordLtotDecisionAction } from "@/modules/care-program/actions";
import { addDays, clinicDate } from "@/modules/care-program/core/dates";
import { defaultRegistryQuery, type RegistryQuery } from "@/modules/care-program/core/registry";
import { REGISTRY_CSV_HEADER } from "@/modules/care-program/core/registry-csv";
import {
  exportRegistry,
  getLtotChartStatus,
  listRegistry,
  recordLtotDecision,
} from "@/modules/care-program/index.server";
import type { RegistryRequest } from "@/modules/care-program/schemas";
import {
  buildRegistrySnapshot,
  dropRegistrySnapshot,
  registrySnapshot,
} from "@/modules/care-program/server/registry.server";
import { readCareProgramSettings } from "@/modules/care-program/index.server";
import { idleForm } from "@/lib/forms";
import { db } from "@/server/db";
import { getEnv } from "@/server/env";
import { actorFor, ctx, isForbidden, makePatient, makeUser } from "../factories";
import { beginRequest, outcomeOf, requestFor, SESSION_COOKIE, sessionCookieFor } from "../factories/next-request";

vi.mock("next/headers", async () => (await import("../factories/next-request")).nextHeadersModule);
vi.mock("next/cache", async () => (await import("../factories/next-request")).nextCacheModule);

/**
 * The LTOT registry (issue 12, part 1): rows from the medication list and clinician decisions,
 * filters, paging, the CSV export's content, audit rows, reversible decisions and refusals.
 * This file has its own database.
 */
type U = Awaited<ReturnType<typeof makeUser>>;
let clinician: U, clinician2: U, coordinator: U, admin: U, patientUser: U;
const actor = (u: U) => actorFor({ ...u, patientId: u.patientId ?? null });
const today = () => clinicDate(new Date(), getEnv().CLINIC_TIME_ZONE);
const day = (offset: number) => new Date(`${addDays(today(), offset)}T00:00:00Z`);
const at = (offset: number) => new Date(day(offset).getTime() + 18 * 3_600_000);
const req = (over: Partial<RegistryQuery> = {}, measure: RegistryRequest["measure"] = null): RegistryRequest => ({
  query: { ...defaultRegistryQuery, ...over },
  measure,
});
const ids = (rows: { patientId: string }[]) => rows.map((r) => r.patientId).sort();

async function med(
  patientId: string,
  drugKey: string,
  dose: number,
  perDay: number,
  startedDaysAgo: number,
  isOpioid = true,
) {
  await db.medication.create({
    data: {
      patientId,
      drugKey,
      name: `${drugKey} ${dose}`,
      doseAmount: dose,
      doseUnit: "mg",
      timesPerDay: perDay,
      route: "ORAL",
      startedOn: day(-startedDaysAgo),
      prescriber: "Dr. Test",
      isOpioid,
      createdById: clinician.id,
    },
  });
}
async function udtCollected(patientId: string, daysAgo: number) {
  await db.udtOrder.create({
    data: {
      patientId,
      state: "CLOSED",
      reasonCode: "NONE_IN_PAST_12_MONTHS",
      panelCode: "CHRONIC_PAIN_STANDARD",
      collectionMethod: "LAB_PSC",
      windowStart: at(-daysAgo - 1),
      windowEnd: at(-daysAgo + 1),
      orderedById: clinician.id,
      collectedAt: at(-daysAgo),
      interpretation: "EXPECTED",
    },
  });
}

let pLtot: string, pUdt: string, pShort: string, pHigh: string;

beforeAll(async () => {
  clinician = await makeUser("CLINICIAN");
  clinician2 = await makeUser("CLINICIAN");
  coordinator = await makeUser("COORDINATOR");
  admin = await makeUser("ADMIN");
  const mine = await makePatient({ familyName: "Portal" });
  patientUser = await makeUser("PATIENT", { patientId: mine.id });
  pLtot = (await makePatient({ familyName: "Ltot", givenName: "Lena", primaryClinicianId: clinician.id })).id;
  pUdt = (await makePatient({ familyName: "Tested", givenName: "Uma", primaryClinicianId: clinician.id })).id;
  pShort = (await makePatient({ familyName: "Short", givenName: "Sam", primaryClinicianId: clinician.id })).id;
  pHigh = (await makePatient({ familyName: "=High", givenName: "Hal", primaryClinicianId: clinician2.id })).id;
  await med(pLtot, "oxycodone", 10, 2, 200);
  await med(pUdt, "oxycodone", 10, 2, 200);
  await udtCollected(pUdt, 10);
  await db.pdmpCheck.create({
    data: { patientId: pUdt, checkedOn: day(-5), state: "WA", finding: "CONSISTENT", recordedById: clinician.id },
  });
  await med(pShort, "oxycodone", 5, 2, 30);
  // Oxycodone 30 mg twice a day: 90 MME/day; with alprazolam.
  await med(pHigh, "oxycodone", 30, 2, 400);
  await med(pHigh, "alprazolam", 1, 2, 100, false);
});

describe("rows", () => {
  it("one row per patient on LTOT, with the medication rule's threshold", async () => {
    const v = await listRegistry(actor(coordinator), req(), [], ctx());
    expect(ids(v.rows)).toEqual([pLtot, pUdt, pHigh].sort());
    expect(v.onLtot).toBe(3);
    const high = v.rows.find((r) => r.patientId === pHigh)!;
    expect(high).toMatchObject({
      mmeTotal: 90,
      mmeBand: "ge90",
      benzodiazepine: true,
      naloxoneOnList: false,
      highDoseContext: true,
      clinicianName: clinician2.name,
    });
    expect(high.openGaps).toEqual(expect.arrayContaining(["naloxone-indicated", "opioid-benzodiazepine", "udt-due"]));
    const tested = v.rows.find((r) => r.patientId === pUdt)!;
    expect(tested.udt).toEqual({ on: addDays(today(), -10), interpretation: "EXPECTED" });
    expect(tested.pdmpOn).toBe(addDays(today(), -5));
    expect(tested.openGaps).not.toContain("udt-due");
  });
});

describe("filters, the measures contract and paging", () => {
  it.each([
    ["gap=udt-due", { gap: "udt-due" as const }, () => [pLtot, pHigh]],
    ["mme=ge90", { mme: "ge90" as const }, () => [pHigh]],
    ["mme=lt50", { mme: "lt50" as const }, () => [pLtot, pUdt]],
    ["clinician", {}, () => [pHigh], () => ({ clinician: clinician2.id })],
    ["dueWithin=0 (open now)", { dueWithin: 0 }, () => [pLtot, pUdt, pHigh]],
  ])("%s", async (_n, over, expected, extra?: () => Partial<RegistryQuery>) => {
    const v = await listRegistry(actor(coordinator), req({ ...over, ...(extra ? extra() : {}) }), [], ctx());
    expect(ids(v.rows)).toEqual(expected().sort());
  });

  it("counts per gap follow the other filters", async () => {
    const v = await listRegistry(actor(coordinator), req({ gap: "pdmp-due" }), [], ctx());
    expect(v.counts["udt-due"]).toBe(2);
    expect(v.counts["pdmp-due"]).toBe(2);
    expect(v.counts["opioid-benzodiazepine"]).toBe(1);
  });

  it("measure/month/set: the patients behind this month's UDT numerator and denominator", async () => {
    const month = today().slice(0, 7);
    const num = await listRegistry(
      actor(clinician),
      req({}, { measure: "udt-recent", month, set: "numerator" }),
      ["measure", "month", "set"],
      ctx(),
    );
    expect(ids(num.rows)).toEqual([pUdt]);
    const den = await listRegistry(
      actor(clinician),
      req({}, { measure: "udt-recent", month, set: "denominator" }),
      ["measure", "month", "set"],
      ctx(),
    );
    expect(ids(den.rows)).toEqual([pLtot, pUdt, pHigh].sort());
  });

  it("pages of 50 rows, stable order", async () => {
    const pts = Array.from({ length: 55 }, () => ({ id: randomUUID() }));
    await db.patient.createMany({
      data: pts.map((p, i) => ({
        id: p.id,
        mrn: `PG-${i}-${randomUUID().slice(0, 6)}`,
        givenName: "Page",
        familyName: `Paged${String(i).padStart(2, "0")}`,
        birthDate: new Date("1970-01-01T00:00:00Z"),
        timeZone: "America/Los_Angeles",
        stateOfResidence: "WA",
        primaryClinicianId: clinician2.id,
      })),
    });
    await db.medication.createMany({
      data: pts.map((p) => ({
        patientId: p.id,
        drugKey: "tramadol",
        name: "Tramadol 50 mg",
        doseAmount: 50,
        doseUnit: "mg",
        timesPerDay: 2,
        route: "ORAL" as const,
        startedOn: day(-150),
        prescriber: "Dr. Test",
        isOpioid: true,
        createdById: clinician.id,
      })),
    });
    const q = { clinician: clinician2.id, mme: "lt50" as const, sort: "name" as const, dir: "asc" as const };
    const p1 = await listRegistry(actor(coordinator), req({ ...q, page: 1 }), [], ctx());
    const p2 = await listRegistry(actor(coordinator), req({ ...q, page: 2 }), [], ctx());
    expect([p1.rows.length, p2.rows.length, p1.total, p1.pages]).toEqual([50, 5, 55, 2]);
    expect(p1.rows[0]!.name).toBe("Paged00, Page");
    expect(p2.rows.at(-1)!.name).toBe("Paged54, Page");
    expect(new Set([...ids(p1.rows), ...ids(p2.rows)]).size).toBe(55);
  });
});

describe("audit rows", () => {
  it("one LIST row per page view with the filter names and the count, never patient ids", async () => {
    const c = ctx();
    const v = await listRegistry(actor(coordinator), req({ gap: "udt-due" }), ["gap"], c);
    const rows = await db.auditEvent.findMany({ where: { requestId: c.requestId } });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      action: "LIST",
      entityType: "Registry",
      outcome: "SUCCESS",
      patientId: null,
      actorUserId: coordinator.id,
    });
    expect(rows[0]!.details).toMatchObject({ results: v.total, filters: ["gap"] });
  });
});

describe("CSV export", () => {
  it("streams the filtered rows (all pages), formula-safe, audited as one EXPORT", async () => {
    beginRequest({ cookies: { [SESSION_COOKIE]: await sessionCookieFor(coordinator) }, path: "/registry/export" });
    const before = await db.auditEvent.count({ where: { entityType: "Registry", action: "EXPORT" } });
    const res = await exportCsv(requestFor("/registry/export?gap=udt-due"), { params: Promise.resolve({}) });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/csv");
    expect(res.headers.get("content-disposition")).toMatch(
      /^attachment; filename="ltot-registry-\d{4}-\d{2}-\d{2}\.csv"$/,
    );
    expect(res.body).toBeInstanceOf(ReadableStream);
    const lines = (await res.text()).trimEnd().split("\r\n");
    expect(lines[0]).toBe(REGISTRY_CSV_HEADER.join(","));
    const body = lines.slice(1);
    // UDT due: Lena, Hal and the 55 paged patients; not Uma (tested 10 days ago).
    expect(body).toHaveLength(57);
    expect(body.some((l) => l.startsWith(pLtot))).toBe(true);
    expect(body.some((l) => l.startsWith(pUdt))).toBe(false);
    // The family name "=High" is written with a leading apostrophe (CSV injection).
    expect(body.find((l) => l.startsWith(pHigh))).toContain(`,"'=High, Hal",`);
    const audits = await db.auditEvent.findMany({
      where: { entityType: "Registry", action: "EXPORT" },
      orderBy: { id: "desc" },
      take: 1,
    });
    expect(await db.auditEvent.count({ where: { entityType: "Registry", action: "EXPORT" } })).toBe(before + 1);
    expect(audits[0]!.details).toMatchObject({ format: "csv", rows: 57, filters: ["gap"] });
  });

  it("bad filters: 400 naming each, nothing exported", async () => {
    beginRequest({ cookies: { [SESSION_COOKIE]: await sessionCookieFor(clinician) }, path: "/registry/export" });
    const before = await db.auditEvent.count({ where: { entityType: "Registry", action: "EXPORT" } });
    const res = await exportCsv(requestFor("/registry/export?gap=nope&dueWithin=-1&month=2026-11&x=1"), {
      params: Promise.resolve({}),
    });
    expect(res.status).toBe(400);
    const { error: body } = (await res.json()) as { error: { fields: Record<string, string[]> } };
    expect(Object.keys(body.fields).sort()).toEqual(["dueWithin", "gap", "x"]);
    const partial = await exportCsv(requestFor("/registry/export?month=2026-11"), { params: Promise.resolve({}) });
    expect(Object.keys(((await partial.json()) as { error: { fields: object } }).error.fields).sort()).toEqual([
      "measure",
      "set",
    ]);
    expect(await db.auditEvent.count({ where: { entityType: "Registry", action: "EXPORT" } })).toBe(before);
  });

  it("the export use case returns the same rows as the pages", async () => {
    const e = await exportRegistry(actor(clinician), req({ mme: "ge90" }), ["mme"], ctx());
    expect(ids(e.rows)).toEqual([pHigh]);
  });
});

describe("the page", () => {
  it("renders the table with a caption, gap counts as links and row links to the chart", async () => {
    beginRequest({ cookies: { [SESSION_COOKIE]: await sessionCookieFor(coordinator) }, path: "/registry" });
    const html = renderToStaticMarkup(
      await RegistryPage({ searchParams: Promise.resolve({ gap: "udt-due", mme: "ge90" }) }),
    );
    expect(html).toContain("<caption");
    expect(html).toContain(`href="/patients/${pHigh}"`);
    expect(html).not.toContain(`href="/patients/${pLtot}"`);
    expect(html).toContain('href="/registry?gap=pdmp-due&amp;mme=ge90"');
    expect(html).toContain('scope="row"');
  });
  it("bad filters are explained, nothing is listed", async () => {
    beginRequest({ cookies: { [SESSION_COOKIE]: await sessionCookieFor(coordinator) }, path: "/registry" });
    const html = renderToStaticMarkup(await RegistryPage({ searchParams: Promise.resolve({ mme: "lots" }) }));
    expect(html).toContain("Fix these filters: MME/day band");
    expect(html).not.toContain("<table");
  });
});

describe("clinician decisions: recorded, audited, reversible", () => {
  it("exclude removes the patient, clear brings them back; include adds a patient the rule does not", async () => {
    const c = actor(clinician);
    const inRows = async (id: string) =>
      (await exportRegistry(actor(coordinator), req(), [], ctx())).rows.some((r) => r.patientId === id);
    expect(await inRows(pLtot)).toBe(true);
    await recordLtotDecision(c, pLtot, { kind: "EXCLUDE", reason: "Short course, tapering off this month" }, ctx());
    expect(await inRows(pLtot)).toBe(false);
    const status = await getLtotChartStatus(actor(coordinator), pLtot, ctx());
    expect(status.status).toMatchObject({ onLtot: false, because: "CLINICIAN_EXCLUDED" });
    expect(status.history[0]).toMatchObject({ kind: "EXCLUDE", recordedBy: clinician.name });
    // A second decision on the same day wins (recorded later).
    await recordLtotDecision(c, pLtot, { kind: "CLEAR", reason: "" }, ctx());
    expect(await inRows(pLtot)).toBe(true);
    expect(await inRows(pShort)).toBe(false);
    await recordLtotDecision(c, pShort, { kind: "INCLUDE", reason: "Long-term use from another clinic" }, ctx());
    expect(await inRows(pShort)).toBe(true);
    expect(await db.ltotDecision.count({ where: { patientId: pLtot } })).toBe(2);
    const audits = await db.auditEvent.findMany({
      where: { entityType: "LtotDecision", action: "CREATE" },
      select: { patientId: true, details: true },
    });
    expect(audits.map((a) => a.patientId).sort()).toEqual([pLtot, pLtot, pShort].sort());
  });

  it("the action refuses an exclusion without a reason and writes nothing", async () => {
    beginRequest({ cookies: { [SESSION_COOKIE]: await sessionCookieFor(clinician) }, path: `/patients/${pUdt}` });
    const before = await db.ltotDecision.count();
    const fd = new FormData();
    fd.set("kind", "EXCLUDE");
    fd.set("reason", "");
    const state = await recordLtotDecisionAction(pUdt, idleForm, fd);
    expect(state.status).toBe("error");
    expect(state.errors?.reason?.[0]).toMatch(/^Reason:/);
    expect(await db.ltotDecision.count()).toBe(before);
  });

  it("the action records and redirects to the chart", async () => {
    beginRequest({ cookies: { [SESSION_COOKIE]: await sessionCookieFor(clinician) }, path: `/patients/${pUdt}` });
    const fd = new FormData();
    fd.set("kind", "EXCLUDE");
    fd.set("reason", "Cancer pain, palliative care");
    const o = await outcomeOf(() => recordLtotDecisionAction(pUdt, idleForm, fd));
    expect(o).toMatchObject({ kind: "redirect" });
    expect(await db.ltotDecision.count({ where: { patientId: pUdt, kind: "EXCLUDE" } })).toBe(1);
  });
});

describe("authorization", () => {
  it.each([
    ["a patient", () => patientUser],
    ["an admin", () => admin],
  ])("%s cannot list or export the registry (refusal audited)", async (_n, who) => {
    const u = who();
    // One refusal row per request: each call is its own request here.
    beginRequest({ path: "/registry" });
    await expect(listRegistry(actor(u), req(), [], ctx())).rejects.toSatisfy(isForbidden);
    beginRequest({ path: "/registry/export" });
    await expect(exportRegistry(actor(u), req(), [], ctx())).rejects.toSatisfy(isForbidden);
    beginRequest({ path: `/patients/${pLtot}` });
    await expect(getLtotChartStatus(actor(u), pLtot, ctx())).rejects.toSatisfy(isForbidden);
    expect(
      await db.auditEvent.count({
        where: { actorUserId: u.id, outcome: "DENIED", entityType: { in: ["Registry", "LtotStatus"] } },
      }),
    ).toBe(3);
  });

  it("a coordinator sees the status but cannot decide", async () => {
    await expect(
      recordLtotDecision(actor(coordinator), pLtot, { kind: "EXCLUDE", reason: "not mine to decide" }, ctx()),
    ).rejects.toSatisfy(isForbidden);
    expect(await db.ltotDecision.count({ where: { recordedById: coordinator.id } })).toBe(0);
  });

  it("the export answers 403 to an admin and 401 without a session", async () => {
    beginRequest({ cookies: { [SESSION_COOKIE]: await sessionCookieFor(admin) }, path: "/registry/export" });
    expect((await exportCsv(requestFor("/registry/export"), { params: Promise.resolve({}) })).status).toBe(403);
    beginRequest({ path: "/registry/export" });
    expect((await exportCsv(requestFor("/registry/export"), { params: Promise.resolve({}) })).status).toBe(401);
  });
});

describe("the per-process snapshot", () => {
  it("equals the direct computation, and a write is seen at once", async () => {
    const settings = await readCareProgramSettings();
    const cached = await registrySnapshot();
    const direct = await buildRegistrySnapshot(settings, cached.asOf, getEnv().CLINIC_TIME_ZONE);
    expect(cached.rows).toEqual(direct.rows);
    await udtCollected(pHigh, 1);
    const after = await registrySnapshot();
    expect(after).not.toBe(cached);
    expect(after.rows.find((r) => r.patientId === pHigh)!.openGaps).not.toContain("udt-due");
    dropRegistrySnapshot();
    const rebuilt = await registrySnapshot();
    expect(rebuilt.rows).toEqual((await buildRegistrySnapshot(settings, cached.asOf, getEnv().CLINIC_TIME_ZONE)).rows);
  });
});
