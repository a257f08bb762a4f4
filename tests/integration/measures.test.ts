import { renderToStaticMarkup } from "react-dom/server";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import MeasuresPage from "@/app/(staff)/measures/page";
import { GET as exportCsv } from "@/app/(staff)/measures/export/route";
import {
  clearMeasuresCache,
  clinicMeasureSeries,
  exportMeasuresCsv,
  getMeasuresDashboard,
} from "@/modules/care-measures/index.server";
import { MEASURES_CSV_HEADER } from "@/modules/care-measures/core/report";
import { addDays, clinicDate, monthEnd, monthOf, monthsEndingWith } from "@/modules/care-program/core/dates";
import {
  computeMeasureSeries,
  measureDefinitions,
  type MeasureId,
  type MonthMeasures,
} from "@/modules/care-program/core/measures";
import { defaultRegistryQuery } from "@/modules/care-program/core/registry";
import { listRegistry, loadCareFacts, readCareProgramSettings } from "@/modules/care-program/index.server";
import { db } from "@/server/db";
import { getEnv } from "@/server/env";
import { actorFor, ctx, isForbidden, makeUser } from "../factories";
import { hasAgreementKind, insertLtotPopulation } from "../factories/ltot-population";
import { beginRequest, requestFor, SESSION_COOKIE, sessionCookieFor } from "../factories/next-request";

vi.mock("next/headers", async () => (await import("../factories/next-request")).nextHeadersModule);
vi.mock("next/cache", async () => (await import("../factories/next-request")).nextCacheModule);

/**
 * Issue 12, part 6: the clinic's measures. A realistic clinic (140 patients of three clinicians,
 * up to two years of history, tests/factories/ltot-population.ts, plus hand-made patients at the
 * boundaries of a month: records exactly 90 / 91 and 365 / 366 days before its end, the day
 * after it, and instants on either side of the clinic's midnight) is written to Postgres, and
 * EVERY measure of several months is recomputed with hand-written SQL straight from the tables,
 * then compared, patient by patient, with the app's figures, for the clinic and per clinician.
 * Also: the cache gives the direct computation, one audit row per view and per export, the CSV
 * content, admins see numbers without registry links, patients are refused.
 */
let pool: pg.Pool;
const q = (text: string, values?: unknown[]) =>
  pool.query(text, values) as unknown as Promise<{ rows: Record<string, unknown>[] }>;
type U = Awaited<ReturnType<typeof makeUser>>;
let clinicians: U[];
let moveDay: string;
const movedPatients: { id: string; from: string; to: string }[] = [];
let coordinator: U;
let admin: U;
let patientUser: U;
let tz: string;
let today: string;
let target: string; // the last complete month
const actor = (u: U) => actorFor({ ...u, patientId: u.patientId ?? null });

const OPIOIDS = [
  "codeine",
  "fentanyl_patch",
  "hydrocodone",
  "hydromorphone",
  "methadone",
  "morphine",
  "oxycodone",
  "oxymorphone",
  "tapentadol",
  "tramadol",
  "buprenorphine",
];
const BENZOS = ["alprazolam", "clonazepam", "diazepam", "lorazepam"];

/**
 * The measures of the month ending on $1 (the clinic's time zone $2), by SQL alone: who is on
 * LTOT (the latest clinician decision on or before the day, else an unbroken run of opioid rows
 * of at least 90 days covering it; a row starting the day another stops continues the run), the
 * records dated in each window ending on that day, and the medication list as it stood on it.
 * Returns one row per measure and scope (the clinic, each clinician) with the patient ids.
 */
