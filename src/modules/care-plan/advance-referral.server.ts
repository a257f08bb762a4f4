import "server-only";
import { writeAudit } from "@/server/audit";
import { authorize } from "@/server/auth/actor";
import { db } from "@/server/db";
import { AppError } from "@/server/errors";
import type { RequestContext } from "@/server/request-context";
import type { Actor } from "../identity/core/roles";
import { who } from "./care-plan-rows.server";
import { canMoveReferral, type ReferralStatus } from "./core/referral-states";
import { canCarePlan } from "./policy";

/** Moves a referral along its state machine with an optimistic version guard. */
export async function advanceReferral(
  actor: Actor,
  input: { referralId: string; to: ReferralStatus; version: number; note: string },
  ctx: RequestContext,
): Promise<void> {
  await authorize(actor, canCarePlan(actor.role, "referral.advance"), {
    entityType: "Referral",
    entityId: input.referralId,
    action: "UPDATE",
  });
  await db.$transaction(async (tx) => {
    const r = await tx.referral.findUnique({
      where: { id: input.referralId },
      select: { id: true, status: true, version: true, patientId: true },
    });
    if (!r) throw new AppError("NOT_FOUND");
    if (r.version !== input.version)
      throw new AppError(
        "CONFLICT",
        "This referral was changed by someone else. Reload the page to see its current status.",
      );
    if (!canMoveReferral(r.status, input.to))
      throw new AppError(
        "VALIDATION",
        `A referral that is ${r.status.toLowerCase()} cannot move to ${input.to.toLowerCase()}.`,
        { to: ["That step is not allowed from the current status"] },
      );
    const res = await tx.referral.updateMany({
      where: { id: r.id, version: input.version },
      data: { status: input.to, version: { increment: 1 } },
    });
    if (res.count !== 1)
      throw new AppError(
        "CONFLICT",
        "This referral was changed by someone else. Reload the page to see its current status.",
      );
    await tx.referralEvent.create({
      data: {
        referralId: r.id,
        fromStatus: r.status,
        toStatus: input.to,
        byUserId: actor.userId,
        note: input.note || null,
      },
    });
    await writeAudit(
      {
        actor: who(actor),
        action: "UPDATE",
        entityType: "Referral",
        entityId: r.id,
        patientId: r.patientId,
        outcome: "SUCCESS",
        ctx,
        details: { from: r.status, to: input.to },
      },
      tx,
    );
  });
}
