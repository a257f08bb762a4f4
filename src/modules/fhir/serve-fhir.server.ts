import "server-only";
import type { Resource } from "@medplum/fhirtypes";
import { writeAudit, writeRefusal, type AuditAction } from "@/server/audit";
import { db } from "@/server/db";
import { appOrigin } from "@/server/env-schema";
import type { RequestContext } from "@/server/request-context";
import { operationOutcome, searchsetBundle, type IssueCode } from "./core/bundle";
import { capabilityStatement, smartConfiguration } from "./core/capability";
import { permits, type Interaction } from "./core/scopes";
import { isResourceType, nextPageUrl, parseSearch, type ResourceType } from "./core/search";
import { hashToken } from "./issue-access-token.server";
import { loadPage } from "./load-resources.server";
import { loadResponseVersions } from "./load-response-versions.server";
import { fhirRequestSchema } from "./schemas";
import { parseInput } from "@/lib/input";

export type FhirAnswer = { status: number; body: Resource; headers?: Record<string, string> };
export type FhirCaller = { clientId: string; scopes: string[] };

/** The API's base URL from the configured public origin (never from a request's Host header). */
export const fhirBaseUrl = () => `${appOrigin()}/fhir/R4`;

export function fhirMetadata(): FhirAnswer {
  return { status: 200, body: capabilityStatement(fhirBaseUrl(), new Date()) };
}
export const fhirSmartConfiguration = () => smartConfiguration(fhirBaseUrl());

/** The client behind a bearer token: unexpired, and its client not revoked. */
export async function authenticateBearer(authorization: string | null, now = new Date()): Promise<FhirCaller | null> {
  const m = /^Bearer ([A-Za-z0-9_-]{20,200})$/.exec(authorization ?? "");
  if (!m) return null;
  const row = await db.fhirAccessToken.findUnique({
    where: { tokenHash: hashToken(m[1]!) },
    select: { clientId: true, scopes: true, expiresAt: true, client: { select: { revokedAt: true } } },
  });
  if (!row || row.expiresAt <= now || row.client.revokedAt) return null;
  return { clientId: row.clientId, scopes: row.scopes };
}

/**
 * Audit record types of FHIR reads, by resource type: the app's own record types, so "who looked
 * at this chart" finds FHIR reads beside page reads.
 */
const auditTarget: Record<ResourceType, { entityType: string }> = {
  Patient: { entityType: "Patient" },
  Practitioner: { entityType: "User" },
  Questionnaire: { entityType: "FhirApi" },
  QuestionnaireResponse: { entityType: "FormResponse" },
  Observation: { entityType: "FormResponse" },
  Appointment: { entityType: "Visit" },
  Encounter: { entityType: "Visit" },
  Consent: { entityType: "ConsentRecord" },
  MedicationStatement: { entityType: "Medication" },
  Flag: { entityType: "SafetyAlert" },
};

const fail = (status: number, code: IssueCode, message: string, expression?: string): FhirAnswer => ({
  status,
  body: operationOutcome(code, message, expression),
  ...(status === 401 ? { headers: { "WWW-Authenticate": 'Bearer realm="fhir"' } } : {}),
});

/** The patient ids whose data a set of resources holds. */
function patientsOf(resources: Resource[]): string[] {
  const ids = new Set<string>();
  for (const r of resources) {
    if (r.resourceType === "Patient") ids.add(r.id!);
    const subject = (r as { subject?: { reference?: string } }).subject?.reference;
    if (subject?.startsWith("Patient/")) ids.add(subject.slice("Patient/".length));
  }
  return [...ids];
}

type Request = {
  caller: FhirCaller | null;
  type: string;
  ctx: RequestContext;
};

/** Checks the caller and its scope for an interaction on a type; the refusal to answer, or null. */
async function gate(r: Request, interaction: Interaction, entityId: string | null): Promise<FhirAnswer | null> {
  const refusal = async (reason: string) =>
    writeRefusal({
      actor: r.caller ? { kind: "fhirClient", clientId: r.caller.clientId } : null,
      action: "ACCESS",
      entityType: "FhirApi",
      entityId,
      outcome: "DENIED",
      ctx: r.ctx,
      details: { reason, resourceType: r.type.slice(0, 60), interaction },
    });
  if (!r.caller) {
    await refusal("unauthenticated");
    return fail(
      401,
      "login",
      "A valid bearer token is required (SMART Backend Services: see /.well-known/smart-configuration)",
    );
  }
  if (!isResourceType(r.type))
    return fail(404, "not-supported", `Resource type ${r.type.slice(0, 60)} is not supported`);
  if (!permits(r.caller.scopes, r.type, interaction)) {
    await refusal("scope");
    return fail(403, "forbidden", `The token's scopes do not allow ${interaction} on ${r.type}`);
  }
  return null;
}

