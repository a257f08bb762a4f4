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
import { includeTarget, loadIncludes } from "./load-includes.server";
import { loadPage } from "./load-resources.server";
import { REFERRAL_CATEGORY } from "./core/referral";
import { toBinary } from "./core/document";
import { signedNotePdfUnaudited } from "@/modules/visit-notes/index.server";
import { isUuid } from "@/server/uuid";
import { fhirRequestSchema } from "./schemas";
import { parseInput } from "@/lib/input";

export type FhirAnswer = {
  status: number;
  body: Resource;
  headers?: Record<string, string>;
  /** A Binary's own content (Accept: application/pdf), sent instead of the JSON body. */
  raw?: { contentType: string; bytes: Uint8Array };
};
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
  ServiceRequest: { entityType: "UdtOrder" },
  DiagnosticReport: { entityType: "UdtOrder" },
  DocumentReference: { entityType: "VisitNote" },
  Binary: { entityType: "VisitNote" },
};

const hasCode = (r: Resource, code: string) =>
  ((r as { category?: { coding?: { code?: string }[] }[] }).category ?? []).some((c) =>
    (c.coding ?? []).some((x) => x.code === code),
  );
/** The app's record type a resource was made from (a type with two sources tells them apart). */
function entityOf(r: Resource): string {
  if (r.resourceType === "Observation") return hasCode(r, "laboratory") ? "UdtOrder" : "FormResponse";
  if (r.resourceType === "ServiceRequest") return hasCode(r, REFERRAL_CATEGORY) ? "Referral" : "UdtOrder";
  return isResourceType(r.resourceType) ? auditTarget[r.resourceType].entityType : "FhirApi";
}

export const fail = (status: number, code: IssueCode, message: string, expression?: string): FhirAnswer => ({
  status,
  body: operationOutcome(code, message, expression),
  ...(status === 401 ? { headers: { "WWW-Authenticate": 'Bearer realm="fhir"' } } : {}),
});

/** The patient a resource is about, if any. */
function patientOf(r: Resource): string | null {
  if (r.resourceType === "Patient") return r.id!;
  const subject = (r as { subject?: { reference?: string } }).subject?.reference;
  return subject?.startsWith("Patient/") ? subject.slice("Patient/".length) : null;
}
/** The patient ids whose data a set of resources holds, each with the record types returned. */
function patientsOf(resources: Resource[]): Map<string, string[]> {
  const by = new Map<string, string[]>();
  for (const r of resources) {
    const p = patientOf(r);
    if (!p) continue;
    const types = by.get(p) ?? [];
    if (!types.includes(entityOf(r))) types.push(entityOf(r));
    by.set(p, types);
  }
  return by;
}

export type Request = {
  caller: FhirCaller | null;
  type: string;
  ctx: RequestContext;
};

