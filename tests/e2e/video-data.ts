import { randomUUID } from "node:crypto";
import type { Page } from "@playwright/test";
import pg from "pg";
import { demoAccounts, expect } from "./fixtures";

/**
 * Video journeys need a visit happening now, for a clinician and a patient no other test books:
 * each test gets its own clinician (demo password) and patient, so nothing collides with seeded
 * or parallel visits.
 */
export async function withDb<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: process.env.E2E_DATABASE_URL });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

export type VideoVisit = {
  visitId: string;
  clinicianEmail: string;
  clinicianName: string;
  patientId: string;
  patientName: string;
  patientGiven: string;
  patientEmail: string | null;
  patientPhone: string;
};

/** A video visit soon, for a patient of its own. The patient has video consent on file unless `consent: false` (admitting needs it: issue 10, D4). */
export async function makeVideoVisit(
  opts: { patientAccount?: boolean; startsInMinutes?: number; consent?: boolean } = {},
): Promise<VideoVisit> {
  const tag = randomUUID().slice(0, 8);
  return withDb(async (c) => {
    const hash = (
      await c.query<{ passwordHash: string }>(`SELECT "passwordHash" FROM "User" WHERE email = $1`, [
        demoAccounts.clinician.email,
      ])
    ).rows[0]!.passwordHash;
    const clinicianId = randomUUID();
    const clinicianName = `Dr. Video ${tag}`;
    const clinicianEmail = `dr.video.${tag}@test.clinic`;
    await c.query(
      `INSERT INTO "User" (id, email, name, "passwordHash", role, "updatedAt") VALUES ($1, $2, $3, $4, 'CLINICIAN', now())`,
      [clinicianId, clinicianEmail, clinicianName, hash],
    );
    const patientId = randomUUID();
    const given = `Vera${tag.slice(0, 4)}`;
    const family = `Video${tag.slice(4)}`;
    const phone = `+1206555${String(Math.floor(1000 + Math.random() * 8999))}`;
    await c.query(
      `INSERT INTO "Patient" (id, mrn, "givenName", "familyName", "birthDate", phone, "timeZone", "stateOfResidence", "updatedAt")
       VALUES ($1, $2, $3, $4, '1970-05-01', $5, 'America/Los_Angeles', 'WA', now())`,
      [patientId, `VID-${tag}`, given, family, phone],
    );
    let patientEmail: string | null = null;
    if (opts.patientAccount) {
      patientEmail = `vera.${tag}@test.patient`;
      await c.query(
        `INSERT INTO "User" (id, email, name, "passwordHash", role, "patientId", "updatedAt") VALUES ($1, $2, $3, $4, 'PATIENT', $5, now())`,
        [randomUUID(), patientEmail, `${given} ${family}`, hash, patientId],
      );
    }
    const type = (
      await c.query<{ id: string }>(`SELECT id FROM "VisitType" WHERE active ORDER BY "durationMinutes" LIMIT 1`)
    ).rows[0]!.id;
    const visitId = randomUUID();
    const start = new Date(Date.now() + (opts.startsInMinutes ?? 5) * 60_000);
    await c.query(
      `INSERT INTO "Visit" (id, "patientId", "clinicianId", "visitTypeId", "startsAt", "endsAt", modality, reason, "idempotencyKey", "createdById", "updatedAt")
       VALUES ($1, $2, $3, $4, $5, $6, 'VIDEO', 'Follow-up for chronic low back pain', $7, $3, now())`,
      [visitId, patientId, clinicianId, type, start, new Date(start.getTime() + 30 * 60_000), `e2e-video-${tag}`],
    );
    if (opts.consent !== false) {
      await c.query(
        `INSERT INTO "ConsentRecord" (id, "patientId", kind, "textId", method, "capturedById", "expiresAt", "idempotencyKey")
         SELECT $1, $2, 'VIDEO', t.id, 'VERBAL', $3, now() + interval '300 days', $4 FROM "ConsentText" t WHERE t.kind = 'VIDEO' ORDER BY t.version DESC LIMIT 1`,
        [randomUUID(), patientId, clinicianId, `e2e-consent-${tag}`],
      );
    }
    return {
      visitId,
      clinicianEmail,
      clinicianName,
      patientId,
      patientName: `${given} ${family}`,
      patientGiven: given,
      patientEmail,
      patientPhone: phone,
    };
  });
}

/** The birth date makeVideoVisit gives its patient (a join link asks for it). */
export const VIDEO_PATIENT_BIRTH_DATE = { month: "5", day: "1", year: "1970" };

/**
 * Opens a join link as its patient does: the landing page asks for the date of birth, "Open my
 * visit" posts it, and the visit page opens with the token gone from the address bar.
 */
export async function openJoinLink(
  page: Page,
  link: string,
  dob: { month: string; day: string; year: string } = VIDEO_PATIENT_BIRTH_DATE,
): Promise<void> {
  await page.goto(link);
  await expect(page.getByRole("heading", { name: "Your video visit" })).toBeVisible();
  await page.getByLabel("Month").fill(dob.month);
  await page.getByLabel("Day").fill(dob.day);
  await page.getByLabel("Year").fill(dob.year);
  await page.getByRole("button", { name: "Open my visit" }).click();
}
