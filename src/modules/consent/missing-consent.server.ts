import "server-only";
import { writeAudit } from "@/server/audit";
import { authorize } from "@/server/auth/actor";
import { db } from "@/server/db";
import type { RequestContext } from "@/server/request-context";
import { canCarePlan } from "../care-plan/policy";
import type { Actor } from "../identity/core/roles";
import { consentStatus } from "./core/consent-rules";

const who = (a: Actor) => ({ userId: a.userId, role: a.role });

type MissingConsentRow = {
  visitId: string;
  startsAt: string;
  modality: "VIDEO" | "PHONE";
  patientId: string;
  patientName: string;
  mrn: string;
  clinicianName: string;
  state: "missing" | "expired" | "revoked";
};

/**
 * Coordinator work list: upcoming visits (next `days` days, not cancelled) whose patient has no
 * valid consent for the visit's modality. Two queries whatever the number of visits.
 */
export async function listVisitsMissingConsent(
  actor: Actor,
  ctx: RequestContext,
  opts: { days?: number; now?: Date } = {},
): Promise<MissingConsentRow[]> {
  await authorize(actor, canCarePlan(actor.role, "consent.read"), { entityType: "ConsentRecord", action: "LIST" });
  const now = opts.now ?? new Date();
  const until = new Date(now.getTime() + (opts.days ?? 14) * 86_400_000);
  const visits = await db.visit.findMany({
    where: {
      startsAt: { gte: new Date(now.getTime() - 60 * 60_000), lt: until },
      status: { in: ["SCHEDULED", "CHECKED_IN", "IN_PROGRESS"] },
    },
    orderBy: { startsAt: "asc" },
    take: 500,
    select: {
      id: true,
      startsAt: true,
      modality: true,
      patientId: true,
      patient: { select: { givenName: true, familyName: true, mrn: true } },
      clinician: { select: { name: true } },
    },
  });
  const patientIds = [...new Set(visits.map((v) => v.patientId))];
  const records = patientIds.length
    ? await db.consentRecord.findMany({
        where: { patientId: { in: patientIds } },
        select: { id: true, patientId: true, kind: true, capturedAt: true, expiresAt: true, revokedAt: true },
      })
    : [];
  const byPatient = new Map<string, typeof records>();
  for (const r of records) byPatient.set(r.patientId, [...(byPatient.get(r.patientId) ?? []), r]);
  const rows: MissingConsentRow[] = [];
  for (const v of visits) {
    const status = consentStatus(byPatient.get(v.patientId) ?? [], v.modality, v.startsAt > now ? v.startsAt : now);
    if (status.state === "valid") continue;
    rows.push({
      visitId: v.id,
      startsAt: v.startsAt.toISOString(),
      modality: v.modality,
      patientId: v.patientId,
      patientName: `${v.patient.givenName} ${v.patient.familyName}`,
      mrn: v.patient.mrn,
      clinicianName: v.clinician.name,
      state: status.state,
    });
  }
  await writeAudit({
    actor: who(actor),
    action: "LIST",
    entityType: "ConsentRecord",
    outcome: "SUCCESS",
    ctx,
    details: { scope: "missing_for_upcoming_visits", results: rows.length },
  });
  return rows;
}
