import "server-only";
import type { Prisma } from "@/generated/prisma/client";
import { auditNotFound, writeAudit } from "@/server/audit";
import { authorize, denyAccess } from "@/server/auth/actor";
import { db } from "@/server/db";
import { AppError, pgErrorCode } from "@/server/errors";
import { getEnv } from "@/server/env";
import type { RequestContext } from "@/server/request-context";
import type { Actor } from "../identity/core/roles";
import { ageOn, fullName, todayIn } from "./core/format";
import { canAccessPatient, canPatients } from "./policy";
import type { PatientInput } from "./schemas";

/** What pages get: plain data, never Prisma rows. */
export type PatientSummary = {
  id: string;
  mrn: string;
  name: string;
  birthDate: string;
  age: number;
  phone: string | null;
  stateOfResidence: string;
  canDoVideo: boolean;
  primaryClinicianName: string | null;
};

export type PatientDetail = PatientSummary & {
  givenName: string;
  familyName: string;
  email: string | null;
  timeZone: string;
  preferredLanguage: string;
  allergies: string | null;
  primaryClinicianId: string | null;
  careTeam: { userId: string; name: string; role: string }[];
  hasPortalAccount: boolean;
};

const summarySelect = {
  id: true,
  mrn: true,
  givenName: true,
  familyName: true,
  birthDate: true,
  phone: true,
  stateOfResidence: true,
  canDoVideo: true,
  primaryClinician: { select: { name: true } },
} satisfies Prisma.PatientSelect;

type SummaryRow = Prisma.PatientGetPayload<{ select: typeof summarySelect }>;

function toSummary(p: SummaryRow, today: string): PatientSummary {
  const birthDate = p.birthDate.toISOString().slice(0, 10);
  return {
    id: p.id,
    mrn: p.mrn,
    name: fullName(p),
    birthDate,
    age: ageOn(birthDate, today),
    phone: p.phone,
    stateOfResidence: p.stateOfResidence,
    canDoVideo: p.canDoVideo,
    primaryClinicianName: p.primaryClinician?.name ?? null,
  };
}

export const PAGE_SIZE = 25;

/**
 * Staff search by name, MRN or date of birth (YYYY-MM-DD or MM/DD/YYYY): the Patients page and
 * GET /api/patients, one policy (patient.list). Linking an account is not a search: admins have
 * lookupPatientForLinking (identity/patient-link.server.ts), one exact record, minimal fields.
 */
export async function searchPatients(
  actor: Actor,
  input: { q: string; page: number },
  ctx: RequestContext,
): Promise<{ rows: PatientSummary[]; total: number; page: number; pageSize: number }> {
  await authorize(actor, canPatients(actor.role, "patient.list"), { entityType: "Patient", action: "LIST" });
  const where = patientSearchWhere(input.q);
  const [rows, total] = await Promise.all([
    db.patient.findMany({
      where,
      select: summarySelect,
      orderBy: [{ familyName: "asc" }, { givenName: "asc" }, { id: "asc" }],
      take: PAGE_SIZE,
      skip: (input.page - 1) * PAGE_SIZE,
    }),
    db.patient.count({ where }),
  ]);
  await writeAudit({
    actor: { userId: actor.userId, role: actor.role },
    action: "LIST",
    entityType: "Patient",
    outcome: "SUCCESS",
    ctx,
    // The search text may be a name (PHI): record only that a search was made and its size.
    details: { searched: input.q.length > 0, results: rows.length, page: input.page },
  });
  const today = todayIn(getEnv().CLINIC_TIME_ZONE);
  return { rows: rows.map((r) => toSummary(r, today)), total, page: input.page, pageSize: PAGE_SIZE };
}

