import { randomUUID } from "node:crypto";
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from "jose";
import { NextRequest } from "next/server";
import { beforeAll, describe, expect, it, vi } from "vitest";
import type { CapabilityStatement, Group, OperationOutcome, Resource } from "@medplum/fhirtypes";
import { GET as readRoute } from "@/app/fhir/R4/[type]/[id]/route";
import { GET as operationRoute } from "@/app/fhir/R4/[type]/[id]/[operation]/route";
import { DELETE as cancelRoute, GET as statusRoute } from "@/app/fhir/R4/bulk/[job]/route";
import { GET as fileRoute } from "@/app/fhir/R4/bulk/[job]/[file]/route";
import { POST as tokenRoute } from "@/app/fhir/R4/auth/token/route";
import { GET as metadataRoute } from "@/app/fhir/R4/metadata/route";
import { exportTypes } from "@/modules/fhir/core/bulk-export";
import { toSurveyObservations } from "@/modules/fhir/core/questionnaire-response";
import { fhirBaseUrl, registerFhirClient, runBulkExports } from "@/modules/fhir/index.server";
import { db } from "@/server/db";
import { actorFor, ctx, makePatient, makeUser } from "../factories";
import { giveConsent } from "../factories/consent";
import { fhirIssues, loadFhirValidator } from "../factories/fhir-validator";
import { beginRequest } from "../factories/next-request";

vi.mock("next/headers", async () => (await import("../factories/next-request")).nextHeadersModule);
vi.mock("next/cache", async () => (await import("../factories/next-request")).nextCacheModule);

/**
 * FHIR bulk export end to end (docs/decisions/fhir-bulk-export.md): kick-off through the route,
 * the worker's run called directly (no clock waits), status, manifest, download; every NDJSON
 * line validated; counts against the database; _type and _since; a job is its client's; cancel;
 * a dead runner's job picked up from its cursor; expiry and removal.
 */
type Key = { privateKey: CryptoKey; jwk: JWK };
let base: string;
let key: Key;
let clientA: string;
let clientB: string;
let narrow: string;
let tokenA: string;
let tokenB: string;
let tokenNarrow: string;
let members: string[];

async function token(clientId: string, scope: string): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const assertion = await new SignJWT({
    jti: randomUUID(),
    iss: clientId,
    sub: clientId,
    aud: `${base}/auth/token`,
    exp: now + 240,
  })
    .setProtectedHeader({ alg: "ES384", kid: key.jwk.kid })
    .sign(key.privateKey);
  beginRequest();
  const res = await tokenRoute(
    new NextRequest(`${base}/auth/token`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        grant_type: "client_credentials",
        client_assertion_type: "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
        client_assertion: assertion,
        scope,
      }).toString(),
    }),
    {},
  );
  const body = (await res.json()) as { access_token: string };
  expect(res.status).toBe(200);
  return body.access_token;
}

const kickOffHeaders = { accept: "application/fhir+json", prefer: "respond-async" };
type Answer = { status: number; headers: Headers; text: string };
const json = <T = Resource>(a: Answer) => JSON.parse(a.text) as T;

async function call(
  method: "GET" | "DELETE",
  path: string,
  tok: string | null,
  headers: Record<string, string> = {},
): Promise<Answer> {
  const url = new URL(path.startsWith("http") ? path : `${base}/${path}`);
  const segs = url.pathname.slice(new URL(base).pathname.length + 1).split("/");
  beginRequest();
  const req = new NextRequest(url, {
    method,
    headers: { ...(tok ? { authorization: `Bearer ${tok}` } : {}), ...headers },
  });
  let res: Response;
  if (segs[0] === "bulk") {
    const params = { params: Promise.resolve({ job: segs[1]!, file: segs[2]! }) };
    res = segs[2]
      ? await fileRoute(req, params)
      : method === "DELETE"
        ? await cancelRoute(req, params)
        : await statusRoute(req, params);
  } else if (segs.length === 3) {
    res = await operationRoute(req, {
      params: Promise.resolve({ type: segs[0]!, id: segs[1]!, operation: decodeURIComponent(segs[2]!) }),
    });
  } else {
    res = await readRoute(req, { params: Promise.resolve({ type: segs[0]!, id: decodeURIComponent(segs[1]!) }) });
  }
  return { status: res.status, headers: res.headers, text: await res.text() };
}

