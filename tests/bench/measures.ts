/**
 * Issue 12 budget: the measures dashboard for 12 months x 10 clinicians in under 1 s server time,
 * and its CSV export.
 *
 * Runs in its own process against a scratch database (created, migrated and dropped here): a
 * clinic of 10 clinicians and a realistic LTOT population with up to two years of history
 * (tests/factories/ltot-population.ts; 3,000 patients, 1,000 with --quick). Timed in-process:
 * the dashboard's data function (every fact loaded, 12 months computed for the clinic and every
 * clinician at once, one audit row) plus the server render of its table and charts, for the
 * whole clinic and with a clinician filter; and the CSV export's data function. SQL statements
 * are counted at the pg driver.
 *
 *   npx tsx tests/bench/measures.ts [--quick] [--patients=N]
 *
 * `npm run bench` runs the same file as a child process (its own database, its own env).
 */
import { randomUUID } from "node:crypto";
import { register } from "node:module";
import { cpus, loadavg } from "node:os";
import { pathToFileURL } from "node:url";
import pg from "pg";
import { insertLtotPopulation } from "../factories/ltot-population";
import { runBenchProcess, type BenchScenario } from "./lib";

type Report = (line: string) => void;

function pct(samples: number[], q: number): number {
  const s = [...samples].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? 0;
}