export function patientSearchWhere(q: string): Prisma.PatientWhereInput {
  const text = q.trim();
  if (!text) return {};
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  const us = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(text);
  const date = iso
    ? `${iso[1]}-${iso[2]}-${iso[3]}`
    : us
      ? `${us[3]}-${us[1]!.padStart(2, "0")}-${us[2]!.padStart(2, "0")}`
      : null;
  if (date && !Number.isNaN(Date.parse(`${date}T00:00:00Z`))) return { birthDate: new Date(`${date}T00:00:00Z`) };
  const terms = text.split(/\s+/).slice(0, 4);
  return {
    AND: terms.map((t) => ({
      OR: [
        { givenName: { contains: t, mode: "insensitive" as const } },
        { familyName: { contains: t, mode: "insensitive" as const } },
        { mrn: { equals: t, mode: "insensitive" as const } },
      ],
    })),
  };
}

/** A clinician's own panel: patients they are primary clinician for or on the care team of. */
export async function listMyPatients(actor: Actor, ctx: RequestContext): Promise<PatientSummary[]> {
  await authorize(actor, actor.role === "CLINICIAN" && canPatients(actor.role, "patient.list"), {
    entityType: "Patient",
    action: "LIST",
  });
  const rows = await db.patient.findMany({
    where: { OR: [{ primaryClinicianId: actor.userId }, { careTeam: { some: { userId: actor.userId } } }] },
    select: summarySelect,
    orderBy: [{ familyName: "asc" }, { givenName: "asc" }],
    take: 200,
  });
  await writeAudit({
    actor: { userId: actor.userId, role: actor.role },
    action: "LIST",
    entityType: "Patient",
    outcome: "SUCCESS",
    ctx,
    details: { scope: "my_panel", results: rows.length },
  });
  const today = todayIn(getEnv().CLINIC_TIME_ZONE);
  return rows.map((r) => toSummary(r, today));
}

const detailSelect = {
  ...summarySelect,
  email: true,
  timeZone: true,
  preferredLanguage: true,
  allergies: true,
  primaryClinicianId: true,
  careTeam: { select: { userId: true, role: true, user: { select: { name: true } } }, orderBy: { createdAt: "asc" } },
  user: { select: { id: true } },
} satisfies Prisma.PatientSelect;

/**
 * One patient's record. Scoped in the query itself: a patient actor can only ever match their
 * own id, so a foreign id finds nothing (404) rather than relying on a later check.
 */
export async function getPatient(actor: Actor, patientId: string, ctx: RequestContext): Promise<PatientDetail> {
  if (!canAccessPatient(actor, patientId)) {
    // The chart that was asked for (when it exists), so "who tried to open this chart" finds it.
    const exists = await db.patient.findUnique({ where: { id: patientId }, select: { id: true } });
    await denyAccess(actor, {
      entityType: "Patient",
      entityId: patientId,
      patientId: exists?.id ?? null,
      action: "READ",
    });
  }
  const scope: Prisma.PatientWhereInput = actor.role === "PATIENT" ? { id: actor.patientId ?? "" } : {};
  const p = await db.patient.findFirst({ where: { AND: [{ id: patientId }, scope] }, select: detailSelect });
  if (!p) {
    await auditNotFound(
      { userId: actor.userId, role: actor.role },
      { action: "READ", entityType: "Patient", entityId: patientId },
      ctx,
      async () => null,
    );
    throw new AppError("NOT_FOUND");
  }
  await writeAudit({
    actor: { userId: actor.userId, role: actor.role },
    action: "READ",
    entityType: "Patient",
    entityId: p.id,
    patientId: p.id,
    outcome: "SUCCESS",
    ctx,
  });
  const today = todayIn(getEnv().CLINIC_TIME_ZONE);
  return {
    ...toSummary(p, today),
    givenName: p.givenName,
    familyName: p.familyName,
    email: p.email,
    timeZone: p.timeZone,
    preferredLanguage: p.preferredLanguage,
    allergies: p.allergies,
    primaryClinicianId: p.primaryClinicianId,
    careTeam: p.careTeam.map((m) => ({ userId: m.userId, name: m.user.name, role: m.role })),
    hasPortalAccount: p.user !== null,
  };
}

