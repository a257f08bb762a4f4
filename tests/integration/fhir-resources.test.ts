import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it, vi } from "vitest";
import type { Binary, DiagnosticReport, DocumentReference, Observation, ServiceRequest } from "@medplum/fhirtypes";
import { emptyAuditFilter } from "@/modules/audit/core/filter";
import { listAuditEvents } from "@/modules/audit/index.server";
import { registerFhirClient } from "@/modules/fhir/index.server";
import { db, pgPool } from "@/server/db";
import { actorFor, ctx, makePatient, makeUser } from "../factories";
import { entriesOf, fhirGet, fhirJson, makeKey, requestToken, type Key } from "../factories/fhir-client";
import { fhirIssues, loadFhirValidator } from "../factories/fhir-validator";

vi.mock("next/headers", async () => (await import("../factories/next-request")).nextHeadersModule);
vi.mock("next/cache", async () => (await import("../factories/next-request")).nextCacheModule);

/**
 * Drug tests, referrals and signed notes over the FHIR API (docs/decisions/fhir-api.md): UDT
 * orders and referrals as ServiceRequest, findings as laboratory Observations grouped by
 * DiagnosticReport, notes as DocumentReference with the PDF as Binary, and _include.
 */
let key: Key;
let admin: ReturnType<typeof actorFor>;
let full: string;
let labOnly: string;
let token: string;
let p: { id: string; mrn: string };
let q: { id: string; mrn: string };
let order: { id: string };
let noteId: string;
const collected = new Date("2026-03-02T15:00:00Z");

async function udtOrder(patientId: string, clinicianId: string, over: Record<string, unknown>) {
  return db.udtOrder.create({
    data: {
      patientId,
      state: "ORDERED",
      reasonCode: "NONE_IN_PAST_12_MONTHS",
      panelCode: "CHRONIC_PAIN_STANDARD",
      collectionMethod: "LAB_PSC",
      windowStart: new Date("2026-03-01T15:00:00Z"),
      windowEnd: new Date("2026-03-02T15:00:00Z"),
      orderedById: clinicianId,
      dueRole: "COORDINATOR",
      dueAt: new Date("2026-03-02T15:00:00Z"),
      ...over,
    },
    select: { id: true },
  });
}

