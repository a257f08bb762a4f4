import "server-only";
import type { Resource } from "@medplum/fhirtypes";
import { ltotRegistryPatientIds } from "@/modules/care-program/index.server";
import { writeAudit, type AuditEntry } from "@/server/audit";
import { db } from "@/server/db";
import { getEnv } from "@/server/env";
import { logger } from "@/server/logger";
import { claimLapsed, nextStep, patientIdsOf, toNdjson } from "./core/bulk-export";
import { isResourceType, type SearchQuery } from "./core/search";
import { loadPage } from "./load-resources.server";
import { fhirBaseUrl } from "./serve-fhir.server";

/**
 * The background half of FHIR bulk export (docs/decisions/fhir-bulk-export.md), run by the worker
 * (src/server/worker/jobs.server.ts) for a time budget per run: remove expired jobs, then claim a
 * queued job (or one whose runner's heartbeat lapsed: that runner died), list its patients, and
 * write its NDJSON chunk by chunk. Each chunk (parts, the cursor and the audit rows of its
 * patients) is one transaction guarded by the runner and the chunk number, so a second runner
 * of the same job (a lease that lapsed mid-run) can never write a chunk twice.
 */

export type BulkRunOptions = {
  runnerId: string;
  budgetMs?: number;
  chunkPatients?: number;
  /** A runner that has not written for this long is presumed dead. */
  staleMs?: number;
  /** Stop after this many steps (listing patients, or one chunk): tests and the bench step through a job. */
  maxSteps?: number;
};
export type BulkRunResult = { removed: number; chunks: number; completed: number; failed: number };

const PLAN_PAGE = 1000;
/** The loader's page size, for "all rows of these patients" (never reached: chunks are small). */
const ALL = 1_000_000;

class LostClaim extends Error {}

const workerCtx = (requestId: string) => ({ ip: null, requestId, userAgent: "background worker (FHIR bulk export)" });

export async function runBulkExports(now: Date, o: BulkRunOptions): Promise<BulkRunResult> {
  const env = getEnv();
  const budgetMs = o.budgetMs ?? env.FHIR_EXPORT_STEP_SECONDS * 1000;
  const staleMs = o.staleMs ?? Math.max(60_000, 3 * budgetMs);
  const started = Date.now();
  const steps = { left: o.maxSteps ?? Number.POSITIVE_INFINITY };
  const result: BulkRunResult = { removed: 0, chunks: 0, completed: 0, failed: 0 };
  // Expired jobs go with their parts and members (ON DELETE CASCADE).
  result.removed = (await db.fhirExportJob.deleteMany({ where: { expiresAt: { lte: now } } })).count;
  while (Date.now() - started < budgetMs && steps.left > 0) {
    const id = await claimJob(o.runnerId, new Date(), staleMs);
    if (!id) break;
    const outcome = await workOn(
      id,
      o.runnerId,
      { started, budgetMs, steps },
      o.chunkPatients ?? env.FHIR_EXPORT_CHUNK_PATIENTS,
    );
    result.chunks += outcome.chunks;
    if (outcome.state === "completed") result.completed++;
    else if (outcome.state === "failed") result.failed++;
    else break; // out of time (or the claim was lost): the next run goes on from the cursor
  }
  return result;
}

/** Takes the oldest job that is free: queued, ours, or its runner's heartbeat lapsed (compare-and-set). */
async function claimJob(me: string, now: Date, staleMs: number): Promise<string | null> {
  const candidates = await db.fhirExportJob.findMany({
    where: { status: { in: ["QUEUED", "RUNNING"] } },
    select: { id: true, runnerId: true, heartbeatAt: true },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    take: 20,
  });
  for (const c of candidates) {
    if (!claimLapsed(c, me, now, staleMs)) continue;
    const taken = await db.fhirExportJob.updateMany({
      where: { id: c.id, runnerId: c.runnerId, heartbeatAt: c.heartbeatAt, status: { in: ["QUEUED", "RUNNING"] } },
      data: { runnerId: me, heartbeatAt: now, status: "RUNNING" },
    });
    if (taken.count === 1) {
      if (c.runnerId && c.runnerId !== me) logger.info("fhir.bulk.job_taken_over", { job: c.id });
      return c.id;
    }
  }
  return null;
}

type WorkOutcome = { state: "completed" | "failed" | "paused"; chunks: number };

type Budget = { started: number; budgetMs: number; steps: { left: number } };

async function workOn(id: string, me: string, b: Budget, size: number): Promise<WorkOutcome> {
  let chunks = 0;
  try {
    for (;;) {
      const job = await db.fhirExportJob.findFirst({ where: { id, runnerId: me, status: "RUNNING" } });
      if (!job) return { state: "paused", chunks }; // cancelled, or another runner took it
      const step = nextStep(job);
      if (step === "complete") {
        await complete(job, me);
        return { state: "completed", chunks };
      }
      if (Date.now() - b.started >= b.budgetMs || b.steps.left <= 0) return { state: "paused", chunks };
      b.steps.left--;
      if (step === "plan") await plan(job, me);
      else {
        await writeChunk(job, me, size);
        chunks++;
      }
    }
  } catch (e) {
    if (e instanceof LostClaim) return { state: "paused", chunks };
    const error = e instanceof Error ? `${e.name}: ${e.message.split("\n")[0]!.slice(0, 160)}` : "Error: unknown";
    logger.warn("fhir.bulk.job_failed", { job: id, error });
    const ttl = getEnv().FHIR_EXPORT_TTL_HOURS * 3_600_000;
    await db.fhirExportJob.updateMany({
      where: { id, runnerId: me },
      data: { status: "FAILED", error, runnerId: null, completedAt: new Date(), expiresAt: new Date(Date.now() + ttl) },
    });
    return { state: "failed", chunks };
  }
}

