import "server-only";
import type { Actor } from "@/modules/identity/core/roles";
import { writeAudit } from "@/server/audit";
import { authorize } from "@/server/auth/actor";
import { db } from "@/server/db";
import { getEnv } from "@/server/env";
import { AppError } from "@/server/errors";
import type { RequestContext } from "@/server/request-context";
import { clinicDate, type LocalDate } from "../core/dates";
import { isOnLtot, type LtotStatus } from "../core/ltot";
import { canCareProgram } from "../policy";
import type { LtotDecisionInput } from "../schemas";
import { loadCareFacts } from "./facts.server";
import { readCareProgramSettings } from "./settings.server";

/**
 * The chart's "Registry" section: whether the patient is on LTOT and why, with the clinician's
 * decisions (append-only: reversing is a new row; the latest on a date wins, CLEAR hands the
 * patient back to the medication rule).
 */
export type LtotChartStatus = {
  asOf: LocalDate;
  status: LtotStatus;
  history: {
    id: string;
    kind: "INCLUDE" | "EXCLUDE" | "CLEAR";
    reason: string;
    decidedOn: LocalDate;
    recordedAt: Date;
    recordedBy: string | null;
  }[];
};

const who = (actor: Actor) => ({ userId: actor.userId, role: actor.role });

export async function getLtotChartStatus(
  actor: Actor,
  patientId: string,
  ctx: RequestContext,
  now: Date = new Date(),
): Promise<LtotChartStatus> {
  await authorize(actor, canCareProgram(actor.role, "ltot.status.read"), {
    entityType: "LtotStatus",
    patientId,
    action: "READ",
  });
  const timeZone = getEnv().CLINIC_TIME_ZONE;
  const asOf = clinicDate(now, timeZone);
  const [settings, facts, decisions] = await Promise.all([
    readCareProgramSettings(),
    loadCareFacts({ patientIds: [patientId] }, timeZone),
    db.ltotDecision.findMany({
      where: { patientId },
      orderBy: [{ decidedOn: "desc" }, { recordedAt: "desc" }],
      take: 20,
      select: { id: true, kind: true, reason: true, decidedOn: true, recordedAt: true, recordedById: true },
    }),
  ]);
  const f = facts[0];
  if (!f) throw new AppError("NOT_FOUND", "We could not find that patient.");
  const names = new Map(
    (
      await db.user.findMany({
        where: { id: { in: [...new Set(decisions.map((d) => d.recordedById))] } },
        select: { id: true, name: true },
      })
    ).map((u) => [u.id, u.name]),
  );
  await writeAudit({
    actor: who(actor),
    action: "READ",
    entityType: "LtotStatus",
    patientId,
    outcome: "SUCCESS",
    ctx,
    details: { decisions: decisions.length },
  });
  return {
    asOf,
    status: isOnLtot(f.medications, f.ltotDecisions, settings, asOf),
    history: decisions.map((d) => ({
      id: d.id,
      kind: d.kind,
      reason: d.reason,
      decidedOn: d.decidedOn.toISOString().slice(0, 10),
      recordedAt: d.recordedAt,
      recordedBy: names.get(d.recordedById) ?? null,
    })),
  };
}

const CLEAR_REASON = "Cleared: back to the medication rule";

/** A clinician includes, excludes or clears; the decision counts from the clinic's today. One LtotDecision row and its audit row, together. */
export async function recordLtotDecision(
  actor: Actor,
  patientId: string,
  input: LtotDecisionInput,
  ctx: RequestContext,
  now: Date = new Date(),
): Promise<{ id: string }> {
  await authorize(actor, canCareProgram(actor.role, "ltot.decide"), {
    entityType: "LtotDecision",
    patientId,
    action: "CREATE",
  });
  const decidedOn = clinicDate(now, getEnv().CLINIC_TIME_ZONE);
  return db.$transaction(async (tx) => {
    const patient = await tx.patient.findUnique({ where: { id: patientId }, select: { id: true } });
    if (!patient) throw new AppError("NOT_FOUND", "We could not find that patient.");
    const row = await tx.ltotDecision.create({
      data: {
        patientId,
        kind: input.kind,
        reason: input.kind === "CLEAR" ? input.reason || CLEAR_REASON : input.reason,
        decidedOn: new Date(`${decidedOn}T00:00:00Z`),
        recordedById: actor.userId,
      },
      select: { id: true },
    });
    await writeAudit(
      {
        actor: who(actor),
        action: "CREATE",
        entityType: "LtotDecision",
        entityId: row.id,
        patientId,
        outcome: "SUCCESS",
        ctx,
        details: { kind: input.kind },
      },
      tx,
    );
    return row;
  });
}
