import { spawn } from "node:child_process";
import { chmod, mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { startEmbeddedPostgres } from "../../src/cli/lib/embedded-postgres";
import { applyMigrations } from "../../src/cli/lib/migrations";
import { expect, test } from "./fixtures";

/**
 * Reliability (docs/security-model.md#reliability): an app instance survives a PostgreSQL restart without being restarted
 * itself (fails fast during the outage, recovers after), and SIGTERM is graceful. Runs its own
 * embedded PostgreSQL so stopping it cannot disturb the other tests.
 */
const root = join(import.meta.dirname, "..", "..");

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, "127.0.0.1", () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => resolve(p));
    });
  });
}

async function waitFor(fn: () => Promise<boolean>, timeoutMs: number): Promise<number> {
  const t0 = Date.now();
  while (Date.now() - t0 < timeoutMs) {
    if (await fn().catch(() => false)) return Date.now() - t0;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error("condition not met in time");
}

test("survives a PostgreSQL restart and shuts down gracefully on SIGTERM", async () => {
  test.setTimeout(120_000);
  const dir = await mkdtemp(join(tmpdir(), "vpc-resilience-"));
  // As root, embedded PostgreSQL runs as the OS user postgres, which must be able to enter it.
  await chmod(dir, 0o755);
  let db = await startEmbeddedPostgres({ dataDir: join(dir, "pg") });
  const port = await freePort();
  const admin = new pg.Client({ connectionString: db.serverUrl });
  await admin.connect();
  await admin.query("create database vpc");
  await admin.end();
  const url = new URL(db.serverUrl);
  url.pathname = "/vpc";
  await applyMigrations(url.toString());

  const app = spawn(process.execPath, ["--import", "tsx", "src/cli/start.ts"], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: url.toString(), PORT: String(port), NEXTAUTH_SECRET: "resilience-secret-0123456789abcdef0123", VPC_NO_BUILD: "1", VPC_QUIET_LOGS: "1" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  app.stdout.on("data", (d: Buffer) => (output += d.toString()));
  app.stderr.on("data", (d: Buffer) => (output += d.toString()));
  const exited = new Promise<number | null>((resolve) => app.on("exit", (code) => resolve(code)));
  const base = `http://127.0.0.1:${port}`;
  const ready = async () => (await fetch(`${base}/api/ready`)).status;

  try {
    await waitFor(async () => (await ready()) === 200, 60_000);

    await db.stop();
    // During the outage: readiness fails fast, liveness stays up, the process does not crash.
    const t0 = Date.now();
    expect(await ready()).toBe(503);
    expect(Date.now() - t0).toBeLessThan(5_000);
    expect((await fetch(`${base}/api/health`)).status).toBe(200);
    expect(app.exitCode).toBeNull();

    db = await startEmbeddedPostgres({ dataDir: join(dir, "pg"), port: Number(new URL(db.serverUrl).port) });
    const recoveredIn = await waitFor(async () => (await ready()) === 200, 20_000);
    test.info().annotations.push({ type: "recovered after restart (ms)", description: String(recoveredIn) });

    // Graceful shutdown: requests already sent are answered, then the process exits 0.
    const inFlight = Array.from({ length: 20 }, () => fetch(`${base}/api/health`).then((r) => r.status));
    await new Promise((r) => setTimeout(r, 20));
    app.kill("SIGTERM");
    const statuses = await Promise.allSettled(inFlight);
    const answered = statuses.filter((s) => s.status === "fulfilled").map((s) => (s as PromiseFulfilledResult<number>).value);
    expect(answered.length).toBeGreaterThan(0);
    expect(answered.every((s) => s === 200)).toBe(true);
    expect(await exited, output).toBe(0);
    expect(output).toContain("stopped cleanly");
  } finally {
    if (app.exitCode === null) app.kill("SIGKILL");
    await db.stop().catch(() => undefined);
    await rm(dir, { recursive: true, force: true });
  }
});
