/**
 * Reliability figures (docs/security-model.md#reliability), measured here and not asserted in the e2e suite (issue 10):
 * tests/e2e/resilience.spec.ts proves that an app instance says "not ready" while PostgreSQL is
 * down and recovers by itself; this times both. Budgets: readiness answers within 5 s during the
 * outage (fails fast, no hang); ready again within 20 s of the database coming back.
 * Runs its own embedded PostgreSQL and app instance, so stopping the database disturbs nothing.
 */
import { spawn } from "node:child_process";
import { chmod, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startEmbeddedPostgres } from "../../src/cli/lib/embedded-postgres";
import { applyMigrations } from "../../src/cli/lib/migrations";
import { createAppDatabase, ensureRoles, TEST_DB_ROLES } from "../../src/cli/lib/db-roles";
import { freePort, percentiles, root, type BenchScenario } from "./lib";

const FAIL_FAST_BUDGET_MS = 5_000;
const RECOVERY_BUDGET_MS = 20_000;

/** The app process ended: waiting for it to become ready is pointless. */
class AppExited extends Error {}

async function timeUntil(fn: () => Promise<boolean>, limitMs: number): Promise<number> {
  const t0 = performance.now();
  while (performance.now() - t0 < limitMs * 3) {
    // A refused connection is "not yet"; an app that exited ends the wait at once.
    if (await fn().catch((e: unknown) => (e instanceof AppExited ? Promise.reject(e) : false)))
      return performance.now() - t0;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`not reached within ${limitMs * 3} ms`);
}

const scenario: BenchScenario = {
  name: "resilience: readiness during a PostgreSQL outage and recovery after it",
  async run(ctx) {
    const dir = await mkdtemp(join(tmpdir(), "vpc-bench-resilience-"));
    await chmod(dir, 0o755); // as root, embedded PostgreSQL runs as the OS user postgres
    let db = await startEmbeddedPostgres({ dataDir: join(dir, "pg") });
    // As in production: the owner migrates, the app connects as the least-privilege role (the
    // app refuses to start on a superuser URL).
    await ensureRoles(db.serverUrl, TEST_DB_ROLES);
    const { ownerUrl, appUrl } = await createAppDatabase(db.serverUrl, "vpc", TEST_DB_ROLES);
    await applyMigrations(ownerUrl, { appRole: TEST_DB_ROLES.app.name });
    const url = new URL(appUrl);
    const port = await freePort();
    const app = spawn(process.execPath, ["--import", "tsx", "src/cli/start.ts"], {
      cwd: root,
      env: {
        ...process.env,
        DATABASE_URL: url.toString(),
        PORT: String(port),
        NEXTAUTH_SECRET: "bench-resilience-0123456789abcdef0123456789",
        VPC_NO_BUILD: "1",
        VPC_QUIET_LOGS: "1",
      },
      stdio: ["ignore", "ignore", "inherit"],
    });
    const exited = new Promise<void>((resolve) => app.once("exit", () => resolve()));
    const ready = async () => {
      if (app.exitCode !== null || app.signalCode !== null)
        throw new AppExited(`the app exited (${app.exitCode ?? app.signalCode})`);
      return (await fetch(`http://127.0.0.1:${port}/api/ready`)).status;
    };
    try {
      await timeUntil(async () => (await ready()) === 200, 60_000);
      const failFast: number[] = [];
      const recovery: number[] = [];
      for (let i = 0; i < (ctx.quick ? 2 : 4); i++) {
        await db.stop();
        const t0 = performance.now();
        const status = await ready();
        failFast.push(performance.now() - t0);
        if (status !== 503) throw new Error(`readiness answered ${status} during the outage`);
        db = await startEmbeddedPostgres({ dataDir: join(dir, "pg"), port: Number(new URL(db.serverUrl).port) });
        recovery.push(await timeUntil(async () => (await ready()) === 200, RECOVERY_BUDGET_MS));
      }
      const f = percentiles(failFast);
      const r = percentiles(recovery);
      ctx.report(
        `readiness during the outage (${failFast.length} outages): 503 after p50 ${f.p50.toFixed(0)} ms, max ${f.max.toFixed(0)} ms; budget ${FAIL_FAST_BUDGET_MS} ms -> ${f.max <= FAIL_FAST_BUDGET_MS ? "PASS" : "MISS"}`,
      );
      ctx.report(
        `ready again after the database restart: p50 ${r.p50.toFixed(0)} ms, max ${r.max.toFixed(0)} ms; budget ${RECOVERY_BUDGET_MS} ms -> ${r.max <= RECOVERY_BUDGET_MS ? "PASS" : "MISS"}`,
      );
    } finally {
      // An app that already exited never emits "exit" again: wait on the one promise.
      app.kill("SIGTERM");
      await exited;
      await db.stop().catch(() => undefined);
      await rm(dir, { recursive: true, force: true });
    }
  },
};

export default scenario;