type Job = NonNullable<Awaited<ReturnType<typeof db.fhirExportJob.findFirst>>>;

/** Lists the job's patients once (the Group's members now, or every patient), in pages. */
async function plan(job: Job, me: string): Promise<void> {
  // A runner that died while listing left some rows: start over (duplicates are skipped anyway).
  await db.fhirExportMember.deleteMany({ where: { jobId: job.id } });
  const add = (ids: string[]) =>
    db.fhirExportMember.createMany({
      data: ids.map((patientId) => ({ jobId: job.id, patientId })),
      skipDuplicates: true,
    });
  if (job.level === "Group") {
    const ids = await ltotRegistryPatientIds(job.transactionTime);
    for (let i = 0; i < ids.length; i += PLAN_PAGE) await add(ids.slice(i, i + PLAN_PAGE));
  } else {
    let after: string | undefined;
    for (;;) {
      const page = await db.patient.findMany({
        where: after ? { id: { gt: after } } : {},
        select: { id: true },
        orderBy: { id: "asc" },
        take: PLAN_PAGE,
      });
      if (page.length === 0) break;
      await add(page.map((p) => p.id));
      after = page[page.length - 1]!.id;
    }
  }
  const total = await db.fhirExportMember.count({ where: { jobId: job.id } });
  const set = await db.fhirExportJob.updateMany({
    where: { id: job.id, runnerId: me, planned: false },
    data: { planned: true, patientsTotal: total, heartbeatAt: new Date() },
  });
  if (set.count !== 1) throw new LostClaim();
}

/** The query that loads every resource of a type for these patients (the search API's loader). */
function chunkQuery(type: string, ids: string[], since: Date | null): SearchQuery {
  return {
    ...(type === "Patient" ? { ids } : { patients: ids }),
    tokens: {},
    dates: since ? { _lastUpdated: [{ op: "ge", from: since, to: since }] } : {},
    count: ALL,
    offset: 0,
  };
}

/** The next chunk of patients: every type's resources as one part each, the cursor, the audit rows. */
async function writeChunk(job: Job, me: string, size: number): Promise<void> {
  const ids = (
    await db.fhirExportMember.findMany({
      where: { jobId: job.id, ...(job.cursor ? { patientId: { gt: job.cursor } } : {}) },
      select: { patientId: true },
      orderBy: { patientId: "asc" },
      take: size,
    })
  ).map((m) => m.patientId);
  const base = fhirBaseUrl();
  const parts: { jobId: string; resourceType: string; seq: number; lines: number; ndjson: string }[] = [];
  const exported = new Set<string>();
  for (const type of job.types) {
    if (!isResourceType(type) || ids.length === 0) continue;
    const { matches } = await loadPage(type, chunkQuery(type, ids, job.since), base);
    if (matches.length === 0) continue;
    for (const p of patientIdsOf(matches as Resource[])) exported.add(p);
    parts.push({
      jobId: job.id,
      resourceType: type,
      seq: job.chunks,
      lines: matches.length,
      ndjson: toNdjson(matches),
    });
  }
  const audit: AuditEntry[] = [...exported].map((patientId) => ({
    actor: { kind: "fhirClient", clientId: job.clientId },
    action: "EXPORT",
    entityType: "Patient",
    entityId: patientId,
    patientId,
    outcome: "SUCCESS",
    ctx: workerCtx(job.requestId),
    details: { fhirExport: job.id, chunk: job.chunks },
  }));
  await db.$transaction(
    async (tx) => {
      const moved = await tx.fhirExportJob.updateMany({
        where: { id: job.id, runnerId: me, chunks: job.chunks },
        data: {
          cursor: ids.length ? ids[ids.length - 1] : job.cursor,
          patientsDone: ids.length ? { increment: ids.length } : job.patientsTotal,
          chunks: { increment: 1 },
          heartbeatAt: new Date(),
        },
      });
      if (moved.count !== 1) throw new LostClaim();
      if (parts.length) await tx.fhirExportPart.createMany({ data: parts });
      // One row per exported patient, one INSERT per chunk (set-based), with the client as actor.
      await writeAudit(audit, tx);
    },
    { timeout: 60_000 },
  );
}

async function complete(job: Job, me: string): Promise<void> {
  const now = new Date();
  const done = await db.fhirExportJob.updateMany({
    where: { id: job.id, runnerId: me, status: "RUNNING" },
    data: {
      status: "COMPLETED",
      runnerId: null,
      completedAt: now,
      expiresAt: new Date(now.getTime() + getEnv().FHIR_EXPORT_TTL_HOURS * 3_600_000),
    },
  });
  if (done.count !== 1) return;
  await writeAudit({
    actor: { kind: "fhirClient", clientId: job.clientId },
    action: "EXPORT",
    entityType: "FhirExport",
    entityId: job.id,
    outcome: "SUCCESS",
    ctx: workerCtx(job.requestId),
    details: { level: job.level, types: job.types, patients: job.patientsTotal, chunks: job.chunks },
  });
}
