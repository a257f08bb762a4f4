import "server-only";
import { writeAudit } from "@/server/audit";
import { authorize } from "@/server/auth/actor";
import { db } from "@/server/db";
import { AppError } from "@/server/errors";
import type { RequestContext } from "@/server/request-context";
import type { Actor } from "../identity/core/roles";
import { catalogDrug, isDrugKey } from "./core/medication-catalog";
import { computeMme, totalMme, type MmeResult, type MmeTotal } from "./core/mme";
import { canUdt } from "./policy";
import type { AddMedicationInput, StopMedicationInput } from "./schemas";

export type MedicationRow = {
  id: string;
  drugKey: string;
  drugLabel: string;
  name: string;
  doseAmount: number;
  doseUnit: string;
  timesPerDay: number;
  route: string;
  startedOn: string;
  stoppedOn: string | null;
  stopReason: string | null;
  prescriber: string;
  isOpioid: boolean;
  active: boolean;
  mme: MmeResult;
};

export type MedicationList = { current: MedicationRow[]; stopped: MedicationRow[]; mme: MmeTotal };

const dateOnly = (d: Date) => d.toISOString().slice(0, 10);
const audit = (actor: Actor) => ({ userId: actor.userId, role: actor.role });

async function requirePatient(patientId: string) {
  const p = await db.patient.findUnique({ where: { id: patientId }, select: { id: true } });
  if (!p) throw new AppError("NOT_FOUND", "We could not find that patient.");
}

/** A patient's medication list with MME/day per opioid and the current total. */
export async function listMedications(
  actor: Actor,
  patientId: string,
  ctx: RequestContext,
  today: string = dateOnly(new Date()),
): Promise<MedicationList> {
  await authorize(actor, canUdt(actor.role, "medication.list"), {
    entityType: "Medication",
    patientId,
    action: "LIST",
  });
  const rows = await db.medication.findMany({
    where: { patientId },
    orderBy: [{ isOpioid: "desc" }, { startedOn: "desc" }, { createdAt: "asc" }, { id: "asc" }],
    select: {
      id: true,
      drugKey: true,
      name: true,
      doseAmount: true,
      doseUnit: true,
      timesPerDay: true,
      route: true,
      startedOn: true,
      stoppedOn: true,
      stopReason: true,
      prescriber: true,
      isOpioid: true,
    },
    take: 200,
  });
  await writeAudit({
    actor: audit(actor),
    action: "LIST",
    entityType: "Medication",
    patientId,
    outcome: "SUCCESS",
    ctx,
    details: { results: rows.length },
  });
  const list = rows.map((r): MedicationRow => {
    const doseAmount = Number(r.doseAmount);
    const timesPerDay = Number(r.timesPerDay);
    const stoppedOn = r.stoppedOn ? dateOnly(r.stoppedOn) : null;
    const key = isDrugKey(r.drugKey) ? r.drugKey : null;
    return {
      id: r.id,
      drugKey: r.drugKey,
      drugLabel: key ? catalogDrug(key).label : r.drugKey,
      name: r.name,
      doseAmount,
      doseUnit: r.doseUnit,
      timesPerDay,
      route: r.route,
      startedOn: dateOnly(r.startedOn),
      stoppedOn,
      stopReason: r.stopReason,
      prescriber: r.prescriber,
      isOpioid: r.isOpioid,
      active: stoppedOn === null || stoppedOn > today,
      mme: key ? computeMme({ drugKey: key, doseAmount, timesPerDay }) : { kind: "not_opioid" },
    };
  });
  const current = list.filter((m) => m.active);
  return { current, stopped: list.filter((m) => !m.active), mme: totalMme(current.map((m) => m.mme)) };
}

export async function addMedication(
  actor: Actor,
  patientId: string,
  input: AddMedicationInput,
  ctx: RequestContext,
): Promise<{ id: string }> {
  await authorize(actor, canUdt(actor.role, "medication.write"), {
    entityType: "Medication",
    patientId,
    action: "CREATE",
  });
  await requirePatient(patientId);
  const drug = catalogDrug(input.drugKey);
  return db.$transaction(async (tx) => {
    const m = await tx.medication.create({
      data: {
        patientId,
        drugKey: input.drugKey,
        name: input.name,
        doseAmount: input.doseAmount,
        // The unit comes from the catalog, not the form: MME math depends on it (mcg/h for a patch).
        doseUnit: drug.unit,
        timesPerDay: input.timesPerDay,
        route: input.route,
        startedOn: new Date(`${input.startedOn}T00:00:00Z`),
        prescriber: input.prescriber,
        isOpioid: drug.opioid,
        createdById: actor.userId,
      },
      select: { id: true },
    });
    await writeAudit(
      {
        actor: audit(actor),
        action: "CREATE",
        entityType: "Medication",
        entityId: m.id,
        patientId,
        outcome: "SUCCESS",
        ctx,
        details: { drugKey: input.drugKey },
      },
      tx,
    );
    return m;
  });
}

export async function stopMedication(
  actor: Actor,
  patientId: string,
  input: StopMedicationInput,
  ctx: RequestContext,
): Promise<void> {
  await authorize(actor, canUdt(actor.role, "medication.write"), {
    entityType: "Medication",
    entityId: input.medicationId,
    patientId,
    action: "UPDATE",
  });
  await db.$transaction(async (tx) => {
    // Scoped by patient in the query: another patient's medication id matches nothing.
    const m = await tx.medication.findFirst({
      where: { id: input.medicationId, patientId },
      select: { id: true, startedOn: true, stoppedOn: true },
    });
    if (!m) throw new AppError("NOT_FOUND", "We could not find that medication for this patient.");
    if (m.stoppedOn) throw new AppError("CONFLICT", "This medication is already stopped.");
    if (input.stoppedOn < dateOnly(m.startedOn))
      throw new AppError("VALIDATION", undefined, { stoppedOn: ["The stop date cannot be before the start date"] });
    const r = await tx.medication.updateMany({
      where: { id: m.id, patientId, stoppedOn: null },
      data: { stoppedOn: new Date(`${input.stoppedOn}T00:00:00Z`), stopReason: input.stopReason },
    });
    if (r.count !== 1) throw new AppError("CONFLICT", "This medication changed - reload the page.");
    await writeAudit(
      {
        actor: audit(actor),
        action: "UPDATE",
        entityType: "Medication",
        entityId: m.id,
        patientId,
        outcome: "SUCCESS",
        ctx,
        details: { changed: ["stoppedOn", "stopReason"] },
      },
      tx,
    );
  });
}
