/**
 * `npm run bench [-- --quick] [-- name-filter[,another]]`: builds the production app if needed, starts it
 * against a fresh seeded database, and runs every scenario file in tests/bench/ (each default-
 * exports a BenchScenario or an array of them). Prints figures and ratios measured in one run.
 */
import { readdirSync } from "node:fs";
import { join } from "node:path";
import pg from "pg";
import { ensureProductionBuild } from "../../src/cli/lib/build";
import { dropDatabase, resolvePostgresServer, uniqueDatabaseName } from "../../src/cli/lib/databases";
import { createAppDatabase, ensureRoles, TEST_DB_ROLES } from "../../src/cli/lib/db-roles";
import { DEMO_PASSWORD } from "../../src/cli/lib/demo-accounts";
import { applyMigrations } from "../../src/cli/lib/migrations";
import { seedDemo } from "../../src/cli/lib/seed-demo";
import { freePort, root, startApp, waitForHttp, type BenchScenario } from "./lib";

const args = process.argv.slice(2);
const quick = args.includes("--quick");
// Comma-separated: a scenario runs when its name or file contains any of them.
const filters = (args.find((a) => !a.startsWith("--")) ?? "").split(",").filter(Boolean);

async function login(appUrl: string, email: string, password = DEMO_PASSWORD): Promise<string> {
  const page = await fetch(`${appUrl}/login`);
  const csrfCookie = page.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
  const token = /name="csrfToken" value="([a-f0-9]+)"/.exec(await page.text())?.[1] ?? "";
  const res = await fetch(`${appUrl}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      cookie: csrfCookie,
      origin: appUrl,
      "x-forwarded-for": `10.250.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`,
    },
    body: new URLSearchParams({ csrfToken: token, email, password, callbackUrl: "/" }),
  });
  const session = res.headers.getSetCookie().find((c) => c.includes("session-token"));
  if (!session) throw new Error(`bench login failed for ${email}`);
  return session.split(";")[0]!;
}

async function main() {
  const server = await resolvePostgresServer();
  const name = uniqueDatabaseName("vpc_bench");
  // Same roles as production: the owner migrates and seeds, the app (and the bare baselines) use the app role.
  await ensureRoles(server.serverUrl, TEST_DB_ROLES);
  const { ownerUrl, appUrl: databaseUrl } = await createAppDatabase(server.serverUrl, name, TEST_DB_ROLES);
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 10 });
  const port = await freePort();
  const appUrl = `http://localhost:${port}`;
  let app: ReturnType<typeof startApp> | undefined;
  let failed = 0;
  try {
    await applyMigrations(ownerUrl, { appRole: TEST_DB_ROLES.app.name });
    process.env.BENCH_OWNER_DATABASE_URL = ownerUrl;
    await seedDemo(ownerUrl);
    ensureProductionBuild(root, (l) => console.log(`[bench] ${l}`));
    app = startApp(databaseUrl, port);
    await waitForHttp(`${appUrl}/api/health`);
    console.log(
      `[bench] app on ${appUrl}; ${quick ? "quick" : "full"} run; 2 cores shared by app, database and load generator - compare ratios, not absolutes`,
    );
    const files = readdirSync(import.meta.dirname)
      .filter((f) => f.endsWith(".ts") && !["run.ts", "lib.ts"].includes(f))
      .sort();
    for (const f of files) {
      const mod = (await import(join(import.meta.dirname, f))) as { default: BenchScenario | BenchScenario[] };
      for (const s of Array.isArray(mod.default) ? mod.default : [mod.default]) {
        if (filters.length && !filters.some((x) => s.name.includes(x) || f.includes(x))) continue;
        console.log(`\n[bench] == ${s.name}`);
        try {
          await s.run({
            appUrl,
            databaseUrl,
            pool,
            quick,
            login: (email, pw) => login(appUrl, email, pw),
            report: (l) => console.log(`[bench]   ${l}`),
          });
        } catch (e) {
          failed++;
          console.log(`[bench]   FAILED: ${e instanceof Error ? e.message : String(e)}`);
        }
      }
    }
  } finally {
    app?.kill("SIGTERM");
    await new Promise((r) => setTimeout(r, 500));
    await pool.end();
    await dropDatabase(server.serverUrl, name).catch(() => undefined);
    await server.stop();
  }
  process.exit(failed ? 1 : 0);
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.stack : e);
  process.exit(1);
});
