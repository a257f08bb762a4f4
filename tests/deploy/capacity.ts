/**
 * `npm run test:deploy -- --capacity`: requests per second and latency through nginx (TLS) for
 * the main pages and the booking route, with ONE app instance behind nginx and with TWO, side by
 * side in one run on the topology tests/deploy/run.ts started (a second nginx on its own port has
 * both upstream lines pointing at app1). Rounds alternate one/two per route so noise from other
 * processes on the shared cores hits both alike: compare the ratios. Figures for docs/capacity.md.
 * Not part of the default test:deploy run (CI runs the drills only).
 */
import { createHash, randomBytes, randomUUID } from "node:crypto";
import { Agent, request } from "node:https";
import pg from "pg";
import { DEMO_PASSWORD, demoAccounts } from "../../src/cli/lib/demo-accounts";
import { zonedToUtc } from "../../src/modules/scheduling/core/time";

type Target = { label: string; base: string; instances: number };
type Answer = { status: number; body: string; cookies: string[]; ms: number };

const agent = new Agent({ keepAlive: true, maxSockets: 64, rejectUnauthorized: false });

function send(url: string, opts: { method?: string; cookie?: string; body?: string; type?: string } = {}) {
  const t0 = performance.now();
  return new Promise<Answer>((resolve, reject) => {
    const u = new URL(url);
    const req = request(
      u,
      {
        agent,
        method: opts.method ?? "GET",
        headers: {
          ...(opts.cookie ? { cookie: opts.cookie } : {}),
          ...(opts.body !== undefined
            ? { "content-type": opts.type ?? "application/json", "content-length": Buffer.byteLength(opts.body) }
            : {}),
          origin: u.origin,
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () =>
          resolve({
            status: res.statusCode ?? 0,
            body: Buffer.concat(chunks).toString("utf8"),
            cookies: (res.headers["set-cookie"] ?? []).map((c) => c.split(";")[0]!),
            ms: performance.now() - t0,
          }),
        );
      },
    );
    req.on("error", reject);
    req.end(opts.body);
  });
}

async function signIn(base: string, email: string): Promise<string> {
  const csrf = await send(`${base}/api/auth/csrf`);
  const token = (JSON.parse(csrf.body) as { csrfToken: string }).csrfToken;
  const res = await send(`${base}/api/auth/callback/credentials`, {
    method: "POST",
    cookie: csrf.cookies.join("; "),
    type: "application/x-www-form-urlencoded",
    body: new URLSearchParams({ csrfToken: token, email, password: DEMO_PASSWORD, callbackUrl: "/" }).toString(),
  });
  const session = res.cookies.find((c) => c.includes("session-token"));
  if (!session) throw new Error(`capacity: sign-in failed for ${email} (${res.status})`);
  return session;
}

const sha256 = (x: string) => createHash("sha256").update(x).digest("hex");

