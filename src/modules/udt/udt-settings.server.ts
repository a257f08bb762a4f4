import "server-only";
import { writeAudit } from "@/server/audit";
import { authorize } from "@/server/auth/actor";
import { db, type Tx } from "@/server/db";
import type { RequestContext } from "@/server/request-context";
import type { Actor } from "../identity/core/roles";
import { canUdt } from "./policy";
import type { UdtSettingsInput } from "./schemas";

const who = (actor: Actor) => ({ userId: actor.userId, role: actor.role });

export type UdtSettings = { collectionWindowHours: number; monitoringIntervalDays: number };
const defaultUdtSettings: UdtSettings = { collectionWindowHours: 24, monitoringIntervalDays: 365 };

export async function readSettings(client: Tx | typeof db = db): Promise<UdtSettings> {
  const s = await client.udtSetting.findUnique({
    where: { id: 1 },
    select: { collectionWindowHours: true, monitoringIntervalDays: true },
  });
  return s ?? defaultUdtSettings;
}

export async function getUdtSettings(actor: Actor): Promise<UdtSettings> {
  await authorize(actor, canUdt(actor.role, "udt.settings.read"), { entityType: "UdtSetting", action: "READ" });
  return readSettings();
}

export async function updateUdtSettings(actor: Actor, input: UdtSettingsInput, ctx: RequestContext): Promise<void> {
  await authorize(actor, canUdt(actor.role, "udt.settings.update"), { entityType: "UdtSetting", action: "UPDATE" });
  await db.$transaction(async (tx) => {
    await tx.udtSetting.upsert({
      where: { id: 1 },
      create: {
        id: 1,
        collectionWindowHours: input.collectionWindowHours,
        monitoringIntervalDays: input.monitoringIntervalDays,
        updatedById: actor.userId,
      },
      update: {
        collectionWindowHours: input.collectionWindowHours,
        monitoringIntervalDays: input.monitoringIntervalDays,
        updatedById: actor.userId,
      },
    });
    await writeAudit(
      {
        actor: who(actor),
        action: "UPDATE",
        entityType: "UdtSetting",
        entityId: "1",
        outcome: "SUCCESS",
        ctx,
        details: { ...input },
      },
      tx,
    );
  });
}
