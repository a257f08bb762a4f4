import { randomUUID } from "node:crypto";
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from "jose";
import { NextRequest } from "next/server";
import { beforeAll, describe, expect, it, vi } from "vitest";
import type { Bundle, OperationOutcome, Resource } from "@medplum/fhirtypes";
import { GET as readRoute } from "@/app/fhir/R4/[type]/[id]/route";
import { GET as historyRoute } from "@/app/fhir/R4/[type]/[id]/_history/route";
import { GET as vreadRoute } from "@/app/fhir/R4/[type]/[id]/_history/[vid]/route";
import { GET as searchRoute } from "@/app/fhir/R4/[type]/route";
import { POST as tokenRoute } from "@/app/fhir/R4/auth/token/route";
import { GET as metadataRoute } from "@/app/fhir/R4/metadata/route";
import { GET as smartRoute } from "@/app/fhir/R4/well-known/smart-configuration/route";
import { fhirBaseUrl, registerFhirClient, revokeFhirClient } from "@/modules/fhir/index.server";
import { db, pgPool } from "@/server/db";
import { actorFor, ctx, makePatient, makeUser } from "../factories";
import { fhirIssues, loadFhirValidator } from "../factories/fhir-validator";
import { giveConsent } from "../factories/consent";
import { beginRequest } from "../factories/next-request";

vi.mock("next/headers", async () => (await import("../factories/next-request")).nextHeadersModule);
vi.mock("next/cache", async () => (await import("../factories/next-request")).nextCacheModule);

/**
 * The FHIR API end to end against Postgres (docs/decisions/fhir-api.md): SMART Backend Services
 * tokens from real RS384/ES384 keys, read and search with scopes, paging, OperationOutcome errors,
 * audit rows with the client as actor, revocation, and a fixed statement count per search.
 */
type Key = { privateKey: CryptoKey; jwk: JWK };
async function makeKey(alg: "RS384" | "ES384", kid: string): Promise<Key> {
  const { privateKey, publicKey } = await generateKeyPair(alg);
  return { privateKey, jwk: { ...(await exportJWK(publicKey)), kid, alg } };
}

let base: string;
let tokenUrl: string;
let rsa: Key;
let ec: Key;
let stranger: Key;
let full: string; // client with system/*.rs
let narrow: string; // client with system/Patient.rs only
let admin: ReturnType<typeof actorFor>;
let p1: { id: string; mrn: string };
let p2: { id: string; mrn: string };
let p3: { id: string; mrn: string };
const phqSeries = randomUUID();

async function assertion(clientId: string, key: Key, over: Record<string, unknown> = {}, alg?: string) {
  const now = Math.floor(Date.now() / 1000);
  const claims = { jti: randomUUID(), iss: clientId, sub: clientId, aud: tokenUrl, exp: now + 240, ...over };
  return new SignJWT(claims).setProtectedHeader({ alg: alg ?? key.jwk.alg!, kid: key.jwk.kid }).sign(key.privateKey);
}

async function tokenCall(form: Record<string, string>) {
  beginRequest();
  const res = await tokenRoute(
    new NextRequest(tokenUrl, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams(form).toString(),
    }),
    {},
  );
  return { status: res.status, body: (await res.json()) as Record<string, string> };
}
const tokenForm = (a: string, scope = "system/*.rs") => ({
  grant_type: "client_credentials",
  client_assertion_type: "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
  client_assertion: a,
  scope,
});
async function tokenFor(clientId: string, key: Key, scope = "system/*.rs"): Promise<string> {
  const r = await tokenCall(tokenForm(await assertion(clientId, key), scope));
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body.access_token!;
}