async function auditRead(
  r: Request & { type: ResourceType },
  action: AuditAction,
  resources: Resource[],
  details: Record<string, string | number | string[]>,
) {
  const patients = patientsOf(resources);
  const what = auditTarget[r.type];
  const base = {
    actor: { kind: "fhirClient" as const, clientId: r.caller!.clientId },
    action,
    entityType: what.entityType,
    outcome: "SUCCESS" as const,
    ctx: r.ctx,
    details: { fhir: r.type, count: resources.length, ...details },
  };
  // One row per patient whose data was returned (one INSERT), or one row when none was.
  await writeAudit(patients.length ? patients.map((patientId) => ({ ...base, patientId })) : [base]);
}

/** Refuses a path or query that is not plain text of sane size, naming the part (400). */
function badInput(r: Request & { id?: string; vid?: string; params?: URLSearchParams }): FhirAnswer | null {
  const parsed = parseInput(fhirRequestSchema, { type: r.type, id: r.id, vid: r.vid, params: [...(r.params ?? [])] });
  if (parsed.success) return null;
  const where = parsed.error.issues[0]?.path.join(".") || "request";
  return fail(400, "invalid", `${where}: ${parsed.error.issues[0]?.message ?? "not valid"}`, where);
}

export async function fhirRead(r: Request & { id: string }): Promise<FhirAnswer> {
  const bad = badInput(r);
  if (bad) return bad;
  const refused = await gate(r, "read", r.id.slice(0, 100));
  if (refused) return refused;
  const type = r.type as ResourceType;
  if (!/^[A-Za-z0-9\-.]{1,64}$/.test(r.id)) return fail(404, "not-found", `${type}/${r.id.slice(0, 64)} was not found`);
  const { matches } = await loadPage(type, { ids: [r.id], tokens: {}, dates: {}, count: 1, offset: 0 }, fhirBaseUrl());
  const found = matches[0];
  if (!found) return fail(404, "not-found", `${type}/${r.id} was not found`);
  await auditRead({ ...r, type }, "READ", [found], { id: r.id });
  return { status: 200, body: found };
}

export async function fhirSearch(r: Request & { params: URLSearchParams }): Promise<FhirAnswer> {
  const bad = badInput(r);
  if (bad) return bad;
  const refused = await gate(r, "search", null);
  if (refused) return refused;
  const type = r.type as ResourceType;
  const parsed = parseSearch(type, r.params);
  if (!parsed.ok) return fail(400, "invalid", parsed.message, parsed.param);
  const base = fhirBaseUrl();
  const selfUrl = `${base}/${type}${r.params.size ? `?${r.params.toString()}` : ""}`;
  const { matches, more } = await loadPage(type, parsed.query, base);
  await auditRead({ ...r, type }, "LIST", matches, { params: [...new Set(r.params.keys())].slice(0, 20) });
  return {
    status: 200,
    body: searchsetBundle({
      baseUrl: base,
      selfUrl,
      nextUrl: more ? nextPageUrl(selfUrl, parsed.query) : null,
      matches,
    }),
  };
}

/**
 * `_history` of a QuestionnaireResponse (every correction, newest first, as a history Bundle), or
 * one version of it (`_history/<vid>`). Other types keep no versions here: 404 not-supported.
 */
export async function fhirHistory(r: Request & { id: string; vid?: string }): Promise<FhirAnswer> {
  const bad = badInput(r);
  if (bad) return bad;
  const refused = await gate(r, "read", r.id.slice(0, 100));
  if (refused) return refused;
  const type = r.type as ResourceType;
  if (type !== "QuestionnaireResponse") return fail(404, "not-supported", `${type} has no version history here`);
  const base = fhirBaseUrl();
  const versions = await loadResponseVersions(r.id, base);
  if (versions.length === 0) return fail(404, "not-found", `${type}/${r.id} was not found`);
  if (r.vid !== undefined) {
    const one = versions.find((v) => v.meta?.versionId === r.vid);
    if (!one) return fail(404, "not-found", `${type}/${r.id}/_history/${r.vid.slice(0, 20)} was not found`);
    await auditRead({ ...r, type }, "READ", [one], { id: r.id, version: r.vid });
    return { status: 200, body: one };
  }
  await auditRead({ ...r, type }, "READ", versions.slice(0, 1), { id: r.id, versions: versions.length });
  return {
    status: 200,
    body: {
      resourceType: "Bundle",
      type: "history",
      total: versions.length,
      link: [{ relation: "self", url: `${base}/${type}/${r.id}/_history` }],
      entry: versions.map((v) => ({
        fullUrl: `${base}/${type}/${r.id}`,
        resource: v,
        request: { method: v.meta?.versionId === "1" ? ("POST" as const) : ("PUT" as const), url: `${type}/${r.id}` },
        response: { status: "200", lastModified: v.meta?.lastUpdated },
      })),
    },
  };
}

/** A FHIR answer as an HTTP response (application/fhir+json). */
export function fhirResponse(a: FhirAnswer): Response {
  return new Response(JSON.stringify(a.body), {
    status: a.status,
    headers: { "Content-Type": "application/fhir+json; charset=utf-8", ...a.headers },
  });
}
