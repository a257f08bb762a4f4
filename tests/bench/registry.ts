/**
 * Issue 12 budgets for the LTOT registry (docs/decisions/care-program-registry.md):
 *  1. a 50-row page with 5,000 patients on LTOT (and a year of history each): p95 < 300 ms
 *     server time (data function + server render of the table);
 *  2. the statement count per page does not grow with the rows shown (10 vs 50 rows);
 *  3. the CSV export of 5,000 rows: < 3 s.
 *
 * Runs in-process against a database with 5,000 bench patients inserted by SQL: the registry's
 * data function (listRegistry: settings + data version + audit row; the snapshot rebuilt only
 * when the data changed) and the render of the table (react-dom/server). Statements are counted
 * at the pg driver. Also reports the cold case (a write before every page: the snapshot is
 * rebuilt from the database) and, under `npm run bench`, the real GET /registry and
 * /registry/export through the production server.
 *
 *   npx tsx tests/bench/registry.ts [--quick]
 */
import { register } from "node:module";
import { randomUUID } from "node:crypto";
import pg from "pg";

register(
  "data:text/javascript,export async function resolve(s,c,n){if(s==='server-only')return{url:'data:text/javascript,export{}',shortCircuit:true};return n(s,c)}",
);

type Report = (line: string) => void;

const PATIENTS = 5_000;
const CLINICIANS = 10;