/** Checks the caller and its scope for an interaction on a type; the refusal to answer, or null. */
export async function gate(r: Request, interaction: Interaction, entityId: string | null): Promise<FhirAnswer | null> {
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

export async function auditRead(
  r: Request & { type: ResourceType },
  action: AuditAction,
  resources: Resource[],
  details: Record<string, string | number | string[]>,
) {
  const patients = [...patientsOf(resources)];
  const base = {
    actor: { kind: "fhirClient" as const, clientId: r.caller!.clientId },
    action,
    entityType: auditTarget[r.type].entityType,
    outcome: "SUCCESS" as const,
    ctx: r.ctx,
    details: { fhir: r.type, count: resources.length, ...details },
  };
  // One row per patient whose data was returned (one INSERT), or one row when none was. The row
  // names the record type of that patient's first resource; `records` lists all when several.
  await writeAudit(
    patients.length
      ? patients.map(([patientId, types]) => ({
          ...base,
          entityType: types[0]!,
          patientId,
          ...(types.length > 1 ? { details: { ...base.details, records: types } } : {}),
        }))
      : [base],
  );
}

/** Refuses a path or query that is not plain text of sane size, naming the part (400). */
export function badInput(r: Request & { id?: string; vid?: string; params?: URLSearchParams }): FhirAnswer | null {
  const parsed = parseInput(fhirRequestSchema, { type: r.type, id: r.id, vid: r.vid, params: [...(r.params ?? [])] });
  if (parsed.success) return null;
  const where = parsed.error.issues[0]?.path.join(".") || "request";
  return fail(400, "invalid", `${where}: ${parsed.error.issues[0]?.message ?? "not valid"}`, where);
}

export async function fhirRead(r: Request & { id: string; accept?: string | null }): Promise<FhirAnswer> {
  const accept = r.accept ?? null;
  const bad = badInput(r);
  if (bad) return bad;
  const refused = await gate(r, "read", r.id.slice(0, 100));
  if (refused) return refused;
  const type = r.type as ResourceType;
  if (!/^[A-Za-z0-9\-.]{1,64}$/.test(r.id)) return fail(404, "not-found", `${type}/${r.id.slice(0, 64)} was not found`);
  if (type === "Binary") return readBinary({ ...r, type }, accept);
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
  const includes = parsed.query.includes ?? [];
  // An included type is held to the token's scopes like a search of it (SMART: no resource the
  // token does not cover): the request is refused, naming the scope.
  const unscoped = includes.find((inc) => !permits(r.caller!.scopes, includeTarget(inc), "read"));
  if (unscoped) {
    await writeRefusal({
      actor: { kind: "fhirClient", clientId: r.caller!.clientId },
      action: "ACCESS",
      entityType: "FhirApi",
      entityId: null,
      outcome: "DENIED",
      ctx: r.ctx,
      details: { reason: "scope", resourceType: includeTarget(unscoped), interaction: "_include" },
    });
    return fail(403, "forbidden", `_include=${unscoped} needs a read scope for ${includeTarget(unscoped)}`, "_include");
  }
  const { matches, more } = await loadPage(type, parsed.query, base);
  const included = includes.length ? await loadIncludes(includes, matches, base) : [];
  await auditRead({ ...r, type }, "LIST", [...matches, ...included], {
    params: [...new Set(r.params.keys())].slice(0, 20),
    ...(included.length ? { included: included.length } : {}),
  });
  return {
    status: 200,
    body: searchsetBundle({
      baseUrl: base,
      selfUrl,
      nextUrl: more ? nextPageUrl(selfUrl, parsed.query) : null,
      matches,
      included,
    }),
  };
}

/**
 * A signed note's PDF (the Binary a DocumentReference points at): the PDF itself when the client
 * asks for application/pdf, otherwise a FHIR Binary with the PDF in base64. Audited as an export
 * of the note, with its patient.
 */
async function readBinary(r: Request & { id: string; type: ResourceType }, accept: string | null): Promise<FhirAnswer> {
  const found = isUuid(r.id) ? await signedNotePdfUnaudited(r.id) : null;
  if (!found) return fail(404, "not-found", `Binary/${r.id} was not found`);
  const asPdf = /application\/pdf/i.test(accept ?? "");
  await writeAudit({
    actor: { kind: "fhirClient", clientId: r.caller!.clientId },
    action: "EXPORT",
    entityType: "VisitNote",
    entityId: r.id,
    patientId: found.patientId,
    outcome: "SUCCESS",
    ctx: r.ctx,
    details: { fhir: "Binary", format: asPdf ? "pdf" : "fhir+json" },
  });
  if (asPdf)
    return {
      status: 200,
      body: toBinary(r.id, "", found.signedAt),
      raw: { contentType: "application/pdf", bytes: found.pdf },
    };
  return { status: 200, body: toBinary(r.id, Buffer.from(found.pdf).toString("base64"), found.signedAt) };
}

/** A FHIR answer as an HTTP response (application/fhir+json). */
export function fhirResponse(a: FhirAnswer): Response {
  if (a.raw)
    return new Response(new Uint8Array(a.raw.bytes), {
      status: a.status,
      headers: { "Content-Type": a.raw.contentType },
    });
  return new Response(JSON.stringify(a.body), {
    status: a.status,
    headers: { "Content-Type": "application/fhir+json; charset=utf-8", ...a.headers },
  });
}
