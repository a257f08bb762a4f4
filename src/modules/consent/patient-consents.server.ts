import "server-only";
import { userNamesById } from "@/modules/identity/index.server";
import { writeAudit } from "@/server/audit";
import { denyAccess } from "@/server/auth/actor";
import { db } from "@/server/db";
import type { RequestContext } from "@/server/request-context";
import { canCarePlan } from "../care-plan/policy";
import type { Actor } from "../identity/core/roles";
import {
  consentStatus,
  isTelehealthConsentKind,
  telehealthConsentKinds,
  type ConsentKind,
  type ConsentStatus,
} from "./core/consent-rules";

export type ConsentRecordDto = {
  id: string;
  kind: ConsentKind;
  method: "VERBAL" | "ELECTRONIC";
  textVersion: number;
  textTitle: string;
  capturedAt: string;
  capturedBy: string | null;
  witnessName: string | null;
  typedName: string | null;
  expiresAt: string;
  revokedAt: string | null;
  revokedReason: string | null;
  /** Who revoked it: a staff member, or the patient themselves (withdrawn in the portal). */
  revokedBy: { kind: "patient" } | { kind: "staff"; name: string } | null;
};
export type PatientConsents = { video: ConsentStatus; phone: ConsentStatus; records: ConsentRecordDto[] };

const who = (a: Actor) => ({ userId: a.userId, role: a.role });

/** A patient's telehealth consents without authorization or audit: for callers that do both (a signed note's PDF). */
export const patientConsentsUnaudited = (patientId: string) => loadConsents(patientId);

async function loadConsents(patientId: string): Promise<PatientConsents> {
  // Telehealth consent only: the patient agreement has its own section (get-agreement.server.ts).
  const rows = await db.consentRecord.findMany({
    where: { patientId, kind: { in: [...telehealthConsentKinds] } },
    orderBy: { capturedAt: "desc" },
    select: {
      id: true,
      kind: true,
      method: true,
      capturedAt: true,
      capturedById: true,
      witnessName: true,
      typedName: true,
      expiresAt: true,
      revokedAt: true,
      revokedById: true,
      revokedReason: true,
      text: { select: { version: true, title: true } },
    },
    take: 100,
  });
  const nameOf = await userNamesById(rows.map((r) => r.capturedById));
  const revokers = await revokersById(rows.map((r) => r.revokedById));
  const now = new Date();
  return {
    video: consentStatus(rows, "VIDEO", now),
    phone: consentStatus(rows, "PHONE", now),
    records: rows.flatMap((r) => {
      if (!isTelehealthConsentKind(r.kind) || r.method === "PAPER") return [];
      return [
        {
          id: r.id,
          kind: r.kind,
          method: r.method,
          textVersion: r.text.version,
          textTitle: r.text.title,
          capturedAt: r.capturedAt.toISOString(),
          capturedBy: r.capturedById ? (nameOf.get(r.capturedById) ?? "Staff") : null,
          witnessName: r.witnessName,
          typedName: r.typedName,
          expiresAt: r.expiresAt.toISOString(),
          revokedAt: r.revokedAt?.toISOString() ?? null,
          revokedReason: r.revokedReason,
          revokedBy: r.revokedAt
            ? (revokers.get(r.revokedById ?? "") ?? { kind: "staff" as const, name: "Staff" })
            : null,
        },
      ];
    }),
  };
}

/** Who revoked: the patient's own account (withdrawn in the portal) or a staff member. */
export async function revokersById(
  ids: readonly (string | null)[],
): Promise<Map<string, NonNullable<ConsentRecordDto["revokedBy"]>>> {
  const unique = [...new Set(ids.filter((x): x is string => !!x))];
  if (unique.length === 0) return new Map();
  const users = await db.user.findMany({ where: { id: { in: unique } }, select: { id: true, name: true, role: true } });
  return new Map(
    users.map((u) => [
      u.id,
      u.role === "PATIENT" ? { kind: "patient" as const } : { kind: "staff" as const, name: u.name },
    ]),
  );
}

export async function getPatientConsents(
  actor: Actor,
  patientId: string,
  ctx: RequestContext,
): Promise<PatientConsents> {
  const own = actor.role === "PATIENT" && actor.patientId === patientId;
  if (!own && !canCarePlan(actor.role, "consent.read"))
    await denyAccess(actor, { entityType: "ConsentRecord", patientId, action: "READ" });
  const result = await loadConsents(patientId);
  await writeAudit({
    actor: who(actor),
    action: "READ",
    entityType: "ConsentRecord",
    patientId,
    outcome: "SUCCESS",
    ctx,
    details: { records: result.records.length },
  });
  return result;
}
