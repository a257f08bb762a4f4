import "server-only";
import { authorize } from "../auth/actor";
import type { Actor } from "@/modules/identity/core/roles";
import { backgroundJobs } from "./jobs.server";
import { instanceId, readWorkerRows } from "./loop.server";
import { jobHealth, type JobHealth } from "./schedule";

export type JobStatus = {
  name: string;
  description: string;
  everySeconds: number;
  health: JobHealth;
  lastStartedAt: Date | null;
  lastFinishedAt: Date | null;
  lastError: string | null;
  lastResult: Record<string, number> | null;
  nextRunAt: Date | null;
  runs: number;
  failures: number;
  consecutiveFailures: number;
  lastInstance: string | null;
};
export type WorkerOverview = {
  lease: { holder: string; acquiredAt: Date; expiresAt: Date; live: boolean } | null;
  thisInstance: string;
  jobs: JobStatus[];
};

/** The admins' view of the background worker (/admin/worker): no PHI, counts and error names only. */
export async function getWorkerOverview(actor: Actor, now = new Date()): Promise<WorkerOverview> {
  await authorize(actor, actor.role === "ADMIN", { entityType: "WorkerJob", action: "LIST" });
  const { lease, records } = await readWorkerRows();
  const byName = new Map(records.map((r) => [r.name, r]));
  return {
    lease: lease ? { ...lease, live: lease.expiresAt.getTime() > now.getTime() } : null,
    thisInstance: instanceId,
    jobs: backgroundJobs().map((j) => {
      const r = byName.get(j.name);
      return {
        name: j.name,
        description: j.description,
        everySeconds: j.everySeconds,
        health: jobHealth(j, r, now),
        lastStartedAt: r?.lastStartedAt ?? null,
        lastFinishedAt: r?.lastFinishedAt ?? null,
        lastError: r?.lastError ?? null,
        lastResult: (r?.lastResult as Record<string, number> | null) ?? null,
        nextRunAt: r?.nextRunAt ?? null,
        runs: r?.runs ?? 0,
        failures: r?.failures ?? 0,
        consecutiveFailures: r?.consecutiveFailures ?? 0,
        lastInstance: r?.lastInstance ?? null,
      };
    }),
  };
}
