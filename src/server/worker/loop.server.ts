import "server-only";
import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import type { Prisma } from "@/generated/prisma/client";
import { db } from "../db";
import { logger } from "../logger";
import { describeError, dueJobs, nextRunAfter, type JobDefinition } from "./schedule";

/**
 * The one background worker loop (docs/architecture.md#background-work). Every app instance
 * ticks; the one holding the lease (a row in WorkerLease, renewed on each tick) runs the jobs
 * that are due and records each run in WorkerJob, which admins read on /admin/worker. When the
 * holder stops or loses the database, its lease lapses and another instance takes over within
 * LEASE_SECONDS. Jobs must still be safe to run twice at once (a lease can lapse mid-run): each
 * claims its rows itself (reminders: SKIP LOCKED claims; missed windows: a guarded UPDATE).
 */

export type Job = JobDefinition & { run: (now: Date) => Promise<Record<string, number>> };

const LEASE_NAME = "background-jobs";
export const LEASE_SECONDS = 30;

/** This process's name in the lease and the job records: host, pid and a random part. */
export const instanceId = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;

/**
 * Take or renew the lease: one UPDATE that succeeds only for its holder or once it lapsed (row
 * locks make two instances racing for a lapsed lease see one winner), or the first INSERT.
 */
export async function acquireLease(holder: string, now: Date, seconds = LEASE_SECONDS): Promise<boolean> {
  const expiresAt = new Date(now.getTime() + seconds * 1000);
  const renewed = await db.workerLease.updateMany({ where: { name: LEASE_NAME, holder }, data: { expiresAt } });
  if (renewed.count === 1) return true;
  const taken = await db.workerLease.updateMany({
    where: { name: LEASE_NAME, expiresAt: { lt: now } },
    data: { holder, acquiredAt: now, expiresAt },
  });
  if (taken.count === 1) {
    logger.info("worker.lease_taken", { holder });
    return true;
  }
  try {
    await db.workerLease.create({ data: { name: LEASE_NAME, holder, acquiredAt: now, expiresAt } });
    return true;
  } catch {
    return false; // another instance holds it (or created it a moment ago)
  }
}

/** Give the lease up (graceful shutdown), so another instance takes over at once. */
export async function releaseLease(holder: string): Promise<void> {
  await db.workerLease.deleteMany({ where: { name: LEASE_NAME, holder } });
}

export type TickOutcome = { leader: boolean; ran: { name: string; ok: boolean; result?: Record<string, number> }[] };

/** One tick: take or renew the lease; when held, run every due job in turn and record it. */
export async function tick(
  jobs: readonly Job[],
  holder: string,
  now: () => Date = () => new Date(),
): Promise<TickOutcome> {
  if (!(await acquireLease(holder, now()))) return { leader: false, ran: [] };
  const records = await db.workerJob.findMany({ where: { name: { in: jobs.map((j) => j.name) } } });
  const ran: TickOutcome["ran"] = [];
  for (const job of dueJobs(jobs, records, now())) {
    // A long job before this one may have outlived the lease: renew before each.
    if (ran.length > 0 && !(await acquireLease(holder, now()))) break;
    const def = jobs.find((j) => j.name === job.name)!;
    const startedAt = now();
    await db.workerJob.upsert({
      where: { name: def.name },
      create: { name: def.name, lastStartedAt: startedAt, lastInstance: holder },
      update: { lastStartedAt: startedAt, lastInstance: holder },
    });
    let ok = true;
    let result: Record<string, number> | undefined;
    let error: string | null = null;
    try {
      result = await def.run(startedAt);
    } catch (e) {
      ok = false;
      error = describeError(e);
      logger.warn("worker.job_failed", { job: def.name, error });
    }
    const finishedAt = now();
    await db.workerJob.update({
      where: { name: def.name },
      data: {
        lastFinishedAt: finishedAt,
        lastOk: ok,
        lastError: error,
        lastResult: (result ?? {}) as Prisma.InputJsonValue,
        nextRunAt: nextRunAfter(def, finishedAt, ok),
        runs: { increment: 1 },
        ...(ok ? { consecutiveFailures: 0 } : { failures: { increment: 1 }, consecutiveFailures: { increment: 1 } }),
      },
    });
    ran.push({ name: def.name, ok, result });
  }
  return { leader: true, ran };
}

type Globals = { __vpcWorker?: NodeJS.Timeout; __vpcBeforeCloseHooks?: Array<() => void> };

/** Started once per server process (src/instrumentation.ts): a tick now, then every tickSeconds. */
export function startWorker(jobs: readonly Job[], tickSeconds: number): void {
  const g = globalThis as Globals;
  if (g.__vpcWorker || tickSeconds <= 0) return;
  let running = false;
  let stopped = false;
  const run = () => {
    if (running || stopped) return;
    running = true;
    tick(jobs, instanceId)
      .catch((e: unknown) => logger.warn("worker.tick_failed", { error: describeError(e) }))
      .finally(() => {
        running = false;
      });
  };
  g.__vpcWorker = setInterval(run, tickSeconds * 1000);
  g.__vpcWorker.unref();
  setTimeout(run, 0).unref();
  (g.__vpcBeforeCloseHooks ??= []).push(() => {
    stopped = true;
    clearInterval(g.__vpcWorker);
    releaseLease(instanceId).catch(() => undefined);
  });
}

export type WorkerStatus = {
  lease: { holder: string; acquiredAt: Date; expiresAt: Date } | null;
  records: Awaited<ReturnType<typeof db.workerJob.findMany>>;
};

/** What the admins' page shows (no PHI). Authorization is the caller's (src/server/worker/status.server.ts). */
export async function readWorkerRows(): Promise<WorkerStatus> {
  const [lease, records] = await Promise.all([
    db.workerLease.findUnique({ where: { name: LEASE_NAME } }),
    db.workerJob.findMany({ orderBy: { name: "asc" } }),
  ]);
  return {
    lease: lease ? { holder: lease.holder, acquiredAt: lease.acquiredAt, expiresAt: lease.expiresAt } : null,
    records,
  };
}
