import "server-only";
import { writeAudit, type AuditActor } from "@/server/audit";
import type { Tx } from "@/server/db";
import type { RequestContext } from "@/server/request-context";
import type { LinkPurpose } from "./core/purposes";

/**
 * The one audit shape for patient links, whatever the purpose: entityType "PatientLink", the
 * link's id (null when the token matched nothing), the patient when known, and details
 * { purpose, event, result }. Access granted is SUCCESS; every refusal is DENIED.
 * PHI read through a link session is audited by the module that reads it, with
 * linkSessionAudit(session) as its details (index.server.ts).
 */
export type LinkEvent = "issue" | "redeem";
export type LinkResult =
  "issued" | "redeemed" | "invalid" | "expired" | "revoked" | "locked" | "done" | "rate_limited" | "wrong_birth_date";

export async function auditLink(
  e: {
    actor?: AuditActor;
    link: { id: string; patientId: string } | null;
    purpose: LinkPurpose | null;
    event: LinkEvent;
    result: LinkResult;
    ctx: RequestContext;
  },
  tx?: Tx,
): Promise<void> {
  const granted = e.result === "issued" || e.result === "redeemed";
  await writeAudit(
    {
      actor: e.actor ?? null,
      action: e.event === "issue" ? "CREATE" : "ACCESS",
      entityType: "PatientLink",
      entityId: e.link?.id ?? null,
      patientId: e.link?.patientId ?? null,
      outcome: granted ? "SUCCESS" : "DENIED",
      ctx: e.ctx,
      details: { purpose: e.purpose, event: e.event, result: e.result },
    },
    tx,
  );
}
