import "server-only";
import { writeAudit } from "@/server/audit";
import { authorize } from "@/server/auth/actor";
import { db } from "@/server/db";
import type { RequestContext } from "@/server/request-context";
import type { Actor } from "../identity/core/roles";
import { who } from "./care-plan-rows.server";
import type { ReferralKind } from "./core/referral-states";
import { canCarePlan } from "./policy";

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