const INDEPENDENT_SQL = `
WITH p AS (SELECT $1::date AS d, $2::text AS tz),
opioid_rows AS (
  SELECT m."patientId" AS pid, m."startedOn" AS s, COALESCE(m."stoppedOn", 'infinity'::date) AS e
  FROM "Medication" m, p WHERE m."drugKey" = ANY($3::text[]) AND m."startedOn" <= p.d),
marked AS (
  SELECT pid, s, e, CASE WHEN s <= MAX(e) OVER (PARTITION BY pid ORDER BY s, e ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) THEN 0 ELSE 1 END AS brk FROM opioid_rows),
grouped AS (SELECT pid, s, e, SUM(brk) OVER (PARTITION BY pid ORDER BY s, e ROWS UNBOUNDED PRECEDING) AS grp FROM marked),
runs AS (SELECT pid, MIN(s) AS s, MAX(e) AS e FROM grouped GROUP BY pid, grp),
by_medication AS (SELECT r.pid FROM runs r, p WHERE r.s <= p.d AND r.e > p.d AND p.d - r.s >= 90),
last_decision AS (
  SELECT DISTINCT ON (x."patientId") x."patientId" AS pid, x.kind::text AS kind
  FROM "LtotDecision" x, p WHERE x."decidedOn" <= p.d ORDER BY x."patientId", x."decidedOn" DESC, x."recordedAt" DESC),
ltot AS (
  SELECT pt.id AS pid,
    (SELECT c."clinicianId" FROM "PrimaryClinicianChange" c
     WHERE c."patientId" = pt.id AND (c."fromStart" OR (c."changedAt" AT TIME ZONE p.tz)::date <= p.d)
     ORDER BY CASE WHEN c."fromStart" THEN DATE '0001-01-01' ELSE (c."changedAt" AT TIME ZONE p.tz)::date END DESC,
              c."changedAt" DESC, c.id DESC LIMIT 1) AS clinician
  FROM "Patient" pt CROSS JOIN p LEFT JOIN last_decision ld ON ld.pid = pt.id
  WHERE ld.kind = 'INCLUDE' OR (COALESCE(ld.kind, 'CLEAR') = 'CLEAR' AND pt.id IN (SELECT pid FROM by_medication))),
taken AS (
  SELECT m."patientId" AS pid, m."drugKey" AS k,
         ROUND(m."doseAmount" * m."timesPerDay" * CASE m."drugKey" WHEN 'oxycodone' THEN 1.5 WHEN 'morphine' THEN 1 WHEN 'hydrocodone' THEN 1 ELSE 0 END, 1) AS mme
  FROM "Medication" m, p WHERE m."startedOn" <= p.d AND (m."stoppedOn" IS NULL OR m."stoppedOn" > p.d)),
forms AS (
  SELECT DISTINCT ON (r."seriesId") r."patientId" AS pid, r.instrument::text AS ins, (r."answeredAt" AT TIME ZONE p.tz)::date AS on_
  FROM "FormResponse" r, p ORDER BY r."seriesId", r.version DESC),
agreement AS (
  SELECT DISTINCT ON (c."patientId") c."patientId" AS pid, (c."expiresAt" AT TIME ZONE p.tz)::date AS renew, (c."revokedAt" AT TIME ZONE p.tz)::date AS revoked
  FROM "ConsentRecord" c, p WHERE c.kind::text = 'OPIOID_AGREEMENT' AND (c."capturedAt" AT TIME ZONE p.tz)::date <= p.d
  ORDER BY c."patientId", c."capturedAt" DESC),
flags AS (
  SELECT l.pid, l.clinician,
    EXISTS (SELECT 1 FROM agreement a WHERE a.pid = l.pid AND (a.revoked IS NULL OR a.revoked > p.d) AND p.d < a.renew) AS agreement,
    EXISTS (SELECT 1 FROM "UdtOrder" u WHERE u."patientId" = l.pid AND u."collectedAt" IS NOT NULL AND (u."collectedAt" AT TIME ZONE p.tz)::date BETWEEN p.d - 365 AND p.d) AS udt,
    EXISTS (SELECT 1 FROM forms f WHERE f.pid = l.pid AND f.ins = 'PEG' AND f.on_ BETWEEN p.d - 90 AND p.d) AS peg,
    EXISTS (SELECT 1 FROM forms f WHERE f.pid = l.pid AND f.ins = 'PHQ9' AND f.on_ BETWEEN p.d - 365 AND p.d) AS phq9,
    EXISTS (SELECT 1 FROM "PdmpCheck" c WHERE c."patientId" = l.pid AND c."checkedOn" BETWEEN p.d - 90 AND p.d) AS pdmp,
    COALESCE((SELECT SUM(t.mme) FROM taken t WHERE t.pid = l.pid AND t.k = ANY($3::text[])), 0) AS mme,
    EXISTS (SELECT 1 FROM taken t WHERE t.pid = l.pid AND t.k = ANY($3::text[])) AND EXISTS (SELECT 1 FROM taken t WHERE t.pid = l.pid AND t.k = ANY($4::text[])) AS benzo,
    EXISTS (SELECT 1 FROM taken t WHERE t.pid = l.pid AND t.k = 'naloxone') AS naloxone_listed,
    EXISTS (SELECT 1 FROM "NaloxoneOffer" o WHERE o."patientId" = l.pid AND o."offeredOn" BETWEEN p.d - 365 AND p.d) AS naloxone_offered,
    EXISTS (SELECT 1 FROM "RiskHistoryEntry" h WHERE h."patientId" = l.pid AND h."recordedOn" <= p.d) AS risk
  FROM ltot l, p),
counted AS (
  SELECT f.*, (f.mme >= 50 OR f.benzo OR f.risk) AS naloxone_indicated FROM flags f),
per_measure AS (
  SELECT pid, clinician, m.id, m.n, m.d FROM counted c, LATERAL (VALUES
    ('on-ltot', true, true),
    ('current-agreement', c.agreement, true),
    ('udt-recent', c.udt, true),
    ('peg-recent', c.peg, true),
    ('phq9-recent', c.phq9, true),
    ('pdmp-recent', c.pdmp, true),
    ('mme-low-mark', c.mme >= 50, true),
    ('mme-high-mark', c.mme >= 90, true),
    ('benzodiazepine', c.benzo, true),
    ('naloxone-when-indicated', c.naloxone_indicated AND (c.naloxone_listed OR c.naloxone_offered), c.naloxone_indicated)
  ) AS m(id, n, d))
SELECT 'clinic' AS scope, id,
       COALESCE(array_agg(pid::text ORDER BY pid::text) FILTER (WHERE n AND d), '{}') AS numerator,
       COALESCE(array_agg(pid::text ORDER BY pid::text) FILTER (WHERE d), '{}') AS denominator
FROM per_measure GROUP BY id
UNION ALL
SELECT clinician::text, id,
       COALESCE(array_agg(pid::text ORDER BY pid::text) FILTER (WHERE n AND d), '{}'),
       COALESCE(array_agg(pid::text ORDER BY pid::text) FILTER (WHERE d), '{}')
FROM per_measure WHERE clinician IS NOT NULL GROUP BY clinician, id`;