beforeAll(async () => {
  await loadFhirValidator();
  admin = actorFor(await makeUser("ADMIN"));
  const clinician = await makeUser("CLINICIAN");
  key = await makeKey("ES384", "res-1");
  const jwks = JSON.stringify({ keys: [key.jwk] });
  full = (await registerFhirClient(admin, { name: "EHR", jwks, scopes: ["system/*.rs"] }, ctx())).id;
  labOnly = (await registerFhirClient(admin, { name: "Lab", jwks, scopes: ["system/DiagnosticReport.rs"] }, ctx())).id;
  token = await requestToken(full, key);
  [p, q] = await Promise.all([makePatient(), makePatient()]);
  order = await udtOrder(p.id, clinician.id, {
    state: "AWAITING_REVIEW",
    collectedAt: collected,
    resultedAt: new Date("2026-03-04T15:00:00Z"),
    interpretation: "UNEXPECTED",
    confirmationResultedAt: new Date("2026-03-08T15:00:00Z"),
  });
  await db.udtFinding.createMany({
    data: [
      {
        orderId: order.id,
        kind: "SCREEN",
        substance: "oxycodone",
        detected: true,
        interpretation: "EXPECTED",
        why: "Prescribed oxycodone detected",
      },
      {
        orderId: order.id,
        kind: "SCREEN",
        substance: "cocaine",
        detected: true,
        interpretation: "UNEXPECTED",
        why: "Cocaine detected",
      },
      {
        orderId: order.id,
        kind: "CONFIRMATORY",
        substance: "cocaine",
        detected: false,
        interpretation: "EXPECTED",
        why: "Cocaine not confirmed",
      },
    ],
  });
  await udtOrder(p.id, clinician.id, {
    state: "CANCELLED",
    cancelledAt: new Date(),
    cancelReason: "Duplicate",
    dueRole: null,
    dueAt: null,
  });
  await udtOrder(q.id, clinician.id, {});
  await db.referral.create({
    data: { patientId: p.id, kind: "PHYSICAL_THERAPY", telehealth: true, createdById: clinician.id },
  });
  await db.referral.create({
    data: { patientId: p.id, kind: "BEHAVIORAL_THERAPY", status: "DECLINED", createdById: clinician.id },
  });
  const type = await db.visitType.create({
    data: { name: `FHIR notes ${randomUUID().slice(0, 6)}`, durationMinutes: 30 },
  });
  const visit = async (startsAt: Date) =>
    db.visit.create({
      data: {
        patientId: p.id,
        clinicianId: clinician.id,
        visitTypeId: type.id,
        startsAt,
        endsAt: new Date(startsAt.getTime() + 30 * 60_000),
        reason: "Follow-up",
        idempotencyKey: randomUUID(),
        createdById: clinician.id,
        modality: "VIDEO",
        status: "COMPLETED",
        startedAt: startsAt,
        completedAt: new Date(startsAt.getTime() + 25 * 60_000),
      },
      select: { id: true },
    });
  const [held, draft] = await Promise.all([
    visit(new Date("2026-03-10T16:00:00Z")),
    visit(new Date("2026-03-11T16:00:00Z")),
  ]);
  const note = await db.visitNote.create({
    data: {
      visitId: held.id,
      patientId: p.id,
      authorId: clinician.id,
      status: "SIGNED",
      modalityUsed: "AUDIO_VIDEO",
      clinicianLocation: "Clinic",
      assessment: "Stable on current plan",
      plan: "Continue",
      signedAt: new Date("2026-03-10T17:00:00Z"),
      signedById: clinician.id,
    },
    select: { id: true },
  });
  noteId = note.id;
  await db.visitNote.create({
    data: { visitId: draft.id, patientId: p.id, authorId: clinician.id, modalityUsed: "AUDIO_VIDEO" },
  });
}, 120_000);

const codes = (r: { coding?: { code?: string }[] } | undefined) => (r?.coding ?? []).map((c) => c.code);

