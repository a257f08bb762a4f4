/**
 * Issue 13 budget for FHIR bulk export (docs/decisions/fhir-bulk-export.md): `Patient/$export` of
 * 5,000 patients' data in under 60 s, memory flat (the worker streams chunk by chunk; nothing
 * holds the cohort).
 *
 * In-process against a scratch database with 5,000 patients inserted by SQL, each with a year of
 * monthly PEG and PHQ-9 answers (24 QuestionnaireResponses, 180 Observations), five visits (four
 * held), two medications, a consent, and a safety alert for one in ten. The kick-off is the
 * module's own function (a registered client's caller); the worker's step (`runBulkExports`,
 * what the background job runs) is called in a loop until the job completes, as the worker's
 * ticks would, without the tick's idle time. RSS is sampled every 50 ms; "flat" means the peak
 * over the whole run is within 64 MiB of the peak over its first fifth (it does not grow with the
 * patients done). Then every file is streamed through the download function and its lines counted.
 *
 *   npx tsx tests/bench/fhir-bulk.ts [--quick]     (--quick: 1,000 patients)
 */
import { register } from "node:module";
import { randomUUID } from "node:crypto";
import pg from "pg";

register(
  "data:text/javascript,export async function resolve(s,c,n){if(s==='server-only')return{url:'data:text/javascript,export{}',shortCircuit:true};return n(s,c)}",
);

type Report = (line: string) => void;
const BUDGET_MS = 60_000;
const FLAT_MIB = 64;

async function seed(pool: pg.Pool, patients: number): Promise<string> {
  const clinician = randomUUID();
  await pool.query(
    `INSERT INTO "User" (id, email, name, "passwordHash", role, "updatedAt") VALUES ($1, $2, 'Bench Clinician', 'x', 'CLINICIAN', now())`,
    [clinician, `bench-bulk-${clinician}@bench`],
  );
  await pool.query(
    `INSERT INTO "Patient" (id, mrn, "givenName", "familyName", "birthDate", "timeZone", "stateOfResidence", phone, email, "updatedAt")
     SELECT gen_random_uuid(), 'BULK-' || g, 'Given' || g, 'Family' || g, DATE '1950-01-01' + (g % 12000), 'America/Los_Angeles', 'WA', '+1206555' || lpad((g % 10000)::text, 4, '0'), 'p' || g || '@bench.test', now()
     FROM generate_series(1, ${patients}) g`,
  );
  const P = `WITH p AS (SELECT id, row_number() OVER (ORDER BY mrn) AS n FROM "Patient" WHERE mrn LIKE 'BULK-%')`;
  await pool.query(
    `${P} INSERT INTO "FormResponse" (id, "patientId", instrument, "instrumentVersion", answers, "scoreTenths", mode, "answeredAt", "idempotencyKey", "seriesId")
     SELECT r.id, r.pid, r.instrument::"Instrument", r.v, r.answers, r.score, 'PORTAL', r.at, 'bench-' || r.id, r.id FROM (
       SELECT gen_random_uuid() AS id, p.id AS pid, 'PEG' AS instrument, 'PEG-2009.1' AS v, '{"p":6,"e":5,"g":5}'::jsonb AS answers, 53 AS score, now() - ((5 + 30 * k) * interval '1 day') AS at FROM p, generate_series(0, 11) k
       UNION ALL
       SELECT gen_random_uuid(), p.id, 'PHQ9', 'PHQ-9-2001.1', '{"1":1,"2":1,"3":1,"4":1,"5":1,"6":0,"7":0,"8":0,"9":0,"10":0}'::jsonb, 50, now() - ((6 + 30 * k) * interval '1 day') FROM p, generate_series(0, 11) k
     ) r`,
  );
  await pool.query(
    `${P} INSERT INTO "Medication" (id, "patientId", "drugKey", name, "doseAmount", "doseUnit", "timesPerDay", route, "startedOn", prescriber, "isOpioid", "createdById", "updatedAt")
     SELECT gen_random_uuid(), p.id, 'oxycodone', 'Oxycodone', 5, 'mg', 2, 'ORAL'::"MedicationRoute", CURRENT_DATE - 200, 'Dr. Bench', true, $1::uuid, now() FROM p
     UNION ALL SELECT gen_random_uuid(), p.id, 'naloxone', 'Naloxone', 4, 'mg', 1, 'INTRANASAL'::"MedicationRoute", CURRENT_DATE - 100, 'Dr. Bench', false, $1::uuid, now() FROM p`,
    [clinician],
  );
  const vt = randomUUID();
  await pool.query(`INSERT INTO "VisitType" (id, name, "durationMinutes", "updatedAt") VALUES ($1, $2, 15, now())`, [
    vt,
    `Bench bulk ${vt.slice(0, 8)}`,
  ]);
  await pool.query(
    `${P} INSERT INTO "Visit" (id, "patientId", "clinicianId", "visitTypeId", "startsAt", "endsAt", modality, status, reason, "idempotencyKey", "createdById", "startedAt", "completedAt", "updatedAt")
     SELECT gen_random_uuid(), p.id, $2::uuid, $1::uuid, s, s + interval '15 minutes', 'VIDEO', (CASE WHEN k < 4 THEN 'COMPLETED' ELSE 'SCHEDULED' END)::"VisitStatus", 'Follow-up', 'bench-' || gen_random_uuid(), $2::uuid,
            CASE WHEN k < 4 THEN s END, CASE WHEN k < 4 THEN s + interval '15 minutes' END, now()
     FROM p, generate_series(0, 4) k,
          LATERAL (SELECT CASE WHEN k < 4 THEN date_trunc('hour', now()) - ((30 + 90 * k) * interval '1 day') - p.n * interval '15 minutes'
                               ELSE date_trunc('hour', now()) + interval '1 day' + p.n * interval '15 minutes' END AS s) x`,
    [vt, clinician],
  );
  const text = await pool.query<{ id: string }>(
    `INSERT INTO "ConsentText" (id, kind, version, title, body) VALUES (gen_random_uuid(), 'VIDEO', (SELECT COALESCE(MAX(version), 0) + 1 FROM "ConsentText" WHERE kind::text = 'VIDEO'), 'Video visit consent', 'Text') RETURNING id`,
  );
  await pool.query(
    `${P} INSERT INTO "ConsentRecord" (id, "patientId", kind, "textId", method, "capturedById", "capturedAt", "expiresAt", "idempotencyKey")
     SELECT gen_random_uuid(), p.id, 'VIDEO', $1::uuid, 'VERBAL', $2::uuid, now() - interval '30 days', now() + interval '300 days', 'bench-' || gen_random_uuid() FROM p`,
    [text.rows[0]!.id, clinician],
  );
  await pool.query(
    `WITH r AS (SELECT DISTINCT ON (f."patientId") f.id, f."patientId" FROM "FormResponse" f JOIN "Patient" p ON p.id = f."patientId"
                WHERE p.mrn LIKE 'BULK-%' AND f.instrument = 'PHQ9' AND (substring(p.mrn from 6)::int % 10) = 0 ORDER BY f."patientId", f."answeredAt" DESC)
     INSERT INTO "SafetyAlert" (id, "patientId", "responseId", "item9Answer") SELECT gen_random_uuid(), r."patientId", r.id, 1 FROM r`,
  );
  const owner = new pg.Client({ connectionString: process.env.BENCH_OWNER_DATABASE_URL ?? process.env.DATABASE_URL });
  await owner.connect();
  for (const t of ["Patient", "Medication", "FormResponse", "Visit", "ConsentRecord", "SafetyAlert"])
    await owner.query(`ANALYZE "${t}"`);
  await owner.end();
  const client = randomUUID();
  await pool.query(
    `INSERT INTO "FhirClient" (id, name, jwks, "allowedScopes", "createdById") VALUES ($1, 'Bench registry', '{"keys":[]}', ARRAY['system/*.rs'], $2::uuid)`,
    [client, clinician],
  );
  return client;
}