type Sets = Map<string, Record<string, { numerator: string[]; denominator: string[] }>>;

async function independent(d: string): Promise<Sets> {
  const rows = (await pool.query(INDEPENDENT_SQL, [d, tz, OPIOIDS, BENZOS])).rows as {
    scope: string;
    id: string;
    numerator: string[];
    denominator: string[];
  }[];
  const out: Sets = new Map();
  for (const r of rows) {
    const s = out.get(r.scope) ?? {};
    s[r.id] = { numerator: r.numerator, denominator: r.denominator };
    out.set(r.scope, s);
  }
  return out;
}

const empty = { numerator: [] as string[], denominator: [] as string[] };
/** The app's sets in the SQL's shape (JS sorts ids as strings, as ORDER BY pid::text does here for lowercase uuids). */
function appSets(m: MonthMeasures, scope: string) {
  const set = scope === "clinic" ? m.clinic : m.byClinician[scope];
  return Object.fromEntries(measureDefinitions.map((d) => [d.id, set?.[d.id] ?? empty]));
}
function sqlSets(s: Sets, scope: string) {
  const set = s.get(scope) ?? {};
  return Object.fromEntries(measureDefinitions.map((d) => [d.id, set[d.id] ?? empty]));
}

/** Patients at the boundaries of the target month (ending on D), with an opioid for 400 days. */
async function boundaryPatients(d: string, clinicianId: string, staffId: string) {
  const made: string[] = [];
  const patient = async (n: number) => {
    const r = await q(
      `INSERT INTO "Patient" (id, mrn, "givenName", "familyName", "birthDate", "timeZone", "stateOfResidence", "primaryClinicianId", "updatedAt")
       VALUES (gen_random_uuid(), $1, 'Edge', $1, DATE '1970-01-01', 'America/Los_Angeles', 'WA', $2, now()) RETURNING id`,
      [`EDGE-${n}`, clinicianId],
    );
    const id = String(r.rows[0]!.id);
    await q(
      `INSERT INTO "Medication" (id, "patientId", "drugKey", name, "doseAmount", "doseUnit", "timesPerDay", route, "startedOn", prescriber, "isOpioid", "createdById", "updatedAt")
       VALUES (gen_random_uuid(), $1, 'oxycodone', 'Oxycodone', $3, 'mg', 2, 'ORAL', $2::date, 'Dr. Edge', true, $4, now())`,
      [id, addDays(d, -400), n === 6 ? 15 : n === 7 ? 30 : 10, staffId],
    );
    made.push(id);
    return id;
  };
  const peg = (id: string, at: string) =>
    q(
      `INSERT INTO "FormResponse" (id, "patientId", instrument, "instrumentVersion", answers, "scoreTenths", mode, "answeredAt", "idempotencyKey", "seriesId") VALUES (gen_random_uuid(), $1, 'PEG', '1', '{}', 50, 'PHONE', $2, gen_random_uuid()::text, gen_random_uuid())`,
      [id, at],
    );
  const udt = (id: string, at: string) =>
    q(
      `INSERT INTO "UdtOrder" (id, "patientId", state, "reasonCode", "panelCode", "collectionMethod", "windowStart", "windowEnd", "orderedById", "collectedAt", "updatedAt")
       VALUES (gen_random_uuid(), $1, 'CLOSED', 'NONE_IN_PAST_12_MONTHS', 'CHRONIC_PAIN_STANDARD', 'LAB_PSC', $2::timestamptz - interval '1 day', $2::timestamptz + interval '1 day', $3, $2, now())`,
      [id, at, staffId],
    );
  const pdmp = (id: string, on: string) =>
    q(
      `INSERT INTO "PdmpCheck" (id, "patientId", "checkedOn", state, finding, "recordedById") VALUES (gen_random_uuid(), $1, $2, 'WA', 'CONSISTENT', $3)`,
      [id, on, staffId],
    );
  // 1: every window's first day (counts). 2: the day before it (does not). 3: the day after the month (does not).
  const a = await patient(1);
  await peg(a, `${addDays(d, -90)}T20:00:00Z`);
  await udt(a, `${addDays(d, -365)}T20:00:00Z`);
  await pdmp(a, addDays(d, -90));
  const b = await patient(2);
  await peg(b, `${addDays(d, -91)}T20:00:00Z`);
  await udt(b, `${addDays(d, -366)}T20:00:00Z`);
  await pdmp(b, addDays(d, -91));
  const c = await patient(3);
  await peg(c, `${addDays(d, 1)}T20:00:00Z`);
  await pdmp(c, addDays(d, 1));
  // 4: late in the evening of the month's last day, clinic time (the next day in UTC): counts.
  const e = await patient(4);
  await peg(e, `${addDays(d, 1)}T06:45:00Z`);
  await udt(e, `${addDays(d, 1)}T06:45:00Z`);
  // 5: just after the clinic's midnight ending the month: does not count.
  const f = await patient(5);
  await peg(f, `${addDays(d, 1)}T08:15:00Z`);
  // 6: 45 MME/day, below the lower mark; 7: 90 MME/day, at the upper mark (and naloxone indicated, offered the day after: not covered).
  await patient(6);
  const h = await patient(7);
  await q(
    `INSERT INTO "NaloxoneOffer" (id, "patientId", "offeredOn", outcome, "recordedById") VALUES (gen_random_uuid(), $1, $2, 'OFFERED', $3)`,
    [h, addDays(d, 1), staffId],
  );
  // 8: on an opioid for exactly 89 days at the month's end (not yet on LTOT); 9: exactly 90 (on LTOT).
  for (const [n, days] of [
    [8, 89],
    [9, 90],
  ] as const) {
    const id = await patient(n);
    await q(`UPDATE "Medication" SET "startedOn" = $2::date WHERE "patientId" = $1`, [id, addDays(d, -days)]);
  }
  return made;
}

