import "server-only";
import { writeAudit } from "@/server/audit";
import { authorize } from "@/server/auth/actor";
import { db, type Tx } from "@/server/db";
import type { RequestContext } from "@/server/request-context";
import type { Actor } from "../../identity/core/roles";
import { clinicTimeZone } from "../../scheduling/index.server";
import { clinicDate, type LocalDate } from "../core/dates";
import { deaTelemedicineStatus, type DeaTelemedicineStatus } from "../core/dea";
import { toCareMedication } from "../core/facts";
import { canDea } from "../dea-policy";
import { careMedicationSelect } from "./facts.server";
import { readCareProgramSettings } from "./settings.server";

type Client = Tx | typeof db;
const who = (a: Actor) => ({ userId: a.userId, role: a.role });
const dateOnly = (d: Date): LocalDate => d.toISOString().slice(0, 10);

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
      select: careMedicationSelect,
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
