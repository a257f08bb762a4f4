import "server-only";
import { auditNotFound, writeAudit } from "@/server/audit";
import { authorize } from "@/server/auth/actor";
import { db } from "@/server/db";
import { AppError } from "@/server/errors";
import type { RequestContext } from "@/server/request-context";
import type { Actor } from "../identity/core/roles";
import { who } from "./care-plan-rows.server";
import { canCarePlan } from "./policy";

/** The patient's "did you try it / did it help" answer, scoped to their own recommendation. */
export async function answerResourceFeedback(
  actor: Actor,
  input: { recommendationId: string; tried: boolean; helped: "YES" | "SOMEWHAT" | "NO" | null },
  ctx: RequestContext,
): Promise<void> {
  await authorize(actor, canCarePlan(actor.role, "resource.feedbackOwn") && !!actor.patientId, {
    entityType: "ResourceRecommendation",
    entityId: input.recommendationId,
    action: "UPDATE",
  });
  const updated = await db.$transaction(async (tx) => {
    const res = await tx.resourceRecommendation.updateMany({
      where: { id: input.recommendationId, patientId: actor.patientId! },
      data: { tried: input.tried, helped: input.tried ? input.helped : null, feedbackAt: new Date() },
    });
    if (res.count === 0) return false;
    await writeAudit(
      {
        actor: who(actor),
        action: "UPDATE",
        entityType: "ResourceRecommendation",
        entityId: input.recommendationId,
        patientId: actor.patientId,
        outcome: "SUCCESS",
        ctx,
        details: { changed: ["tried", "helped"] },
      },
      tx,
    );
    return true;
  });
  if (!updated) {
    // Another patient's recommendation (or none): refused, and audited with whose it is.
    await auditNotFound(
      who(actor),
      { action: "UPDATE", entityType: "ResourceRecommendation", entityId: input.recommendationId },
      ctx,
      async () =>
        (
          await db.resourceRecommendation.findUnique({
            where: { id: input.recommendationId },
            select: { patientId: true },
          })
        )?.patientId,
      actor.patientId,
    );
    throw new AppError("NOT_FOUND");
  }
}