describe("drug tests and referrals", () => {
  it("serves UDT orders and referrals as ServiceRequests: window, status, codes", async () => {
    const all = entriesOf((await fhirJson(`ServiceRequest?patient=${p.id}`, token)).body) as ServiceRequest[];
    expect(all).toHaveLength(4);
    const udt = all.find((s) => s.id === order.id)!;
    expect(udt).toMatchObject({
      status: "active",
      intent: "order",
      occurrencePeriod: { start: "2026-03-01T15:00:00.000Z", end: "2026-03-02T15:00:00.000Z" },
      subject: { reference: `Patient/${p.id}` },
    });
    expect(codes(udt.code)).toContain("87428-9");
    const lab = (await fhirJson(`ServiceRequest?patient=${p.id}&category=http://snomed.info/sct|108252007`, token))
      .body;
    expect(
      entriesOf(lab)
        .map((s) => (s as ServiceRequest).status)
        .sort(),
    ).toEqual(["active", "revoked"]);
    const referrals = entriesOf((await fhirJson(`ServiceRequest?patient=${p.id}&category=3457005`, token)).body);
    expect(referrals.map((s) => (s as ServiceRequest).code?.text).sort()).toEqual([
      "Behavioral therapy",
      "Physical therapy (telehealth)",
    ]);
    expect(entriesOf((await fhirJson(`ServiceRequest?patient=${p.id}&status=revoked`, token)).body)).toHaveLength(2);
    expect(entriesOf((await fhirJson(`ServiceRequest?patient=${p.id}&code=87428-9`, token)).body)).toHaveLength(2);
    for (const r of all) expect(await fhirIssues(r), r.id).toEqual([]);
  });

  it("serves each finding as a laboratory Observation with its interpretation", async () => {
    const obs = entriesOf(
      (await fhirJson(`Observation?patient=${p.id}&category=laboratory`, token)).body,
    ) as Observation[];
    expect(obs).toHaveLength(3);
    const cocaine = obs.find((o) => codes(o.code).includes("14314-9"))!;
    expect(cocaine).toMatchObject({
      status: "final",
      effectiveDateTime: collected.toISOString(),
      basedOn: [{ reference: `ServiceRequest/${order.id}` }],
      valueCodeableConcept: { text: "Detected" },
    });
    expect(cocaine.interpretation?.flatMap((i) => codes(i))).toEqual(["UNE", "DET"]);
    expect(
      entriesOf((await fhirJson(`Observation?patient=${p.id}&code=http://loinc.org|14315-6`, token)).body),
    ).toHaveLength(1);
    expect(entriesOf((await fhirJson(`Observation?patient=${p.id}&category=survey`, token)).body)).toEqual([]);
    const one = await fhirJson(`Observation/${cocaine.id}`, token);
    expect(one.body).toMatchObject({ id: cocaine.id });
    for (const r of obs) expect(await fhirIssues(r), r.id).toEqual([]);
  });

  it("groups findings by DiagnosticReport (screen, confirmatory), and _include=DiagnosticReport:result adds them", async () => {
    const r = await fhirJson(`DiagnosticReport?patient=${p.id}&_include=DiagnosticReport:result`, token);
    expect(r.status).toBe(200);
    const reports = entriesOf(r.body) as DiagnosticReport[];
    expect(reports.map((d) => [d.id, d.status, d.result?.length])).toEqual([
      [`${order.id}-screen`, "final", 2],
      [`${order.id}-confirm`, "final", 1],
    ]);
    expect(reports[0]).toMatchObject({
      effectiveDateTime: collected.toISOString(),
      issued: "2026-03-04T15:00:00.000Z",
    });
    const included = entriesOf(r.body, "include");
    expect(included.map((o) => o.id).sort()).toEqual(
      reports.flatMap((d) => d.result!.map((x) => x.reference!.slice("Observation/".length))).sort(),
    );
    for (const x of [...reports, ...included]) expect(await fhirIssues(x), x.id).toEqual([]);
    const rows = await db.auditEvent.findMany({ where: { requestId: r.requestId } });
    expect(rows).toMatchObject([{ patientId: p.id, action: "LIST", actorClientId: full, entityType: "UdtOrder" }]);
    expect(rows[0]!.details).toMatchObject({ included: 3 });
  });

  it("shows the FHIR client's name as the actor on the audit log page", async () => {
    const r = await fhirJson(`ServiceRequest?patient=${p.id}`, token);
    expect(r.status).toBe(200);
    const log = await listAuditEvents(admin, { ...emptyAuditFilter, patientId: p.id }, ctx());
    if ("errors" in log) throw new Error(JSON.stringify(log.errors));
    expect(log.rows.find((row) => row.requestId === r.requestId)).toMatchObject({
      actor: "FHIR client: EHR",
      actorRole: "FHIR_CLIENT",
      details: expect.stringContaining('"records":["Referral","UdtOrder"]'),
    });
  });

  it("_include=Observation:patient adds the Patient once, marked include", async () => {
    const r = await fhirJson(`Observation?patient=${p.id}&_include=Observation:patient`, token);
    expect(entriesOf(r.body, "include")).toMatchObject([{ resourceType: "Patient", id: p.id }]);
    const rows = await db.auditEvent.findMany({ where: { requestId: r.requestId } });
    expect(rows).toHaveLength(1);
    expect(rows[0]!.details).toMatchObject({ records: ["UdtOrder", "Patient"] });
  });

  it("refuses an _include the token's scopes do not cover, and an _include the type does not have", async () => {
    const narrow = await requestToken(labOnly, key, "system/DiagnosticReport.rs");
    const r = await fhirJson(`DiagnosticReport?patient=${p.id}&_include=DiagnosticReport:result`, narrow);
    expect(r.status).toBe(403);
    expect(JSON.stringify(r.body)).toContain("Observation");
    const rows = await db.auditEvent.findMany({ where: { requestId: r.requestId } });
    expect(rows).toMatchObject([{ outcome: "DENIED", entityType: "FhirApi" }]);
    expect(entriesOf((await fhirJson(`DiagnosticReport?patient=${p.id}`, narrow)).body)).toHaveLength(2);
    const bad = await fhirJson(`Observation?patient=${p.id}&_include=Observation:performer`, token);
    expect(bad.status).toBe(400);
  });

  it("keeps the statement count of a search with _include independent of the rows", async () => {
    const count = async (path: string) => {
      const spy = vi.spyOn(pgPool(), "query");
      const r = await fhirJson(path, token);
      const n = spy.mock.calls.length;
      spy.mockRestore();
      expect(r.status).toBe(200);
      return n;
    };
    for (const t of ["ServiceRequest", "DiagnosticReport", "DocumentReference"]) {
      const inc = t === "DiagnosticReport" ? "&_include=DiagnosticReport:result" : `&_include=${t}:patient`;
      expect(await count(`${t}?patient=${p.id},${q.id}${inc}`), t).toBe(await count(`${t}?patient=${p.id}${inc}`));
    }
  });
});

