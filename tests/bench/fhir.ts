/**
 * Issue 13 budget: `Observation?patient=X&code=44261-6` (the PHQ-9 totals of one patient) in under
 * 50 ms server time at p95, for a patient with 5 years of monthly PEG and PHQ-9 answers.
 *
 * Runs in its own process against a scratch database (created, migrated and dropped here): the
 * patient plus 200 others with the same history (24,120 answers). Timed in-process: the FHIR
 * search use case (token's client re-checked is outside it; parse, one query, the mappers, one
 * audit INSERT, the searchset Bundle) and the JSON serialisation of the answer. Statements are
 * counted at the pg driver.
 *
 *   npx tsx tests/bench/fhir.ts [--quick]
 *
 * `npm run bench` runs the same file as a child process (its own database, its own env).
 */
import { randomUUID } from "node:crypto";
import { register } from "node:module";
import { pathToFileURL } from "node:url";
import pg from "pg";
import { runBenchProcess, type BenchScenario } from "./lib";

const BUDGET_MS = 50;
const pct = (s: number[], q: number) => [...s].sort((a, b) => a - b)[Math.min(s.length - 1, Math.floor(q * s.length))]!;

async function main(report: (l: string) => void, quick: boolean): Promise<boolean> {
  // "server-only" throws outside React Server Components; the bench runs those modules in Node.
  register(
    "data:text/javascript,export async function resolve(s,c,n){if(s==='server-only')return{url:'data:text/javascript,export{}',shortCircuit:true};return n(s,c)}",
  );
  const { dropDatabase, resolvePostgresServer, uniqueDatabaseName } = await import("../../src/cli/lib/databases");
  const { createAppDatabase, ensureRoles, TEST_DB_ROLES } = await import("../../src/cli/lib/db-roles");
  const { applyMigrations } = await import("../../src/cli/lib/migrations");
  const server = await resolvePostgresServer();
  const name = uniqueDatabaseName("vpc_bench_fhir");
  await ensureRoles(server.serverUrl, TEST_DB_ROLES);
  const { ownerUrl, appUrl } = await createAppDatabase(server.serverUrl, name, TEST_DB_ROLES);
  try {
    await applyMigrations(ownerUrl, { appRole: TEST_DB_ROLES.app.name });
    process.env.DATABASE_URL = appUrl;
    process.env.NEXTAUTH_SECRET ??= "bench-secret-0123456789abcdef0123456789abcdef";
    process.env.NEXTAUTH_URL ??= "http://localhost:3000";
    process.env.VPC_QUIET_LOGS = "1";
    const { db } = await import("../../src/server/db");
    const admin = await db.user.create({
      data: { email: `bench-admin-${randomUUID()}@bench`, name: "Bench admin", passwordHash: "x", role: "ADMIN" },
    });
    const client = await db.fhirClient.create({
      data: { name: "Bench EHR", jwks: { keys: [] }, allowedScopes: ["system/*.rs"], createdById: admin.id },
    });
    const others = quick ? 50 : 200;
    const patients: string[] = [];
    for (let i = 0; i <= others; i++) {
      const p = await db.patient.create({
        data: {
          mrn: `BENCH-${i}-${randomUUID().slice(0, 8)}`,
          givenName: "Bench",
          familyName: `Patient ${i}`,
          birthDate: new Date("1960-01-01"),
          timeZone: "America/Los_Angeles",
          stateOfResidence: "WA",
        },
      });
      patients.push(p.id);
    }
    const t0 = performance.now();
    const phq = { "1": 1, "2": 1, "3": 1, "4": 1, "5": 0, "6": 0, "7": 0, "8": 0, "9": 0, "10": 1 };
    for (const patientId of patients) {
      const rows = Array.from({ length: 60 }, (_, m) => m).flatMap((m) => {
        const at = new Date(Date.UTC(2021, m, 10, 15));
        return (["PEG", "PHQ9"] as const).map((instrument) => {
          const id = randomUUID();
          return {
            id,
            seriesId: id,
            patientId,
            instrument,
            instrumentVersion: instrument === "PEG" ? "PEG-2009.1" : "PHQ-9-2001.1",
            answers: instrument === "PEG" ? { p: 5, e: 6, g: 4 } : phq,
            scoreTenths: instrument === "PEG" ? 50 : 40,
            mode: "PORTAL" as const,
            answeredAt: at,
            idempotencyKey: randomUUID(),
          };
        });
      });
      await db.formResponse.createMany({ data: rows });
    }
    report(
      `fhir: ${patients.length} patients x 60 months x PEG + PHQ-9 = ${patients.length * 120} answers, inserted in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
    );

    let statements = 0;
    const original = pg.Client.prototype.query;
    pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
      statements++;
      return (original as (...a: unknown[]) => unknown).apply(this, args);
    } as typeof original;

    const { fhirSearch, fhirResponse } = await import("../../src/modules/fhir/index.server");
    const caller = { clientId: client.id, scopes: ["system/*.rs"] };
    const params = new URLSearchParams({ patient: patients[0]!, code: "44261-6", _count: "100" });
    const once = async () => {
      const t = performance.now();
      const answer = await fhirSearch({
        caller,
        type: "Observation",
        params,
        ctx: { ip: "127.0.0.1", requestId: randomUUID(), userAgent: "bench" },
      });
      const body = await fhirResponse(answer).text();
      return { ms: performance.now() - t, status: answer.status, bytes: body.length, answer };
    };
    for (let i = 0; i < 5; i++) await once(); // warm-up (module load, Prisma connection, JIT)
    const iterations = quick ? 50 : 200;
    const times: number[] = [];
    statements = 0;
    let last: Awaited<ReturnType<typeof once>> | null = null;
    for (let i = 0; i < iterations; i++) {
      last = await once();
      if (last.status !== 200) throw new Error(`search answered ${last.status}`);
      times.push(last.ms);
    }
    pg.Client.prototype.query = original;
    const entries = (last!.answer.body as { entry?: unknown[] }).entry?.length ?? 0;
    const p95 = pct(times, 0.95);
    const ok = entries === 60 && p95 < BUDGET_MS;
    report(
      `fhir: Observation?patient=X&code=44261-6&_count=100 (${entries} PHQ-9 totals, ${(last!.bytes / 1024).toFixed(1)} KiB, ${statements / iterations} statements per search) over ${iterations} searches: p50 ${pct(times, 0.5).toFixed(1)} ms  p95 ${p95.toFixed(1)} ms  max ${Math.max(...times).toFixed(1)} ms; budget p95 < ${BUDGET_MS} ms -> ${ok ? "PASS" : "MISS"}`,
    );
    await db.$disconnect();
    const hooks = (globalThis as { __vpcShutdownHooks?: Array<() => Promise<void>> }).__vpcShutdownHooks ?? [];
    for (const h of hooks) await h();
    return ok;
  } finally {
    await dropDatabase(server.serverUrl, name).catch(() => undefined);
    await server.stop();
  }
}

const scenario: BenchScenario = {
  name: "fhir: Observation?patient=X&code=44261-6 with 5 years of monthly answers (scratch database)",
  async run(ctx) {
    // Its own process: the app's env and database client are per process, and this bench uses its own database.
    await runBenchProcess(ctx, "tests/bench/fhir.ts", "fhir");
  },
};
export default scenario;

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  main((l) => console.log(`[bench] ${l}`), process.argv.includes("--quick"))
    .then((ok) => process.exit(ok ? 0 : 1))
    .catch((e: unknown) => {
      console.error(e instanceof Error ? e.stack : e);
      process.exit(1);
    });
}