export async function runBulkBench(databaseUrl: string, report: Report, quick = false): Promise<boolean> {
  process.env.DATABASE_URL = databaseUrl;
  process.env.NEXTAUTH_SECRET ??= "bench-secret-0123456789abcdef0123456789abcdef";
  process.env.NEXTAUTH_URL ??= "http://localhost:3000";
  process.env.VPC_QUIET_LOGS = "1";
  const patients = quick ? 1_000 : 5_000;
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 4 });
  const t0 = performance.now();
  const clientId = await seed(pool, patients);
  const total = Number((await pool.query<{ n: string }>(`SELECT count(*) AS n FROM "Patient"`)).rows[0]!.n);
  report(`fhir-bulk: seeded ${patients} patients in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  const { fhirBulkKickOff, fhirBulkStatus, fhirBulkDownload } =
    await import("../../src/modules/fhir/bulk-serve.server");
  const { runBulkExports } = await import("../../src/modules/fhir/bulk-run.server");
  const os = await import("node:os");
  report(
    `fhir-bulk: load average ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(" ")} on ${os.cpus().length} cores (shared machine: figures are noisy)`,
  );
  const caller = { clientId, scopes: ["system/*.rs"] };
  const ctx = () => ({ ip: "127.0.0.1", requestId: randomUUID(), userAgent: "bench" });

  const kick = await fhirBulkKickOff({
    caller,
    ctx: ctx(),
    type: "Patient",
    accept: "application/fhir+json",
    prefer: "respond-async",
    params: new URLSearchParams(),
  });
  if (kick.status !== 202) throw new Error(`kick-off answered ${kick.status}: ${await kick.text()}`);
  const jobId = kick.headers.get("content-location")!.split("/").pop()!;

  global.gc?.();
  const baseline = process.memoryUsage().rss;
  const samples: { at: number; rss: number }[] = [];
  const sampler = setInterval(() => samples.push({ at: performance.now(), rss: process.memoryUsage().rss }), 50);
  const start = performance.now();
  let runs = 0;
  let chunks = 0;
  for (;;) {
    const r = await runBulkExports(new Date(), { runnerId: "bench" });
    runs++;
    chunks += r.chunks;
    if (r.completed > 0 || r.failed > 0) break;
    if (runs > 1000) throw new Error("the export did not finish");
  }
  const elapsed = performance.now() - start;
  clearInterval(sampler);
  const job = await pool.query<{ status: string; patientsDone: number }>(
    `SELECT status, "patientsDone" FROM "FhirExportJob" WHERE id = $1`,
    [jobId],
  );
  if (job.rows[0]!.status !== "COMPLETED") throw new Error(`job ended ${job.rows[0]!.status}`);
  const peak = (xs: typeof samples) => Math.max(baseline, ...xs.map((s) => s.rss));
  const firstFifth = samples.filter((s) => s.at <= start + elapsed / 5);
  const growth = (peak(samples) - baseline) / 2 ** 20;
  const earlyGrowth = (peak(firstFifth) - baseline) / 2 ** 20;
  const flat = growth - earlyGrowth <= FLAT_MIB;

  const status = await fhirBulkStatus({ caller, ctx: ctx(), jobId });
  const manifest = (await status.json()) as { output: { type: string; url: string; count: number }[] };
  const lines = manifest.output.reduce((n, o) => n + o.count, 0);
  const mib = Number(
    (
      await pool.query<{ b: string }>(
        `SELECT sum(octet_length(ndjson)) AS b FROM "FhirExportPart" WHERE "jobId" = $1`,
        [jobId],
      )
    ).rows[0]!.b,
  );
  report(
    `fhir-bulk: Patient/$export of ${total} patients: ${lines} resources (${manifest.output.map((o) => `${o.type} ${o.count}`).join(", ")}), ${(mib / 2 ** 20).toFixed(0)} MiB NDJSON, ${chunks} chunks in ${runs} worker runs`,
  );
  report(
    `fhir-bulk: export time ${(elapsed / 1000).toFixed(1)} s (budget < ${BUDGET_MS / 1000} s) -> ${elapsed < BUDGET_MS ? "PASS" : "MISS"}`,
  );
  report(
    `fhir-bulk: peak RSS growth ${growth.toFixed(0)} MiB over the run, ${earlyGrowth.toFixed(0)} MiB in its first fifth (flat: within ${FLAT_MIB} MiB) -> ${flat ? "PASS" : "MISS"}`,
  );

  // Download every file through the route's function (streamed part by part), counting lines.
  const d0 = performance.now();
  let downloaded = 0;
  let dlPeak = process.memoryUsage().rss;
  for (const o of manifest.output) {
    const res = await fhirBulkDownload({ caller, ctx: ctx(), jobId, file: `${o.type}.ndjson` });
    const reader = res.body!.getReader();
    let n = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      for (const b of value) if (b === 10) n++;
      dlPeak = Math.max(dlPeak, process.memoryUsage().rss);
    }
    if (n !== o.count) throw new Error(`${o.type}: ${n} lines, manifest says ${o.count}`);
    downloaded += n;
  }
  report(
    `fhir-bulk: download of all ${manifest.output.length} files (${downloaded} lines, counts match the manifest) in ${((performance.now() - d0) / 1000).toFixed(1)} s, peak RSS ${((dlPeak - baseline) / 2 ** 20).toFixed(0)} MiB over the export's baseline`,
  );
  await pool.end();
  return elapsed < BUDGET_MS && flat;
}

