import { createHash, randomBytes, randomUUID } from "node:crypto";
import { request, type APIRequestContext } from "@playwright/test";
import { zonedToUtc } from "../../src/modules/scheduling/core/time";
import { DEMO_PASSWORD, demoAccounts, expect, signInWithRequest } from "../e2e/fixtures";
import { withDb } from "../e2e/video-data";
import { deploy } from "./deploy-env";

/**
 * Write load for the fault drills, through nginx: coordinators booking visits (POST /api/visits,
 * the same session, validation, transaction and audit as the booking form) and patients sending
 * pre-visit forms (the secure-link form's POST). Each write has its own idempotency key, so
 * "acknowledged" can be checked against what the database holds.
 */
export type Clinic = { clinicianId: string; visitTypeId: string; patientIds: string[] };

/** A clinician who works round the clock, a 30-minute visit type and patients, all the drill's own. */
export async function makeDrillClinic(patients = 12): Promise<Clinic> {
  const tag = randomUUID().slice(0, 8);
  return withDb(async (c) => {
    const hash = (
      await c.query<{ passwordHash: string }>(`SELECT "passwordHash" FROM "User" WHERE email = $1`, [
        demoAccounts.clinician.email,
      ])
    ).rows[0]!.passwordHash;
    const clinicianId = randomUUID();
    await c.query(
      `INSERT INTO "User" (id, email, name, "passwordHash", role, "updatedAt") VALUES ($1, $2, $3, $4, 'CLINICIAN', now())`,
      [clinicianId, `dr.drill.${tag}@test.clinic`, `Dr. Drill ${tag}`, hash],
    );
    await c.query(
      `INSERT INTO "ClinicianWeeklyHours" (id, "clinicianId", weekday, "startMinute", "endMinute")
       SELECT gen_random_uuid(), $1, d, 0, 1440 FROM generate_series(1, 7) AS d`,
      [clinicianId],
    );
    const visitTypeId = randomUUID();
    await c.query(`INSERT INTO "VisitType" (id, name, "durationMinutes", "updatedAt") VALUES ($1, $2, 30, now())`, [
      visitTypeId,
      `Drill ${tag}`,
    ]);
    const patientIds = Array.from({ length: patients }, () => randomUUID());
    await c.query(
      `INSERT INTO "Patient" (id, mrn, "givenName", "familyName", "birthDate", "timeZone", "stateOfResidence", "updatedAt")
       SELECT id, 'DRILL-' || $2 || '-' || ord, 'Drill', 'Patient' || ord, '1970-01-01', 'America/Los_Angeles', 'WA', now()
       FROM unnest($1::uuid[]) WITH ORDINALITY AS t(id, ord)`,
      [patientIds, tag],
    );
    return { clinicianId, visitTypeId, patientIds };
  });
}

/** A coordinator's API session through nginx (cookies kept in the context). */
export async function coordinatorApi(): Promise<APIRequestContext> {
  const api = await request.newContext({ baseURL: deploy.base, ignoreHTTPSErrors: true });
  const res = await signInWithRequest(api, demoAccounts.coordinator.email, DEMO_PASSWORD, deploy.base);
  expect(res.status(), "coordinator sign-in through nginx").toBe(302);
  return api;
}

export type Outcome = { key: string; status: number; startedAt: number; doneAt: number; body: string };

const sha256 = (x: string) => createHash("sha256").update(x).digest("hex");

/** Slot k: day k/40 from tomorrow (clinic time), 01:00 + 30 min steps; never crosses midnight. */
function slot(k: number): Date {
  const day = new Intl.DateTimeFormat("en-CA", { timeZone: "America/Los_Angeles" }).format(
    Date.now() + (2 + Math.floor(k / 40)) * 86_400_000,
  );
  return zonedToUtc(day, 60 + (k % 40) * 30, "America/Los_Angeles");
}

/** What one request of a load loop answered: its HTTP status (0: no answer) and the start of its body. */
type Sent = { status: number; body: string };
export type Load = ReturnType<typeof loadLoops>;