async function kickOff(path: string, tok: string, headers = kickOffHeaders): Promise<string> {
  const r = await call("GET", path, tok, headers);
  expect(r.status, r.text).toBe(202);
  const location = r.headers.get("content-location")!;
  expect(location).toMatch(new RegExp(`^${base}/bulk/[0-9a-f-]{36}$`));
  return location;
}

/** Runs the worker's export step until the job's status answers 200 (bounded: no clock waits). */
async function runToCompletion(location: string, tok: string, runnerId = "test-runner") {
  for (let i = 0; i < 200; i++) {
    const s = await call("GET", location, tok);
    if (s.status === 200) return JSON.parse(s.text) as Manifest;
    expect(s.status, s.text).toBe(202);
    expect(s.headers.get("x-progress")).toBeTruthy();
    expect(s.headers.get("retry-after")).toBe("10");
    await runBulkExports(new Date(), { runnerId, chunkPatients: 2, maxSteps: 1 });
  }
  throw new Error("export did not finish");
}
type Manifest = {
  transactionTime: string;
  request: string;
  requiresAccessToken: boolean;
  output: { type: string; url: string; count: number }[];
  error: unknown[];
};

/** Downloads every file of a manifest; checks each line is one valid resource of the file's type. */
async function download(m: Manifest, tok: string): Promise<Map<string, Resource[]>> {
  const out = new Map<string, Resource[]>();
  for (const o of m.output) {
    const r = await call("GET", o.url, tok);
    expect(r.status).toBe(200);
    expect(r.headers.get("content-type")).toContain("application/fhir+ndjson");
    expect(r.text.endsWith("\n")).toBe(true);
    const lines = r.text.slice(0, -1).split("\n");
    const resources = lines.map((l) => JSON.parse(l) as Resource);
    for (const res of resources) {
      expect(res.resourceType).toBe(o.type);
      expect(await fhirIssues(res), `${res.resourceType}/${res.id}`).toEqual([]);
    }
    expect(resources.length).toBe(o.count);
    expect(new Set(resources.map((x) => x.id)).size).toBe(resources.length); // no line twice
    out.set(o.type, resources);
  }
  return out;
}

/** What the database holds, per exported type (the app's rows, counted as the mappers derive them). */
async function databaseCounts(): Promise<Record<string, number>> {
  const latest = await db.$queryRaw<{ instrument: "PEG" | "PHQ9"; answers: Record<string, number> }[]>`
    SELECT DISTINCT ON ("seriesId") "instrument"::text AS instrument, answers FROM "FormResponse" ORDER BY "seriesId", version DESC`;
  const observations = latest.reduce(
    (n, r) =>
      n +
      toSurveyObservations({
        id: randomUUID(),
        seriesId: randomUUID(),
        version: 1,
        patientId: randomUUID(),
        instrument: r.instrument,
        answers: r.answers,
        scoreTenths: 10,
        mode: "PORTAL",
        answeredAt: new Date(),
        createdAt: new Date(),
      }).length,
    0,
  );
  return {
    Patient: await db.patient.count(),
    QuestionnaireResponse: latest.length,
    Observation: observations,
    Appointment: await db.visit.count(),
    Encounter: await db.visit.count({ where: { startedAt: { not: null } } }),
    Consent: await db.consentRecord.count(),
    MedicationStatement: await db.medication.count(),
    Flag: await db.safetyAlert.count(),
  };
}