const scenario = {
  name: "fhir-bulk: Patient/$export of 5,000 patients (time, memory)",
  async run(ctx: { databaseUrl: string; report: Report; quick: boolean }) {
    if (!(await runBulkBench(ctx.databaseUrl, ctx.report, ctx.quick))) throw new Error("bulk export budget not met");
  },
};
export default scenario;

// Direct run: its own scratch database, dropped afterwards.
if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split("/").pop() ?? "")) {
  const { dropDatabase, resolvePostgresServer, uniqueDatabaseName } = await import("../../src/cli/lib/databases");
  const { createAppDatabase, ensureRoles, TEST_DB_ROLES } = await import("../../src/cli/lib/db-roles");
  const { applyMigrations } = await import("../../src/cli/lib/migrations");
  const server = await resolvePostgresServer();
  const name = uniqueDatabaseName("vpc_bench_bulk");
  await ensureRoles(server.serverUrl, TEST_DB_ROLES);
  const { ownerUrl, appUrl: url } = await createAppDatabase(server.serverUrl, name, TEST_DB_ROLES);
  let code = 0;
  try {
    await applyMigrations(ownerUrl, { appRole: TEST_DB_ROLES.app.name });
    process.env.BENCH_OWNER_DATABASE_URL = ownerUrl;
    code = (await runBulkBench(url, (l) => console.log(l), process.argv.includes("--quick"))) ? 0 : 1;
  } finally {
    const hooks = (globalThis as { __vpcShutdownHooks?: Array<() => Promise<void>> }).__vpcShutdownHooks ?? [];
    for (const h of hooks) await h();
    await dropDatabase(server.serverUrl, name);
    await server.stop();
  }
  process.exit(code);
}
