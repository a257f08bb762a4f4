import "server-only";
import { writeAudit } from "@/server/audit";
import { authorize } from "@/server/auth/actor";
import { db, type Tx } from "@/server/db";
import type { RequestContext } from "@/server/request-context";
import type { Actor } from "../identity/core/roles";
import type { InstrumentCode } from "./core/instruments";
import { canAssessments } from "./policy";
import { staff } from "./respondent.server";
import type { SettingsInput } from "./schemas";

/** Clinic settings for pre-visit forms: which instruments, when they are due, how long a link lasts. */

type FormSettings = {
  preVisitInstruments: InstrumentCode[];
  dueMinutesBefore: number;
  linkTtlHours: number;
  updatedAt: string;
};

export const settingsDefaults = {
  preVisitInstruments: ["PEG", "PHQ9"] as InstrumentCode[],
  dueMinutesBefore: 120,
  linkTtlHours: 72,
};

export async function readSettings(
  client: Tx | typeof db = db,
): Promise<Omit<FormSettings, "updatedAt"> & { updatedAt: Date | null }> {
  const s = await client.assessmentSettings.findUnique({
    where: { id: 1 },
    select: { preVisitInstruments: true, dueMinutesBefore: true, linkTtlHours: true, updatedAt: true },
  });
  return s ?? { ...settingsDefaults, updatedAt: null };
}

export async function getFormSettings(actor: Actor): Promise<FormSettings> {
  await authorize(actor, canAssessments(actor.role, "settings.read"), {
    entityType: "AssessmentSettings",
    action: "READ",
  });
  const s = await readSettings();
  return { ...s, updatedAt: s.updatedAt?.toISOString() ?? "" };
}

export async function updateFormSettings(actor: Actor, input: SettingsInput, ctx: RequestContext): Promise<void> {
  await authorize(actor, canAssessments(actor.role, "settings.update"), {
    entityType: "AssessmentSettings",
    action: "UPDATE",
  });
  await db.$transaction(async (tx) => {
    const data = {
      preVisitInstruments: input.preVisitInstruments,
      dueMinutesBefore: input.dueMinutesBefore,
      linkTtlHours: input.linkTtlHours,
      updatedById: actor.userId,
    };
    await tx.assessmentSettings.upsert({
      where: { id: 1 },
      create: { id: 1, ...data },
      update: data,
      select: { id: true },
    });
    await writeAudit(
      {
        actor: staff(actor),
        action: "UPDATE",
        entityType: "AssessmentSettings",
        entityId: "1",
        outcome: "SUCCESS",
        ctx,
        details: { ...input },
      },
      tx,
    );
  });
}