beforeAll(async () => {
  pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 4 });
  clinicians = [await makeUser("CLINICIAN"), await makeUser("CLINICIAN"), await makeUser("CLINICIAN")];
  coordinator = await makeUser("COORDINATOR");
  admin = await makeUser("ADMIN");
  const p = await q(
    `INSERT INTO "Patient" (id, mrn, "givenName", "familyName", "birthDate", "timeZone", "stateOfResidence", "updatedAt") VALUES (gen_random_uuid(), 'PORTAL-1', 'Pat', 'Portal', DATE '1980-01-01', 'America/Los_Angeles', 'WA', now()) RETURNING id`,
  );
  patientUser = await makeUser("PATIENT", { patientId: String(p.rows[0]!.id) });
  tz = getEnv().CLINIC_TIME_ZONE;
  today = clinicDate(new Date(), tz);
  target = monthsEndingWith(monthOf(today), 2)[0]!;
  await insertLtotPopulation(q, {
    patients: 140,
    clinicianIds: clinicians.map((c) => c.id),
    staffId: clinicians[0]!.id,
    today,
    seed: 7,
    prefix: "IT",
  });
  await boundaryPatients(monthEnd(target), clinicians[1]!.id, clinicians[0]!.id);
  moveDay = addDays(monthEnd(monthsEndingWith(target, 7)[0]!), -10);
  await moveClinicians(moveDay, addDays(monthEnd(monthsEndingWith(target, 3)[0]!), -3));
}, 120_000);