function toData(input: PatientInput) {
  return {
    mrn: input.mrn,
    givenName: input.givenName,
    familyName: input.familyName,
    birthDate: new Date(`${input.birthDate}T00:00:00Z`),
    phone: input.phone,
    email: input.email,
    timeZone: input.timeZone,
    preferredLanguage: input.preferredLanguage,
    stateOfResidence: input.stateOfResidence,
    canDoVideo: input.canDoVideo,
    allergies: input.allergies,
    primaryClinicianId: input.primaryClinicianId,
  };
}

const trackedSelect = {
  mrn: true,
  givenName: true,
  familyName: true,
  birthDate: true,
  phone: true,
  email: true,
  timeZone: true,
  preferredLanguage: true,
  stateOfResidence: true,
  canDoVideo: true,
  allergies: true,
  primaryClinicianId: true,
} as const satisfies Prisma.PatientSelect;
const trackedFields = Object.keys(trackedSelect) as (keyof typeof trackedSelect)[];
const normalize = (v: unknown) => (v instanceof Date ? v.toISOString() : (v ?? null));

async function assertClinician(id: string | null) {
  if (!id) return;
  const c = await db.user.findFirst({ where: { id, role: "CLINICIAN", active: true }, select: { id: true } });
  if (!c)
    throw new AppError("VALIDATION", undefined, { primaryClinicianId: ["Choose an active clinician from the list"] });
}

export async function createPatient(actor: Actor, input: PatientInput, ctx: RequestContext): Promise<{ id: string }> {
  await authorize(actor, canPatients(actor.role, "patient.create"), { entityType: "Patient", action: "CREATE" });
  await assertClinician(input.primaryClinicianId);
  try {
    return await db.$transaction(async (tx) => {
      const p = await tx.patient.create({ data: toData(input), select: { id: true } });
      await writeAudit(
        {
          actor: { userId: actor.userId, role: actor.role },
          action: "CREATE",
          entityType: "Patient",
          entityId: p.id,
          patientId: p.id,
          outcome: "SUCCESS",
          ctx,
        },
        tx,
      );
      return p;
    });
  } catch (e) {
    if (pgErrorCode(e) === "23505")
      throw new AppError("CONFLICT", "A patient with this MRN already exists.", {
        mrn: ["This MRN is already used by another patient"],
      });
    throw e;
  }
}

export async function updatePatient(
  actor: Actor,
  patientId: string,
  input: PatientInput,
  ctx: RequestContext,
): Promise<void> {
  await authorize(actor, canPatients(actor.role, "patient.update"), {
    entityType: "Patient",
    entityId: patientId,
    patientId,
    action: "UPDATE",
  });
  await assertClinician(input.primaryClinicianId);
  const data = toData(input);
  try {
    await db.$transaction(async (tx) => {
      const before = await tx.patient.findUnique({ where: { id: patientId }, select: trackedSelect });
      if (!before) throw new AppError("NOT_FOUND");
      const changed = trackedFields.filter((k) => normalize(before[k]) !== normalize(data[k]));
      await tx.patient.update({ where: { id: patientId }, data, select: { id: true } });
      await writeAudit(
        {
          actor: { userId: actor.userId, role: actor.role },
          action: "UPDATE",
          entityType: "Patient",
          entityId: patientId,
          patientId,
          outcome: "SUCCESS",
          ctx,
          details: { changed },
        },
        tx,
      );
    });
  } catch (e) {
    if (pgErrorCode(e) === "23505")
      throw new AppError("CONFLICT", "A patient with this MRN already exists.", {
        mrn: ["This MRN is already used by another patient"],
      });
    throw e;
  }
}

/** Active clinicians for pick lists (not PHI). Staff only. */
export async function listClinicians(actor: Actor): Promise<{ id: string; name: string }[]> {
  await authorize(actor, actor.role !== "PATIENT", { entityType: "User", action: "LIST" });
  return db.user.findMany({
    where: { role: "CLINICIAN", active: true },
    select: { id: true, name: true },
    orderBy: { name: "asc" },
  });
}