/** Bookable clinicians (round the clock), a visit type, patients, and a PEG form behind a link session. */
async function setUp(databaseUrl: string) {
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    const tag = randomUUID().slice(0, 8);
    const hash = (
      await db.query<{ h: string }>(`SELECT "passwordHash" AS h FROM "User" WHERE email = $1`, [
        demoAccounts.clinician.email,
      ])
    ).rows[0]!.h;
    const clinicianIds = [0, 1, 2, 3].map(() => randomUUID());
    for (const [i, id] of clinicianIds.entries()) {
      await db.query(
        `INSERT INTO "User" (id, email, name, "passwordHash", role, "updatedAt") VALUES ($1, $2, $3, $4, 'CLINICIAN', now())`,
        [id, `dr.cap${i}.${tag}@test.clinic`, `Dr. Capacity ${i} ${tag}`, hash],
      );
      await db.query(
        `INSERT INTO "ClinicianWeeklyHours" (id, "clinicianId", weekday, "startMinute", "endMinute")
         SELECT gen_random_uuid(), $1, d, 0, 1440 FROM generate_series(1, 7) AS d`,
        [id],
      );
    }
    const visitTypeId = randomUUID();
    await db.query(`INSERT INTO "VisitType" (id, name, "durationMinutes", "updatedAt") VALUES ($1, $2, 30, now())`, [
      visitTypeId,
      `Capacity ${tag}`,
    ]);
    const patientIds = (
      await db.query<{ id: string }>(
        `INSERT INTO "Patient" (id, mrn, "givenName", "familyName", "birthDate", "timeZone", "stateOfResidence", "updatedAt")
         SELECT gen_random_uuid(), 'CAP-' || $1 || '-' || n, 'Capacity', 'Patient' || n, '1970-01-01', 'America/Los_Angeles', 'WA', now()
         FROM generate_series(1, 40) AS n RETURNING id`,
        [tag],
      )
    ).rows.map((r) => r.id);
    const formPatient = patientIds[0]!;
    const requestId = randomUUID();
    await db.query(
      `INSERT INTO "FormRequest" (id, "patientId", instrument, "dueAt") VALUES ($1, $2, 'PEG', now() + interval '2 days')`,
      [requestId, formPatient],
    );
    const linkId = randomUUID();
    await db.query(
      `INSERT INTO "PatientLinkToken" (id, "tokenHash", "patientId", purpose, "expiresAt", "firstRedeemedAt")
       VALUES ($1, $2, $3, 'forms', now() + interval '1 day', now())`,
      [linkId, sha256(randomBytes(32).toString("base64url")), formPatient],
    );
    const token = randomBytes(32).toString("base64url");
    await db.query(
      `INSERT INTO "PatientLinkSession" (id, "tokenHash", "linkId", "lastSeenAt", "expiresAt", "capAt")
       VALUES ($1, $2, $3, now(), now() + interval '2 hours', now() + interval '2 hours')`,
      [randomUUID(), sha256(token), linkId],
    );
    return {
      clinicianIds,
      visitTypeId,
      patientIds,
      formPath: `/f/forms/${requestId}`,
      formCookie: `__Host-vpc-link-forms=${token}`,
    };
  } finally {
    await db.end();
  }
}

/** Slot k for clinician k % n: day floor(k / n / 40) from the day after tomorrow, 01:00 + 30 min steps. */
function slot(k: number, n: number): Date {
  const j = Math.floor(k / n);
  const day = new Intl.DateTimeFormat("en-CA", { timeZone: "America/Los_Angeles" }).format(
    Date.now() + (2 + Math.floor(j / 40)) * 86_400_000,
  );
  return zonedToUtc(day, 60 + (j % 40) * 30, "America/Los_Angeles");
}

const pct = (xs: number[], p: number) =>
  xs.length ? [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((xs.length * p) / 100))]! : 0;

/** `concurrency` closed loops for `seconds`; every answer must be `ok` (a wrong one aborts the run). */
async function measure(
  concurrency: number,
  seconds: number,
  one: (k: number) => Promise<Answer>,
  ok: (a: Answer) => boolean,
) {
  const ms: number[] = [];
  let k = 0;
  let bad = 0;
  let sample = "";
  const end = performance.now() + seconds * 1000;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < end) {
        const a = await one(k++);
        if (!ok(a)) {
          bad++;
          sample ||= `${a.status} ${a.body.slice(0, 120)}`;
        }
        ms.push(a.ms);
      }
    }),
  );
  const elapsed = (performance.now() - t0) / 1000;
  return { n: ms.length, rps: ms.length / elapsed, p50: pct(ms, 50), p95: pct(ms, 95), bad, sample };
}

