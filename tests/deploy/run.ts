/**
 * `npm run test:deploy`: the deployment of deploy/compose.yaml, started here as plain processes
 * (README, "Run it in production"), then proved in Chromium through nginx (tests/deploy/*.spec.ts):
 *   1. its own PostgreSQL cluster (Debian's initdb/pg_ctl, a free port; the drills restart it),
 *      owner and app roles, the release step (src/cli/migrate.ts as the owner), demo data;
 *   2. the production build (built once when missing or stale);
 *   3. coturn on loopback, two app instances (TRUST_PROXY=1, TURN relay forced), nginx with TLS
 *      (a self-signed certificate) and HTTP/2 in front of them.
 * Everything it starts it stops, also when a step fails. Logs: tests/.artifacts/deploy/.
 * `npm run test:deploy -- --capacity [--quick]` starts the same topology and measures capacity
 * with one and two instances instead (tests/deploy/capacity.ts, docs/capacity.md).
 */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ensureProductionBuild } from "../../src/cli/lib/build";
import { createAppDatabase, ensureRoles, TEST_DB_ROLES } from "../../src/cli/lib/db-roles";
import { seedDemo } from "../../src/cli/lib/seed-demo";
import { bin, freePort, root, run } from "../setup/processes";
import { startPrivatePostgres } from "./private-postgres";
import {
  selfSignedCertificate,
  startCoturn,
  startNginx,
  httpsStatus,
  superviseApp,
  waitFor,
  type Supervised,
} from "./stack";

const log = (l: string) => console.log(`[deploy] ${l}`);
const TURN_SECRET = "deploy-test-turn-secret-0123456789abcdef";
const AUTH_SECRET = "deploy-test-auth-secret-0123456789abcdef0123";

// `-- --capacity [--quick]`: measure capacity (tests/deploy/capacity.ts) instead of the drills.
const capacity = process.argv.includes("--capacity");
const playwrightArgs = process.argv.slice(2).filter((a) => a !== "--capacity" && a !== "--quick");

