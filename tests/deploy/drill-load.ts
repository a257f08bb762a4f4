import { randomUUID } from "node:crypto";
import { request, type APIRequestContext } from "@playwright/test";
import { zonedToUtc } from "../../src/modules/scheduling/core/time";
import { DEMO_PASSWORD, demoAccounts, expect, signInWithRequest } from "../e2e/fixtures";
import { withDb } from "../e2e/video-data";
import { deploy } from "./deploy-env";

/**
 * Write load for the fault drills: coordinators booking visits through nginx (POST /api/visits,
 * the same session, validation, transaction and audit as the booking form), each with its own
 * idempotency key, so "acknowledged" (a 2xx) can be checked against what the database holds.
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

/** Slot k: day k/40 from tomorrow (clinic time), 01:00 + 30 min steps; never crosses midnight. */
function slot(k: number): Date {
  const day = new Intl.DateTimeFormat("en-CA", { timeZone: "America/Los_Angeles" }).format(
    Date.now() + (2 + Math.floor(k / 40)) * 86_400_000,
  );
  return zonedToUtc(day, 60 + (k % 40) * 30, "America/Los_Angeles");
}

/** `concurrency` loops booking one new slot each until stop(); every outcome is kept. */
export function bookingLoad(api: APIRequestContext, clinic: Clinic, concurrency: number, firstSlot = 0) {
  const outcomes: Outcome[] = [];
  let next = firstSlot;
  let running = true;
  const loop = async () => {
    while (running) {
      const k = next++;
      const key = randomUUID();
      const startedAt = Date.now();
      let status = 0;
      let body = "";
      try {
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
        status = res.status();
        body = (await res.text()).slice(0, 200);
      } catch (e) {
        body = e instanceof Error ? e.message.split("\n")[0]! : String(e);
      }
      outcomes.push({ key, status, startedAt, doneAt: Date.now(), body });
    }
  };
  const loops = Array.from({ length: concurrency }, loop);
  return {
    outcomes,
    acked: () => outcomes.filter((o) => o.status === 201 || o.status === 200),
    stop: async () => {
      running = false;
      await Promise.all(loops);
    },
    nextSlot: () => next,
  };
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
