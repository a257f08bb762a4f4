import { randomUUID } from "node:crypto";
import { instruments, type InstrumentCode } from "@/modules/assessments/core/instruments";
import { enterStaffResponse } from "@/modules/assessments/staff-responses.server";
import { zonedToUtc } from "@/modules/scheduling/core/time";
import { drugKeys } from "@/modules/udt/core/medication-catalog";
import { panelCodes } from "@/modules/udt/core/substances";
import { createUdtOrder } from "@/modules/udt/create-udt-order.server";
import { addMedication } from "@/modules/udt/medications.server";
import { db } from "@/server/db";
import { actorFor, ctx, makePatient, makeUser } from "../factories";
import { SESSION_COOKIE, sessionCookieFor } from "../factories/next-request";

/**
 * The people and records the authorization matrix and the fuzz test work on. Patient A owns
 * every patient record used; patient B is a second patient, so B's cells try A's ids.
 */
export const ROLES = ["anonymous", "patientA", "patientB", "coordinator", "clinician", "admin", "deactivated"] as const;
export type MatrixRole = (typeof ROLES)[number];
export const SIGNED_IN: MatrixRole[] = ["patientA", "patientB", "coordinator", "clinician", "admin"];
export const CARE_TEAM: MatrixRole[] = ["coordinator", "clinician"];
export const PASSWORD = "correct horse battery";

type User = Awaited<ReturnType<typeof makeUser>>;
export type Fixture = {
  users: Record<Exclude<MatrixRole, "anonymous">, User>;
  patientA: { id: string; mrn: string; givenName: string; familyName: string };
  patientB: { id: string; mrn: string };
  visitTypeId: string;
  /** Patient A's video visit starting in 20 minutes (its room is open to A and the clinician). */
  nowVisitId: string;
  consentTextId: string;
  resourceId: string;
};

const TZ = "America/Los_Angeles";
let slot = 0;
/** A fresh bookable start time (clinic hours are set to 07:00-21:00 every day for the fixture clinician). */
export function nextSlot(): Date {
  const n = slot++;
  const day = new Date(Date.now() + (3 + Math.floor(n / 24)) * 86_400_000).toISOString().slice(0, 10);
  return zonedToUtc(day, 8 * 60 + (n % 24) * 30, TZ);
}

let past = 0;
/** A fresh start time in the past (visits that happened), never overlapping another. */
export function pastSlot(): Date {
  const n = past++;
  const day = new Date(Date.now() - (3 + Math.floor(n / 24)) * 86_400_000).toISOString().slice(0, 10);
  return zonedToUtc(day, 8 * 60 + (n % 24) * 30, TZ);
}

export async function makeFixture(): Promise<Fixture> {
  const a = await makePatient({ givenName: "Ada", familyName: `Matrix${Date.now()}` });
  const b = await makePatient();
  const clinician = await makeUser("CLINICIAN");
  const users = {
    patientA: await makeUser("PATIENT", { patientId: a.id }),
    patientB: await makeUser("PATIENT", { patientId: b.id }),
    coordinator: await makeUser("COORDINATOR"),
    clinician,
    admin: await makeUser("ADMIN"),
    deactivated: await makeUser("CLINICIAN", { active: false }),
  };
  await db.patient.update({ where: { id: a.id }, data: { primaryClinicianId: clinician.id } });
  await db.clinicianWeeklyHours.createMany({
    data: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({
      clinicianId: clinician.id,
      weekday,
      startMinute: 7 * 60,
      endMinute: 21 * 60,
    })),
  });
  const vt = await db.visitType.create({
    data: { name: `Matrix visit ${randomUUID()}`, durationMinutes: 30 },
    select: { id: true },
  });
  const text = await db.consentText.create({
    data: {
      kind: "VIDEO",
      version: 900 + Math.floor(Math.random() * 1e6),
      title: "Video consent",
      body: "You agree to a video visit. You may stop at any time.",
    },
    select: { id: true },
  });
  const resource = await db.resource.create({
    data: { name: `Matrix resource ${randomUUID()}`, purpose: "Gentle stretching", url: "https://example.org/stretch" },
    select: { id: true },
  });
  const nowStart = new Date(Date.now() + 20 * 60_000);
  const now = await db.visit.create({
    data: {
      patientId: a.id,
      clinicianId: clinician.id,
      visitTypeId: vt.id,
      startsAt: nowStart,
      endsAt: new Date(nowStart.getTime() + 30 * 60_000),
      modality: "VIDEO",
      reason: "Matrix video",
      idempotencyKey: randomUUID(),
      createdById: clinician.id,
    },
    select: { id: true },
  });
  return {
    users,
    patientA: a,
    patientB: { id: b.id, mrn: b.mrn },
    visitTypeId: vt.id,
    nowVisitId: now.id,
    consentTextId: text.id,
    resourceId: resource.id,
  };
}

