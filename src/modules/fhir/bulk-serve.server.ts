import "server-only";
import type { OperationOutcome } from "@medplum/fhirtypes";
import { ltotRegistryPatientIds } from "@/modules/care-program/index.server";
import { writeAudit, writeRefusal } from "@/server/audit";
import { db } from "@/server/db";
import type { RequestContext } from "@/server/request-context";
import { isUuid } from "@/server/uuid";
import { operationOutcome, type IssueCode } from "./core/bundle";
import { buildManifest, NDJSON, parseKickOff, progressText, statusKind, typeOfFileName } from "./core/bulk-export";
import { isGroupId, toLtotGroup } from "./core/bulk-group";
import { permits } from "./core/scopes";
import { fhirBaseUrl, type FhirCaller } from "./serve-fhir.server";

/**
 * The HTTP half of FHIR bulk export (HL7 Bulk Data Access IG v2; docs/decisions/fhir-bulk-export.md):
 * kick-off (`Patient/$export`, `Group/<id>/$export`) records a job and answers 202 with its status
 * URL; the status URL answers 202 with X-Progress while the worker runs it (bulk-run.server.ts),
 * then the manifest; DELETE cancels; each file streams from Postgres part by part. A job and its
 * files belong to the client that started it: any other client gets 404.
 */

/** Jobs one client may have queued or running at once (429 beyond). */
const MAX_ACTIVE_JOBS = 5;
/** Seconds a client is asked to wait between polls. */
const RETRY_AFTER = "10";

type Ctx = { caller: FhirCaller | null; ctx: RequestContext };

const fhirJson = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { "Content-Type": "application/fhir+json; charset=utf-8", ...headers },
  });
const fail = (status: number, code: IssueCode, message: string, expression?: string) =>
  fhirJson(
    status,
    operationOutcome(code, message, expression),
    status === 401 ? { "WWW-Authenticate": 'Bearer realm="fhir"' } : {},
  );
const info = (message: string): OperationOutcome => ({
  resourceType: "OperationOutcome",
  issue: [{ severity: "information", code: "informational", diagnostics: message }],
});
const statusUrl = (jobId: string) => `${fhirBaseUrl()}/bulk/${jobId}`;

const writeDenial = (r: Ctx, reason: string, what: string) =>
  writeRefusal({
    actor: r.caller ? { kind: "fhirClient", clientId: r.caller.clientId } : null,
    action: "ACCESS",
    entityType: "FhirExport",
    outcome: "DENIED",
    ctx: r.ctx,
    details: { reason, what },
  });

/** 401 without a valid token (one DENIED audit row), 403 without the scope; null when allowed. */
async function refuse(r: Ctx, what: string, scopeFor?: string): Promise<Response | null> {
  const deny = (reason: string) => writeDenial(r, reason, what);
  if (!r.caller) {
    await deny("unauthenticated");
    return fail(401, "login", "A valid bearer token is required (SMART Backend Services)");
  }
  if (scopeFor && !permits(r.caller.scopes, scopeFor, "read")) {
    await deny("scope");
    return fail(403, "forbidden", `The token's scopes do not allow read on ${scopeFor}`);
  }
  return null;
}

/** `GET Group/<id>`: the LTOT registry as a Group (its members now), audited as one LIST row. */
export async function fhirGroupRead(r: Ctx & { id: string }): Promise<Response> {
  const refused = await refuse(r, "Group", "Group");
  if (refused) return refused;
  if (!isGroupId(r.id)) return fail(404, "not-found", `Group/${r.id.slice(0, 64)} was not found`);
  const now = new Date();
  const members = await ltotRegistryPatientIds(now);
  await writeAudit({
    actor: { kind: "fhirClient", clientId: r.caller!.clientId },
    action: "LIST",
    entityType: "Registry",
    entityId: r.id,
    outcome: "SUCCESS",
    ctx: r.ctx,
    details: { fhir: "Group", count: members.length },
  });
  return fhirJson(200, toLtotGroup(members, now));
}