async function response(patientId: string, instrument: "PEG" | "PHQ9", at: Date, answers: Record<string, number>) {
  const id = randomUUID();
  return db.formResponse.create({
    data: {
      id,
      seriesId: id,
      version: 1,
      patientId,
      instrument,
      instrumentVersion: instrument === "PEG" ? "PEG-2009.1" : "PHQ-9-2001.1",
      answers,
      scoreTenths: 50,
      safetyFlag: instrument === "PHQ9" && (answers["9"] ?? 0) > 0,
      mode: "PORTAL",
      answeredAt: at,
      idempotencyKey: randomUUID(),
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
  const admin = actorFor(await makeUser("ADMIN"));
  const { privateKey, publicKey } = await generateKeyPair("ES384");
  key = { privateKey, jwk: { ...(await exportJWK(publicKey)), kid: "bulk-ec", alg: "ES384" } };
  const register = async (name: string, scopes: string[]) =>
    (await registerFhirClient(admin, { name, jwks: JSON.stringify({ keys: [key.jwk] }), scopes }, ctx())).id;
  clientA = await register("Registry A", ["system/*.rs"]);
  clientB = await register("Registry B", ["system/*.rs"]);
  narrow = await register("Directory", ["system/Patient.rs"]);
  [tokenA, tokenB, tokenNarrow] = await Promise.all([
    token(clientA, "system/*.rs"),
    token(clientB, "system/*.rs"),
    token(narrow, "system/Patient.rs"),
  ]);
  const clinician = await makeUser("CLINICIAN");
  const patients = await Promise.all(Array.from({ length: 5 }, () => makePatient()));
  const type = await db.visitType.create({ data: { name: `Bulk ${randomUUID().slice(0, 6)}`, durationMinutes: 30 } });
  for (const [i, p] of patients.entries()) {
    await response(p.id, "PEG", new Date(Date.UTC(2026, 0, 10 + i)), { p: 6, e: 5, g: 4 });
    const phq9 = await response(p.id, "PHQ9", new Date(Date.UTC(2026, 1, 10 + i)), phq(i === 0 ? 1 : 0));
    if (i === 0) await db.safetyAlert.create({ data: { patientId: p.id, responseId: phq9.id, item9Answer: 1 } });
    const startsAt = new Date(Date.UTC(2026, 2, 1 + i, 16));
    await db.visit.create({
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
        completedAt: new Date(startsAt.getTime() + 20 * 60_000),
      },
    });
    await db.medication.create({
      data: {
        patientId: p.id,
        // Not an opioid: the Group's members are the two with a clinician's decision below.
        drugKey: "gabapentin",
        name: "Gabapentin 300 mg",
        doseAmount: 300,
        doseUnit: "mg",
        timesPerDay: 2,
        route: "ORAL",
        startedOn: new Date("2025-01-01"),
        prescriber: "Dr. Lee",
        isOpioid: false,
        createdById: clinician.id,
      },
    });
    await giveConsent(p.id, { kind: "VIDEO", capturedById: clinician.id });
  }
  // Two patients are on the LTOT registry by a clinician's decision: the Group's members.
  members = patients.slice(0, 2).map((p) => p.id);
  for (const id of members)
    await db.ltotDecision.create({
      data: {
        patientId: id,
        kind: "INCLUDE",
        reason: "On opioids",
        decidedOn: new Date("2025-06-01"),
        recordedById: clinician.id,
      },
    });
}, 120_000);

describe("kick-off", () => {
  it.each<[string, string, Record<string, string>, number, string]>([
    ["no Prefer", "Patient/$export", { accept: "application/fhir+json" }, 400, "Prefer"],
    ["no Accept", "Patient/$export", { prefer: "respond-async" }, 400, "Accept"],
    ["an unknown _type", "Patient/$export?_type=Patient,Spaceship", kickOffHeaders, 400, "_type"],
    ["a type outside the compartment", "Patient/$export?_type=Practitioner", kickOffHeaders, 400, "_type"],
    ["_since not an instant", "Patient/$export?_since=2026-01-01", kickOffHeaders, 400, "_since"],
    ["_outputFormat CSV", "Patient/$export?_outputFormat=text/csv", kickOffHeaders, 400, "_outputFormat"],
    [
      "an unsupported parameter",
      "Patient/$export?_typeFilter=Observation%3Fcode%3D1",
      kickOffHeaders,
      400,
      "_typeFilter",
    ],
    ["an unknown Group", "Group/nope/$export", kickOffHeaders, 404, ""],
  ])("refuses %s", async (_n, path, headers, status, param) => {
    const r = await call("GET", path, tokenA, headers);
    expect(r.status).toBe(status);
    expect(r.headers.get("content-type")).toContain("application/fhir+json");
    const issue = json<OperationOutcome>(r).issue![0]!;
    if (param) {
      expect(issue.expression).toEqual([param]);
      expect(issue.diagnostics).toContain(param);
    }
  });

  it("needs a token, and a read scope for every type asked", async () => {
    expect((await call("GET", "Patient/$export", null, kickOffHeaders)).status).toBe(401);
    const r = await call("GET", "Patient/$export?_type=Patient,Observation", tokenNarrow, kickOffHeaders);
    expect(r.status).toBe(403);
    expect(json<OperationOutcome>(r).issue![0]!.diagnostics).toContain("Observation");
    // The Group needs Group read.
    expect((await call("GET", "Group/ltot-registry/$export", tokenNarrow, kickOffHeaders)).status).toBe(403);
    // Without _type, the types the scopes allow: Patient only.
    const location = await kickOff("Patient/$export", tokenNarrow);
    const job = await db.fhirExportJob.findUniqueOrThrow({ where: { id: location.split("/").pop() } });
    expect(job.types).toEqual(["Patient"]);
    await call("DELETE", location, tokenNarrow);
  });

  it("accepts the IG's abbreviations of NDJSON and handling=lenient for unknown parameters", async () => {
    for (const f of ["ndjson", "application/ndjson", "application/fhir+ndjson"]) {
      const location = await kickOff(`Patient/$export?_outputFormat=${encodeURIComponent(f)}`, tokenA);
      expect((await call("DELETE", location, tokenA)).status).toBe(202);
    }
    const location = await kickOff("Patient/$export?_elements=id", tokenA, {
      ...kickOffHeaders,
      prefer: "respond-async, handling=lenient",
    });
    expect((await call("DELETE", location, tokenA)).status).toBe(202);
  });
});

describe("Patient/$export end to end", () => {
  it("runs in the worker: 202 with progress, then a manifest whose files hold exactly the database's resources", async () => {
    const location = await kickOff("Patient/$export", tokenA);
    const first = await call("GET", location, tokenA);
    expect(first.status).toBe(202);
    expect(first.headers.get("x-progress")).toBe("listing patients");
    const jobId = location.split("/").pop()!;
    await runBulkExports(new Date(), { runnerId: "test-runner", chunkPatients: 2, maxSteps: 2 });
    const job = await db.fhirExportJob.findUniqueOrThrow({ where: { id: jobId } });
    expect(job.planned).toBe(true);
    expect(job.patientsDone).toBe(2);
    expect((await call("GET", location, tokenA)).headers.get("x-progress")).toBe(
      `${Math.floor(200 / job.patientsTotal)}% (2 of ${job.patientsTotal} patients)`,
    );
    const manifest = await runToCompletion(location, tokenA);
    expect(manifest).toMatchObject({
      request: `${base}/Patient/$export`,
      requiresAccessToken: true,
      error: [],
    });
    expect(new Date(manifest.transactionTime).getTime()).toBeLessThanOrEqual(Date.now());
    const files = await download(manifest, tokenA);
    const want = await databaseCounts();
    const got = Object.fromEntries([...files].map(([t, r]) => [t, r.length]));
    expect(got).toEqual(Object.fromEntries(Object.entries(want).filter(([, n]) => n > 0)));
    expect(manifest.output.map((o) => o.type)).toEqual(exportTypes.filter((t) => want[t]! > 0));

    // Audit: the kick-off, one EXPORT row per exported patient with the client as actor, the job's end.
    const rows = await db.auditEvent.findMany({
      where: { actorClientId: clientA, details: { path: ["fhirExport"], equals: jobId } },
    });
    expect(rows).toHaveLength(want.Patient!);
    expect(new Set(rows.map((r) => r.patientId)).size).toBe(want.Patient);
    expect(
      rows.every((r) => r.action === "EXPORT" && r.entityType === "Patient" && r.actorRole === "FHIR_CLIENT"),
    ).toBe(true);
    expect(
      await db.auditEvent.count({
        where: { entityType: "FhirExport", entityId: jobId, action: { in: ["CREATE", "EXPORT"] } },
      }),
    ).toBeGreaterThanOrEqual(3);
  });

  it("keeps a job to its client: another client gets 404 for the status, a file and DELETE", async () => {
    const location = await kickOff("Patient/$export?_type=Patient", tokenA);
    const manifest = await runToCompletion(location, tokenA);
    for (const [method, url] of [
      ["GET", location],
      ["GET", manifest.output[0]!.url],
      ["DELETE", location],
    ] as const)
      expect((await call(method, url, tokenB)).status).toBe(404);
    expect((await call("GET", manifest.output[0]!.url, null)).status).toBe(401);
    expect((await call("GET", `${location}/Observation.ndjson`, tokenA)).status).toBe(404);
    expect((await call("GET", location, tokenA)).status).toBe(200);
  });

  it("filters by _type and _since", async () => {
    // Everything so far was written before `since`; one patient and one PEG answer after it.
    const since = new Date().toISOString();
    const recent = await makePatient();
    const fresh = await response(recent.id, "PEG", new Date(), { p: 3, e: 3, g: 3 });
    const location = await kickOff(`Patient/$export?_type=Patient,Observation&_since=${since}`, tokenA);
    const files = await download(await runToCompletion(location, tokenA), tokenA);
    expect([...files.keys()]).toEqual(["Patient", "Observation"]);
    expect(files.get("Patient")!.map((p) => p.id)).toEqual([recent.id]);
    // The PEG's score and its three items, all from the recent answer.
    expect(files.get("Observation")!.map((o) => o.id!.slice(0, 36))).toEqual(Array(4).fill(fresh.id));
  });
});

describe("Group/ltot-registry", () => {
  it("reads the registry as a Group and exports its members only", async () => {
    const read = await call("GET", "Group/ltot-registry", tokenA);
    expect(read.status).toBe(200);
    const group = json<Group>(read);
    expect(await fhirIssues(group)).toEqual([]);
    expect(group.quantity).toBe(members.length);
    expect(group.member!.map((m) => m.entity.reference).sort()).toEqual(members.map((m) => `Patient/${m}`).sort());
    expect((await call("GET", "Group/other", tokenA)).status).toBe(404);

    const location = await kickOff("Group/ltot-registry/$export?_type=Patient,MedicationStatement", tokenA);
    const manifest = await runToCompletion(location, tokenA);
    expect(manifest.request).toBe(`${base}/Group/ltot-registry/$export?_type=Patient%2CMedicationStatement`);
    const files = await download(manifest, tokenA);
    expect(
      files
        .get("Patient")!
        .map((p) => p.id)
        .sort(),
    ).toEqual([...members].sort());
    expect(files.get("MedicationStatement")!).toHaveLength(members.length);
  });
});

describe("the job's life", () => {
  it("cancels: DELETE answers 202, removes the files, and the status is then 404", async () => {
    const location = await kickOff("Patient/$export", tokenA);
    const jobId = location.split("/").pop()!;
    await runBulkExports(new Date(), { runnerId: "test-runner", chunkPatients: 2, maxSteps: 2 });
    expect(await db.fhirExportPart.count({ where: { jobId } })).toBeGreaterThan(0);
    expect((await call("DELETE", location, tokenA)).status).toBe(202);
    expect((await call("GET", location, tokenA)).status).toBe(404);
    expect(await db.fhirExportPart.count({ where: { jobId } })).toBe(0);
    expect(await db.fhirExportMember.count({ where: { jobId } })).toBe(0);
    expect((await call("DELETE", location, tokenA)).status).toBe(404);
  });

  it("picks up a job whose runner died, from its cursor (no line written twice), and leaves a live runner's job alone", async () => {
    const location = await kickOff("Patient/$export?_type=Patient", tokenA);
    const jobId = location.split("/").pop()!;
    await runBulkExports(new Date(), { runnerId: "runner-that-dies", chunkPatients: 2, maxSteps: 2 });
    const before = await db.fhirExportJob.findUniqueOrThrow({ where: { id: jobId } });
    expect(before).toMatchObject({ runnerId: "runner-that-dies", status: "RUNNING", patientsDone: 2 });
    // Its heartbeat is fresh: another runner leaves the job alone.
    await runBulkExports(new Date(), { runnerId: "second", chunkPatients: 2, maxSteps: 5 });
    expect((await db.fhirExportJob.findUniqueOrThrow({ where: { id: jobId } })).patientsDone).toBe(2);
    // The app restarted: the old runner's heartbeat lapses and the next run takes over.
    await db.fhirExportJob.update({ where: { id: jobId }, data: { heartbeatAt: new Date(Date.now() - 10 * 60_000) } });
    const manifest = await runToCompletion(location, tokenA, "second");
    const files = await download(manifest, tokenA);
    expect(files.get("Patient")!).toHaveLength(await db.patient.count());
  });

  it("expires: 410 once past its time, then the worker removes the job and its files (404)", async () => {
    const location = await kickOff("Patient/$export?_type=Patient", tokenA);
    const jobId = location.split("/").pop()!;
    await runToCompletion(location, tokenA);
    const job = await db.fhirExportJob.findUniqueOrThrow({ where: { id: jobId } });
    expect(job.expiresAt!.getTime() - job.completedAt!.getTime()).toBe(24 * 3_600_000);
    const later = new Date(job.expiresAt!.getTime() + 1000);
    await db.fhirExportJob.update({ where: { id: jobId }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect((await call("GET", location, tokenA)).status).toBe(410);
    const run = await runBulkExports(later, { runnerId: "test-runner" });
    expect(run.removed).toBeGreaterThanOrEqual(1);
    expect((await call("GET", location, tokenA)).status).toBe(404);
    expect(await db.fhirExportPart.count({ where: { jobId } })).toBe(0);
  });
});

describe("CapabilityStatement", () => {
  it("advertises the export operations and the Group", async () => {
    beginRequest();
    const cs = (await (await metadataRoute(new NextRequest(`${base}/metadata`), {})).json()) as CapabilityStatement;
    expect(cs.instantiates).toContain("http://hl7.org/fhir/uv/bulkdata/CapabilityStatement/bulk-data");
    const res = cs.rest![0]!.resource!;
    expect(res.find((r) => r.type === "Patient")!.operation).toEqual([
      expect.objectContaining({
        name: "export",
        definition: "http://hl7.org/fhir/uv/bulkdata/OperationDefinition/patient-export",
      }),
    ]);
    expect(res.find((r) => r.type === "Group")).toMatchObject({
      interaction: [{ code: "read" }],
      operation: [{ name: "export", definition: "http://hl7.org/fhir/uv/bulkdata/OperationDefinition/group-export" }],
    });
    expect(await fhirIssues(cs)).toEqual([]);
  });
});
