import { randomUUID } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Client } from "fhir-kit-client";
import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Bundle, Resource } from "@medplum/fhirtypes";
import { GET as readRoute } from "@/app/fhir/R4/[type]/[id]/route";
import { GET as searchRoute } from "@/app/fhir/R4/[type]/route";
import { POST as tokenRoute } from "@/app/fhir/R4/auth/token/route";
import { GET as metadataRoute } from "@/app/fhir/R4/metadata/route";
import { resourceDefs } from "@/modules/fhir/core/search";
import { registerFhirClient, revokeFhirClient } from "@/modules/fhir/index.server";
import { db } from "@/server/db";
import { actorFor, ctx, makePatient, makeUser } from "../factories";
import { makeKey, signAssertion, tokenForm, type Key } from "../factories/fhir-client";
import { fhirIssues, loadFhirValidator } from "../factories/fhir-validator";
import { beginRequest } from "../factories/next-request";

vi.mock("next/headers", async () => (await import("../factories/next-request")).nextHeadersModule);
vi.mock("next/cache", async () => (await import("../factories/next-request")).nextCacheModule);
// The API's base URL (token audience, next links) is this test's loopback server.
const origin = { url: "http://127.0.0.1:1" };
vi.mock("@/server/env-schema", async (orig) => ({
  ...(await orig<typeof import("@/server/env-schema")>()),
  appOrigin: () => origin.url,
}));

/**
 * The FHIR API driven by a real FHIR client library, fhir-kit-client, over HTTP on the loopback
 * interface (docs/decisions/fhir-api.md): the SMART Backend Services token request, every search
 * parameter of the patient-data types, paging by next links, and the refusals (no scope, revoked
 * client, replayed assertion). The HTTP server hands each request to the app's route handlers.
 */
let server: Server;
let base: string;
let key: Key;
let full: string;
let narrow: string;
let p: { id: string; mrn: string };
let orderId: string;
let noteId: string;