/**
 * Kick-off: `GET Patient/$export` or `GET Group/<id>/$export`. Checks the headers and parameters
 * (400 naming the one at fault), the scopes (403), the client's number of running jobs (429),
 * then records the job with its audit row and answers 202 with Content-Location.
 */
export async function fhirBulkKickOff(
  r: Ctx & { type: string; groupId?: string; accept: string | null; prefer: string | null; params: URLSearchParams },
): Promise<Response> {
  const level = r.type === "Group" ? "Group" : r.type === "Patient" && r.groupId === undefined ? "Patient" : null;
  const refused = await refuse(r, "kick-off", level === "Group" ? "Group" : undefined);
  if (refused) return refused;
  if (!level) return fail(404, "not-supported", "$export is supported on Patient and Group/<id> only");
  if (level === "Group" && !isGroupId(r.groupId ?? ""))
    return fail(404, "not-found", `Group/${(r.groupId ?? "").slice(0, 64)} was not found`);
  const now = new Date();
  const parsed = parseKickOff({ accept: r.accept, prefer: r.prefer, params: r.params, scopes: r.caller!.scopes, now });
  if (!parsed.ok) {
    if (parsed.status === 403) await writeDenial(r, "scope", "kick-off");
    return fail(parsed.status, parsed.code, parsed.message, parsed.param);
  }
  const active = await db.fhirExportJob.count({
    where: { clientId: r.caller!.clientId, status: { in: ["QUEUED", "RUNNING"] } },
  });
  if (active >= MAX_ACTIVE_JOBS)
    return fhirJson(
      429,
      {
        resourceType: "OperationOutcome",
        issue: [
          { severity: "error", code: "throttled", diagnostics: `At most ${MAX_ACTIVE_JOBS} exports may run at once` },
        ],
      },
      { "Retry-After": "60" },
    );
  const path = level === "Group" ? `Group/${r.groupId}/$export` : "Patient/$export";
  const requestUrl = `${fhirBaseUrl()}/${path}${r.params.size ? `?${r.params.toString()}` : ""}`;
  const job = await db.$transaction(async (tx) => {
    const created = await tx.fhirExportJob.create({
      data: {
        clientId: r.caller!.clientId,
        level,
        groupId: level === "Group" ? r.groupId! : null,
        types: parsed.value.types,
        since: parsed.value.since,
        requestUrl,
        requestId: r.ctx.requestId,
        transactionTime: now,
      },
      select: { id: true },
    });
    await writeAudit(
      {
        actor: { kind: "fhirClient", clientId: r.caller!.clientId },
        action: "CREATE",
        entityType: "FhirExport",
        entityId: created.id,
        outcome: "SUCCESS",
        ctx: r.ctx,
        details: { level, types: parsed.value.types, since: parsed.value.since ? "yes" : "no" },
      },
      tx,
    );
    return created;
  });
  return fhirJson(202, info("Export started; poll the Content-Location URL"), {
    "Content-Location": statusUrl(job.id),
  });
}

/** The caller's own job, or null (another client's job is not found either). */
async function ownJob(r: Ctx, jobId: string) {
  if (!isUuid(jobId)) return null;
  return db.fhirExportJob.findFirst({ where: { id: jobId, clientId: r.caller!.clientId } });
}

const notFound = () => fail(404, "not-found", "No such export (it may have been cancelled or removed)");

