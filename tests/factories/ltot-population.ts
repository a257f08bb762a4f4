/**
 * A realistic clinic population on long-term opioid therapy, with a history of up to two years,
 * written straight into Postgres (multi-row inserts, a fixed number of statements whatever the
 * size): the measures integration test (tests/integration/measures.test.ts) recomputes its
 * figures with independent SQL, and the measures bench (tests/bench/measures.ts) times the
 * dashboard on thousands of these patients. Deterministic for a seed.
 *
 * Variety on purpose: opioids started at any time (some not long enough yet), dose changes as a
 * new row on the day the old one stops (one continuous use), stops and restarts after a gap,
 * buprenorphine (no MME), benzodiazepines, naloxone on the list or offered / declined, overdose and
 * substance-use history, clinician include / exclude / clear decisions, PEG corrections, orders
 * never collected, agreements renewed, lapsed and revoked (when the agreement kind exists), and
 * instants close to the clinic's midnight so that the time zone matters.
 */
import { seededRandom } from "@/lib/seeded-random";
export type Query = (text: string, values?: unknown[]) => Promise<{ rows: Record<string, unknown>[] }>;

export type PopulationOptions = {
  patients: number;
  clinicianIds: string[];
  /** A staff user for createdBy / recordedBy / orderedBy columns. */
  staffId: string;
  /** The clinic's date today (YYYY-MM-DD); history goes back about two years from it. */
  today: string;
  seed?: number;
  /** MRN prefix (unique per population). */
  prefix?: string;
};

export type PopulationSummary = { patientIds: string[]; rows: Record<string, number>; agreements: boolean };

const DAY = 86_400_000;
const toDate = (s: string) => Date.parse(`${s}T00:00:00Z`);
const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const addDays = (s: string, n: number) => iso(toDate(s) + n * DAY);

const OPIOIDS = [
  { key: "oxycodone", name: "Oxycodone", unit: "mg" },
  { key: "morphine", name: "Morphine ER", unit: "mg" },
  { key: "hydrocodone", name: "Hydrocodone", unit: "mg" },
] as const;

type Med = {
  patientId: string;
  drugKey: string;
  name: string;
  dose: number;
  times: number;
  unit: string;
  started: string;
  stopped: string | null;
  isOpioid: boolean;
};

export async function hasAgreementKind(query: Query): Promise<boolean> {
  const r = await query(
    `SELECT 1 FROM pg_enum e JOIN pg_type t ON t.oid = e.enumtypid WHERE t.typname = 'ConsentKind' AND e.enumlabel = 'OPIOID_AGREEMENT'`,
  );
  return r.rows.length > 0;
}

