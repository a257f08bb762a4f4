import "server-only";
import { writeAudit } from "@/server/audit";
import { authorize } from "@/server/auth/actor";
import { db } from "@/server/db";
import { AppError, pgErrorCode } from "@/server/errors";
import type { RequestContext } from "@/server/request-context";
import type { Actor } from "../identity/core/roles";
import type { VisitTypeDto } from "./load-availability.server";
import { canSchedule } from "./policy";

// ---------------------------------------------------------------------------------------------
// Admin: visit types and clinician hours (not PHI; audited as configuration changes).
// ---------------------------------------------------------------------------------------------

export async function listVisitTypes(actor: Actor, opts: { includeInactive?: boolean } = {}): Promise<VisitTypeDto[]> {
  await authorize(actor, actor.role !== "PATIENT", { entityType: "VisitType", action: "LIST" });
  return db.visitType.findMany({
    where: opts.includeInactive ? {} : { active: true },
    select: { id: true, name: true, durationMinutes: true, active: true },
    orderBy: [{ active: "desc" }, { durationMinutes: "desc" }, { name: "asc" }],
  });
}

export async function saveVisitType(
  actor: Actor,
  id: string | null,
  input: { name: string; durationMinutes: number; active: boolean },
  ctx: RequestContext,
): Promise<{ id: string }> {
  await authorize(actor, canSchedule(actor.role, "schedule.manageVisitTypes"), {
    entityType: "VisitType",
    entityId: id,
    action: id ? "UPDATE" : "CREATE",
  });
  try {
    return await db.$transaction(async (tx) => {
      const data = { name: input.name, durationMinutes: input.durationMinutes, active: input.active };
      const row = id
        ? await tx.visitType.update({ where: { id }, data, select: { id: true } })
        : await tx.visitType.create({ data, select: { id: true } });
      await writeAudit(
        {
          actor: { userId: actor.userId, role: actor.role },
          action: id ? "UPDATE" : "CREATE",
          entityType: "VisitType",
          entityId: row.id,
          outcome: "SUCCESS",
          ctx,
          details: data,
        },
        tx,
      );
      return row;
    });
  } catch (e) {
    if (pgErrorCode(e) === "23505")
      throw new AppError("CONFLICT", "A visit type with this name already exists.", {
        name: ["This name is already used"],
      });
    if (pgErrorCode(e) === "P2025" || (e as { code?: string }).code === "P2025") throw new AppError("NOT_FOUND");
    throw e;
  }
}