async function main(report: Report, quick: boolean, patients: number): Promise<boolean> {
  // "server-only" throws outside React Server Components; the bench runs those modules in Node.
  register(
    "data:text/javascript,export async function resolve(s,c,n){if(s==='server-only')return{url:'data:text/javascript,export{}',shortCircuit:true};return n(s,c)}",
  );
  const { dropDatabase, resolvePostgresServer, uniqueDatabaseName } = await import("../../src/cli/lib/databases");
  const { createAppDatabase, ensureRoles, TEST_DB_ROLES } = await import("../../src/cli/lib/db-roles");
  const { applyMigrations } = await import("../../src/cli/lib/migrations");
  const server = await resolvePostgresServer();
  const name = uniqueDatabaseName("vpc_bench_measures");
  await ensureRoles(server.serverUrl, TEST_DB_ROLES);
  const { ownerUrl, appUrl } = await createAppDatabase(server.serverUrl, name, TEST_DB_ROLES);
  let ok = true;
  try {
    await applyMigrations(ownerUrl, { appRole: TEST_DB_ROLES.app.name });
    process.env.DATABASE_URL = appUrl;
    process.env.NEXTAUTH_SECRET ??= "bench-secret-0123456789abcdef0123456789abcdef";
    process.env.VPC_QUIET_LOGS = "1";
    const timeZone = process.env.CLINIC_TIME_ZONE ?? "America/Los_Angeles";

    const pool = new pg.Pool({ connectionString: appUrl, max: 4 });
    const query = (text: string, values?: unknown[]) => pool.query(text, values);
    const clinicianIds: string[] = [];
    for (let i = 1; i <= 10; i++) {
      const id = randomUUID();
      clinicianIds.push(id);
      await query(
        `INSERT INTO "User" (id, email, name, "passwordHash", role, "updatedAt") VALUES ($1, $2, $3, 'x', 'CLINICIAN', now())`,
        [id, `bench-clin-${i}-${id}@bench`, `Dr. Bench ${i}`],
      );
    }
    const coordinatorId = randomUUID();
    await query(
      `INSERT INTO "User" (id, email, name, "passwordHash", role, "updatedAt") VALUES ($1, $2, 'Bench Coordinator', 'x', 'COORDINATOR', now())`,
      [coordinatorId, `bench-coord-${coordinatorId}@bench`],
    );
    const today = new Intl.DateTimeFormat("en-CA", {
      timeZone,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
    }).format(new Date());
    const t0 = performance.now();
    const pop = await insertLtotPopulation(query, {
      patients,
      clinicianIds,
      staffId: clinicianIds[0]!,
      today,
      seed: 2026,
      prefix: "BENCH",
    });
    const owner = new pg.Client({ connectionString: ownerUrl });
    await owner.connect();
    await owner.query("ANALYZE");
    await owner.end();
    report(
      `measures: load average ${loadavg()
        .map((l) => l.toFixed(1))
        .join(" ")} on ${cpus().length} cores`,
    );
    report(
      `measures: scratch database with ${patients} patients, 10 clinicians; rows ${Object.entries(pop.rows)
        .map(([k, v]) => `${k} ${v}`)
        .join(
          ", ",
        )}${pop.agreements ? "" : " (no agreement kind in this schema yet)"}; inserted in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
    );

    // Count every statement the app sends (Prisma's pg adapter uses pg.Client.query).
    let statements = 0;
    const original = pg.Client.prototype.query;
    pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
      statements++;
      return (original as (...a: unknown[]) => unknown).apply(this, args);
    } as typeof original;

    const {
      getMeasuresDashboard,
      exportMeasuresCsv,
      clinicMeasureSeries,
      clearMeasuresCache,
      factsFingerprint,
      measuresCacheStats,
    } = await import("../../src/modules/care-measures/index.server");
    const { MeasuresTable } = await import("../../src/modules/care-measures/components/measures-table");
    const { MeasureChart } = await import("../../src/modules/care-measures/components/measure-chart");
    const { loadCareFacts } = await import("../../src/modules/care-program/index.server");
    const { renderToString } = await import("react-dom/server");
    const { createElement, Fragment } = await import("react");
    const actor = {
      userId: coordinatorId,
      sessionId: randomUUID(),
      role: "COORDINATOR" as const,
      name: "Bench",
      email: "b@bench",
      patientId: null,
    };
    const ctx = () => ({ ip: "127.0.0.1", requestId: randomUUID(), userAgent: "bench" });
    const iterations = quick ? 5 : 12;

    const first = await clinicMeasureSeries();
    const ltot = first.series.map((m) => m.clinic["on-ltot"].numerator.length);
    report(
      `measures: on LTOT per month ${ltot.join(" ")}; clinicians with patients in the last month ${Object.keys(first.series.at(-1)!.byClinician).length}`,
    );

    // Where the time goes: the facts (SQL + mapping) and the computation.
    const loadTimes: number[] = [];
    const computeTimes: number[] = [];
    const { computeMeasureSeries } = await import("../../src/modules/care-program/core/measures");
    for (let i = 0; i < iterations; i++) {
      const a = performance.now();
      const facts = await loadCareFacts({}, timeZone);
      const b = performance.now();
      computeMeasureSeries(facts, first.months, first.settings, { today: first.today });
      computeTimes.push(performance.now() - b);
      loadTimes.push(b - a);
    }
    const facts = await loadCareFacts({}, timeZone);
    const f0 = performance.now();
    for (const p of facts) factsFingerprint(p);
    const fingerprintMs = performance.now() - f0;
    report(
      `measures: loadCareFacts (every patient) p50 ${pct(loadTimes, 0.5).toFixed(0)} ms; computeMeasureSeries (direct, 12 months, clinic and every clinician at once) p50 ${pct(computeTimes, 0.5).toFixed(0)} ms; fingerprints of every patient's facts ${fingerprintMs.toFixed(0)} ms`,
    );

    // The first view after a start (or a change of settings): nothing remembered yet.
    const cold: number[] = [];
    for (let i = 0; i < (quick ? 2 : 3); i++) {
      clearMeasuresCache();
      const t = performance.now();
      const data = await getMeasuresDashboard(actor, { clinician: null }, ctx());
      if ("errors" in data) throw new Error(JSON.stringify(data.errors));
      cold.push(performance.now() - t);
    }
    report(
      `measures: dashboard, first view with an empty cache (data only): p50 ${pct(cold, 0.5).toFixed(0)} ms  max ${Math.max(...cold).toFixed(0)} ms`,
    );

    for (const clinician of [null, clinicianIds[3]!]) {
      const times: number[] = [];
      const counts = new Set<number>();
      let html = 0;
      for (let i = 0; i < iterations + 1; i++) {
        const before = statements;
        const t = performance.now();
        const data = await getMeasuresDashboard(actor, { clinician }, ctx());
        if ("errors" in data) throw new Error(JSON.stringify(data.errors));
        const scopeName = data.clinician?.name ?? "Whole clinic";
        const out = renderToString(
          createElement(
            Fragment,
            null,
            createElement(MeasuresTable, {
              rows: data.rows,
              scopeName,
              registryLinks: data.registryLinks,
              clinicianId: data.clinician?.id ?? null,
            }),
            ...data.rows.map((r, k) =>
              createElement(MeasureChart, {
                key: r.id,
                row: r,
                clinicRow: data.clinicRows?.[k] ?? null,
                scopeName,
                registryLinks: data.registryLinks,
                clinicianId: data.clinician?.id ?? null,
              }),
            ),
          ),
        );
        const ms = performance.now() - t;
        if (i > 0) {
          times.push(ms);
          counts.add(statements - before);
        }
        html = out.length;
      }
      const p95 = pct(times, 0.95);
      const st = measuresCacheStats();
      report(
        `measures: cache on the last view: ${st.reused} patient-months reused, ${st.computed} evaluated (${st.size} patients remembered)`,
      );
      report(
        `measures: dashboard ${clinician ? "one clinician (with the clinic beside)" : "whole clinic"}, cache warm: data+render p50 ${pct(times, 0.5).toFixed(0)} ms  p95 ${p95.toFixed(0)} ms  (${iterations} views)  statements/view ${[...counts].join(",")}  html ${(html / 1024).toFixed(0)} KiB`,
      );
      if (p95 >= 1000) ok = false;
    }
    const csvTimes: number[] = [];
    let csvBytes = 0;
    for (let i = 0; i < iterations; i++) {
      const t = performance.now();
      const r = await exportMeasuresCsv(actor, { clinician: null }, ctx());
      if ("errors" in r) throw new Error(JSON.stringify(r.errors));
      csvTimes.push(performance.now() - t);
      csvBytes = r.csv.length;
    }
    report(
      `measures: CSV export (whole clinic, 12 months x 10 measures): p50 ${pct(csvTimes, 0.5).toFixed(0)} ms  p95 ${pct(csvTimes, 0.95).toFixed(0)} ms  ${(csvBytes / 1024).toFixed(1)} KiB`,
    );
    pg.Client.prototype.query = original;
    await pool.end();
    const hooks = (globalThis as { __vpcShutdownHooks?: Array<() => Promise<void>> }).__vpcShutdownHooks ?? [];
    for (const h of hooks) await h();
    report(`measures: budget (dashboard p95 < 1 s for 12 months x 10 clinicians): ${ok ? "met" : "NOT met"}`);
  } finally {
    await dropDatabase(server.serverUrl, name).catch(() => undefined);
    await server.stop();
  }
  return ok;
}

const scenario: BenchScenario = {
  name: "measures: dashboard for 12 months x 10 clinicians and its CSV export (scratch database)",
  async run(ctx) {
    // Its own process: the app's env and database client are per process, and this bench uses its own database.
    await runBenchProcess(ctx, "tests/bench/measures.ts", "measures");
  },
};
export default scenario;

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const quick = process.argv.includes("--quick");
  const n = Number(
    process.argv.find((a) => a.startsWith("--patients="))?.slice("--patients=".length) ?? (quick ? 1000 : 3000),
  );
  main((l) => console.log(`[bench] ${l}`), quick, n)
    .then((ok) => process.exit(ok ? 0 : 1))
    .catch((e: unknown) => {
      console.error(e instanceof Error ? e.stack : e);
      process.exit(1);
    });
}