/** Cookies of a fresh session for the role (or none): sign-out and password changes in one cell never leak into the next. */
export async function cookiesFor(f: Fixture, role: MatrixRole): Promise<Record<string, string>> {
  if (role === "anonymous") return {};
  return { [SESSION_COOKIE]: await sessionCookieFor(f.users[role]) };
}

export const actorOf = (f: Fixture, role: "clinician" | "coordinator" | "admin" | "patientA") =>
  actorFor(f.users[role]);

export function form(fields: Record<string, string | string[]>): FormData {
  const fd = new FormData();
  for (const [k, v] of Object.entries(fields)) for (const x of Array.isArray(v) ? v : [v]) fd.append(k, x);
  return fd;
}

/** Every item of an instrument answered with its lowest value (or the one given). */
export function answers(code: InstrumentCode, value?: (itemId: string) => number): Record<string, string> {
  return Object.fromEntries(
    instruments[code].items.map((i) => [`q_${i.id}`, String(value ? value(i.id) : i.options[0]!.value)]),
  );
}

// ---- records of patient A, made fresh for each cell ----------------------------------------

export async function makeVisit(
  f: Fixture,
  over: { modality?: "VIDEO" | "PHONE"; startsAt?: Date; status?: "SCHEDULED" | "IN_PROGRESS" | "COMPLETED" } = {},
) {
  const startsAt = over.startsAt ?? nextSlot();
  return db.visit.create({
    data: {
      patientId: f.patientA.id,
      clinicianId: f.users.clinician.id,
      visitTypeId: f.visitTypeId,
      startsAt,
      endsAt: new Date(startsAt.getTime() + 30 * 60_000),
      modality: over.modality ?? "VIDEO",
      status: over.status ?? "SCHEDULED",
      reason: "Matrix follow-up",
      phoneNumber: "+12065550150",
      idempotencyKey: randomUUID(),
      createdById: f.users.coordinator.id,
      ...(over.status === "IN_PROGRESS" || over.status === "COMPLETED" ? { startedAt: startsAt } : {}),
    },
    select: { id: true, startsAt: true },
  });
}

/**
 * A visit starting in 10 minutes (check-in is open), of its own patient and clinician: visits of
 * one patient or one clinician may not overlap, and staff cells need many of these.
 */
export async function makeVisitNow() {
  const p = await makePatient();
  const c = await makeUser("CLINICIAN");
  const startsAt = new Date(Date.now() + 10 * 60_000);
  return db.visit.create({
    data: {
      patientId: p.id,
      clinicianId: c.id,
      visitTypeId: (await db.visitType.findFirstOrThrow({ select: { id: true } })).id,
      startsAt,
      endsAt: new Date(startsAt.getTime() + 30 * 60_000),
      modality: "VIDEO",
      reason: "Matrix now",
      idempotencyKey: randomUUID(),
      createdById: c.id,
    },
    select: { id: true },
  });
}

