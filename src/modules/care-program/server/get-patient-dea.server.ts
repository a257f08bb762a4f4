import "server-only";
import { writeAudit } from "@/server/audit";
import { authorize } from "@/server/auth/actor";
import { db } from "@/server/db";
import { AppError } from "@/server/errors";
import type { RequestContext } from "@/server/request-context";
import type { Actor } from "../../identity/core/roles";
import type { LocalDate } from "../core/dates";
import type { DeaTelemedicineStatus } from "../core/dea";
import { canDea } from "../dea-policy";
import { clinicToday, deaStatusesFor } from "./dea-status.server";

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
