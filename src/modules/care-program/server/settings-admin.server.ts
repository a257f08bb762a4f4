import "server-only";
import type { Prisma } from "@/generated/prisma/client";
import { writeAudit } from "@/server/audit";
import { authorize } from "@/server/auth/actor";
import { db } from "@/server/db";
import type { RequestContext } from "@/server/request-context";
import type { Actor } from "../../identity/core/roles";
import type { CareProgramSettings } from "../core/settings";
import { canDea } from "../dea-policy";
import { readCareProgramSettings } from "./settings.server";

const who = (a: Actor) => ({ userId: a.userId, role: a.role });

/** The clinic's care-program thresholds for the admin form (the stored row over the defaults). */
export async function getCareProgramSettings(actor: Actor): Promise<CareProgramSettings> {
  await authorize(actor, canDea(actor.role, "careProgram.settings.read"), {
    entityType: "CareProgramSetting",
    action: "READ",
  });
  return readCareProgramSettings();
}

/**
 * Saves every threshold at once (the input was parsed by careProgramSettingsSchema, so each
 * value is in range). One row, id 1; the audit row names the settings that changed and their new
 * values (thresholds, no PHI). Nothing changed: nothing written but the audit row.
 */
export async function updateCareProgramSettings(
  actor: Actor,
  input: CareProgramSettings,
  ctx: RequestContext,
): Promise<{ changed: string[] }> {
  await authorize(actor, canDea(actor.role, "careProgram.settings.update"), {
    entityType: "CareProgramSetting",
    action: "UPDATE",
  });
  return db.$transaction(async (tx) => {
    const before = await readCareProgramSettings(tx);
    const changed = (Object.keys(input) as (keyof CareProgramSettings)[]).filter((k) => before[k] !== input[k]);
    const values = { ...input } as Prisma.InputJsonObject;
    await tx.careProgramSetting.upsert({
      where: { id: 1 },
      create: { id: 1, values, updatedById: actor.userId },
      update: { values, updatedById: actor.userId },
    });
    const details: Prisma.InputJsonObject = { changed, values: Object.fromEntries(changed.map((k) => [k, input[k]])) };
    await writeAudit(
      {
        actor: who(actor),
        action: "UPDATE",
        entityType: "CareProgramSetting",
        entityId: "1",
        outcome: "SUCCESS",
        ctx,
        details,
      },
      tx,
    );
    return { changed };
  });
}