describe("signed notes", () => {
  it("serves signed notes only, as DocumentReferences whose attachment is the Binary", async () => {
    const docs = entriesOf((await fhirJson(`DocumentReference?patient=${p.id}`, token)).body) as DocumentReference[];
    expect(docs).toHaveLength(1);
    expect(docs[0]).toMatchObject({
      id: noteId,
      status: "current",
      docStatus: "final",
      date: "2026-03-10T17:00:00.000Z",
      content: [{ attachment: { contentType: "application/pdf" } }],
    });
    expect(codes(docs[0]!.type)).toEqual(["11506-3"]);
    expect(await fhirIssues(docs[0]!)).toEqual([]);
    expect(
      entriesOf((await fhirJson(`DocumentReference?patient=${p.id}&type=11506-3&date=ge2026-03-01`, token)).body),
    ).toHaveLength(1);
    expect(entriesOf((await fhirJson(`DocumentReference?patient=${p.id}&date=lt2026-03-01`, token)).body)).toEqual([]);

    const url = docs[0]!.content[0]!.attachment.url!;
    const pdf = await fhirGet(url, token, { accept: "application/pdf" });
    expect(pdf.res.status).toBe(200);
    expect(pdf.res.headers.get("content-type")).toBe("application/pdf");
    expect(
      Buffer.from(await pdf.res.arrayBuffer())
        .subarray(0, 5)
        .toString(),
    ).toBe("%PDF-");
    const rows = await db.auditEvent.findMany({ where: { requestId: pdf.requestId } });
    expect(rows).toMatchObject([{ action: "EXPORT", entityType: "VisitNote", entityId: noteId, patientId: p.id }]);

    const json = await fhirJson(url, token);
    const bin = json.body as Binary;
    expect(bin).toMatchObject({ resourceType: "Binary", contentType: "application/pdf" });
    expect(Buffer.from(bin.data!, "base64").subarray(0, 5).toString()).toBe("%PDF-");
    expect(await fhirIssues(bin)).toEqual([]);
  }, 60_000);

  it("refuses a Binary search, an unknown Binary, and a Binary without its scope", async () => {
    expect((await fhirJson(`Binary?_id=${noteId}`, token)).status).toBe(400);
    expect((await fhirJson(`Binary/${randomUUID()}`, token)).status).toBe(404);
    const narrow = await requestToken(labOnly, key, "system/DiagnosticReport.rs");
    expect((await fhirJson(`Binary/${noteId}`, narrow)).status).toBe(403);
  });
});
