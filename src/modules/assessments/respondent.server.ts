import "server-only";
import type { AuditActor } from "@/server/audit";
import { denyAccess } from "@/server/auth/actor";
import { db } from "@/server/db";
import { AppError } from "@/server/errors";
import { linkSessionAudit, type LinkSession } from "../patient-access/index.server";
import type { Actor } from "../identity/core/roles";
import { canFillFor } from "./policy";

/**
 * Who is filling a form: a signed-in patient (portal) or someone holding a link session for one
 * patient (no account). Every patient-side query (fill-forms.server.ts) is scoped to
 * `respondentPatientId` in its where clause.
 */
export type Respondent = { kind: "portal"; actor: Actor } | { kind: "link"; patientId: string; sessionId: string };

/** The respondent a link session stands for (a forms link, or a join link from the waiting room). */
export function linkRespondent(session: LinkSession): Respondent {
  return { kind: "link", patientId: session.patientId, sessionId: session.sessionId };
}

export async function respondentPatientId(r: Respondent, entityId: string | null): Promise<string> {
  switch (r.kind) {
    case "portal":
      if (!r.actor.patientId || !canFillFor(r.actor, r.actor.patientId)) {
        await denyAccess(r.actor, { entityType: "FormRequest", entityId, action: "ACCESS" });
      }
      return r.actor.patientId as string;
    case "link":
      return r.patientId;
  }
}

/** A form request's patient, for a refusal's audit row only. */
export async function patientOfRequest(requestId: string): Promise<string | null> {
  return (
    (await db.formRequest.findUnique({ where: { id: requestId }, select: { patientId: true } }))?.patientId ?? null
  );
}

export function auditActorOf(r: Respondent): AuditActor {
  return r.kind === "portal" ? { userId: r.actor.userId, role: r.actor.role } : null;
}
export function viaOf(r: Respondent): Record<string, string> {
  return r.kind === "portal" ? { via: "portal" } : linkSessionAudit({ sessionId: r.sessionId });
}

// The staff side: who a staff member is in an audit row, and the patient a staff write is for.

export const staff = (a: Actor): AuditActor => ({ userId: a.userId, role: a.role });

export async function assertPatientExists(patientId: string) {
  const p = await db.patient.findUnique({ where: { id: patientId }, select: { id: true } });
  if (!p) throw new AppError("NOT_FOUND");
}
