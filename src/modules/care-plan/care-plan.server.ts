import "server-only";
import { userNamesById } from "@/modules/identity/index.server";
import { auditNotFound, writeAudit } from "@/server/audit";
import { authorize, denyAccess } from "@/server/auth/actor";
import { db } from "@/server/db";
import { AppError, pgErrorCode } from "@/server/errors";
import type { RequestContext } from "@/server/request-context";
import type { Actor } from "../identity/core/roles";
import { canMoveReferral, type ReferralKind, type ReferralStatus } from "./core/referral-states";
import { canCarePlan } from "./policy";

export type ReferralDto = {
  id: string;
  kind: ReferralKind;
  detail: string | null;
  telehealth: boolean;
  status: ReferralStatus;
  version: number;
  note: string | null;
  createdAt: string;
  updatedAt: string;
  createdBy: string;
  events: { at: string; from: ReferralStatus | null; to: ReferralStatus; by: string; note: string | null }[];
};
export type RecommendationDto = {
  id: string;
  resource: { id: string; name: string; purpose: string; url: string };
  recommendedAt: string;
  recommendedBy: string;
  note: string | null;
  tried: boolean | null;
  helped: "YES" | "SOMEWHAT" | "NO" | null;
  feedbackAt: string | null;
};
export type CarePlan = { referrals: ReferralDto[]; recommendations: RecommendationDto[] };
export type ResourceDto = { id: string; name: string; purpose: string; url: string; active: boolean };

const who = (a: Actor) => ({ userId: a.userId, role: a.role });

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

export async function listActiveResources(): Promise<ResourceDto[]> {
  return db.resource.findMany({
    where: { active: true },
    orderBy: { name: "asc" },
    select: { id: true, name: true, purpose: true, url: true, active: true },
  });
}

export async function listAllResources(actor: Actor): Promise<ResourceDto[]> {
  await authorize(actor, canCarePlan(actor.role, "resource.manage"), { entityType: "Resource", action: "LIST" });
  return db.resource.findMany({
    orderBy: { name: "asc" },
    select: { id: true, name: true, purpose: true, url: true, active: true },
  });
}

export async function addResource(
  actor: Actor,
  input: { name: string; purpose: string; url: string },
  ctx: RequestContext,
): Promise<{ id: string }> {
  await authorize(actor, canCarePlan(actor.role, "resource.manage"), { entityType: "Resource", action: "CREATE" });
  try {
    return await db.$transaction(async (tx) => {
      const r = await tx.resource.create({ data: input, select: { id: true } });
      await writeAudit(
        { actor: who(actor), action: "CREATE", entityType: "Resource", entityId: r.id, outcome: "SUCCESS", ctx },
        tx,
      );
      return r;
    });
  } catch (e) {
    if (pgErrorCode(e) === "23505")
      throw new AppError("CONFLICT", "A resource with this name already exists.", {
        name: ["This name is already in the catalog"],
      });
    throw e;
  }
}

export async function setResourceActive(actor: Actor, id: string, active: boolean, ctx: RequestContext): Promise<void> {
  await authorize(actor, canCarePlan(actor.role, "resource.manage"), {
    entityType: "Resource",
    entityId: id,
    action: "UPDATE",
  });
  await db.$transaction(async (tx) => {
    const res = await tx.resource.updateMany({ where: { id }, data: { active } });
    if (res.count === 0) throw new AppError("NOT_FOUND");
    await writeAudit(
      {
        actor: who(actor),
        action: "UPDATE",
        entityType: "Resource",
        entityId: id,
        outcome: "SUCCESS",
        ctx,
        details: { active },
      },
      tx,
    );
  });
}

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

/** Coordinator work list: referrals waiting to be scheduled, oldest first. */
export async function listReferralsToSchedule(
  actor: Actor,
  ctx: RequestContext,
): Promise<
  {
    id: string;
    patientId: string;
    patientName: string;
    mrn: string;
    kind: ReferralKind;
    detail: string | null;
    telehealth: boolean;
    version: number;
    createdAt: string;
  }[]
> {
  await authorize(actor, canCarePlan(actor.role, "referral.advance"), { entityType: "Referral", action: "LIST" });
  const rows = await db.referral.findMany({
    where: { status: "REFERRED" },
    orderBy: { createdAt: "asc" },
    take: 200,
    select: {
      id: true,
      kind: true,
      detail: true,
      telehealth: true,
      version: true,
      createdAt: true,
      patient: { select: { id: true, givenName: true, familyName: true, mrn: true } },
    },
  });
  await writeAudit({
    actor: who(actor),
    action: "LIST",
    entityType: "Referral",
    outcome: "SUCCESS",
    ctx,
    details: { scope: "to_schedule", results: rows.length },
  });
  return rows.map((r) => ({
    id: r.id,
    patientId: r.patient.id,
    patientName: `${r.patient.givenName} ${r.patient.familyName}`,
    mrn: r.patient.mrn,
    kind: r.kind,
    detail: r.detail,
    telehealth: r.telehealth,
    version: r.version,
    createdAt: r.createdAt.toISOString(),
  }));
}
