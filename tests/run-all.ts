/**
 * `npm test`: the whole suite - unit (two time zones), integration (real PostgreSQL) and
 * end-to-end (production build in real Chromium against real PostgreSQL, two app instances).
 * Uses the system Postgres at 127.0.0.1:5432 when it answers (or TEST_POSTGRES_URL), else starts
 * an embedded PostgreSQL. Every run creates its own databases and drops them afterwards.
 *
 *   npm test                         everything
 *   npm test -- --only unit|integration|e2e
 *   npm test -- --only e2e -- tests/e2e/auth.spec.ts --grep "sign in"   (extra Playwright args)
 * Env: E2E_SKIP_BUILD=1 reuses .next; E2E_PORT picks the first app port (second = +1).
 */
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { dropDatabase, resolvePostgresServer, uniqueDatabaseName } from "../src/cli/lib/databases";
import { createAppDatabase, ensureRoles, TEST_DB_ROLES } from "../src/cli/lib/db-roles";
import { ensureProductionBuild } from "../src/cli/lib/build";
import { applyMigrations } from "../src/cli/lib/migrations";
import { seedDemo } from "../src/cli/lib/seed-demo";
import { bin, freePort, root, run } from "./setup/processes";

const artifacts = join(root, "tests", ".artifacts");
mkdirSync(artifacts, { recursive: true });

const argv = process.argv.slice(2);
const dashdash = argv.indexOf("--");
const own = dashdash >= 0 ? argv.slice(0, dashdash) : argv;
const extra = dashdash >= 0 ? argv.slice(dashdash + 1) : [];
const onlyIdx = own.indexOf("--only");
const only = onlyIdx >= 0 ? own[onlyIdx + 1] : undefined;
const want = (layer: "unit" | "integration" | "e2e") => !only || only === layer;

type Tally = { layer: string; passed: number; failed: number; skipped: number; ok: boolean };
const tallies: Tally[] = [];

async function main() {
  const t0 = Date.now();
  const server = await resolvePostgresServer({ log: (l) => console.log(`[test] ${l}`) });
  console.log(`[test] PostgreSQL: ${server.embedded ? "embedded (no system Postgres answered)" : "system"}`);
  const baseEnv = { ...process.env, TEST_POSTGRES_URL: server.serverUrl, NEXT_TELEMETRY_DISABLED: "1" };
  try {
    if (want("unit") || want("integration")) {
      const projects = [...(want("unit") ? ["unit", "unit-tz"] : []), ...(want("integration") ? ["integration"] : [])];
      const out = join(artifacts, "vitest.json");
      const code = await run(
        bin("vitest"),
        [
          "run",
          "--config",
          "tests/vitest.config.ts",
          ...projects.flatMap((p) => ["--project", p]),
          "--reporter=default",
          "--reporter=json",
          `--outputFile.json=${out}`,
        ],
        baseEnv,
      );
      const r = existsSync(out)
        ? (JSON.parse(readFileSync(out, "utf8")) as {
            numPassedTests: number;
            numFailedTests: number;
            numPendingTests: number;
            testResults: { name: string; assertionResults: { status: string }[] }[];
          })
        : null;
      if (r) {
        // Split the counts by layer for the summary.
        for (const layer of ["unit", "integration"] as const) {
          if (!want(layer)) continue;
          const files = r.testResults.filter((f) =>
            layer === "integration"
              ? f.name.includes("/tests/integration/")
              : f.name.includes("/src/") || f.name.includes("/tests/unit/"),
          );
          const all = files.flatMap((f) => f.assertionResults);
          tallies.push({
            layer: layer === "unit" ? "unit (UTC + Pacific/Auckland)" : "integration",
            passed: all.filter((a) => a.status === "passed").length,
            failed: all.filter((a) => a.status === "failed").length,
            skipped: all.filter((a) => a.status === "skipped" || a.status === "pending").length,
            ok: code === 0,
          });
        }
      } else tallies.push({ layer: "unit+integration", passed: 0, failed: 1, skipped: 0, ok: false });
    }

    if (want("e2e")) {
      const dbName = uniqueDatabaseName("vpc_e2e");
      // Owner migrates and seeds; the app servers connect as the least-privilege app role.
      await ensureRoles(server.serverUrl, TEST_DB_ROLES);
      const { ownerUrl, appUrl: url } = await createAppDatabase(server.serverUrl, dbName, TEST_DB_ROLES);
      try {
        await applyMigrations(ownerUrl, { appRole: TEST_DB_ROLES.app.name });
        await seedDemo(ownerUrl);
        if (process.env.E2E_SKIP_BUILD === "1") console.log("[test] E2E_SKIP_BUILD=1: using .next as it is");
        else ensureProductionBuild(root, (l) => console.log(`[test] ${l}`), baseEnv);
        const port = await freePort(process.env.E2E_PORT ? Number(process.env.E2E_PORT) : undefined);
        const out = join(artifacts, "playwright.json");
        const code = await run(bin("playwright"), ["test", "--config", "tests/playwright.config.ts", ...extra], {
          ...baseEnv,
          E2E_DATABASE_URL: url,
          E2E_PORT: String(port),
          PLAYWRIGHT_JSON_OUTPUT_NAME: out,
        });
        const r = existsSync(out)
          ? (JSON.parse(readFileSync(out, "utf8")) as {
              stats: { expected: number; unexpected: number; flaky: number; skipped: number };
            })
          : null;
        tallies.push(
          r
            ? {
                layer: "e2e (Chromium)",
                passed: r.stats.expected + r.stats.flaky,
                failed: r.stats.unexpected,
                skipped: r.stats.skipped,
                ok: code === 0,
              }
            : { layer: "e2e (Chromium)", passed: 0, failed: 1, skipped: 0, ok: false },
        );
      } finally {
        await dropDatabase(server.serverUrl, dbName).catch(() => undefined);
      }
    }
  } finally {
    await server.stop();
  }

  const passed = tallies.reduce((n, t) => n + t.passed, 0);
  const failed = tallies.reduce((n, t) => n + t.failed, 0);
  const skipped = tallies.reduce((n, t) => n + t.skipped, 0);
  console.log("\n[test] summary by layer");
  for (const t of tallies)
    console.log(
      `[test]   ${t.layer.padEnd(32)} ${t.passed} passed, ${t.failed} failed${t.skipped ? `, ${t.skipped} skipped` : ""}${t.ok ? "" : "  <- FAILED"}`,
    );
  console.log(`[test] total time ${((Date.now() - t0) / 1000).toFixed(0)} s`);
  const ok = tallies.length > 0 && tallies.every((t) => t.ok) && failed === 0 && passed > 0;
  console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`);
  process.exit(ok ? 0 : 1);
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.stack : e);
  console.log("0 passed, 1 failed");
  process.exit(1);
});
