import "server-only";
import { writeAudit } from "@/server/audit";
import { authorize } from "@/server/auth/actor";
import { db } from "@/server/db";
import { AppError } from "@/server/errors";
import type { RequestContext } from "@/server/request-context";
import type { Actor } from "../identity/core/roles";
import { who } from "./care-plan-rows.server";
import type { ReferralKind } from "./core/referral-states";
import { canCarePlan } from "./policy";

export async function createReferral(
  actor: Actor,
  input: { patientId: string; kind: ReferralKind; detail: string; telehealth: boolean; note: string },
  ctx: RequestContext,
): Promise<{ id: string }> {
  await authorize(actor, canCarePlan(actor.role, "referral.create"), {
    entityType: "Referral",
    patientId: input.patientId,
    action: "CREATE",
  });
  const patient = await db.patient.findUnique({ where: { id: input.patientId }, select: { id: true } });
  if (!patient) throw new AppError("NOT_FOUND");
  return db.$transaction(async (tx) => {
    const r = await tx.referral.create({
      data: {
        patientId: input.patientId,
        kind: input.kind,
        detail: input.detail || null,
        telehealth: input.telehealth,
        note: input.note || null,
        createdById: actor.userId,
      },
      select: { id: true },
    });
    await tx.referralEvent.create({
      data: {
        referralId: r.id,
        fromStatus: null,
        toStatus: "REFERRED",
        byUserId: actor.userId,
        note: input.note || null,
      },
    });
    await writeAudit(
      {
        actor: who(actor),
        action: "CREATE",
        entityType: "Referral",
        entityId: r.id,
        patientId: input.patientId,
        outcome: "SUCCESS",
        ctx,
        details: { kind: input.kind },
      },
      tx,
    );
    return r;
  });
}