/** `concurrency` loops sending request k (with its own idempotency key) until stop(); every outcome is kept. */
function loadLoops(
  concurrency: number,
  send: (k: number, key: string, loop: number) => Promise<Sent>,
  acknowledged: (o: Outcome) => boolean,
  firstK = 0,
) {
  const outcomes: Outcome[] = [];
  let next = firstK;
  let running = true;
  const loop = async (_: unknown, i: number) => {
    while (running) {
      const k = next++;
      const key = randomUUID();
      const startedAt = Date.now();
      let sent: Sent;
      try {
        sent = await send(k, key, i);
      } catch (e) {
        sent = { status: 0, body: e instanceof Error ? e.message.split("\n")[0]! : String(e) };
      }
      if (sent.status < 0) return; // the loop ran out of work
      outcomes.push({ key, ...sent, startedAt, doneAt: Date.now() });
    }
  };
  const loops = Array.from({ length: concurrency }, loop);
  return {
    outcomes,
    acked: () => outcomes.filter(acknowledged),
    failed: () => outcomes.filter((o) => !acknowledged(o)),
    stop: async () => {
      running = false;
      await Promise.all(loops);
    },
    nextSlot: () => next,
  };
}

/** `concurrency` loops booking one new slot each through POST /api/visits (201/200: acknowledged). */
export function bookingLoad(api: APIRequestContext, clinic: Clinic, concurrency: number, firstSlot = 0): Load {
  return loadLoops(
    concurrency,
    async (k, key) => {
      const res = await api.post("/api/visits", {
        data: {
          patientId: clinic.patientIds[k % clinic.patientIds.length],
          clinicianId: clinic.clinicianId,
          visitTypeId: clinic.visitTypeId,
          modality: "VIDEO",
          startsAt: slot(k).toISOString(),
          reason: "Drill booking",
          idempotencyKey: key,
        },
        headers: { origin: deploy.base },
        timeout: 30_000,
        failOnStatusCode: false,
      });
      return { status: res.status(), body: (await res.text()).slice(0, 200) };
    },
    (o) => o.status === 201 || o.status === 200,
    firstSlot,
  );
}

/**
 * Form submissions: `sessions` patients, each with a secure-link forms session (made in the
 * database as redeeming a link would) and `perSession` pending PEG requests, answered one after
 * the other through nginx with the zero-JS form's POST (the page's own fields). Acknowledged: the
 * 303 to the next form or the confirmation. The patients are the clinic's last ones (bookings use all).
 */