async function dispatch(req: NextRequest): Promise<Response> {
  const rest = req.nextUrl.pathname.replace(/^\/fhir\/R4\//, "");
  const [type, id] = rest.split("/");
  if (rest === "auth/token") return tokenRoute(req, {});
  if (rest === "metadata") return metadataRoute(req, {});
  if (id) return readRoute(req, { params: Promise.resolve({ type: type!, id }) });
  return searchRoute(req, { params: Promise.resolve({ type: type! }) });
}

async function postToken(form: Record<string, string>) {
  const res = await fetch(`${base}/auth/token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(form).toString(),
  });
  return { status: res.status, body: (await res.json()) as Record<string, string> };
}
async function clientFor(clientId: string, scope = "system/*.rs") {
  const t = await postToken(tokenForm(await signAssertion(clientId, key), scope));
  expect(t.status, JSON.stringify(t.body)).toBe(200);
  return new Client({ baseUrl: base, bearerToken: t.body.access_token! });
}
const statusOf = async (call: Promise<unknown>) =>
  call.then(
    () => 200,
    (e: { response?: { status?: number } }) => e.response?.status ?? 0,
  );
type KitBundle = Parameters<Client["nextPage"]>[0]["bundle"];
const entries = (b: unknown) => ((b as Bundle).entry ?? []).map((e) => e.resource!);

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      beginRequest();
      const body = chunks.length ? Buffer.concat(chunks) : undefined;
      const headers = new Headers();
      for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers.set(k, v);
      dispatch(new NextRequest(`${origin.url}${req.url}`, { method: req.method, headers, body }))
        .then(async (r) => {
          res.writeHead(r.status, Object.fromEntries(r.headers));
          res.end(Buffer.from(await r.arrayBuffer()));
        })
        .catch((e: unknown) => {
          res.writeHead(500);
          res.end(String(e));
        });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  base = `${origin.url}/fhir/R4`;
  await loadFhirValidator();
  const admin = actorFor(await makeUser("ADMIN"));
  const clinician = await makeUser("CLINICIAN");
  key = await makeKey("RS384", "kit-1");
  const jwks = JSON.stringify({ keys: [key.jwk] });
  full = (await registerFhirClient(admin, { name: "Kit EHR", jwks, scopes: ["system/*.rs"] }, ctx())).id;
  narrow = (await registerFhirClient(admin, { name: "Kit directory", jwks, scopes: ["system/Patient.rs"] }, ctx())).id;
  p = await makePatient();
  for (let m = 0; m < 7; m++)
    await db.formResponse.create({
      data: {
        seriesId: randomUUID(),
        patientId: p.id,
        instrument: "PEG",
        instrumentVersion: "PEG-2009.1",
        answers: { p: 5, e: 5, g: 5 },
        scoreTenths: 50,
        mode: "PORTAL",
        answeredAt: new Date(Date.UTC(2026, m, 5)),
        idempotencyKey: randomUUID(),
      },
    });
  const order = await db.udtOrder.create({
    data: {
      patientId: p.id,
      state: "AWAITING_REVIEW",
      reasonCode: "SAFETY_CONCERN",
      panelCode: "CHRONIC_PAIN_STANDARD",
      collectionMethod: "HOME_KIT_VIDEO_OBSERVED",
      windowStart: new Date("2026-03-01T15:00:00Z"),
      windowEnd: new Date("2026-03-02T15:00:00Z"),
      orderedById: clinician.id,
      collectedAt: new Date("2026-03-02T10:00:00Z"),
      resultedAt: new Date("2026-03-03T10:00:00Z"),
      interpretation: "EXPECTED",
      dueRole: "CLINICIAN",
      dueAt: new Date("2026-03-05T10:00:00Z"),
      findings: {
        create: [
          { kind: "SCREEN", substance: "oxycodone", detected: true, interpretation: "EXPECTED", why: "Prescribed" },
        ],
      },
    },
  });
  orderId = order.id;
  await db.referral.create({ data: { patientId: p.id, kind: "OTHER", detail: "Yoga", createdById: clinician.id } });
  const type = await db.visitType.create({ data: { name: `Kit ${randomUUID().slice(0, 6)}`, durationMinutes: 30 } });
  const at = new Date("2026-03-10T16:00:00Z");
  const visit = await db.visit.create({
    data: {
      patientId: p.id,
      clinicianId: clinician.id,
      visitTypeId: type.id,
      startsAt: at,
      endsAt: new Date(at.getTime() + 1_800_000),
      reason: "Follow-up",
      idempotencyKey: randomUUID(),
      createdById: clinician.id,
      modality: "VIDEO",
      status: "COMPLETED",
      startedAt: at,
      completedAt: new Date(at.getTime() + 1_500_000),
    },
  });
  noteId = (
    await db.visitNote.create({
      data: {
        visitId: visit.id,
        patientId: p.id,
        authorId: clinician.id,
        status: "SIGNED",
        modalityUsed: "AUDIO_VIDEO",
        assessment: "Stable",
        plan: "Continue",
        signedAt: new Date("2026-03-10T17:00:00Z"),
        signedById: clinician.id,
      },
    })
  ).id;
}, 120_000);

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

describe("fhir-kit-client with SMART Backend Services", () => {
  it("gets a token and reads the CapabilityStatement and a Patient", async () => {
    const client = await clientFor(full);
    const cs = (await client.capabilityStatement()) as Resource;
    expect(cs.resourceType).toBe("CapabilityStatement");
    const patient = (await client.read({ resourceType: "Patient", id: p.id })) as Resource;
    expect(patient).toMatchObject({ resourceType: "Patient", id: p.id });
  });

  // One search per parameter of the patient-data types, each expected to find p's rows.
  const searches: [string, Record<string, string | number>, number][] = [
    ["Patient", { _id: "P" }, 1],
    ["Patient", { identifier: "MRN" }, 1],
    ["Patient", { _lastUpdated: "ge2020-01-01", _id: "P" }, 1],
    ["Observation", { patient: "P" }, 29],
    ["Observation", { patient: "P", code: "91147-9" }, 7],
    ["Observation", { patient: "P", category: "laboratory" }, 1],
    ["Observation", { patient: "P", date: "ge2026-07-01", code: "91147-9" }, 1],
    ["Observation", { patient: "P", _lastUpdated: "ge2020-01-01", category: "laboratory" }, 1],
    ["Observation", { _id: "FINDING" }, 1],
    ["QuestionnaireResponse", { patient: "P", authored: "lt2026-02-01" }, 1],
    ["ServiceRequest", { patient: "P" }, 2],
    ["ServiceRequest", { patient: "P", category: "3457005" }, 1],
    ["ServiceRequest", { patient: "P", code: "87428-9" }, 1],
    ["ServiceRequest", { patient: "P", status: "active" }, 2],
    ["ServiceRequest", { patient: "P", authored: "ge2020-01-01" }, 2],
    ["ServiceRequest", { patient: "P", _lastUpdated: "ge2020-01-01" }, 2],
    ["ServiceRequest", { _id: "ORDER" }, 1],
    ["DiagnosticReport", { patient: "P", category: "LAB", code: "87428-9", status: "final" }, 1],
    ["DiagnosticReport", { patient: "P", date: "2026-03-02", _lastUpdated: "ge2026-03-01" }, 1],
    ["DiagnosticReport", { _id: "ORDER-screen" }, 1],
    ["DocumentReference", { patient: "P", category: "clinical-note", type: "11506-3", status: "current" }, 1],
    ["DocumentReference", { patient: "P", date: "ge2026-03-10", _lastUpdated: "ge2020-01-01" }, 1],
    ["DocumentReference", { _id: "NOTE" }, 1],
  ];
  it.each(searches)("%s %j", async (resourceType, params, n) => {
    const finding = await db.udtFinding.findFirstOrThrow({ where: { orderId }, select: { id: true } });
    const fill = (v: string | number) =>
      String(v)
        .replace("ORDER", orderId)
        .replace(/^P$/, p.id)
        .replace("MRN", p.mrn)
        .replace("FINDING", finding.id)
        .replace("NOTE", noteId);
    const client = await clientFor(full);
    const bundle = await client.search({
      resourceType,
      searchParams: Object.fromEntries(Object.entries(params).map(([k, v]) => [k, fill(v)])),
    });
    expect(entries(bundle)).toHaveLength(n);
    for (const r of entries(bundle)) expect(await fhirIssues(r)).toEqual([]);
  });

  it("covers every search parameter of those types", () => {
    for (const t of ["ServiceRequest", "DiagnosticReport", "DocumentReference", "Observation"] as const)
      for (const param of resourceDefs[t].params)
        expect(
          searches.some(([type, params]) => type === t && param.name in params),
          `${t} ${param.name}`,
        ).toBe(true);
  });

  it("pages with next links until the end", async () => {
    const client = await clientFor(full);
    let bundle = (await client.search({
      resourceType: "Observation",
      searchParams: { patient: p.id, code: "91147-9", _count: 3 },
    })) as KitBundle;
    const seen = entries(bundle).map((r) => r.id);
    let pages = 1;
    for (;;) {
      const next = client.nextPage({ bundle });
      if (!next) break;
      bundle = (await next) as KitBundle;
      seen.push(...entries(bundle).map((r) => r.id));
      pages++;
    }
    expect(pages).toBe(3);
    expect(new Set(seen).size).toBe(7);
  });

  it("refuses a client without the scope, a revoked client and a replayed assertion", async () => {
    const limited = await clientFor(narrow, "system/Patient.rs");
    expect(await statusOf(limited.read({ resourceType: "Patient", id: p.id }))).toBe(200);
    expect(await statusOf(limited.search({ resourceType: "Observation", searchParams: { patient: p.id } }))).toBe(403);

    const a = await signAssertion(full, key);
    expect((await postToken(tokenForm(a, "system/*.rs"))).status).toBe(200);
    expect(await postToken(tokenForm(a, "system/*.rs"))).toMatchObject({
      status: 401,
      body: { error: "invalid_client" },
    });

    const admin = actorFor(await makeUser("ADMIN"));
    const gone = (
      await registerFhirClient(
        admin,
        { name: "Kit gone", jwks: JSON.stringify({ keys: [key.jwk] }), scopes: ["system/*.rs"] },
        ctx(),
      )
    ).id;
    const client = await clientFor(gone);
    expect(await statusOf(client.read({ resourceType: "Patient", id: p.id }))).toBe(200);
    await revokeFhirClient(admin, gone, ctx());
    expect(await statusOf(client.read({ resourceType: "Patient", id: p.id }))).toBe(401);
    expect((await postToken(tokenForm(await signAssertion(gone, key), "system/*.rs"))).status).toBe(401);
  });
});
