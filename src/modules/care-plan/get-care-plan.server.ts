import "server-only";
import { userNamesById } from "@/modules/identity/index.server";
import { writeAudit } from "@/server/audit";
import { denyAccess } from "@/server/auth/actor";
import { db } from "@/server/db";
import type { RequestContext } from "@/server/request-context";
import type { Actor } from "../identity/core/roles";
import { type CarePlan, type RecommendationDto, who } from "./care-plan-rows.server";
import { canCarePlan } from "./policy";

/** The care plan for one patient: staff on the chart, or the patient for themselves. */
export async function getCarePlan(actor: Actor, patientId: string, ctx: RequestContext): Promise<CarePlan> {
  const own = actor.role === "PATIENT" && canCarePlan(actor.role, "careplan.readOwn") && actor.patientId === patientId;
  if (!own && !canCarePlan(actor.role, "careplan.read"))
    await denyAccess(actor, { entityType: "CarePlan", patientId, action: "READ" });
  const [referrals, recs] = await Promise.all([
    db.referral.findMany({
      where: { patientId },
      orderBy: { createdAt: "desc" },
      take: 50,
      include: { events: { orderBy: { at: "asc" }, take: 50 } },
    }),
    db.resourceRecommendation.findMany({
      where: { patientId },
      orderBy: { recommendedAt: "desc" },
      take: 50,
      include: { resource: true },
    }),
  ]);
  const nameOf = await userNamesById([
    ...referrals.map((r) => r.createdById),
    ...referrals.flatMap((r) => r.events.map((e) => e.byUserId)),
    ...recs.map((r) => r.recommendedById),
  ]);
  await writeAudit({
    actor: who(actor),
    action: "READ",
    entityType: "CarePlan",
    patientId,
    outcome: "SUCCESS",
    ctx,
    details: { referrals: referrals.length, recommendations: recs.length },
  });
  return {
    referrals: referrals.map((r) => ({
      id: r.id,
      kind: r.kind,
      detail: r.detail,
      telehealth: r.telehealth,
      status: r.status,
      version: r.version,
      note: own ? null : r.note,
      createdAt: r.createdAt.toISOString(),
      updatedAt: r.updatedAt.toISOString(),
      createdBy: nameOf.get(r.createdById) ?? "Staff",
      events: own
        ? []
        : r.events.map((e) => ({
            at: e.at.toISOString(),
            from: e.fromStatus,
            to: e.toStatus,
            by: nameOf.get(e.byUserId) ?? "Staff",
            note: e.note,
          })),
    })),
    recommendations: recs.map((r) => ({
      id: r.id,
      resource: { id: r.resource.id, name: r.resource.name, purpose: r.resource.purpose, url: r.resource.url },
      recommendedAt: r.recommendedAt.toISOString(),
      recommendedBy: nameOf.get(r.recommendedById) ?? "Your care team",
      note: r.note,
      tried: r.tried,
      helped: (r.helped as RecommendationDto["helped"]) ?? null,
      feedbackAt: r.feedbackAt?.toISOString() ?? null,
    })),
  };
}
