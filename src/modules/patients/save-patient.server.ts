import "server-only";
import type { Prisma } from "@/generated/prisma/client";
import { writeAudit } from "@/server/audit";
import { authorize } from "@/server/auth/actor";
import { db } from "@/server/db";
import { AppError, pgErrorCode } from "@/server/errors";
import type { RequestContext } from "@/server/request-context";
import type { Actor } from "../identity/core/roles";
import { canPatients } from "./policy";
import type { PatientInput } from "./schemas";

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