export async function measureCapacity(opts: {
  one: Target;
  two: Target;
  databaseUrl: string;
  appRole: string;
  log: (l: string) => void;
  quick?: boolean;
}) {
  const { log } = opts;
  const seconds = opts.quick ? 4 : 8;
  const rounds = 2;
  const concurrency = 8;
  const setup = await setUp(opts.databaseUrl);
  const staff = await signIn(opts.two.base, demoAccounts.clinician.email);
  const coordinator = await signIn(opts.two.base, demoAccounts.coordinator.email);
  let bookingK = 0;
  const routes: Array<{
    name: string;
    run: (base: string) => (k: number) => Promise<Answer>;
    ok: (a: Answer) => boolean;
  }> = [
    {
      name: "staff patient list GET /patients",
      run: (base) => () => send(`${base}/patients`, { cookie: staff }),
      ok: (a) => a.status === 200,
    },
    {
      name: "staff Today GET /today",
      run: (base) => () => send(`${base}/today`, { cookie: staff }),
      ok: (a) => a.status === 200,
    },
    {
      name: "patient form page GET /f/forms/<id>",
      run: (base) => () => send(`${base}${setup.formPath}`, { cookie: setup.formCookie }),
      ok: (a) => a.status === 200 && a.body.includes("<form"),
    },
    {
      name: "booking POST /api/visits",
      run: (base) => () => {
        const k = bookingK++;
        const n = setup.clinicianIds.length;
        return send(`${base}/api/visits`, {
          method: "POST",
          cookie: coordinator,
          body: JSON.stringify({
            patientId: setup.patientIds[k % setup.patientIds.length],
            clinicianId: setup.clinicianIds[k % n],
            visitTypeId: setup.visitTypeId,
            modality: "VIDEO",
            startsAt: slot(k, n).toISOString(),
            reason: "Capacity booking",
            idempotencyKey: randomUUID(),
          }),
        });
      },
      ok: (a) => a.status === 201,
    },
  ];
  const pool = new pg.Pool({ connectionString: opts.databaseUrl, max: 1 });
  const connections = async () =>
    (
      await pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE usename = $1`, [
        opts.appRole,
      ])
    ).rows[0]!.n - 1;
  log(
    `capacity: ${concurrency} concurrent clients, ${seconds} s per cell, ${rounds} rounds alternating one/two instances per route; load generator, nginx, both apps and PostgreSQL share this machine's cores`,
  );
  // Warm-up: every route once through each target (first renders compile nothing, but fill caches).
  for (const r of routes) for (const t of [opts.one, opts.two]) await measure(2, 1, r.run(t.base), () => true);
  const rows: string[] = [];
  let peakConnections = 0;
  for (const r of routes) {
    const cells: Record<string, Array<Awaited<ReturnType<typeof measure>>>> = { one: [], two: [] };
    for (let round = 0; round < rounds; round++) {
      for (const key of round % 2 ? (["two", "one"] as const) : (["one", "two"] as const)) {
        const t = opts[key];
        const [m, c] = await Promise.all([
          measure(concurrency, seconds, r.run(t.base), r.ok),
          sampleLater(connections, seconds),
        ]);
        peakConnections = Math.max(peakConnections, c);
        if (m.bad) throw new Error(`capacity: ${r.name} via ${t.label}: ${m.bad} wrong answers, e.g. ${m.sample}`);
        cells[key]!.push(m);
      }
    }
    const sum = (xs: Array<{ rps: number }>) => xs.reduce((a, x) => a + x.rps, 0) / xs.length;
    const one = sum(cells.one!);
    const two = sum(cells.two!);
    const p95 = (xs: Array<{ p95: number }>) => xs.map((x) => x.p95.toFixed(0)).join("/");
    const p50 = (xs: Array<{ p50: number }>) => xs.map((x) => x.p50.toFixed(0)).join("/");
    rows.push(
      `${r.name.padEnd(38)} 1 instance ${one.toFixed(1).padStart(6)} req/s (p50 ${p50(cells.one!)} ms, p95 ${p95(cells.one!)} ms) | 2 instances ${two.toFixed(1).padStart(6)} req/s = ${(two / 2).toFixed(1)} per instance (p50 ${p50(cells.two!)} ms, p95 ${p95(cells.two!)} ms) | 2/1 = ${(two / one).toFixed(2)}`,
    );
    log(rows.at(-1)!);
  }
  log(
    `capacity: peak app-role connections to PostgreSQL during the run: ${peakConnections} (both instances, pools + LISTEN)`,
  );
  await pool.end();
  agent.destroy();
  return rows;
}

/** `connections()` sampled halfway through a cell. */
async function sampleLater(f: () => Promise<number>, seconds: number): Promise<number> {
  await new Promise((r) => setTimeout(r, (seconds * 1000) / 2));
  return f();
}