async function fhir(
  path: string,
  token: string | null,
): Promise<{ status: number; type: string | null; body: Resource }> {
  const url = new URL(path.startsWith("http") ? path : `${base}/${path}`);
  const [type, id] = url.pathname.slice(new URL(base).pathname.length + 1).split("/");
  const requestId = beginRequest();
  const req = new NextRequest(url, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  const [, , , vid] = url.pathname.slice(new URL(base).pathname.length + 1).split("/");
  const hist = url.pathname.includes("/_history");
  const res = hist
    ? vid
      ? await vreadRoute(req, { params: Promise.resolve({ type: type!, id: id!, vid }) })
      : await historyRoute(req, { params: Promise.resolve({ type: type!, id: id! }) })
    : id
      ? await readRoute(req, { params: Promise.resolve({ type: type!, id }) })
      : await searchRoute(req, { params: Promise.resolve({ type: type! }) });
  lastRequestId = res.headers.get("x-request-id") ?? requestId;
  return { status: res.status, type: res.headers.get("content-type"), body: (await res.json()) as Resource };
}
let lastRequestId = "";
const issue = (r: Resource) => (r as OperationOutcome).issue?.[0];
const entries = (b: Resource) => ((b as Bundle).entry ?? []).map((e) => e.resource!);

async function response(
  patientId: string,
  instrument: "PEG" | "PHQ9",
  at: Date,
  answers: Record<string, number>,
  scoreTenths: number,
  series = randomUUID(),
  version = 1,
) {
  return db.formResponse.create({
    data: {
      id: version === 1 ? series : randomUUID(),
      seriesId: series,
      version,
      patientId,
      instrument,
      instrumentVersion: instrument === "PEG" ? "PEG-2009.1" : "PHQ-9-2001.1",
      answers,
      scoreTenths,
      safetyFlag: instrument === "PHQ9" && (answers["9"] ?? 0) > 0,
      mode: "PORTAL",
      answeredAt: at,
      idempotencyKey: randomUUID(),
      ...(version > 1 ? { correctionReason: "Entered the wrong answer" } : {}),
    },
    select: { id: true },
  });
}
const phq = (item9: number) => ({
  "1": 1,
  "2": 1,
  "3": 1,
  "4": 1,
  "5": 0,
  "6": 0,
  "7": 0,
  "8": 0,
  "9": item9,
  "10": 1,
});

beforeAll(async () => {
  await loadFhirValidator();
  base = fhirBaseUrl();
  tokenUrl = `${base}/auth/token`;
  admin = actorFor(await makeUser("ADMIN"));
  await makeUser("CLINICIAN");
  [rsa, ec, stranger] = await Promise.all([makeKey("RS384", "rsa-1"), makeKey("ES384", "ec-1"), makeKey("RS384", "x")]);
  full = (
    await registerFhirClient(
      admin,
      { name: "EHR", jwks: JSON.stringify({ keys: [rsa.jwk, ec.jwk] }), scopes: ["system/*.rs"] },
      ctx(),
    )
  ).id;
  narrow = (
    await registerFhirClient(
      admin,
      { name: "Directory", jwks: JSON.stringify({ keys: [rsa.jwk] }), scopes: ["system/Patient.rs"] },
      ctx(),
    )
  ).id;
  [p1, p2, p3] = await Promise.all([makePatient({ preferredLanguage: "es" }), makePatient(), makePatient()]);
  await response(p1.id, "PEG", new Date("2026-01-10T15:00:00Z"), { p: 6, e: 7, g: 5 }, 60);
  await response(p1.id, "PEG", new Date("2026-02-10T15:00:00Z"), { p: 4, e: 4, g: 5 }, 43);
  await response(p1.id, "PHQ9", new Date("2026-02-10T15:05:00Z"), phq(0), 40, phqSeries);
  const corrected = await response(p1.id, "PHQ9", new Date("2026-02-10T15:05:00Z"), phq(1), 50, phqSeries, 2);
  await db.safetyAlert.create({ data: { patientId: p1.id, responseId: corrected.id, item9Answer: 1 } });
  const clinician = await makeUser("CLINICIAN");
  const type = await db.visitType.create({
    data: { name: `FHIR follow-up ${randomUUID().slice(0, 6)}`, durationMinutes: 30 },
  });
  const visit = (startsAt: Date, over: Record<string, unknown>) =>
    db.visit.create({
      data: {
        patientId: p1.id,
        clinicianId: clinician.id,
        visitTypeId: type.id,
        startsAt,
        endsAt: new Date(startsAt.getTime() + 30 * 60_000),
        reason: "Follow-up",
        idempotencyKey: randomUUID(),
        createdById: clinician.id,
        modality: "VIDEO",
        ...over,
      },
    });
  const held = new Date("2026-02-10T16:00:00Z");
  await visit(held, {
    status: "COMPLETED",
    checkedInAt: held,
    startedAt: new Date(held.getTime() + 60_000),
    completedAt: new Date(held.getTime() + 25 * 60_000),
  });
  await visit(new Date("2026-04-10T16:00:00Z"), { modality: "PHONE", phoneNumber: "+12065550150" });
  await db.medication.createMany({
    data: [
      {
        patientId: p1.id,
        drugKey: "oxycodone",
        name: "Oxycodone 5 mg tablet",
        doseAmount: 5,
        doseUnit: "mg",
        timesPerDay: 3,
        route: "ORAL",
        startedOn: new Date("2025-09-01"),
        prescriber: "Dr. Lee",
        isOpioid: true,
        createdById: clinician.id,
      },
      {
        patientId: p1.id,
        drugKey: "gabapentin",
        name: "Gabapentin 300 mg",
        doseAmount: 300,
        doseUnit: "mg",
        timesPerDay: 2,
        route: "ORAL",
        startedOn: new Date("2025-01-01"),
        stoppedOn: new Date("2025-08-01"),
        stopReason: "Drowsy",
        prescriber: "Dr. Lee",
        isOpioid: false,
        createdById: clinician.id,
      },
    ],
  });
  await giveConsent(p1.id, { kind: "VIDEO", capturedById: clinician.id });
  await giveConsent(p1.id, { kind: "PHONE", capturedById: clinician.id, capturedAt: new Date("2024-01-01T00:00:00Z") });
  for (const p of [p2, p3])
    for (let m = 1; m <= 6; m++) await response(p.id, "PHQ9", new Date(Date.UTC(2025, m, 1)), phq(0), 40);
}, 120_000);

describe("SMART Backend Services token endpoint", () => {
  it("issues a bearer token for an RS384 and an ES384 assertion, with the scopes asked and allowed", async () => {
    for (const key of [rsa, ec]) {
      const r = await tokenCall(tokenForm(await assertion(full, key), "system/Patient.rs system/Observation.rs"));
      expect(r.status).toBe(200);
      expect(r.body).toMatchObject({
        token_type: "bearer",
        expires_in: 300,
        scope: "system/Patient.rs system/Observation.rs",
      });
      const stored = await db.fhirAccessToken.findFirstOrThrow({
        where: { clientId: full },
        orderBy: { issuedAt: "desc" },
      });
      expect(stored.tokenHash).not.toBe(r.body.access_token);
      expect(stored.expiresAt.getTime() - stored.issuedAt.getTime()).toBe(300_000);
    }
    const narrowed = await tokenCall(
      tokenForm(await assertion(narrow, rsa), "system/Patient.rs system/Observation.rs"),
    );
    expect(narrowed.body.scope).toBe("system/Patient.rs");
  });

  it("refuses a replayed assertion", async () => {
    const a = await assertion(full, rsa);
    expect((await tokenCall(tokenForm(a))).status).toBe(200);
    expect(await tokenCall(tokenForm(a))).toMatchObject({
      status: 401,
      body: { error: "invalid_client", error_description: expect.stringContaining("replay") },
    });
  });

  it.each<[string, () => Promise<Record<string, string>>, number, string]>([
    ["a key not registered", async () => tokenForm(await assertion(full, stranger)), 401, "invalid_client"],
    [
      "another audience",
      async () => tokenForm(await assertion(full, rsa, { aud: "https://elsewhere.test/token" })),
      401,
      "invalid_client",
    ],
    [
      "exp an hour ahead",
      async () => tokenForm(await assertion(full, rsa, { exp: Math.floor(Date.now() / 1000) + 3600 })),
      401,
      "invalid_client",
    ],
    ["sub not the client", async () => tokenForm(await assertion(full, rsa, { sub: narrow })), 401, "invalid_client"],
    [
      "RS256",
      async () => {
        const { privateKey, publicKey } = await generateKeyPair("RS256");
        const jwk = { ...(await exportJWK(publicKey)), kid: "rs256" };
        const { id } = await registerFhirClient(
          admin,
          { name: "Weak", jwks: JSON.stringify({ keys: [jwk] }), scopes: ["system/*.rs"] },
          ctx(),
        );
        return tokenForm(await assertion(id, { privateKey, jwk }, {}, "RS256"));
      },
      401,
      "invalid_client",
    ],
    ["an unknown client", async () => tokenForm(await assertion(randomUUID(), rsa)), 401, "invalid_client"],
    ["not a JWT", async () => tokenForm("not.a.jwt"), 401, "invalid_client"],
    [
      "a scope it may not have",
      async () => tokenForm(await assertion(narrow, rsa), "system/Observation.rs"),
      400,
      "invalid_scope",
    ],
    ["a write scope", async () => tokenForm(await assertion(full, rsa), "system/Patient.cruds"), 400, "invalid_scope"],
    [
      "another grant",
      async () => ({ ...tokenForm(await assertion(full, rsa)), grant_type: "password" }),
      400,
      "unsupported_grant_type",
    ],
    ["no assertion", async () => ({ grant_type: "client_credentials", scope: "system/*.rs" }), 400, "invalid_request"],
  ])("refuses %s", async (_n, form, status, error) => {
    expect(await tokenCall(await form())).toMatchObject({ status, body: { error } });
  });

  it("is published in the SMART configuration and the CapabilityStatement", async () => {
    const smart = (await (
      await smartRoute(new NextRequest(`${base}/.well-known/smart-configuration`), {})
    ).json()) as Record<string, unknown>;
    expect(smart).toMatchObject({
      token_endpoint: tokenUrl,
      token_endpoint_auth_methods_supported: ["private_key_jwt"],
    });
    const meta = await metadataRoute(new NextRequest(`${base}/metadata`), {});
    expect(meta.headers.get("content-type")).toContain("application/fhir+json");
    const cs = (await meta.json()) as Resource;
    expect(cs.resourceType).toBe("CapabilityStatement");
    expect(await fhirIssues(cs)).toEqual([]);
  });
});

describe("read and search", () => {
  let token: string;
  beforeAll(async () => {
    token = await tokenFor(full, rsa);
  });

  it("reads a Patient as valid FHIR, audited with the client as actor and the patient", async () => {
    const r = await fhir(`Patient/${p1.id}`, token);
    expect(r.status).toBe(200);
    expect(r.type).toContain("application/fhir+json");
    expect(r.body).toMatchObject({ resourceType: "Patient", id: p1.id, identifier: [{ value: p1.mrn }] });
    expect(await fhirIssues(r.body)).toEqual([]);
    const rows = await db.auditEvent.findMany({ where: { requestId: lastRequestId } });
    expect(rows).toEqual([
      expect.objectContaining({
        actorClientId: full,
        actorRole: "FHIR_CLIENT",
        actorUserId: null,
        action: "READ",
        entityType: "Patient",
        patientId: p1.id,
        outcome: "SUCCESS",
      }),
    ]);
  });

  it("finds a patient by MRN", async () => {
    const r = await fhir(`Patient?identifier=${encodeURIComponent(`urn:virtual-pain-clinic:mrn|${p2.mrn}`)}`, token);
    expect(entries(r.body).map((p) => p.id)).toEqual([p2.id]);
  });

  it("searches the PHQ-9 totals of a patient: the latest version, derived from its QuestionnaireResponse", async () => {
    const r = await fhir(`Observation?patient=${p1.id}&code=http://loinc.org|44261-6`, token);
    expect(r.status).toBe(200);
    const obs = entries(r.body);
    expect(obs).toHaveLength(1);
    expect(obs[0]).toMatchObject({
      valueInteger: 5,
      status: "amended",
      meta: { versionId: "2" },
      derivedFrom: [{ reference: `QuestionnaireResponse/${phqSeries}` }],
    });
    const qr = await fhir(`QuestionnaireResponse/${phqSeries}`, token);
    expect(qr.body).toMatchObject({ meta: { versionId: "2" }, status: "amended" });
    const peg = entries(
      (await fhir(`Observation?patient=Patient/${p1.id}&code=91147-9&date=ge2026-02-01`, token)).body,
    );
    expect(peg.map((o) => (o as { valueQuantity?: { value?: number } }).valueQuantity?.value)).toEqual([4.3]);
  });

  it.each([
    ["category=survey", 19],
    ["code=44260-8", 1],
    ["date=2026-01", 4],
    ["_lastUpdated=ge2020-01-01", 19],
  ])("Observation?patient&%s gives %i", async (q, n) => {
    expect(entries((await fhir(`Observation?patient=${p1.id}&${q}`, token)).body)).toHaveLength(n);
  });

  it("serves visits as Appointments (video/phone) and held visits as virtual Encounters", async () => {
    const appts = entries((await fhir(`Appointment?patient=${p1.id}`, token)).body);
    expect(
      appts.map((a) => [
        (a as { status?: string }).status,
        (a as { serviceType?: { coding?: { code?: string }[] }[] }).serviceType?.[0]?.coding?.[0]?.code,
      ]),
    ).toEqual([
      ["booked", "phone"],
      ["fulfilled", "video"],
    ]);
    expect(
      entries((await fhir(`Appointment?patient=${p1.id}&status=booked&date=ge2026-04-01`, token)).body),
    ).toHaveLength(1);
    const enc = entries((await fhir(`Encounter?patient=${p1.id}`, token)).body);
    expect(enc).toMatchObject([
      { status: "finished", class: { code: "VR" }, subject: { reference: `Patient/${p1.id}` } },
    ]);
    for (const r of [...appts, ...enc]) expect(await fhirIssues(r)).toEqual([]);
    const rows = await db.auditEvent.findMany({ where: { requestId: lastRequestId } });
    expect(rows).toMatchObject([{ entityType: "Visit", patientId: p1.id, action: "LIST" }]);
  });

  it("serves the medication list as MedicationStatements", async () => {
    const meds = entries((await fhir(`MedicationStatement?patient=${p1.id}`, token)).body);
    expect(meds).toMatchObject([
      { status: "active", medicationCodeableConcept: { text: "Oxycodone 5 mg tablet" } },
      { status: "stopped" },
    ]);
    expect(entries((await fhir(`MedicationStatement?patient=${p1.id}&status=stopped`, token)).body)).toHaveLength(1);
    for (const r of meds) expect(await fhirIssues(r)).toEqual([]);
  });

  it("serves consents: current ones active, expired ones inactive", async () => {
    const consents = entries((await fhir(`Consent?patient=${p1.id}`, token)).body);
    expect(
      consents.map((c) => [
        (c as { status?: string }).status,
        (c as { category?: { coding?: { code?: string }[] }[] }).category?.[0]?.coding?.[0]?.code,
      ]),
    ).toEqual([
      ["active", "video-visit"],
      ["inactive", "telephone-visit"],
    ]);
    expect(entries((await fhir(`Consent?patient=${p1.id}&status=active`, token)).body)).toHaveLength(1);
    for (const r of consents) expect(await fhirIssues(r)).toEqual([]);
  });

  it("keeps every correction of a QuestionnaireResponse as a version: _history and vread", async () => {
    const h = await fhir(`QuestionnaireResponse/${phqSeries}/_history`, token);
    expect(h.status).toBe(200);
    expect(h.body).toMatchObject({ resourceType: "Bundle", type: "history", total: 2 });
    expect(entries(h.body).map((e) => e.meta?.versionId)).toEqual(["2", "1"]);
    expect(await fhirIssues(h.body)).toEqual([]);
    const v1 = await fhir(`QuestionnaireResponse/${phqSeries}/_history/1`, token);
    expect(v1.body).toMatchObject({ status: "completed", meta: { versionId: "1" } });
    expect((await fhir(`QuestionnaireResponse/${phqSeries}/_history/3`, token)).status).toBe(404);
    expect((await fhir(`Patient/${p1.id}/_history`, token)).status).toBe(404);
    const rows = await db.auditEvent.findMany({ where: { requestId: lastRequestId } });
    expect(rows).toEqual([]); // a refused type reads nothing
  });

  it("returns open item-9 alerts as active Flags", async () => {
    const r = await fhir(`Flag?patient=${p1.id}&status=active`, token);
    expect(entries(r.body)).toMatchObject([
      { resourceType: "Flag", status: "active", subject: { reference: `Patient/${p1.id}` } },
    ]);
    expect(entries((await fhir(`Flag?patient=${p1.id}&status=inactive`, token)).body)).toEqual([]);
  });

  it("pages with next links until the end, each page valid", async () => {
    const seen: string[] = [];
    let url: string | undefined = `QuestionnaireResponse?patient=${p2.id},${p3.id}&_count=5`;
    let pages = 0;
    while (url && pages < 10) {
      const r = await fhir(url, token);
      expect(r.status).toBe(200);
      expect(await fhirIssues(r.body)).toEqual([]);
      seen.push(...entries(r.body).map((e) => e.id!));
      url = (r.body as Bundle).link?.find((l) => l.relation === "next")?.url;
      pages++;
    }
    expect(pages).toBe(3);
    expect(new Set(seen).size).toBe(12);
  });

  it("audits a search once per patient returned, in one statement, and the statement count does not grow with the rows", async () => {
    const count = async (q: string) => {
      const spy = vi.spyOn(pgPool(), "query");
      const r = await fhir(q, token);
      const n = spy.mock.calls.length;
      spy.mockRestore();
      expect(r.status).toBe(200);
      return n;
    };
    const one = await count(`Observation?patient=${p1.id}`);
    const three = await count(`Observation?patient=${p1.id},${p2.id},${p3.id}&_count=200`);
    expect(one).toBeGreaterThan(0);
    expect(three).toBe(one);
    const rows = await db.auditEvent.findMany({
      where: { requestId: lastRequestId },
      select: { patientId: true, actorClientId: true, action: true },
    });
    expect(rows.map((r) => r.patientId).sort()).toEqual([p1.id, p2.id, p3.id].sort());
    expect(rows.every((r) => r.actorClientId === full && r.action === "LIST")).toBe(true);
  });

  it("every resource it returns passes FHIR R4 structure validation", async () => {
    const all: Resource[] = [];
    for (const q of [
      `Patient?_count=200`,
      `Practitioner`,
      `Questionnaire`,
      `QuestionnaireResponse?patient=${p1.id}`,
      `Observation?patient=${p1.id}`,
      `Flag?patient=${p1.id}`,
    ])
      all.push(...entries((await fhir(q, token)).body));
    expect(new Set(all.map((r) => r.resourceType)).size).toBe(6);
    for (const r of all) expect(await fhirIssues(r), `${r.resourceType}/${r.id}`).toEqual([]);
  });
});

describe("refusals are OperationOutcomes with the right status", () => {
  it.each<[string, string, () => Promise<string | null>, number, string]>([
    ["no token", "Patient", async () => null, 401, "login"],
    ["an unknown token", "Patient", async () => "x".repeat(43), 401, "login"],
    [
      "a scope the token lacks",
      "Observation?patient=P",
      async () => tokenFor(narrow, rsa, "system/Patient.rs"),
      403,
      "forbidden",
    ],
    ["read-only scope on a search", "Patient", async () => tokenFor(full, rsa, "system/Patient.r"), 403, "forbidden"],
    ["an unknown type", "Basic", async () => tokenFor(full, rsa), 404, "not-supported"],
    ["a missing record", `Patient/${randomUUID()}`, async () => tokenFor(full, rsa), 404, "not-found"],
    ["an unknown parameter", "Patient?gender=female", async () => tokenFor(full, rsa), 400, "invalid"],
    ["a search without patient", "Observation?code=44261-6", async () => tokenFor(full, rsa), 400, "invalid"],
    ["a bad _count", "Patient?_count=9999", async () => tokenFor(full, rsa), 400, "invalid"],
  ])("%s", async (_n, path, token, status, code) => {
    const r = await fhir(path.replace("=P", `=${p1.id}`), await token());
    expect(r.status).toBe(status);
    expect(r.type).toContain("application/fhir+json");
    expect(issue(r.body)?.code).toBe(code);
    expect(JSON.stringify(r.body)).not.toContain(p1.mrn);
    if (status === 401 || status === 403) {
      const rows = await db.auditEvent.findMany({ where: { requestId: lastRequestId } });
      expect(rows).toMatchObject([{ outcome: "DENIED", entityType: "FhirApi" }]);
    }
  });

  it("names the bad parameter", async () => {
    const r = await fhir("Patient?gender=female", await tokenFor(full, rsa));
    expect(issue(r.body)).toMatchObject({
      diagnostics: "gender: is not a supported search parameter for Patient",
      expression: ["gender"],
    });
  });
});

describe("revoking a client", () => {
  it("ends its issued tokens at once and refuses new ones", async () => {
    const key = await makeKey("ES384", "r-1");
    const { id } = await registerFhirClient(
      admin,
      { name: "Registry", jwks: JSON.stringify({ keys: [key.jwk] }), scopes: ["system/Patient.rs"] },
      ctx(),
    );
    const token = await tokenFor(id, key, "system/Patient.rs");
    expect((await fhir(`Patient/${p1.id}`, token)).status).toBe(200);
    await revokeFhirClient(admin, id, ctx());
    expect((await fhir(`Patient/${p1.id}`, token)).status).toBe(401);
    expect(await tokenCall(tokenForm(await assertion(id, key), "system/Patient.rs"))).toMatchObject({
      status: 401,
      body: { error: "invalid_client" },
    });
    const audit = await db.auditEvent.findFirst({
      where: { entityType: "FhirClient", entityId: id, action: "UPDATE" },
    });
    expect(audit).toMatchObject({ actorUserId: admin.userId, outcome: "SUCCESS" });
  });

  it("registration refuses a private key and a key set that is not JSON, naming the field", async () => {
    const { privateKey } = await generateKeyPair("RS384", { extractable: true });
    const priv = await exportJWK(privateKey);
    await expect(
      registerFhirClient(
        admin,
        { name: "Bad", jwks: JSON.stringify({ keys: [priv] }), scopes: ["system/*.rs"] },
        ctx(),
      ),
    ).rejects.toMatchObject({
      code: "VALIDATION",
      fieldErrors: { jwks: [expect.stringContaining("public keys only")] },
    });
    await expect(
      registerFhirClient(admin, { name: "Bad", jwks: "{", scopes: ["system/*.rs"] }, ctx()),
    ).rejects.toMatchObject({ code: "VALIDATION", fieldErrors: { jwks: [expect.any(String)] } });
  });
});