/** Status: 202 with X-Progress while running, 200 with the manifest when done, 500 when failed, 410 expired. */
export async function fhirBulkStatus(r: Ctx & { jobId: string }): Promise<Response> {
  const refused = await refuse(r, "status");
  if (refused) return refused;
  const job = await ownJob(r, r.jobId);
  if (!job) return notFound();
  switch (statusKind(job, new Date())) {
    case "expired":
      return fail(410, "not-found", "This export has expired; start a new one");
    case "failed":
      return fail(500, "exception", `The export failed (${job.error ?? "unknown error"}); start a new one`);
    case "in-progress":
      return fhirJson(202, info(progressText(job)), { "X-Progress": progressText(job), "Retry-After": RETRY_AFTER });
    case "complete": {
      const sums = await db.fhirExportPart.groupBy({
        by: ["resourceType"],
        where: { jobId: job.id },
        _sum: { lines: true },
      });
      const counts = new Map(sums.map((s) => [s.resourceType, s._sum.lines ?? 0]));
      const manifest = buildManifest({
        transactionTime: job.transactionTime,
        requestUrl: job.requestUrl,
        statusUrl: statusUrl(job.id),
        types: job.types,
        counts,
      });
      return new Response(JSON.stringify(manifest), {
        status: 200,
        headers: {
          "Content-Type": "application/json; charset=utf-8",
          Expires: job.expiresAt ? job.expiresAt.toUTCString() : "",
        },
      });
    }
  }
}

/** DELETE on the status URL: cancels a running export or removes a finished one's files (202). */
export async function fhirBulkCancel(r: Ctx & { jobId: string }): Promise<Response> {
  const refused = await refuse(r, "cancel");
  if (refused) return refused;
  const job = await ownJob(r, r.jobId);
  if (!job) return notFound();
  await db.$transaction(async (tx) => {
    // The worker's next chunk finds no job (its guarded update matches nothing) and stops.
    await tx.fhirExportJob.deleteMany({ where: { id: job.id } });
    await writeAudit(
      {
        actor: { kind: "fhirClient", clientId: r.caller!.clientId },
        action: "DELETE",
        entityType: "FhirExport",
        entityId: job.id,
        outcome: "SUCCESS",
        ctx: r.ctx,
        details: { status: job.status },
      },
      tx,
    );
  });
  return fhirJson(202, info("Export cancelled and its files removed"));
}

/** Parts read from the database at a time while a file streams (memory stays one batch). */
const PARTS_PER_READ = 2;

/**
 * One output file (`<Type>.ndjson`) of the caller's finished export, streamed part by part in
 * order; needs the same client's token and a read scope on the type. One EXPORT audit row.
 */
export async function fhirBulkDownload(r: Ctx & { jobId: string; file: string }): Promise<Response> {
  const refused = await refuse(r, "download");
  if (refused) return refused;
  const job = await ownJob(r, r.jobId);
  if (!job) return notFound();
  const kind = statusKind(job, new Date());
  if (kind === "expired") return fail(410, "not-found", "This export has expired; start a new one");
  if (kind !== "complete") return fail(404, "not-found", "The export has not finished");
  const type = typeOfFileName(r.file, job.types);
  if (!type) return fail(404, "not-found", `${r.file.slice(0, 80)} is not a file of this export`);
  const denied = await refuse(r, "download", type);
  if (denied) return denied;
  await writeAudit({
    actor: { kind: "fhirClient", clientId: r.caller!.clientId },
    action: "EXPORT",
    entityType: "FhirExport",
    entityId: job.id,
    outcome: "SUCCESS",
    ctx: r.ctx,
    details: { download: type },
  });
  let next = -1;
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const parts = await db.fhirExportPart.findMany({
        where: { jobId: job.id, resourceType: type, seq: { gt: next } },
        select: { seq: true, ndjson: true },
        orderBy: { seq: "asc" },
        take: PARTS_PER_READ,
      });
      if (parts.length === 0) {
        controller.close();
        return;
      }
      for (const p of parts) controller.enqueue(encoder.encode(p.ndjson));
      next = parts[parts.length - 1]!.seq;
    },
  });
  return new Response(body, { status: 200, headers: { "Content-Type": `${NDJSON}; charset=utf-8` } });
}

/** An operation this server does not implement (404 not-supported). */
export const fhirNotSupported = (what: string) => fail(404, "not-supported", `${what} is not supported`);