async function seed(pool: pg.Pool): Promise<{ coordinatorId: string; clinicianIds: string[] }> {
  const coordinatorId = randomUUID();
  const clinicianIds = Array.from({ length: CLINICIANS }, () => randomUUID());
  await pool.query(
    `INSERT INTO "User" (id, email, name, "passwordHash", role, "updatedAt") VALUES ($1, $2, 'Bench Coordinator', 'x', 'COORDINATOR', now())`,
    [coordinatorId, `bench-reg-coord-${coordinatorId}@bench`],
  );
  for (const [i, id] of clinicianIds.entries()) {
    await pool.query(
      `INSERT INTO "User" (id, email, name, "passwordHash", role, "updatedAt") VALUES ($1, $2, $3, 'x', 'CLINICIAN', now())`,
      [id, `bench-reg-clin-${id}@bench`, `Bench Clinician ${i + 1}`],
    );
  }
  await pool.query(
    `INSERT INTO "Patient" (id, mrn, "givenName", "familyName", "birthDate", "timeZone", "stateOfResidence", "primaryClinicianId", "updatedAt")
     SELECT gen_random_uuid(), 'BREG-' || g, 'Given' || g, 'Family' || lpad(g::text, 5, '0'), DATE '1950-01-01' + (g % 12000), 'America/Los_Angeles', 'WA', ($1::uuid[])[1 + g % ${CLINICIANS}], now()
     FROM generate_series(1, ${PATIENTS}) g`,
    [clinicianIds],
  );
  const P = `WITH p AS (SELECT id, "primaryClinicianId" AS c, row_number() OVER (ORDER BY mrn) AS n FROM "Patient" WHERE mrn LIKE 'BREG-%')`;
  // One opioid each (some at higher doses), a benzodiazepine for one in ten, naloxone for one in five.
  await pool.query(
    `${P} INSERT INTO "Medication" (id, "patientId", "drugKey", name, "doseAmount", "doseUnit", "timesPerDay", route, "startedOn", prescriber, "isOpioid", "createdById", "updatedAt")
     SELECT gen_random_uuid(), p.id, 'oxycodone', 'Oxycodone', 5 + 5 * (p.n % 5), 'mg', 2 + p.n % 2, 'ORAL'::"MedicationRoute", CURRENT_DATE - (200 + p.n % 700)::int, 'Dr. Bench', true, p.c, now() FROM p
     UNION ALL SELECT gen_random_uuid(), p.id, 'lorazepam', 'Lorazepam', 0.5, 'mg', 2, 'ORAL'::"MedicationRoute", CURRENT_DATE - 150, 'Dr. Bench', false, p.c, now() FROM p WHERE p.n % 10 = 3
     UNION ALL SELECT gen_random_uuid(), p.id, 'naloxone', 'Naloxone', 4, 'mg', 1, 'INTRANASAL'::"MedicationRoute", CURRENT_DATE - 100, 'Dr. Bench', false, p.c, now() FROM p WHERE p.n % 5 = 0`,
  );
  // A year of PEG and PHQ-9, every 45 days (8 of each).
  await pool.query(
    `${P}, k AS (SELECT generate_series(0, 7) AS k)
     INSERT INTO "FormResponse" (id, "patientId", instrument, "instrumentVersion", answers, "scoreTenths", mode, "answeredAt", "idempotencyKey", "seriesId")
     SELECT r.id, r.pid, r.instrument::"Instrument", r.v, r.answers, r.score, 'PORTAL', r.at, 'bench-' || r.id, r.id FROM (
       SELECT gen_random_uuid() AS id, p.id AS pid, 'PEG' AS instrument, 'PEG-2009.1' AS v, '{"p":6,"e":5,"g":5}'::jsonb AS answers, 53 AS score, now() - ((10 + 45 * k.k + p.n % 40) * interval '1 day') AS at FROM p, k
       UNION ALL
       SELECT gen_random_uuid(), p.id, 'PHQ9', 'PHQ-9-2001.1', '{"1":1,"2":1,"3":1,"4":1,"5":1,"6":0,"7":0,"8":0,"9":0,"10":0}'::jsonb, 50, now() - ((10 + 45 * k.k + p.n % 40) * interval '1 day') FROM p, k
     ) r`,
  );
  // Urine drug tests: one or two collected; one in five last tested over a year ago.
  await pool.query(
    `${P} INSERT INTO "UdtOrder" (id, "patientId", state, "reasonCode", "panelCode", "collectionMethod", "windowStart", "windowEnd", "orderedById", "collectedAt", interpretation, "updatedAt")
     SELECT gen_random_uuid(), p.id, 'CLOSED', 'NONE_IN_PAST_12_MONTHS', 'CHRONIC_PAIN_STANDARD', 'LAB_PSC', t - interval '1 hour', t + interval '1 day', p.c, t, 'EXPECTED', now()
     FROM p, LATERAL (VALUES (now() - ((CASE WHEN p.n % 5 = 1 THEN 400 ELSE 30 END + p.n % 200) * interval '1 day')), (now() - ((500 + p.n % 100) * interval '1 day'))) v(t)`,
  );
  await pool.query(
    `${P} INSERT INTO "PdmpCheck" (id, "patientId", "checkedOn", state, finding, "recordedById")
     SELECT gen_random_uuid(), p.id, CURRENT_DATE - (20 + 90 * k + p.n % 60)::int, 'WA', 'CONSISTENT', p.c FROM p, generate_series(0, 3) k WHERE p.n % 7 <> 0`,
  );
  await pool.query(
    `${P} INSERT INTO "NaloxoneOffer" (id, "patientId", "offeredOn", outcome, "recordedById") SELECT gen_random_uuid(), p.id, CURRENT_DATE - (p.n % 300)::int, 'OFFERED', p.c FROM p WHERE p.n % 4 = 1`,
  );
  await pool.query(
    `${P} INSERT INTO "InPersonEvaluation" (id, "patientId", "seenOn", "clinicianId", "recordedById") SELECT gen_random_uuid(), p.id, CURRENT_DATE - 400, p.c, p.c FROM p WHERE p.n % 3 <> 0`,
  );
  // Visits: four completed over the year and one booked. Patient n's visits sit at n quarter
  // hours from their day, so no two visits of a clinician overlap.
  const vt = randomUUID();
  await pool.query(`INSERT INTO "VisitType" (id, name, "durationMinutes", "updatedAt") VALUES ($1, $2, 15, now())`, [
    vt,
    `Bench check-in ${vt.slice(0, 8)}`,
  ]);
  await pool.query(
    `${P} INSERT INTO "Visit" (id, "patientId", "clinicianId", "visitTypeId", "startsAt", "endsAt", modality, status, reason, "idempotencyKey", "createdById", "completedAt", "updatedAt")
     SELECT gen_random_uuid(), p.id, p.c, $1, s, s + interval '15 minutes', 'VIDEO', (CASE WHEN k < 4 THEN 'COMPLETED' ELSE 'SCHEDULED' END)::"VisitStatus", 'Follow-up', 'bench-' || gen_random_uuid(), $2,
            CASE WHEN k < 4 THEN s + interval '15 minutes' END, now()
     FROM p, generate_series(0, 4) k,
          LATERAL (SELECT CASE WHEN k < 4 THEN date_trunc('hour', now()) - ((30 + 90 * k) * interval '1 day') - p.n * interval '15 minutes'
                               ELSE date_trunc('hour', now()) + interval '1 day' + p.n * interval '15 minutes' END AS s) x`,
    [vt, coordinatorId],
  );
  const owner = new pg.Client({ connectionString: process.env.BENCH_OWNER_DATABASE_URL ?? process.env.DATABASE_URL });
  await owner.connect();
  for (const t of [
    "Patient",
    "Medication",
    "FormResponse",
    "UdtOrder",
    "PdmpCheck",
    "NaloxoneOffer",
    "InPersonEvaluation",
    "Visit",
    "AuditEvent",
  ])
    await owner.query(`ANALYZE "${t}"`);
  await owner.end();
  return { coordinatorId, clinicianIds };
}