export async function formLoad(clinic: Clinic, sessions: number, perSession = 1500): Promise<Load & FormSessions> {
  const made = await withDb(async (c) => {
    const out: Array<{ patientId: string; token: string; requestIds: string[] }> = [];
    for (let i = 0; i < sessions; i++) {
      const patientId = clinic.patientIds[clinic.patientIds.length - 1 - i]!;
      const requestIds = (
        await c.query<{ id: string }>(
          `INSERT INTO "FormRequest" (id, "patientId", instrument, "dueAt")
           SELECT gen_random_uuid(), $1, 'PEG', now() + interval '2 days' + n * interval '1 second'
           FROM generate_series(1, $2) AS n RETURNING id`,
          [patientId, perSession],
        )
      ).rows.map((r) => r.id);
      const linkId = randomUUID();
      await c.query(
        `INSERT INTO "PatientLinkToken" (id, "tokenHash", "patientId", purpose, "expiresAt", "firstRedeemedAt")
         VALUES ($1, $2, $3, 'forms', now() + interval '1 day', now())`,
        [linkId, sha256(randomBytes(32).toString("base64url")), patientId],
      );
      const token = randomBytes(32).toString("base64url");
      await c.query(
        `INSERT INTO "PatientLinkSession" (id, "tokenHash", "linkId", "lastSeenAt", "expiresAt", "capAt")
         VALUES ($1, $2, $3, now(), now() + interval '2 hours', now() + interval '2 hours')`,
        [randomUUID(), sha256(token), linkId],
      );
      out.push({ patientId, token, requestIds });
    }
    return out;
  });
  const host = new URL(deploy.base).hostname;
  const apis = await Promise.all(
    made.map((m) =>
      request.newContext({
        baseURL: deploy.base,
        ignoreHTTPSErrors: true,
        storageState: {
          cookies: [
            // secure cookies (an https NEXTAUTH_URL) carry the __Host- prefix (patient-access/sessions.server.ts)
            { name: "__Host-vpc-link-forms", value: m.token, domain: host, path: "/", expires: -1 },
          ].map((c) => ({ ...c, httpOnly: true, secure: true, sameSite: "Lax" as const })),
          origins: [],
        },
      }),
    ),
  );
  const used = made.map(() => 0);
  const load = loadLoops(
    sessions,
    async (_k, key, i) => {
      const requestId = made[i]!.requestIds[used[i]!++];
      if (!requestId) return { status: -1, body: "" };
      const res = await apis[i]!.post(`/f/forms/${requestId}`, {
        form: { instrument: "PEG", requestId, idempotencyKey: key, q_p: "6", q_e: "5", q_g: "7" },
        headers: { origin: deploy.base },
        maxRedirects: 0,
        timeout: 30_000,
        failOnStatusCode: false,
      });
      const location = res.headers()["location"] ?? "";
      return { status: res.status(), body: res.status() === 303 ? location : (await res.text()).slice(0, 200) };
    },
    (o) => o.status === 303 && o.body.startsWith("/f/forms"),
  );
  return {
    ...load,
    patientIds: made.map((m) => m.patientId),
    stop: async () => {
      await load.stop();
      await Promise.all(apis.map((a) => a.dispose()));
    },
  };
}
type FormSessions = { patientIds: string[] };

/** Idempotency keys of the form responses of the load's patients. */
export async function storedFormKeys(forms: FormSessions): Promise<Set<string>> {
  return withDb(async (c) => {
    const r = await c.query<{ k: string }>(
      `SELECT "idempotencyKey" AS k FROM "FormResponse" WHERE "patientId" = ANY($1::uuid[])`,
      [forms.patientIds],
    );
    return new Set(r.rows.map((x) => x.k));
  });
}

/** Sent, acknowledged, stored (of the acknowledged), lost, and the failures by status, for the note. */
export function tally(load: Load, stored: Set<string>) {
  const acked = load.acked();
  const failed = load.failed();
  const lost = acked.filter((o) => !stored.has(o.key));
  return {
    sent: load.outcomes.length,
    acked: acked.length,
    stored: acked.length - lost.length,
    lost,
    failed,
    failedByStatus: byStatus(failed),
    inDoubt: failed.filter((o) => stored.has(o.key)).length,
  };
}

export function byStatus(list: Outcome[]): Record<string, number> {
  return list.reduce<Record<string, number>>((m, o) => ((m[o.status] = (m[o.status] ?? 0) + 1), m), {});
}

/** One line for the note: "sent N, acknowledged A, stored S of them, lost L; failed F {...}". */
export function tallyLine(what: string, t: ReturnType<typeof tally>): string {
  return `${what}: sent ${t.sent}, acknowledged ${t.acked}, stored ${t.stored} of them, lost ${t.lost.length}; failed ${t.failed.length} ${JSON.stringify(t.failedByStatus)} (${t.inDoubt} of those stored anyway)`;
}

/** Idempotency keys of the clinic's visits in the database. */
export async function storedKeys(clinic: Clinic): Promise<Set<string>> {
  return withDb(async (c) => {
    const r = await c.query<{ k: string }>(`SELECT "idempotencyKey" AS k FROM "Visit" WHERE "clinicianId" = $1`, [
      clinic.clinicianId,
    ]);
    return new Set(r.rows.map((x) => x.k));
  });
}

/** Whether a process is still alive (signal 0). */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export function percentile(values: number[], p: number): number {
  if (!values.length) return 0;
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
}
