/**
 * Scheduling budgets (issue 3). Run: npm run bench:scheduling
 *   (= node --import ./tests/bench/scheduling/server-only-hook.mjs --import tsx tests/bench/scheduling/measure.ts;
 *  `npm run bench -- scheduling` runs the same through tests/bench/scheduling.ts)
 *
 * 1. Open-slot search, 20 clinicians x 4 weeks with 10,000 existing visits: p95 server time
 *    (in-process call of searchOpenSlots, the function the booking page uses) < 150 ms, and the
 *    number of SQL statements is the same with 1,000 and 10,000 visits.
 * 2. Booking throughput through the app (POST /api/visits: session + zod + transaction + audit, on
 *    the production build) vs a bare node:http + pg server running the same SQL: app >= 40% of
 *    bare; p95 latency of both.
 * 3. Race: 50 parallel bookings of one slot through the app -> 1 success, 49 conflicts, 1 row.
 * Uses its own database on the system Postgres (or TEST_POSTGRES_URL) and drops it afterwards.
 * Ports: BENCH_PORT and BENCH_PORT + 1 when set, else two free ports (so runs from two checkouts
 * on one machine do not collide).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { join } from "node:path";
import autocannon from "autocannon";
import pg from "pg";
import { dropDatabase, resolvePostgresServer, uniqueDatabaseName } from "../../../src/cli/lib/databases";
import { createAppDatabase, ensureRoles, TEST_DB_ROLES } from "../../../src/cli/lib/db-roles";
import { ensureProductionBuild } from "../../../src/cli/lib/build";
import { applyMigrations } from "../../../src/cli/lib/migrations";
import { seedDemo, DEMO_PASSWORD, demoAccounts } from "../../../src/cli/lib/seed-demo";
import { addDays, zonedToUtc } from "../../../src/modules/scheduling/core/time";
import { freePort } from "../lib";

const root = join(import.meta.dirname, "..", "..", "..");
const TZ = "America/Los_Angeles";
const port = process.env.BENCH_PORT ? Number(process.env.BENCH_PORT) : await freePort();
let barePort = process.env.BENCH_PORT ? port + 1 : await freePort();
while (barePort === port) barePort = await freePort();
const DURATION = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 8);
const secret = "bench-secret-0123456789abcdef0123456789abcdef";

const p95 = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(s.length * 0.95) - 1)] ?? NaN;
};
const fmt = (n: number) => n.toFixed(1);

/** The n-th weekday (Mon-Fri) from a Monday. */
function weekdayDate(startMonday: string, n: number): string {
  return addDays(startMonday, Math.floor(n / 5) * 7 + (n % 5));
}
/** Slot k for clinician index c: 20 half-hour slots a day, 08:00-18:00 clinic time. */
function slotStart(startMonday: string, k: number): Date {
  const day = Math.floor(k / 20);
  return zonedToUtc(weekdayDate(startMonday, day), 8 * 60 + (k % 20) * 30, TZ);
}