async function main(): Promise<number> {
  const t0 = Date.now();
  const dir = mkdtempSync(join(tmpdir(), "vpc-deploy-"));
  const logs = join(root, "tests", ".artifacts", "deploy");
  mkdirSync(logs, { recursive: true });
  const stops: Array<() => Promise<void> | void> = [];
  try {
    const pgPort = await freePort();
    const pg = await startPrivatePostgres(dir, pgPort);
    stops.push(() => pg.stop());
    log(`PostgreSQL ${pgPort} (private cluster in ${dir})`);

    // Release step, as compose's `migrate` service: the owner migrates and grants the app role.
    await ensureRoles(pg.serverUrl, TEST_DB_ROLES);
    const { ownerUrl, appUrl } = await createAppDatabase(pg.serverUrl, "vpc", TEST_DB_ROLES);
    const migrated = await run(process.execPath, ["--import", "tsx", "src/cli/migrate.ts"], {
      ...process.env,
      MIGRATION_DATABASE_URL: ownerUrl,
      DATABASE_URL: appUrl,
    });
    if (migrated !== 0) throw new Error("the release step (src/cli/migrate.ts) failed");
    await seedDemo(ownerUrl);

    ensureProductionBuild(root, log);

    const turnPort = await freePort();
    const relayBase = await freePort();
    stops.push((await startCoturn(dir, turnPort, [relayBase, relayBase + 40], TURN_SECRET)).stop);
    const httpsPort = await freePort();
    const appPort = await freePort();
    const appEnv: NodeJS.ProcessEnv = {
      NODE_ENV: "production",
      DATABASE_URL: appUrl,
      NEXTAUTH_SECRET: AUTH_SECRET,
      NEXTAUTH_URL: `https://localhost:${httpsPort}`,
      TRUST_PROXY: "1",
      DB_CONNECT_TIMEOUT_MS: "2000",
      ICE_TURN_URLS: `turn:127.0.0.1:${turnPort}?transport=udp`,
      ICE_TURN_SECRET: TURN_SECRET,
      ICE_TRANSPORT_POLICY: "relay",
      // Ticks every second so the "runs once" check waits on a few ticks, not on minutes.
      WORKER_TICK_SECONDS: "1",
      REMINDER_TICK_SECONDS: "1",
      VPC_NO_BUILD: "1",
      VPC_QUIET_LOGS: "1",
    };
    // Both instances start side by side (each is mostly waiting on Next's prepare). Each runs
    // under a supervisor with systemd's Restart=on-success (stack.ts): after a clean SIGTERM
    // drain it is started again on its port (the rolling-restart drill); a killed one stays down.
    const pidsFile = join(dir, "app-pids.json");
    const apps: Supervised[] = await Promise.all(
      [appPort, appPort + 1].map(async (port, i) => {
        const app = await superviseApp(`app${i + 1}`, port, appEnv, logs, () => writePids());
        stops.push(app.stop);
        return app;
      }),
    );
    const writePids = () => writeFileSync(pidsFile, JSON.stringify(apps.map((a) => a.pid())));
    writePids();
    const { cert, key } = selfSignedCertificate(dir);
    const nginx = await startNginx(dir, {
      httpsPort,
      httpPort: await freePort(),
      upstreams: [`127.0.0.1:${appPort}`, `127.0.0.1:${appPort + 1}`],
      cert,
      key,
    });
    stops.push(nginx.stop);
    const base = `https://localhost:${httpsPort}`;
    await waitFor("nginx -> app", async () => (await httpsStatus(`${base}/api/ready`)) === 200, nginx.child, 30_000);
    log(
      `topology up in ${((Date.now() - t0) / 1000).toFixed(0)} s: ${base} -> apps ${appPort}, ${appPort + 1}; TURN ${turnPort}`,
    );

    if (capacity) {
      // One instance behind nginx: a second nginx whose two upstream lines both point at app1.
      const oneDir = join(dir, "nginx-one");
      mkdirSync(oneDir, { recursive: true });
      const onePort = await freePort();
      const nginxOne = await startNginx(oneDir, {
        httpsPort: onePort,
        httpPort: await freePort(),
        upstreams: [`127.0.0.1:${appPort}`, `127.0.0.1:${appPort}`],
        cert,
        key,
      });
      stops.push(nginxOne.stop);
      const { measureCapacity } = await import("./capacity");
      await measureCapacity({
        one: { label: "nginx -> app1", base: `https://localhost:${onePort}`, instances: 1 },
        two: { label: "nginx -> app1, app2", base, instances: 2 },
        databaseUrl: appUrl,
        appRole: TEST_DB_ROLES.app.name,
        log,
        quick: process.argv.includes("--quick"),
      });
      log(`total ${((Date.now() - t0) / 1000).toFixed(0)} s`);
      return 0;
    }

    const code = await run(
      bin("playwright"),
      ["test", "--config", "tests/deploy/playwright.config.ts", ...playwrightArgs],
      {
        ...process.env,
        DEPLOY_BASE_URL: base,
        DEPLOY_DIR: dir,
        DEPLOY_PG_PORT: String(pgPort),
        DEPLOY_APP_PORTS: `${appPort},${appPort + 1}`,
        DEPLOY_APP_PIDS: pidsFile,
        DEPLOY_ACCESS_LOG: nginx.accessLog,
        DEPLOY_OWNER_URL: ownerUrl,
        E2E_DATABASE_URL: appUrl,
      },
    );
    log(`total ${((Date.now() - t0) / 1000).toFixed(0)} s`);
    return code;
  } finally {
    for (const stop of stops.reverse()) await Promise.resolve(stop()).catch((e: unknown) => log(`stop: ${String(e)}`));
    rmSync(dir, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(e instanceof Error ? e.stack : e);
    process.exit(1);
  },
);