/**
 * Every 4th population patient moves to the next clinician on `moved`, every 9th is left without
 * one on `unassigned` (through the app's own column: the trigger records each change, then the
 * change is dated back to that day, as if it had been made then).
 */
async function moveClinicians(moved: string, unassigned: string) {
  const ids = clinicians.map((c) => c.id);
  const rows = (
    await q(`SELECT id, "primaryClinicianId" AS c FROM "Patient" WHERE mrn LIKE 'IT-%' ORDER BY mrn`)
  ).rows.map((r) => ({ id: String(r.id), c: r.c === null ? null : String(r.c) }));
  const backdate = (id: string, on: string) =>
    q(
      `UPDATE "PrimaryClinicianChange" SET "changedAt" = $2::timestamptz
       WHERE id = (SELECT id FROM "PrimaryClinicianChange" WHERE "patientId" = $1 ORDER BY "changedAt" DESC LIMIT 1)`,
      [id, `${on}T19:00:00Z`],
    );
  for (const [i, r] of rows.entries()) {
    if (i % 4 === 0 && r.c) {
      await q(`UPDATE "Patient" SET "primaryClinicianId" = $2 WHERE id = $1`, [r.id, ids[(ids.indexOf(r.c) + 1) % 3]]);
      await backdate(r.id, moved);
      movedPatients.push({ id: r.id, from: r.c, to: ids[(ids.indexOf(r.c) + 1) % 3]! });
    } else if (i % 9 === 0 && r.c) {
      await q(`UPDATE "Patient" SET "primaryClinicianId" = NULL WHERE id = $1`, [r.id]);
      await backdate(r.id, unassigned);
    }
  }
}

afterAll(async () => {
  await pool.end();
});