export async function makeFormRequest(f: Fixture, instrument: InstrumentCode = "PEG") {
  return db.formRequest.create({
    data: {
      patientId: f.patientA.id,
      instrument,
      dueAt: new Date(Date.now() + 86_400_000),
      createdById: f.users.coordinator.id,
    },
    select: { id: true },
  });
}

export async function makeStaffResponse(f: Fixture, instrument: InstrumentCode = "PEG", item9 = 0) {
  const a = Object.fromEntries(
    instruments[instrument].items.map((i) => [i.id, i.id === "9" ? item9 : i.options[0]!.value]),
  );
  return enterStaffResponse(
    actorOf(f, "clinician"),
    f.patientA.id,
    { instrument, mode: "PHONE", requestId: null, idempotencyKey: randomUUID(), answers: a },
    ctx(),
  );
}

export async function makeAlert(f: Fixture) {
  const r = await makeStaffResponse(f, "PHQ9", 2);
  return db.safetyAlert.findFirstOrThrow({ where: { responseId: r.responseId }, select: { id: true } });
}

export async function makeReferral(f: Fixture) {
  return db.referral.create({
    data: { patientId: f.patientA.id, kind: "PHYSICAL_THERAPY", createdById: f.users.clinician.id },
    select: { id: true },
  });
}

export async function makeRecommendation(f: Fixture) {
  // One recommendation per patient and resource: each cell gets its own resource.
  const r = await db.resource.create({
    data: { name: `Matrix resource ${randomUUID()}`, purpose: "Walking", url: "https://example.org/walk" },
    select: { id: true },
  });
  return db.resourceRecommendation.create({
    data: { patientId: f.patientA.id, resourceId: r.id, recommendedById: f.users.clinician.id },
    select: { id: true },
  });
}

export async function makeConsent(f: Fixture) {
  return db.consentRecord.create({
    data: {
      patientId: f.patientA.id,
      kind: "VIDEO",
      textId: f.consentTextId,
      method: "VERBAL",
      capturedById: f.users.coordinator.id,
      expiresAt: new Date(Date.now() + 300 * 86_400_000),
      idempotencyKey: randomUUID(),
    },
    select: { id: true },
  });
}

export async function makeMedication(f: Fixture) {
  return addMedication(
    actorOf(f, "clinician"),
    f.patientA.id,
    {
      drugKey: drugKeys[0]!,
      name: "Matrix med",
      doseAmount: 5,
      timesPerDay: 2,
      route: "ORAL",
      startedOn: "2026-01-05",
      prescriber: "Dr. Matrix",
    },
    ctx(),
  );
}

export async function makeUdtOrder(f: Fixture) {
  return createUdtOrder(
    actorOf(f, "clinician"),
    f.patientA.id,
    {
      reasonCode: "NONE_IN_PAST_12_MONTHS",
      reasonNote: null,
      panelCode: panelCodes[0]!,
      collectionMethod: "LAB_PSC",
      windowHours: null,
    },
    ctx(),
  );
}

export async function makeSignedNote(f: Fixture) {
  const v = await makeVisit(f, { status: "COMPLETED", startsAt: pastSlot() });
  await db.visitNote.create({
    data: {
      visitId: v.id,
      patientId: f.patientA.id,
      authorId: f.users.clinician.id,
      status: "SIGNED",
      modalityUsed: "AUDIO_VIDEO",
      clinicianLocation: "Clinic",
      assessment: "Stable",
      plan: "Continue",
      signedAt: new Date(),
    },
  });
  return v;
}

export async function makeException(clinicianId: string) {
  const startsAt = new Date(Date.now() + 40 * 86_400_000 + slot++ * 3_600_000);
  return db.clinicianAvailabilityException.create({
    data: { clinicianId, kind: "TIME_OFF", startsAt, endsAt: new Date(startsAt.getTime() + 3_600_000) },
    select: { id: true },
  });
}

export const dateIn = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
