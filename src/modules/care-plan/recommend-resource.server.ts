import "server-only";
import { writeAudit } from "@/server/audit";
import { authorize } from "@/server/auth/actor";
import { db } from "@/server/db";
import { AppError, pgErrorCode } from "@/server/errors";
import type { RequestContext } from "@/server/request-context";
import type { Actor } from "../identity/core/roles";
import { who } from "./care-plan-rows.server";
import { canCarePlan } from "./policy";

export async function recommendResource(
  actor: Actor,
  input: { patientId: string; resourceId: string; note: string },
  ctx: RequestContext,
): Promise<{ id: string }> {
  await authorize(actor, canCarePlan(actor.role, "resource.recommend"), {
    entityType: "ResourceRecommendation",
    patientId: input.patientId,
    action: "CREATE",
  });
  const [patient, resource] = await Promise.all([
    db.patient.findUnique({ where: { id: input.patientId }, select: { id: true } }),
    db.resource.findFirst({ where: { id: input.resourceId, active: true }, select: { id: true } }),
  ]);
  if (!patient) throw new AppError("NOT_FOUND");
  if (!resource)
    throw new AppError("VALIDATION", "Choose a resource from the catalog.", {
      resourceId: ["Choose a resource from the list"],
    });
  try {
    return await db.$transaction(async (tx) => {
      const r = await tx.resourceRecommendation.create({
        data: {
          patientId: input.patientId,
          resourceId: input.resourceId,
          recommendedById: actor.userId,
          note: input.note || null,
        },
        select: { id: true },
      });
      await writeAudit(
        {
          actor: who(actor),
          action: "CREATE",
          entityType: "ResourceRecommendation",
          entityId: r.id,
          patientId: input.patientId,
          outcome: "SUCCESS",
          ctx,
        },
        tx,
      );
      return r;
    });
  } catch (e) {
    if (pgErrorCode(e) === "23505")
      throw new AppError("CONFLICT", "This resource is already recommended to the patient.", {
        resourceId: ["Already recommended"],
      });
    throw e;
  }
}