/** Inserts the population; returns the patient ids and the row counts per table. */
export async function insertLtotPopulation(query: Query, o: PopulationOptions): Promise<PopulationSummary> {
  const rnd = seededRandom(o.seed ?? 12);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const int = (lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1));
  const chance = (p: number) => rnd() < p;
  const prefix = o.prefix ?? `LT${o.seed ?? 12}`;
  const agreements = await hasAgreementKind(query);

  const patients = (
    await query(
      `INSERT INTO "Patient" (id, mrn, "givenName", "familyName", "birthDate", "timeZone", "stateOfResidence", "primaryClinicianId", "updatedAt")
       SELECT gen_random_uuid(), $1 || '-' || g, 'Given' || g, 'Family' || g, DATE '1950-01-01' + (g * 37 % 15000), 'America/Los_Angeles', 'WA',
              CASE WHEN g % 29 = 0 THEN NULL ELSE ($2::uuid[])[1 + g % array_length($2::uuid[], 1)] END, now()
       FROM generate_series(1, $3::int) g
       RETURNING id`,
      [prefix, o.clinicianIds, o.patients],
    )
  ).rows.map((r) => String(r.id));

  const meds: Med[] = [];
  const pegs: [string, string, number, number][] = []; // patient, answeredAt (instant), score tenths, versions
  const phq9s: [string, string, number][] = [];
  const udts: [string, string | null, string | null][] = []; // patient, collectedAt, interpretation
  const pdmps: [string, string, string][] = [];
  const offers: [string, string, string][] = [];
  const risks: [string, string, string][] = [];
  const decisions: [string, string, string, string][] = []; // patient, kind, decidedOn, recordedAt
  const agrees: [string, string, string, string | null][] = []; // patient, capturedAt, expiresAt, revokedAt

  // An instant on a clinic date: mostly office hours; sometimes just before or after the clinic's
  // midnight (UTC 06:30-08:30 is the evening before in Los Angeles, winter or summer).
  const instantOn = (date: string) => {
    const r = rnd();
    if (r < 0.1) return `${addDays(date, 1)}T06:45:00Z`; // 22:45 / 23:45 on `date` in Los Angeles
    if (r < 0.15) return `${date}T08:15:00Z`; // 00:15 / 01:15 on `date`
    return `${date}T${String(int(16, 23)).padStart(2, "0")}:${String(int(0, 59)).padStart(2, "0")}:00Z`;
  };
  const history = (start: string, everyLo: number, everyHi: number, add: (date: string) => void) => {
    for (let d = addDays(start, int(0, everyHi)); d <= o.today; d = addDays(d, int(everyLo, everyHi))) add(d);
  };

  for (const pid of patients) {
    const started = addDays(o.today, -int(20, 760));
    const kind = rnd();
    if (kind < 0.9) {
      const op = kind < 0.04 ? { key: "buprenorphine", name: "Buprenorphine", unit: "mg" } : pick(OPIOIDS);
      const dose = op.key === "buprenorphine" ? pick([2, 4, 8]) : pick([5, 10, 15, 20, 30, 40]);
      const times = pick([2, 3]);
      const r = rnd();
      if (r < 0.2) {
        // Dose raised: the old row stops the day the new one starts (continuous use).
        const change = addDays(started, int(30, 400));
        meds.push({
          patientId: pid,
          drugKey: op.key,
          name: op.name,
          dose,
          times,
          unit: op.unit,
          started,
          stopped: change,
          isOpioid: true,
        });
        meds.push({
          patientId: pid,
          drugKey: op.key,
          name: op.name,
          dose: dose + 10,
          times,
          unit: op.unit,
          started: change,
          stopped: null,
          isOpioid: true,
        });
      } else if (r < 0.3) {
        // Stopped (tapered off).
        meds.push({
          patientId: pid,
          drugKey: op.key,
          name: op.name,
          dose,
          times,
          unit: op.unit,
          started,
          stopped: addDays(started, int(60, 500)),
          isOpioid: true,
        });
      } else if (r < 0.36) {
        // Stopped, then restarted after a gap: the count starts again.
        const stop = addDays(started, int(60, 300));
        meds.push({
          patientId: pid,
          drugKey: op.key,
          name: op.name,
          dose,
          times,
          unit: op.unit,
          started,
          stopped: stop,
          isOpioid: true,
        });
        meds.push({
          patientId: pid,
          drugKey: op.key,
          name: op.name,
          dose,
          times,
          unit: op.unit,
          started: addDays(stop, int(1, 40)),
          stopped: null,
          isOpioid: true,
        });
      } else {
        meds.push({
          patientId: pid,
          drugKey: op.key,
          name: op.name,
          dose,
          times,
          unit: op.unit,
          started,
          stopped: null,
          isOpioid: true,
        });
      }
      if (chance(0.12))
        meds.push({
          patientId: pid,
          drugKey: "lorazepam",
          name: "Lorazepam",
          dose: 1,
          times: 2,
          unit: "mg",
          started: addDays(started, int(-100, 300)),
          stopped: chance(0.4) ? addDays(started, int(310, 600)) : null,
          isOpioid: false,
        });
      if (chance(0.3))
        meds.push({
          patientId: pid,
          drugKey: "naloxone",
          name: "Naloxone nasal spray",
          dose: 4,
          times: 1,
          unit: "mg",
          started: addDays(started, int(0, 500)),
          stopped: null,
          isOpioid: false,
        });
    }
    if (chance(0.4))
      meds.push({
        patientId: pid,
        drugKey: "gabapentin",
        name: "Gabapentin",
        dose: 300,
        times: 3,
        unit: "mg",
        started: addDays(started, -int(0, 200)),
        stopped: null,
        isOpioid: false,
      });

    history(started, 45, 150, (d) => pegs.push([pid, instantOn(d), int(10, 90), chance(0.08) ? 2 : 1]));
    history(started, 150, 420, (d) => phq9s.push([pid, instantOn(d), int(0, 27)]));
    history(started, 200, 420, (d) =>
      udts.push([pid, instantOn(d), pick(["EXPECTED", "EXPECTED", "UNEXPECTED", null])]),
    );
    if (chance(0.15)) udts.push([pid, null, null]); // ordered, never collected: does not count
    history(started, 40, 130, (d) => pdmps.push([pid, d, pick(["CONSISTENT", "CONSISTENT", "CONCERNS"])]));
    if (chance(0.25)) offers.push([pid, addDays(o.today, -int(0, 700)), pick(["OFFERED", "PRESCRIBED", "DECLINED"])]);
    if (chance(0.05)) risks.push([pid, addDays(o.today, -int(0, 700)), "OVERDOSE"]);
    if (chance(0.05)) risks.push([pid, addDays(o.today, -int(0, 700)), "SUBSTANCE_USE_DISORDER"]);
    if (chance(0.04)) {
      const on = addDays(o.today, -int(10, 500));
      decisions.push([pid, "EXCLUDE", on, `${on}T18:00:00Z`]);
      if (chance(0.4)) decisions.push([pid, "CLEAR", addDays(on, int(10, 200)), `${addDays(on, 10)}T18:00:00Z`]);
    } else if (chance(0.03)) {
      const on = addDays(o.today, -int(10, 500));
      // Two decisions on the same date: the later recorded wins.
      decisions.push([pid, "EXCLUDE", on, `${on}T17:00:00Z`]);
      decisions.push([pid, "INCLUDE", on, `${on}T18:00:00Z`]);
    }
    if (agreements) {
      history(started, 330, 420, (d) => {
        const at = instantOn(d);
        const expires = new Date(Date.parse(at));
        expires.setUTCMonth(expires.getUTCMonth() + 12);
        agrees.push([pid, at, expires.toISOString(), chance(0.05) ? `${addDays(d, int(20, 200))}T18:00:00Z` : null]);
      });
    }
  }

  const rows: Record<string, number> = { Patient: patients.length };
  const col = <T, K>(xs: readonly T[], f: (x: T) => K) => xs.map(f);
  if (meds.length) {
    await query(
      `INSERT INTO "Medication" (id, "patientId", "drugKey", name, "doseAmount", "doseUnit", "timesPerDay", route, "startedOn", "stoppedOn", prescriber, "isOpioid", "createdById", "updatedAt")
       SELECT gen_random_uuid(), p, k, n, d, u, t, 'ORAL', s, e, 'Dr. Bench', op, $10, now()
       FROM unnest($1::uuid[], $2::text[], $3::text[], $4::numeric[], $5::text[], $6::numeric[], $7::date[], $8::date[], $9::boolean[]) AS x(p, k, n, d, u, t, s, e, op)`,
      [
        col(meds, (m) => m.patientId),
        col(meds, (m) => m.drugKey),
        col(meds, (m) => m.name),
        col(meds, (m) => m.dose),
        col(meds, (m) => m.unit),
        col(meds, (m) => m.times),
        col(meds, (m) => m.started),
        col(meds, (m) => m.stopped),
        col(meds, (m) => m.isOpioid),
        o.staffId,
      ],
    );
  }
  rows.Medication = meds.length;
  // PEG with corrections (a second version of the same series, the first version's time kept) and PHQ-9.
  const responses: [string, string, string, number, number, string][] = []; // patient, instrument, answeredAt, score, version, seriesKey
  pegs.forEach(([p, at, score, versions], n) => {
    for (let v = 1; v <= versions; v++)
      responses.push([p, "PEG", at, v === versions ? score : Math.min(100, score + 20), v, `peg-${n}`]);
  });
  phq9s.forEach(([p, at, total], n) => responses.push([p, "PHQ9", at, total * 10, 1, `phq-${n}`]));
  if (responses.length) {
    await query(
      `WITH x AS (SELECT * FROM unnest($1::uuid[], $2::text[], $3::timestamptz[], $4::int[], $5::int[], $6::text[]) AS x(p, ins, at, score, v, series)),
            s AS (SELECT series, gen_random_uuid() AS sid FROM (SELECT DISTINCT series FROM x) d)
       INSERT INTO "FormResponse" (id, "patientId", instrument, "instrumentVersion", answers, "scoreTenths", "safetyFlag", mode, "answeredAt", "idempotencyKey", "seriesId", version, "correctionReason")
       SELECT gen_random_uuid(), x.p, x.ins::"Instrument", '1', '{}'::jsonb, x.score, false, 'PHONE', x.at, gen_random_uuid()::text, s.sid, x.v, CASE WHEN x.v > 1 THEN 'Entered wrong' END
       FROM x JOIN s USING (series)`,
      [
        col(responses, (r) => r[0]),
        col(responses, (r) => r[1]),
        col(responses, (r) => r[2]),
        col(responses, (r) => r[3]),
        col(responses, (r) => r[4]),
        col(responses, (r) => `${prefix}-${r[5]}`),
      ],
    );
  }
  rows.FormResponse = responses.length;
  if (udts.length) {
    await query(
      `INSERT INTO "UdtOrder" (id, "patientId", state, version, "reasonCode", "panelCode", "collectionMethod", "windowStart", "windowEnd", "orderedById", "collectedAt", interpretation, "dueRole", "dueAt", "updatedAt")
       SELECT gen_random_uuid(), p, CASE WHEN c IS NULL THEN 'ORDERED' ELSE 'CLOSED' END::"UdtState", 1, 'NONE_IN_PAST_12_MONTHS', 'CHRONIC_PAIN_STANDARD', 'LAB_PSC',
              COALESCE(c, now()) - interval '2 days', COALESCE(c, now()) + interval '5 days', $4, c, i::"UdtInterpretation",
              CASE WHEN c IS NULL THEN 'COORDINATOR' END, CASE WHEN c IS NULL THEN now() + interval '1 day' END, now()
       FROM unnest($1::uuid[], $2::timestamptz[], $3::text[]) AS x(p, c, i)`,
      [col(udts, (u) => u[0]), col(udts, (u) => u[1]), col(udts, (u) => u[2]), o.staffId],
    );
  }
  rows.UdtOrder = udts.length;
  if (pdmps.length) {
    await query(
      `INSERT INTO "PdmpCheck" (id, "patientId", "checkedOn", state, finding, "recordedById") SELECT gen_random_uuid(), p, d, 'WA', f::"PdmpFinding", $4 FROM unnest($1::uuid[], $2::date[], $3::text[]) AS x(p, d, f)`,
      [col(pdmps, (r) => r[0]), col(pdmps, (r) => r[1]), col(pdmps, (r) => r[2]), o.staffId],
    );
  }
  rows.PdmpCheck = pdmps.length;
  if (offers.length) {
    await query(
      `INSERT INTO "NaloxoneOffer" (id, "patientId", "offeredOn", outcome, "recordedById") SELECT gen_random_uuid(), p, d, k::"NaloxoneOutcome", $4 FROM unnest($1::uuid[], $2::date[], $3::text[]) AS x(p, d, k)`,
      [col(offers, (r) => r[0]), col(offers, (r) => r[1]), col(offers, (r) => r[2]), o.staffId],
    );
  }
  rows.NaloxoneOffer = offers.length;
  if (risks.length) {
    await query(
      `INSERT INTO "RiskHistoryEntry" (id, "patientId", "recordedOn", kind, "recordedById") SELECT gen_random_uuid(), p, d, k::"RiskHistoryKind", $4 FROM unnest($1::uuid[], $2::date[], $3::text[]) AS x(p, d, k)`,
      [col(risks, (r) => r[0]), col(risks, (r) => r[1]), col(risks, (r) => r[2]), o.staffId],
    );
  }
  rows.RiskHistoryEntry = risks.length;
  if (decisions.length) {
    await query(
      `INSERT INTO "LtotDecision" (id, "patientId", kind, reason, "decidedOn", "recordedById", "recordedAt")
       SELECT gen_random_uuid(), p, k::"LtotDecisionKind", 'Bench decision', d, $5, r FROM unnest($1::uuid[], $2::text[], $3::date[], $4::timestamptz[]) AS x(p, k, d, r)`,
      [
        col(decisions, (r) => r[0]),
        col(decisions, (r) => r[1]),
        col(decisions, (r) => r[2]),
        col(decisions, (r) => r[3]),
        o.staffId,
      ],
    );
  }
  rows.LtotDecision = decisions.length;
  if (agreements && agrees.length) {
    const text = await query(
      `INSERT INTO "ConsentText" (id, kind, version, title, body) VALUES (gen_random_uuid(), 'OPIOID_AGREEMENT', (SELECT COALESCE(MAX(version), 0) + 1 FROM "ConsentText" WHERE kind::text = 'OPIOID_AGREEMENT'), 'Opioid therapy agreement', 'Agreement text') RETURNING id`,
    );
    await query(
      `INSERT INTO "ConsentRecord" (id, "patientId", kind, "textId", method, "capturedById", "capturedAt", "expiresAt", "revokedAt", "idempotencyKey")
       SELECT gen_random_uuid(), p, 'OPIOID_AGREEMENT', $5, 'VERBAL', $6, c, e, r, gen_random_uuid()::text FROM unnest($1::uuid[], $2::timestamptz[], $3::timestamptz[], $4::timestamptz[]) AS x(p, c, e, r)`,
      [
        col(agrees, (r) => r[0]),
        col(agrees, (r) => r[1]),
        col(agrees, (r) => r[2]),
        col(agrees, (r) => r[3]),
        text.rows[0]!.id,
        o.staffId,
      ],
    );
  }
  rows.ConsentRecord = agrees.length;
  return { patientIds: patients, rows, agreements };
}
