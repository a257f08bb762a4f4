import { spawn } from "node:child_process";
import { chmod, mkdtemp, rm } from "node:fs/promises";
import { request as httpRequest } from "node:http";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { prepareAppDatabase } from "../../src/cli/lib/db-roles";
import { startEmbeddedPostgres } from "../../src/cli/lib/embedded-postgres";
import { applyMigrations } from "../../src/cli/lib/migrations";
import { expect, test } from "./fixtures";

/**
 * Reliability (docs/security-model.md#reliability): an app instance survives a PostgreSQL restart without being restarted
 * itself (answers "not ready" during the outage, recovers after), and SIGTERM is graceful. Runs
 * its own embedded PostgreSQL so stopping it cannot disturb the other tests. How fast it fails
 * and recovers is a figure for `npm run bench` (tests/bench/resilience.ts), not asserted here:
 * a functional test waits on states, so a busy machine makes it slower, never red.
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

/** `sent` resolves once the request has been written to an open connection (it is in flight). */
function sendHealthRequest(base: string): { sent: Promise<void>; status: Promise<number> } {
  let onSent!: () => void;
  const sent = new Promise<void>((r) => (onSent = r));
  const status = new Promise<number>((resolve, reject) => {
    const req = httpRequest(`${base}/api/health`, { agent: false }, (res) => {
      res.resume();
      res.on("end", () => resolve(res.statusCode ?? 0));
    });
    req.on("finish", onSent);
    req.on("error", (e) => {
      onSent();
      reject(e);
    });
    req.end();
  });
  return { sent, status };
}

test("survives a PostgreSQL restart and shuts down gracefully on SIGTERM", async () => {
  test.setTimeout(240_000);
  const dir = await mkdtemp(join(tmpdir(), "vpc-resilience-"));
  // As root, embedded PostgreSQL runs as the OS user postgres, which must be able to enter it.
  await chmod(dir, 0o755);
  let db = await startEmbeddedPostgres({ dataDir: join(dir, "pg") });
  const port = await freePort();
  const { ownerUrl, appUrl } = await prepareAppDatabase(db.serverUrl, "vpc", db.roles);
  await applyMigrations(ownerUrl, { appRole: db.roles.app.name });
  const url = new URL(appUrl);

  const app = spawn(process.execPath, ["--import", "tsx", "src/cli/start.ts"], {
    cwd: root,
    env: {
      ...process.env,
      DATABASE_URL: url.toString(),
      PORT: String(port),
      NEXTAUTH_SECRET: "resilience-secret-0123456789abcdef0123",
      VPC_NO_BUILD: "1",
      VPC_QUIET_LOGS: "1",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  app.stdout.on("data", (d: Buffer) => (output += d.toString()));
  app.stderr.on("data", (d: Buffer) => (output += d.toString()));
  const exited = new Promise<number | null>((resolve) => app.on("exit", (code) => resolve(code)));
  const base = `http://127.0.0.1:${port}`;
  const ready = async () => (await fetch(`${base}/api/ready`)).status;

  try {
    // Waits on the state (ready), bounded generously: a loaded machine starts the app slowly.
    await expect.poll(() => ready().catch(() => 0), { message: "app ready", timeout: 90_000 }).toBe(200);

    await db.stop();
    // During the outage: readiness says "not ready" (a 503, not a hang or a crash), liveness stays up.
    expect(await ready()).toBe(503);
    expect((await fetch(`${base}/api/health`)).status).toBe(200);
    expect(app.exitCode).toBeNull();

    db = await startEmbeddedPostgres({ dataDir: join(dir, "pg"), port: Number(new URL(db.serverUrl).port) });
    // Recovers by itself, without a restart of the app.
    await expect
      .poll(() => ready().catch(() => 0), { message: "ready again after the database restart", timeout: 60_000 })
      .toBe(200);

    // Graceful shutdown: requests already on the wire are answered, then the process exits 0.
    const inFlight = Array.from({ length: 20 }, () => sendHealthRequest(base));
    await Promise.all(inFlight.map((r) => r.sent));
    app.kill("SIGTERM");
    const statuses = await Promise.allSettled(inFlight.map((r) => r.status));
    const answered = statuses
      .filter((s) => s.status === "fulfilled")
      .map((s) => (s as PromiseFulfilledResult<number>).value);
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
