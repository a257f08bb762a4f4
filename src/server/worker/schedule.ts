/**
 * The background worker's decisions, pure (no database, no timers): which jobs are due, and how a
 * job looks to an admin. The loop (loop.server.ts) reads the rows, asks these, runs and writes.
 * Why one loop with a lease: docs/architecture.md#background-work.
 */

export type JobDefinition = {
  name: string;
  /** What it does, in words an admin reads on /admin/worker. */
  description: string;
  /** Seconds between runs; 0 turns the job off. */
  everySeconds: number;
};

export type JobRecord = {
  name: string;
  lastStartedAt: Date | null;
  lastFinishedAt: Date | null;
  lastOk: boolean | null;
  lastError: string | null;
  nextRunAt: Date | null;
  runs: number;
  failures: number;
  consecutiveFailures: number;
};

/** Jobs to run now, in definition order: never run, or their next run time has come. Off jobs never. */
export function dueJobs(jobs: readonly JobDefinition[], records: readonly JobRecord[], now: Date): JobDefinition[] {
  const byName = new Map(records.map((r) => [r.name, r]));
  return jobs.filter((j) => {
    if (j.everySeconds <= 0) return false;
    const next = byName.get(j.name)?.nextRunAt;
    return !next || next.getTime() <= now.getTime();
  });
}

/**
 * When a job runs next: its interval after this run; after a failure sooner is no better (the
 * cause is usually the database or the mail server), so the same interval, but never more than
 * 5 minutes while failing, so recovery shows quickly.
 */
export function nextRunAfter(job: JobDefinition, finishedAt: Date, ok: boolean): Date {
  const seconds = ok ? job.everySeconds : Math.min(job.everySeconds, 300);
  return new Date(finishedAt.getTime() + seconds * 1000);
}

export type JobHealth = "off" | "never_run" | "ok" | "failing" | "late";

/**
 * How an admin sees a job: failing after a failed last run; late when its next run is more than
 * two intervals (and at least two minutes) overdue, which means no instance holds the lease or
 * the loop is stuck; never run before its first run.
 */
export function jobHealth(job: JobDefinition, record: JobRecord | undefined, now: Date): JobHealth {
  if (job.everySeconds <= 0) return "off";
  if (!record || record.runs === 0) {
    return record?.nextRunAt && now.getTime() - record.nextRunAt.getTime() > lateAfterMs(job) ? "late" : "never_run";
  }
  if (record.lastOk === false) return "failing";
  if (record.nextRunAt && now.getTime() - record.nextRunAt.getTime() > lateAfterMs(job)) return "late";
  return "ok";
}

function lateAfterMs(job: JobDefinition): number {
  return Math.max(2 * job.everySeconds * 1000, 120_000);
}

/** A job's error for the admins' page and the log: its name and first line, cut, no data. */
export function describeError(e: unknown): string {
  if (e instanceof Error) return `${e.name}: ${e.message.split("\n")[0]!.slice(0, 160)}`;
  return "Error: unknown";
}