describe("every measure, recomputed with independent SQL", () => {
  it("the population is realistic: most measures have patients on both sides, in the last complete month", async () => {
    const s = await independent(monthEnd(target));
    const clinic = s.get("clinic")!;
    expect(clinic["on-ltot"]!.denominator.length).toBeGreaterThan(60);
    for (const id of [
      "udt-recent",
      "peg-recent",
      "phq9-recent",
      "pdmp-recent",
      "mme-low-mark",
      "benzodiazepine",
      "naloxone-when-indicated",
    ] as MeasureId[]) {
      const v = clinic[id]!;
      expect(v.numerator.length, `${id} numerator`).toBeGreaterThan(0);
      expect(v.numerator.length, `${id} numerator < denominator`).toBeLessThan(v.denominator.length);
    }
    if (await hasAgreementKind(q)) expect(clinic["current-agreement"]!.numerator.length).toBeGreaterThan(0);
  });

  it.each([0, 4, 10])(
    "the month %i months before the last complete one: the clinic and each clinician, patient by patient",
    async (back) => {
      const month = monthsEndingWith(target, back + 1)[0]!;
      const { series } = await clinicMeasureSeries();
      const app = series.find((m) => m.month === month)!;
      expect(app).toMatchObject({ month, asOf: monthEnd(month), complete: true });
      const sql = await independent(monthEnd(month));
      expect(appSets(app, "clinic")).toEqual(sqlSets(sql, "clinic"));
      for (const c of clinicians) expect(appSets(app, c.id), `clinician ${c.id}`).toEqual(sqlSets(sql, c.id));
      expect(Object.keys(app.byClinician).sort()).toEqual([...sql.keys()].filter((k) => k !== "clinic").sort());
    },
  );

  it("a patient who moved to another clinician counts under the old one before the move and the new one after; the registry's link agrees", async () => {
    const before = monthsEndingWith(target, 11)[0]!; // ends before moveDay
    const after = target;
    expect(monthEnd(before) < moveDay && moveDay <= monthEnd(after)).toBe(true);
    const { series } = await clinicMeasureSeries();
    const at = (month: string) => series.find((m) => m.month === month)!;
    const onLtot = (month: string, clinician: string) =>
      at(month).byClinician[clinician]?.["on-ltot"].denominator ?? [];
    const both = movedPatients.filter(
      (m) =>
        at(before).clinic["on-ltot"].denominator.includes(m.id) &&
        at(after).clinic["on-ltot"].denominator.includes(m.id),
    );
    expect(both.length, "moved patients on LTOT in both months").toBeGreaterThan(3);
    for (const m of both) {
      expect(onLtot(before, m.from), "before the move: the old clinician").toContain(m.id);
      expect(onLtot(before, m.to), "before the move: not the new one").not.toContain(m.id);
      expect(onLtot(after, m.to), "after the move: the new clinician").toContain(m.id);
      expect(onLtot(after, m.from), "after the move: not the old one").not.toContain(m.id);
    }
    // The registry behind the old month's figure for the old clinician lists them, although
    // today they are another clinician's patients.
    const m = both[0]!;
    const link = await listRegistry(
      actor(coordinator),
      {
        query: { ...defaultRegistryQuery, clinician: m.from },
        measure: { measure: "on-ltot", month: before, set: "denominator" },
      },
      ["clinician", "measure", "month", "set"],
      ctx(),
      { pageSize: 1000 },
    );
    expect(link.total).toBe(onLtot(before, m.from).length);
    expect(link.rows.map((r) => r.patientId)).toContain(m.id);
    expect(link.rows.find((r) => r.patientId === m.id)!.clinicianId).toBe(m.to);
  });

  it("the boundary patients land where the SQL says (and the SQL where the windows say)", async () => {
    const d = monthEnd(target);
    const sql = (await independent(d)).get("clinic")!;
    const ids = async (mrn: string) => String((await q(`SELECT id FROM "Patient" WHERE mrn = $1`, [mrn])).rows[0]!.id);
    const has = (id: MeasureId, pid: string) => sql[id]!.numerator.includes(pid);
    expect([
      has("peg-recent", await ids("EDGE-1")),
      has("udt-recent", await ids("EDGE-1")),
      has("pdmp-recent", await ids("EDGE-1")),
    ]).toEqual([true, true, true]);
    expect([
      has("peg-recent", await ids("EDGE-2")),
      has("udt-recent", await ids("EDGE-2")),
      has("pdmp-recent", await ids("EDGE-2")),
    ]).toEqual([false, false, false]);
    expect([has("peg-recent", await ids("EDGE-3")), has("pdmp-recent", await ids("EDGE-3"))]).toEqual([false, false]);
    expect([has("peg-recent", await ids("EDGE-4")), has("udt-recent", await ids("EDGE-4"))]).toEqual([true, true]);
    expect(has("peg-recent", await ids("EDGE-5"))).toBe(false);
    expect([has("mme-low-mark", await ids("EDGE-6")), has("mme-high-mark", await ids("EDGE-7"))]).toEqual([
      false,
      true,
    ]);
    expect(sql["naloxone-when-indicated"]!.denominator).toContain(await ids("EDGE-7"));
    expect(sql["naloxone-when-indicated"]!.numerator).not.toContain(await ids("EDGE-7"));
    expect(sql["on-ltot"]!.denominator).not.toContain(await ids("EDGE-8"));
    expect(sql["on-ltot"]!.denominator).toContain(await ids("EDGE-9"));
  });

  it("the dashboard's counts are the SQL's counts, for the clinic and with a clinician filter", async () => {
    const d = monthEnd(target);
    const sql = await independent(d);
    const whole = await getMeasuresDashboard(actor(coordinator), { clinician: null }, ctx());
    const one = await getMeasuresDashboard(actor(coordinator), { clinician: clinicians[2]!.id }, ctx());
    if ("errors" in whole || "errors" in one) throw new Error("unexpected errors");
    expect(whole.months).toHaveLength(12);
    expect(whole.months.at(-1)).toBe(monthOf(today));
    for (const [view, scope] of [
      [whole, "clinic"],
      [one, clinicians[2]!.id],
    ] as const) {
      for (const r of view.rows) {
        const cell = r.cells.find((c) => c.month === target)!;
        const s = sqlSets(sql, scope)[r.id]!;
        expect([cell.numerator, cell.denominator], `${scope} ${r.id}`).toEqual([
          s.numerator.length,
          s.denominator.length,
        ]);
      }
    }
    expect(one.clinician?.id).toBe(clinicians[2]!.id);
    expect(one.clinicRows).not.toBeNull();
  });

  it("the cache gives exactly the direct computation, cold and warm, and after a backdated record", async () => {
    const settings = await readCareProgramSettings();
    const direct = async () =>
      computeMeasureSeries(await loadCareFacts({}, tz), monthsEndingWith(monthOf(today), 12), settings, { today });
    clearMeasuresCache();
    expect((await clinicMeasureSeries()).series).toEqual(await direct());
    expect((await clinicMeasureSeries()).series).toEqual(await direct());
    // A PDMP check recorded today for a date months ago changes that month.
    const before = (await clinicMeasureSeries()).series;
    const who = before.find((m) => m.month === target)!.clinic["pdmp-recent"];
    const missing = who.denominator.find((id) => !who.numerator.includes(id))!;
    await q(
      `INSERT INTO "PdmpCheck" (id, "patientId", "checkedOn", state, finding, "recordedById") VALUES (gen_random_uuid(), $1, $2, 'WA', 'CONSISTENT', $3)`,
      [missing, monthEnd(target), clinicians[0]!.id],
    );
    const after = (await clinicMeasureSeries()).series;
    expect(after).toEqual(await direct());
    expect(after.find((m) => m.month === target)!.clinic["pdmp-recent"].numerator).toContain(missing);
    const sql = await independent(monthEnd(target));
    expect(
      appSets(
        after.find((m) => m.month === target)!,
        "clinic",
      ),
    ).toEqual(sqlSets(sql, "clinic"));
  });
});

