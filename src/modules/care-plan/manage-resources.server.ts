import "server-only";
import { writeAudit } from "@/server/audit";
import { authorize } from "@/server/auth/actor";
import { db } from "@/server/db";
import { AppError, pgErrorCode } from "@/server/errors";
import type { RequestContext } from "@/server/request-context";
import type { Actor } from "../identity/core/roles";
import { type ResourceDto, who } from "./care-plan-rows.server";
import { canCarePlan } from "./policy";

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
