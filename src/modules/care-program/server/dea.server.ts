import "server-only";
import { writeAudit } from "@/server/audit";
import { authorize } from "@/server/auth/actor";
import { db, type Tx } from "@/server/db";
import { AppError } from "@/server/errors";
import type { RequestContext } from "@/server/request-context";
import type { Actor } from "../../identity/core/roles";
import { clinicTimeZone } from "../../scheduling/index.server";
import { clinicDate, type LocalDate } from "../core/dates";
import { deaTelemedicineStatus, type DeaTelemedicineStatus } from "../core/dea";
import { toCareMedication } from "../core/facts";
import { canDea } from "../dea-policy";
import type { InPersonEvaluationInput, WithdrawInPersonInput } from "../dea-schemas";
import { readCareProgramSettings } from "./settings.server";

type Client = Tx | typeof db;
const who = (a: Actor) => ({ userId: a.userId, role: a.role });
const dateOnly = (d: Date): LocalDate => d.toISOString().slice(0, 10);

export type InPersonEvaluationRow = {
  id: string;
  seenOn: LocalDate;
  clinicianName: string;
  note: string | null;
  recordedByName: string;
  recordedAt: string;
  /** Withdrawn as entered in error: no longer counts for the DEA flag, still listed. */
  withdrawn: { at: string; byName: string; reason: string } | null;
};
export type PatientDeaView = {
  asOf: LocalDate;
  status: DeaTelemedicineStatus;
  evaluations: InPersonEvaluationRow[];
  clinicians: { id: string; name: string }[];
};

/**
 * The DEA telemedicine status of some patients on a date (docs/clinical-reference.md#dea-telemedicine-flag),
 * in two statements whatever the number of patients: their medications and their in-person
 * evaluations. A data function: the caller authorizes and audits (the registry and the huddle
 * read it for their rows; getPatientDea below for one chart).
 */
export async function deaStatusesFor(
  patientIds: readonly string[],
  asOf: LocalDate,
  client: Client = db,
): Promise<Map<string, DeaTelemedicineStatus>> {
  const ids = [...new Set(patientIds)];
  const out = new Map<string, DeaTelemedicineStatus>();
  if (ids.length === 0) return out;
  const [settings, meds, evals] = await Promise.all([
    readCareProgramSettings(client),
    client.medication.findMany({
      where: { patientId: { in: ids } },
      select: {
        id: true,
        patientId: true,
        drugKey: true,
        name: true,
        doseAmount: true,
        timesPerDay: true,
        startedOn: true,
        stoppedOn: true,
      },
    }),
    client.inPersonEvaluation.findMany({
      where: { patientId: { in: ids }, withdrawnAt: null },
      select: { patientId: true, seenOn: true },
    }),
  ]);
  for (const id of ids) {
    const m = meds
      .filter((r) => r.patientId === id)
      .map((r) =>
        toCareMedication({
          id: r.id,
          drugKey: r.drugKey,
          name: r.name,
          doseAmount: Number(r.doseAmount),
          timesPerDay: Number(r.timesPerDay),
          startedOn: dateOnly(r.startedOn),
          stoppedOn: r.stoppedOn ? dateOnly(r.stoppedOn) : null,
        }),
      );
    const e = evals.filter((r) => r.patientId === id).map((r) => ({ on: dateOnly(r.seenOn) }));
    out.set(id, deaTelemedicineStatus(m, e, settings, asOf));
  }
  return out;
}

/** The clinic's calendar date now (the DEA flag counts days in the clinic's calendar). */
export function clinicToday(now = new Date()): LocalDate {
  return clinicDate(now, clinicTimeZone());
}

/** One patient's DEA status, with the in-person evaluations on record (the chart). Audited as a read. */
export async function getPatientDea(
  actor: Actor,
  patientId: string,
  ctx: RequestContext,
  now = new Date(),
): Promise<PatientDeaView> {
  await authorize(actor, canDea(actor.role, "dea.read") && canDea(actor.role, "inPerson.read"), {
    entityType: "InPersonEvaluation",
    patientId,
    action: "READ",
  });
  const patient = await db.patient.findUnique({ where: { id: patientId }, select: { id: true } });
  if (!patient) throw new AppError("NOT_FOUND");
  const asOf = clinicToday(now);
  const [statuses, rows, clinicians] = await Promise.all([
    deaStatusesFor([patientId], asOf),
    db.inPersonEvaluation.findMany({
      where: { patientId },
      orderBy: [{ seenOn: "desc" }, { recordedAt: "desc" }],
      select: {
        id: true,
        seenOn: true,
        clinicianId: true,
        note: true,
        recordedById: true,
        recordedAt: true,
        withdrawnAt: true,
        withdrawnById: true,
        withdrawnReason: true,
      },
    }),
    db.user.findMany({
      where: { role: "CLINICIAN", active: true },
      orderBy: { name: "asc" },
      select: { id: true, name: true },
    }),
  ]);
  const nameIds = [
    ...new Set(rows.flatMap((r) => [r.clinicianId, r.recordedById, ...(r.withdrawnById ? [r.withdrawnById] : [])])),
  ];
  const names = new Map(
    (await db.user.findMany({ where: { id: { in: nameIds } }, select: { id: true, name: true } })).map((u) => [
      u.id,
      u.name,
    ]),
  );
  await writeAudit({
    actor: who(actor),
    action: "READ",
    entityType: "InPersonEvaluation",
    patientId,
    outcome: "SUCCESS",
    ctx,
    details: { records: rows.length },
  });
  return {
    asOf,
    status: statuses.get(patientId)!,
    evaluations: rows.map((r) => ({
      id: r.id,
      seenOn: dateOnly(r.seenOn),
      clinicianName: names.get(r.clinicianId) ?? "Unknown clinician",
      note: r.note,
      recordedByName: names.get(r.recordedById) ?? "Unknown",
      recordedAt: r.recordedAt.toISOString(),
      withdrawn: r.withdrawnAt
        ? {
            at: r.withdrawnAt.toISOString(),
            byName: names.get(r.withdrawnById ?? "") ?? "Unknown",
            reason: r.withdrawnReason ?? "",
          }
        : null,
    })),
    clinicians,
  };
}