function pct(samples: number[], q: number): number {
  const s = [...samples].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? 0;
}

export async function runRegistryBench(
  databaseUrl: string,
  report: Report,
  quick = false,
): Promise<{ ok: boolean; coordinatorEmail: string | null }> {
  process.env.DATABASE_URL = databaseUrl;
  process.env.NEXTAUTH_SECRET ??= "bench-secret-0123456789abcdef0123456789abcdef";
  process.env.VPC_QUIET_LOGS = "1";
  let statements = 0;
  const original = pg.Client.prototype.query;
  pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
    statements++;
    return (original as (...a: unknown[]) => unknown).apply(this, args);
  } as typeof original;

  const pool = new pg.Pool({ connectionString: databaseUrl, max: 4 });
  const t0 = performance.now();
  const { coordinatorId, clinicianIds } = await seed(pool);
  report(
    `registry: seeded ${PATIENTS} patients on LTOT with a year of history in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
  );
  const { listRegistry, exportRegistry } = await import("../../src/modules/care-program/server/registry.server");
  const { RegistryTable } = await import("../../src/modules/care-program/components/registry-table");
  const { defaultRegistryQuery } = await import("../../src/modules/care-program/core/registry");
  const { REGISTRY_CSV_HEADER, registryCsvCells } = await import("../../src/modules/care-program/core/registry-csv");
  const { csvCell } = await import("../../src/modules/audit/core/csv");
  const { renderToString } = await import("react-dom/server");
  const { createElement } = await import("react");
  const actor = {
    userId: coordinatorId,
    sessionId: randomUUID(),
    role: "COORDINATOR" as const,
    name: "Bench",
    email: "b@bench",
    patientId: null,
  };
  const ctx = () => ({ ip: "127.0.0.1", requestId: randomUUID(), userAgent: "bench" });
  const os = await import("node:os");
  report(
    `registry: load average ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(" ")} on ${os.cpus().length} cores`,
  );

  // Cold: the first page after a write rebuilds the snapshot (every fact of every patient).
  const cold: number[] = [];
  const coldStatements = new Set<number>();
  for (let i = 0; i < (quick ? 3 : 5); i++) {
    await pool.query(
      `INSERT INTO "PdmpCheck" (id, "patientId", "checkedOn", state, finding, "recordedById") SELECT gen_random_uuid(), id, CURRENT_DATE, 'WA', 'CONSISTENT', $1 FROM "Patient" WHERE mrn = 'BREG-${i + 1}'`,
      [clinicianIds[0]],
    );
    const before = statements;
    const t = performance.now();
    const v = await listRegistry(actor, { query: { ...defaultRegistryQuery }, measure: null }, [], ctx());
    renderToString(
      createElement(RegistryTable, {
        rows: v.rows,
        query: defaultRegistryQuery,
        measure: null,
        settings: v.settings,
        caption: "bench",
      }),
    );
    cold.push(performance.now() - t);
    coldStatements.add(statements - before);
    if (v.onLtot < PATIENTS) throw new Error(`expected at least ${PATIENTS} on LTOT, got ${v.onLtot}`);
  }
  report(
    `registry: cold page (snapshot rebuilt after a write)  p50 ${pct(cold, 0.5).toFixed(0)} ms  max ${Math.max(...cold).toFixed(0)} ms  statements ${[...coldStatements].join(",")}`,
  );

  let ok = true;
  const warmStatements = new Set<number>();
  const iterations = quick ? 30 : 100;
  const queries = [
    { label: "no filter, by open gaps", q: { ...defaultRegistryQuery } },
    {
      label: "gap=udt-due, by name",
      q: { ...defaultRegistryQuery, gap: "udt-due" as const, sort: "name" as const, dir: "asc" as const },
    },
    { label: "clinician + dueWithin=30", q: { ...defaultRegistryQuery, clinician: clinicianIds[1]!, dueWithin: 30 } },
  ];
  for (const pageSize of [10, 50]) {
    for (const { label, q } of queries) {
      const times: number[] = [];
      const counts = new Set<number>();
      let html = 0;
      for (let i = 0; i < iterations + 5; i++) {
        const before = statements;
        const t = performance.now();
        const v = await listRegistry(actor, { query: { ...q, page: 1 + (i % 3) }, measure: null }, ["bench"], ctx(), {
          pageSize,
        });
        const out = renderToString(
          createElement(RegistryTable, {
            rows: v.rows,
            query: q,
            measure: null,
            settings: v.settings,
            caption: "bench",
          }),
        );
        if (i >= 5) {
          times.push(performance.now() - t);
          counts.add(statements - before);
          warmStatements.add(statements - before);
        }
        html = out.length;
        if (v.rows.length !== Math.min(pageSize, v.total))
          throw new Error(`expected ${pageSize} rows, got ${v.rows.length}`);
      }
      const p95 = pct(times, 0.95);
      report(
        `registry: ${String(pageSize).padStart(2)} rows  ${label.padEnd(28)} p50 ${pct(times, 0.5).toFixed(1)} ms  p95 ${p95.toFixed(1)} ms  statements/page ${[...counts].join(",")}  html ${(html / 1024).toFixed(0)} KiB`,
      );
      if (pageSize === 50 && p95 >= 300) ok = false;
    }
  }
  // A month's measure link (the measures dashboard's contract): the first view computes the month.
  {
    const month = new Date().toISOString().slice(0, 7);
    const t = performance.now();
    await listRegistry(
      actor,
      { query: { ...defaultRegistryQuery }, measure: { measure: "udt-recent", month, set: "numerator" } },
      ["measure", "month", "set"],
      ctx(),
    );
    const first = performance.now() - t;
    const t2 = performance.now();
    await listRegistry(
      actor,
      { query: { ...defaultRegistryQuery }, measure: { measure: "udt-recent", month, set: "denominator" } },
      ["measure", "month", "set"],
      ctx(),
    );
    report(
      `registry: measure link (udt-recent ${month})  first ${first.toFixed(0)} ms (computes the month)  then ${(performance.now() - t2).toFixed(1)} ms`,
    );
  }

  // CSV export of every row, serialized exactly as the route handler does (csvCell per cell).
  const exportTimes: number[] = [];
  let exported = 0;
  let bytes = 0;
  for (let i = 0; i < (quick ? 3 : 5); i++) {
    const t = performance.now();
    const { rows } = await exportRegistry(actor, { query: { ...defaultRegistryQuery }, measure: null }, [], ctx());
    let out = REGISTRY_CSV_HEADER.map(csvCell).join(",") + "\r\n";
    for (const r of rows) out += registryCsvCells(r).map(csvCell).join(",") + "\r\n";
    exportTimes.push(performance.now() - t);
    exported = rows.length;
    bytes = Buffer.byteLength(out);
  }
  const exportP95 = Math.max(...exportTimes);
  report(
    `registry: CSV export of ${exported} rows  p50 ${pct(exportTimes, 0.5).toFixed(0)} ms  max ${exportP95.toFixed(0)} ms  ${(bytes / 1024 / 1024).toFixed(1)} MiB`,
  );
  if (exportP95 >= 3000) ok = false;

  pg.Client.prototype.query = original;
  await pool.end();
  if (warmStatements.size !== 1) ok = false;
  report(
    `registry: budgets (50-row page p95 < 300 ms; statements the same for 10 and 50 rows: ${[...warmStatements].join(",")}; export < 3 s): ${ok ? "met" : "NOT met"}`,
  );
  return { ok, coordinatorEmail: null };
}

/** Sequential GETs of the real page and export (production server) as the demo coordinator. */
async function measureRegistryHttp(appUrl: string, cookie: string, report: Report, quick = false): Promise<void> {
  const n = quick ? 10 : 30;
  for (const path of ["/registry", "/registry?gap=udt-due&sort=name&dir=asc", "/registry?page=40"]) {
    const times: number[] = [];
    for (let i = 0; i < n + 3; i++) {
      const t = performance.now();
      const r = await fetch(`${appUrl}${path}`, { headers: { cookie } });
      const body = await r.text();
      if (r.status !== 200 || !body.includes("LTOT registry")) throw new Error(`GET ${path} answered ${r.status}`);
      if (i >= 3) times.push(performance.now() - t);
    }
    report(
      `registry HTTP: GET ${path.padEnd(40)} p50 ${pct(times, 0.5).toFixed(1)} ms  p95 ${pct(times, 0.95).toFixed(1)} ms`,
    );
  }
  const t = performance.now();
  const r = await fetch(`${appUrl}/registry/export`, { headers: { cookie } });
  const csv = await r.text();
  if (r.status !== 200) throw new Error(`GET /registry/export answered ${r.status}`);
  report(
    `registry HTTP: GET /registry/export  ${csv.split("\r\n").length - 2} rows, ${(csv.length / 1024 / 1024).toFixed(1)} MiB in ${(performance.now() - t).toFixed(0)} ms (streamed)`,
  );
}

const scenario = {
  name: "registry: LTOT registry with 5,000 patients (page server time, statements, CSV export)",
  async run(ctx: {
    databaseUrl: string;
    appUrl: string;
    login: (email: string) => Promise<string>;
    report: Report;
    quick: boolean;
  }) {
    const r = await runRegistryBench(ctx.databaseUrl, ctx.report, ctx.quick);
    await measureRegistryHttp(ctx.appUrl, await ctx.login("sam.rivera@demo.clinic"), ctx.report, ctx.quick);
    if (!r.ok) throw new Error("registry budget not met");
  },
};
export default scenario;

// Direct run: its own scratch database, dropped afterwards.
if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split("/").pop() ?? "")) {
  const { dropDatabase, resolvePostgresServer, uniqueDatabaseName } = await import("../../src/cli/lib/databases");
  const { createAppDatabase, ensureRoles, TEST_DB_ROLES } = await import("../../src/cli/lib/db-roles");
  const { applyMigrations } = await import("../../src/cli/lib/migrations");
  const server = await resolvePostgresServer();
  const name = uniqueDatabaseName("vpc_bench_registry");
  await ensureRoles(server.serverUrl, TEST_DB_ROLES);
  const { ownerUrl, appUrl: url } = await createAppDatabase(server.serverUrl, name, TEST_DB_ROLES);
  let code = 0;
  try {
    await applyMigrations(ownerUrl, { appRole: TEST_DB_ROLES.app.name });
    process.env.BENCH_OWNER_DATABASE_URL = ownerUrl;
    const r = await runRegistryBench(url, (l) => console.log(l), process.argv.includes("--quick"));
    code = r.ok ? 0 : 1;
  } finally {
    const hooks = (globalThis as { __vpcShutdownHooks?: Array<() => Promise<void>> }).__vpcShutdownHooks ?? [];
    for (const h of hooks) await h();
    await dropDatabase(server.serverUrl, name);
    await server.stop();
  }
  process.exit(code);
}