async function waitFor(url: string, ms = 90_000) {
  const t0 = Date.now();
  while (Date.now() - t0 < ms) {
    try {
      const r = await fetch(url);
      if (r.ok) return;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`${url} did not come up`);
}

async function main() {
  const server = await resolvePostgresServer();
  const dbName = uniqueDatabaseName("vpc_bench_sched");
  await ensureRoles(server.serverUrl, TEST_DB_ROLES);
  const { ownerUrl, appUrl: url } = await createAppDatabase(server.serverUrl, dbName, TEST_DB_ROLES);
  const children: ChildProcess[] = [];
  const sql = new pg.Pool({ connectionString: url, max: 4 });
  try {
    await applyMigrations(ownerUrl, { appRole: TEST_DB_ROLES.app.name });
    await seedDemo(ownerUrl);
    // ---- bench data: 20 clinicians (Mon-Fri 08-18), 500 patients, one 30-min visit type ----
    const coordinator = (
      await sql.query(`SELECT "id" FROM "User" WHERE "email" = $1`, [demoAccounts.coordinator.email])
    ).rows[0].id as string;
    const clinicians: string[] = [];
    for (let c = 0; c < 20; c++) {
      const id = randomUUID();
      clinicians.push(id);
      await sql.query(
        `INSERT INTO "User" ("id","email","name","passwordHash","role","updatedAt") VALUES ($1,$2,$3,'x','CLINICIAN',now())`,
        [id, `bench.clin${c}@bench.clinic`, `Bench Clinician ${String(c).padStart(2, "0")}`],
      );
      for (let wd = 1; wd <= 5; wd++)
        await sql.query(
          `INSERT INTO "ClinicianWeeklyHours" ("id","clinicianId","weekday","startMinute","endMinute") VALUES ($1,$2,$3,480,1080)`,
          [randomUUID(), id, wd],
        );
    }
    const patients: string[] = [];
    for (let i = 0; i < 500; i++) patients.push(randomUUID());
    await sql.query(
      `INSERT INTO "Patient" ("id","mrn","givenName","familyName","birthDate","timeZone","stateOfResidence","updatedAt")
       SELECT id, 'B-' || ord, 'Bench', 'Patient' || ord, '1970-01-01', 'America/Los_Angeles', 'WA', now() FROM unnest($1::uuid[]) WITH ORDINALITY AS t(id, ord)`,
      [patients],
    );
    const typeId = randomUUID();
    await sql.query(
      `INSERT INTO "VisitType" ("id","name","durationMinutes","updatedAt") VALUES ($1,'Bench follow-up',30,now())`,
      [typeId],
    );

    async function insertVisits(startMonday: string, from: number, to: number) {
      const rows = {
        id: [] as string[],
        p: [] as string[],
        c: [] as string[],
        s: [] as Date[],
        e: [] as Date[],
        k: [] as string[],
      };
      for (let k = from; k < to; k++) {
        const c = k % 20;
        const s = slotStart(startMonday, Math.floor(k / 20));
        rows.id.push(randomUUID());
        rows.p.push(patients[k % 500]!);
        rows.c.push(clinicians[c]!);
        rows.s.push(s);
        rows.e.push(new Date(s.getTime() + 30 * 60_000));
        rows.k.push(`bench-${startMonday}-${k}`);
      }
      await sql.query(
        `INSERT INTO "Visit" ("id","patientId","clinicianId","visitTypeId","startsAt","endsAt","modality","reason","idempotencyKey","createdById","updatedAt")
         SELECT id, p, c, $6, s, e, 'VIDEO', 'bench', k, $7, now() FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::timestamptz[], $5::timestamptz[], $8::text[]) AS t(id, p, c, s, e, k)`,
        [rows.id, rows.p, rows.c, rows.s, rows.e, typeId, coordinator, rows.k],
      );
    }

    // ---- 1. slot search, in-process ----
    process.env.DATABASE_URL = url;
    process.env.NEXTAUTH_SECRET = secret;
    process.env.DB_POOL_MAX = "10";
    process.env.VPC_QUIET_LOGS = "1";
    const { searchOpenSlots } = await import("../../../src/modules/scheduling/search-open-slots.server");
    const actor = {
      userId: coordinator,
      sessionId: randomUUID(),
      role: "COORDINATOR" as const,
      name: "Bench",
      email: "b@b",
      patientId: null,
    };
    const searchMonday = "2030-06-03";
    const from = searchMonday;
    const to = addDays(searchMonday, 27);
    const now = new Date("2030-06-01T00:00:00Z");
    let statements = 0;
    const origQuery = pg.Client.prototype.query;
    (pg.Client.prototype as unknown as { query: unknown }).query = function (this: pg.Client, ...args: unknown[]) {
      statements++;
      return (origQuery as (...a: unknown[]) => unknown).apply(this, args);
    };
    const measure = async (label: string, runs: number) => {
      const times: number[] = [];
      let q = 0;
      let slots = 0;
      for (let i = 0; i < runs + 3; i++) {
        statements = 0;
        const t0 = performance.now();
        const r = await searchOpenSlots(
          actor,
          { patientId: patients[7]!, clinicianId: null, visitTypeId: typeId, from, to, limit: 400 },
          now,
        );
        const dt = performance.now() - t0;
        if (i >= 3) times.push(dt); // first runs warm the pool and JIT
        q = statements;
        slots = r.total;
      }
      const visitsInRange = (
        await sql.query(`SELECT count(*)::int AS n FROM "Visit" WHERE "startsAt" >= $1 AND "startsAt" < $2`, [
          zonedToUtc(from, 0, TZ),
          zonedToUtc(addDays(to, 1), 0, TZ),
        ])
      ).rows[0].n as number;
      console.log(
        `[bench] slot search ${label}: p95 ${fmt(p95(times))} ms, median ${fmt(
          p95(
            times
              .slice()
              .sort((a, b) => a - b)
              .slice(0, Math.ceil(times.length / 1.9)),
          ),
        )} ms, ${q} SQL statements, ${slots} open slots, ${visitsInRange} visits in the 4-week window`,
      );
      return { p95: p95(times), statements: q };
    };
    await insertVisits(searchMonday, 0, 1000);
    const small = await measure("with 1,000 visits", 20);
    await insertVisits(searchMonday, 1000, 10_000);
    const total = (await sql.query(`SELECT count(*)::int AS n FROM "Visit"`)).rows[0].n as number;
    const big = await measure(`with 10,000 visits (${total} in the table)`, 40);
    (pg.Client.prototype as unknown as { query: unknown }).query = origQuery;
    {
      // Where the time goes: the database part (loadAvailability) vs the pure slot computation.
      const { loadAvailability } = await import("../../../src/modules/scheduling/load-availability.server");
      const { findOpenSlots } = await import("../../../src/modules/scheduling/core/slots");
      const tl: number[] = [];
      const tc: number[] = [];
      for (let i = 0; i < 20; i++) {
        const t0 = performance.now();
        const a = await loadAvailability(null, from, to, { patientId: patients[7]! });
        const t1 = performance.now();
        findOpenSlots({
          clinicians: a.clinicians,
          busyByClinician: a.busy,
          patientBusy: a.patientBusy,
          from,
          to,
          timeZone: TZ,
          durationMinutes: 30,
          notBefore: now,
          limit: 100_000,
        });
        tl.push(t1 - t0);
        tc.push(performance.now() - t1);
      }
      console.log(`[bench] slot search split: database p95 ${fmt(p95(tl))} ms, computation p95 ${fmt(p95(tc))} ms`);
    }
    {
      // The booking function itself, in-process (no HTTP, no Next): what the server code costs.
      const { bookVisit } = await import("../../../src/modules/scheduling/book-visit.server");
      const times: number[] = [];
      for (let k = 0; k < 60; k++) {
        const t0 = performance.now();
        await bookVisit(
          actor,
          {
            patientId: patients[k % 500]!,
            clinicianId: clinicians[k % 20]!,
            visitTypeId: typeId,
            modality: "VIDEO",
            startsAt: slotStart("2036-01-07", Math.floor(k / 20)),
            reason: "in-process",
            phoneNumber: null,
            idempotencyKey: randomUUID(),
            repeatEveryWeeks: 0,
            repeatCount: 1,
          },
          { ip: "127.0.0.1", requestId: randomUUID(), userAgent: null },
          now,
        );
        if (k >= 10) times.push(performance.now() - t0);
      }
      console.log(
        `[bench] bookVisit in-process (sequential, no HTTP): p95 ${fmt(p95(times))} ms, median ${fmt(times.slice().sort((a, b) => a - b)[Math.floor(times.length / 2)]!)} ms`,
      );
    }
    if (process.env.BENCH_ONLY === "search") {
      console.log(`[bench]   slot search p95: ${fmt(big.p95)} ms; statements ${small.statements} -> ${big.statements}`);
      return;
    }

    // ---- 2. booking throughput: app vs bare ----
    ensureProductionBuild(root, (l) => console.log(`[bench] ${l}`));
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      DATABASE_URL: url,
      NEXTAUTH_SECRET: secret,
      NEXTAUTH_URL: `http://localhost:${port}`,
      VPC_NO_BUILD: "1",
      VPC_QUIET_LOGS: "1",
      REMINDER_TICK_SECONDS: "0",
      HOST: "127.0.0.1",
      NODE_ENV: "production",
    };
    const app = spawn(process.execPath, ["--import", "tsx", "src/cli/start.ts"], {
      cwd: root,
      env: { ...env, PORT: String(port) },
      stdio: ["ignore", "ignore", "inherit"],
    });
    const bare = spawn(process.execPath, ["--import", "tsx", "tests/bench/scheduling/bare-booking-server.ts"], {
      cwd: root,
      env: { ...env, PORT: String(barePort), DB_POOL_MAX: "10" },
      stdio: ["ignore", "ignore", "inherit"],
    });
    children.push(app, bare);
    await waitFor(`http://127.0.0.1:${port}/api/health`);
    await waitFor(`http://127.0.0.1:${barePort}/`).catch(() => undefined);

    // Sign in as the demo coordinator (real next-auth flow) for the app's session cookie.
    const login = await fetch(`http://localhost:${port}/login`);
    const csrf = /name="csrfToken" value="([a-f0-9]+)"/.exec(await login.text())?.[1] ?? "";
    const csrfCookie = (login.headers.getSetCookie?.() ?? []).map((c) => c.split(";")[0]).join("; ");
    const signIn = await fetch(`http://localhost:${port}/api/auth/callback/credentials`, {
      method: "POST",
      redirect: "manual",
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        origin: `http://localhost:${port}`,
        cookie: csrfCookie,
      },
      body: new URLSearchParams({
        csrfToken: csrf,
        email: demoAccounts.coordinator.email,
        password: DEMO_PASSWORD,
        callbackUrl: "/",
      }),
    });
    const appCookie = (signIn.headers.getSetCookie?.() ?? [])
      .map((c) => c.split(";")[0])
      .filter((c) => c?.includes("session-token"))
      .join("; ");
    if (!appCookie) throw new Error("could not sign in to the app");
    const sessionId = (
      await sql.query(`SELECT "id" FROM "Session" WHERE "userId" = $1 ORDER BY "createdAt" DESC LIMIT 1`, [coordinator])
    ).rows[0].id as string;

    // "The same SQL": record the statements the app's own code sends for one booking (session
    // check + bookVisit, in-process) and refuse to measure if the bare server's differ.
    {
      const { loadActorForSession } = await import("../../../src/server/auth/sign-in.server");
      const { bookVisit } = await import("../../../src/modules/scheduling/book-visit.server");
      const { bareSql } = await import("./bare-sql");
      const sent: string[] = [];
      const origQuery = pg.Client.prototype.query;
      (pg.Client.prototype as unknown as { query: unknown }).query = function (this: pg.Client, ...args: unknown[]) {
        const q = args[0] as string | { text?: string };
        sent.push(typeof q === "string" ? q : (q.text ?? ""));
        return (origQuery as (...a: unknown[]) => unknown).apply(this, args);
      };
      try {
        const sessionActor = await loadActorForSession(sessionId);
        if (!sessionActor) throw new Error("SQL parity: the signed-in session did not resolve in-process");
        await bookVisit(
          sessionActor,
          {
            patientId: patients[499]!,
            clinicianId: clinicians[19]!,
            visitTypeId: typeId,
            modality: "VIDEO",
            startsAt: slotStart("2037-01-05", 0),
            reason: "parity",
            phoneNumber: null,
            idempotencyKey: randomUUID(),
            repeatEveryWeeks: 0,
            repeatCount: 1,
          },
          { ip: "127.0.0.1", requestId: randomUUID(), userAgent: null },
        );
      } finally {
        (pg.Client.prototype as unknown as { query: unknown }).query = origQuery;
      }
      const app = sent.filter((t) => t !== bareSql.touch);
      const bare = [bareSql.session, bareSql.preRead, bareSql.booking];
      const same = app.length === bare.length && app.every((t, i) => t === bare[i]);
      if (!same)
        throw new Error(
          `SQL parity: the app sent ${app.length} statements for a booking, not the bare server's ${bare.length} (update tests/bench/scheduling/bare-sql.ts):\n${app.join("\n---\n")}`,
        );
      console.log(
        `[bench] SQL parity: a booking through the app sends ${app.length} statements, the bare server the same ${bare.length} texts (session check, pre-read, booking statement)`,
      );
    }

    const run = async (label: string, target: string, cookie: string, startMonday: string) => {
      let i = 0;
      const latencies: number[] = [];
      const codes: Record<number, number> = {};
      const r = await new Promise<autocannon.Result>((resolve, reject) => {
        const inst = autocannon(
          {
            url: target,
            connections: CONNECTIONS,
            duration: DURATION,
            requests: [
              {
                method: "POST",
                setupRequest: (req: autocannon.Request) => {
                  const k = i++;
                  const body = {
                    patientId: patients[k % 500],
                    clinicianId: clinicians[k % 20],
                    visitTypeId: typeId,
                    modality: "VIDEO",
                    startsAt: slotStart(startMonday, Math.floor(k / 20)).toISOString(),
                    reason: "Bench follow-up",
                    idempotencyKey: randomUUID(),
                  };
                  return {
                    ...req,
                    headers: { "content-type": "application/json", cookie, origin: `http://localhost:${port}` },
                    body: JSON.stringify(body),
                  };
                },
              },
            ],
          },
          (err, result) => (err ? reject(err) : resolve(result)),
        );
        inst.on("response", (_c, status, _b, ms) => {
          latencies.push(ms);
          codes[status] = (codes[status] ?? 0) + 1;
        });
      });
      const ok = (codes[201] ?? 0) + (codes[200] ?? 0);
      const rps = ok / DURATION;
      console.log(
        `[bench] booking ${label}: ${fmt(rps)} bookings/s, p95 ${fmt(p95(latencies))} ms, p50 ${fmt(r.latency.p50)} ms, status ${JSON.stringify(codes)}`,
      );
      return { rps, p95: p95(latencies), codes };
    };
    // Warm both (JIT, pools) on their own dates, then measure.
    await run("warm-up app", `http://localhost:${port}/api/visits`, appCookie, "2031-01-06").catch(() => undefined);
    await run("warm-up bare", `http://127.0.0.1:${barePort}/`, `bare_session=${sessionId}`, "2032-01-05").catch(
      () => undefined,
    );
    const appR = await run("app (POST /api/visits)", `http://localhost:${port}/api/visits`, appCookie, "2033-01-03");
    const bareR = await run(
      "bare node:http + pg",
      `http://127.0.0.1:${barePort}/`,
      `bare_session=${sessionId}`,
      "2034-01-02",
    );

    // ---- 3. race through the app ----
    const raceStart = slotStart("2035-01-01", 0).toISOString();
    const race = await Promise.all(
      patients.slice(100, 150).map((p) =>
        fetch(`http://localhost:${port}/api/visits`, {
          method: "POST",
          headers: { "content-type": "application/json", cookie: appCookie, origin: `http://localhost:${port}` },
          body: JSON.stringify({
            patientId: p,
            clinicianId: clinicians[0],
            visitTypeId: typeId,
            modality: "VIDEO",
            startsAt: raceStart,
            reason: "race",
            idempotencyKey: randomUUID(),
          }),
        }).then((r) => r.status),
      ),
    );
    const rows = (
      await sql.query(`SELECT count(*)::int AS n FROM "Visit" WHERE "clinicianId" = $1 AND "startsAt" = $2`, [
        clinicians[0],
        raceStart,
      ])
    ).rows[0].n as number;
    const wins = race.filter((s) => s === 201).length;
    const conflicts = race.filter((s) => s === 409).length;

    const ratio = appR.rps / bareR.rps;
    console.log("\n[bench] scheduling budgets");
    console.log(
      `[bench]   slot search p95 (20 clinicians x 4 weeks, 10,000 visits): ${fmt(big.p95)} ms (budget < 150) ${big.p95 < 150 ? "OK" : "OVER"}`,
    );
    console.log(
      `[bench]   slot search SQL statements: ${small.statements} with 1,000 visits, ${big.statements} with 10,000 ${small.statements === big.statements ? "OK (constant)" : "GROWS"}`,
    );
    console.log(
      `[bench]   booking: app ${fmt(appR.rps)}/s (p95 ${fmt(appR.p95)} ms) vs bare ${fmt(bareR.rps)}/s (p95 ${fmt(bareR.p95)} ms) = ${(ratio * 100).toFixed(0)}% (budget >= 40%) ${ratio >= 0.4 ? "OK" : "UNDER"}`,
    );
    console.log(
      `[bench]   race: ${wins} success, ${conflicts} conflicts, ${rows} row(s) ${wins === 1 && conflicts === 49 && rows === 1 ? "OK" : "FAIL"}`,
    );
    const ok =
      big.p95 < 150 &&
      small.statements === big.statements &&
      ratio >= 0.4 &&
      wins === 1 &&
      conflicts === 49 &&
      rows === 1;
    process.exitCode = ok ? 0 : 1;
  } finally {
    for (const c of children) c.kill("SIGTERM");
    await new Promise((r) => setTimeout(r, 1500));
    await sql.end();
    const { db } = await import("../../../src/server/db").catch(() => ({ db: null }));
    await (db as { $disconnect?: () => Promise<void> } | null)?.$disconnect?.().catch(() => undefined);
    const hooks = (globalThis as { __vpcShutdownHooks?: Array<() => Promise<void>> }).__vpcShutdownHooks ?? [];
    for (const h of hooks) await h();
    await dropDatabase(server.serverUrl, dbName).catch((e: unknown) =>
      console.error(`[bench] could not drop ${dbName}: ${String(e)}`),
    );
    await server.stop();
  }
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.stack : e);
  process.exit(1);
});