/** Just the status, for the visit page and the room (audited as a read of the patient's in-person record). */
export async function getPatientDeaStatus(
  actor: Actor,
  patientId: string,
  ctx: RequestContext,
  now = new Date(),
): Promise<DeaTelemedicineStatus> {
  await authorize(actor, canDea(actor.role, "dea.read"), {
    entityType: "InPersonEvaluation",
    patientId,
    action: "READ",
  });
  const status = (await deaStatusesFor([patientId], clinicToday(now))).get(patientId)!;
  await writeAudit({
    actor: who(actor),
    action: "READ",
    entityType: "InPersonEvaluation",
    patientId,
    outcome: "SUCCESS",
    ctx,
    details: { view: "dea-status", status: status.status },
  });
  return status;
}

/**
 * Records that a clinician of the clinic saw the patient in person. The date is the clinic's
 * calendar date, not in the future; the clinician must be an active clinician account.
 */
export async function recordInPersonEvaluation(
  actor: Actor,
  patientId: string,
  input: InPersonEvaluationInput,
  ctx: RequestContext,
  now = new Date(),
): Promise<{ id: string }> {
  await authorize(actor, canDea(actor.role, "inPerson.record"), {
    entityType: "InPersonEvaluation",
    patientId,
    action: "CREATE",
  });
  if (input.seenOn > clinicToday(now))
    throw new AppError(
      "VALIDATION",
      "Date seen: the date is in the future. Record an in-person visit once it has happened.",
      { seenOn: ["Date seen: not in the future"] },
    );
  if (input.seenOn < "1990-01-01")
    throw new AppError("VALIDATION", "Date seen: enter the date of the visit (from 1990 on).", {
      seenOn: ["Date seen: from 1990 on"],
    });
  return db.$transaction(async (tx) => {
    const patient = await tx.patient.findUnique({ where: { id: patientId }, select: { id: true } });
    if (!patient) throw new AppError("NOT_FOUND");
    const clinician = await tx.user.findUnique({
      where: { id: input.clinicianId },
      select: { role: true, active: true },
    });
    if (!clinician || clinician.role !== "CLINICIAN" || !clinician.active) {
      throw new AppError("VALIDATION", "Clinician: choose one of the clinic's clinicians.", {
        clinicianId: ["Clinician: choose one of the clinic's clinicians"],
      });
    }
    const row = await tx.inPersonEvaluation.create({
      data: {
        patientId,
        seenOn: new Date(`${input.seenOn}T00:00:00Z`),
        clinicianId: input.clinicianId,
        note: input.note,
        recordedById: actor.userId,
      },
      select: { id: true },
    });
    await writeAudit(
      {
        actor: who(actor),
        action: "CREATE",
        entityType: "InPersonEvaluation",
        entityId: row.id,
        patientId,
        outcome: "SUCCESS",
        ctx,
        details: { seenOn: input.seenOn, clinicianId: input.clinicianId },
      },
      tx,
    );
    return row;
  });
}

/**
 * Withdraws an in-person evaluation entered in error (wrong patient, wrong date, a visit that did
 * not happen). Never a delete: the row stays, with who withdrew it, when and why, and the chart
 * lists it struck through; it no longer counts for the DEA flag, so the flag comes back at once
 * when it was the only one. A withdrawn evaluation cannot be withdrawn again.
 */
export async function withdrawInPersonEvaluation(
  actor: Actor,
  patientId: string,
  input: WithdrawInPersonInput,
  ctx: RequestContext,
): Promise<{ id: string }> {
  await authorize(actor, canDea(actor.role, "inPerson.withdraw"), {
    entityType: "InPersonEvaluation",
    entityId: input.evaluationId,
    patientId,
    action: "UPDATE",
  });
  return db.$transaction(async (tx) => {
    // Scoped to the patient in the where: another patient's evaluation id is "not found".
    const done = await tx.inPersonEvaluation.updateMany({
      where: { id: input.evaluationId, patientId, withdrawnAt: null },
      data: { withdrawnAt: new Date(), withdrawnById: actor.userId, withdrawnReason: input.reason },
    });
    if (done.count === 0) {
      const exists = await tx.inPersonEvaluation.findFirst({
        where: { id: input.evaluationId, patientId },
        select: { withdrawnAt: true },
      });
      if (!exists) throw new AppError("NOT_FOUND");
      throw new AppError(
        "CONFLICT",
        "This in-person evaluation was already withdrawn. Reload the chart to see who withdrew it.",
      );
    }
    await writeAudit(
      {
        actor: who(actor),
        action: "UPDATE",
        entityType: "InPersonEvaluation",
        entityId: input.evaluationId,
        patientId,
        outcome: "SUCCESS",
        ctx,
        details: { withdrawn: true },
      },
      tx,
    );
    return { id: input.evaluationId };
  });
}