const text = (html: string) => html.replace(/<[^>]+>/g, " ").replace(/\s+/g, " ");
async function signedIn(user: U, path = "/measures") {
  beginRequest({ cookies: { [SESSION_COOKIE]: await sessionCookieFor(user) }, path });
}
const auditRows = (userId: string, action: string) =>
  db.auditEvent.findMany({
    where: { actorUserId: userId, action: action as "LIST", entityType: "CareMeasures" },
    orderBy: { id: "asc" },
  });

describe("the page and the export", () => {
  it("a clinician sees the 12-month table and one chart per measure, with links to the registry; one audit row per view", async () => {
    const c = clinicians[0]!;
    const before = (await auditRows(c.id, "LIST")).length;
    await signedIn(c);
    const html = renderToStaticMarkup(await MeasuresPage({ searchParams: Promise.resolve({}) }));
    expect(html).toContain("<caption");
    expect(html.match(/<th scope="col"/g)!.length).toBe(13);
    expect(html.match(/<th scope="row"/g)!.length).toBe(measureDefinitions.length);
    expect(html.match(/role="img"/g)!.length).toBe(measureDefinitions.length);
    expect(html).toContain(`/registry?measure=udt-recent&amp;month=${target}&amp;set=numerator`);
    expect(html).toContain(`/registry?measure=udt-recent&amp;month=${target}&amp;set=denominator`);
    expect(text(html)).toContain("Patients on long-term opioid therapy");
    const rows = await auditRows(c.id, "LIST");
    expect(rows.length - before).toBe(1);
    expect(rows.at(-1)!).toMatchObject({ outcome: "SUCCESS", patientId: null, entityType: "CareMeasures" });
    expect(rows.at(-1)!.details).toMatchObject({ months: 12, clinicianId: null });
  });

  it("with a clinician filter: the links carry the clinician; an unknown clinician is explained, nothing read or audited", async () => {
    const c = clinicians[1]!;
    await signedIn(coordinator, `/measures?clinician=${c.id}`);
    const html = renderToStaticMarkup(await MeasuresPage({ searchParams: Promise.resolve({ clinician: c.id }) }));
    expect(html).toContain(`&amp;clinician=${c.id}`);
    expect(text(html)).toContain("Whole clinic");
    const before = (await auditRows(coordinator.id, "LIST")).length;
    await signedIn(coordinator, "/measures?clinician=x");
    const bad = text(
      renderToStaticMarkup(await MeasuresPage({ searchParams: Promise.resolve({ clinician: "not-an-id" }) })),
    );
    expect(bad).toContain("Clinician: choose a clinician from the list");
    const unknown = await getMeasuresDashboard(
      actor(coordinator),
      { clinician: "8a0e1d5e-0000-4000-8000-000000000001" },
      ctx(),
    );
    expect(unknown).toEqual({ errors: { clinician: ["Clinician: choose a clinician from the list"] } });
    expect((await auditRows(coordinator.id, "LIST")).length).toBe(before);
  });

  it("an admin sees the numbers but no link into the registry", async () => {
    await signedIn(admin);
    const html = renderToStaticMarkup(await MeasuresPage({ searchParams: Promise.resolve({}) }));
    expect(html.match(/role="img"/g)!.length).toBe(measureDefinitions.length);
    expect(html).not.toContain("/registry");
    const data = await getMeasuresDashboard(actor(admin), { clinician: null }, ctx());
    expect("errors" in data ? null : data.registryLinks).toBe(false);
  });

  it("exports CSV: per month per measure numerator, denominator, percent; no patient identifiers; audited as an export", async () => {
    const c = clinicians[0]!;
    await signedIn(c, "/measures/export");
    const res = await exportCsv(requestFor("/measures/export"), { params: Promise.resolve({}) });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/csv");
    expect(res.headers.get("content-disposition")).toMatch(
      /attachment; filename="measures-clinic-\d{4}-\d{2}-\d{2}\.csv"/,
    );
    const body = await res.text();
    const lines = body.trimEnd().split("\r\n");
    expect(lines[0]).toBe(MEASURES_CSV_HEADER.join(","));
    expect(lines).toHaveLength(1 + 12 * measureDefinitions.length);
    const sql = (await independent(monthEnd(target))).get("clinic")!;
    const udt = lines.find((l) => l.startsWith(`${target},clinic,udt-recent,`))!.split(",");
    expect(udt.slice(4, 6)).toEqual([
      String(sql["udt-recent"]!.numerator.length),
      String(sql["udt-recent"]!.denominator.length),
    ]);
    expect(Number(udt[6])).toBeCloseTo(
      (sql["udt-recent"]!.numerator.length * 100) / sql["udt-recent"]!.denominator.length,
      1,
    );
    // No patient identifiers: no id, no MRN, no name.
    const patients = (await q(`SELECT id::text, mrn, "familyName" FROM "Patient"`)).rows;
    for (const p of patients) for (const v of Object.values(p)) expect(body.includes(String(v)), String(v)).toBe(false);
    const rows = await auditRows(c.id, "EXPORT");
    expect(rows).toHaveLength(1);
    expect(rows[0]!.details).toMatchObject({ format: "csv", rows: 12 * measureDefinitions.length, clinicianId: null });

    const filtered = await exportMeasuresCsv(actor(c), { clinician: clinicians[2]!.id }, ctx());
    if ("errors" in filtered) throw new Error("unexpected errors");
    expect(filtered.csv).toContain(`,${clinicians[2]!.name},on-ltot,`);
    await signedIn(c, "/measures/export?clinician=dr");
    const bad = await exportCsv(requestFor("/measures/export?clinician=dr"), { params: Promise.resolve({}) });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({
      error: { code: "VALIDATION", fields: { clinician: ["Clinician: choose a clinician from the list"] } },
    });
  });

  it("refuses a patient: the page, the data functions and the export, each audited as denied", async () => {
    // One refused request, one row (a request checked twice still writes one): each call is its own request here.
    await signedIn(patientUser);
    expect(
      isForbidden(await Promise.resolve(MeasuresPage({ searchParams: Promise.resolve({}) })).catch((e: unknown) => e)),
    ).toBe(true);
    await signedIn(patientUser);
    expect(
      isForbidden(await getMeasuresDashboard(actor(patientUser), { clinician: null }, ctx()).catch((e: unknown) => e)),
    ).toBe(true);
    await signedIn(patientUser);
    expect(
      isForbidden(await exportMeasuresCsv(actor(patientUser), { clinician: null }, ctx()).catch((e: unknown) => e)),
    ).toBe(true);
    await signedIn(patientUser, "/measures/export");
    const res = await exportCsv(requestFor("/measures/export"), { params: Promise.resolve({}) });
    expect(res.status).toBe(403);
    expect(await res.text()).not.toContain("on-ltot");
    const denied = await db.auditEvent.findMany({ where: { actorUserId: patientUser.id, outcome: "DENIED" } });
    expect(denied).toHaveLength(4);
    expect(
      await db.auditEvent.count({
        where: { actorUserId: patientUser.id, outcome: "SUCCESS", entityType: "CareMeasures" },
      }),
    ).toBe(0);
  });
});
