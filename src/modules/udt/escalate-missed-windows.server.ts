import "server-only";
import { writeAudit, type AuditEntry } from "@/server/audit";
import { db } from "@/server/db";
import type { RequestContext } from "@/server/request-context";

// ---------------------------------------------------------------------------------------------
// Missed windows: readers see them at once (stateAsOf in core/due.ts, no write); the background
// worker (src/server/worker/jobs.server.ts) records them every minute, and every transition runs
// it first so a step meets the order's real state. One SQL statement moves
// every due order and writes its event row; the state guard in the UPDATE (re-checked by
// Postgres after any row lock) plus the unique (orderId, version) make it happen exactly once,
// even when several requests run it at the same moment. SKIP LOCKED: an order a person is
// advancing right now is left for the next check instead of blocking the page.
// ---------------------------------------------------------------------------------------------

const MISSED_NOTE = "Collection window ended without a sample: escalated to the care coordinator";

export async function escalateMissedWindows(now: Date = new Date(), ctx?: RequestContext): Promise<number> {
  return db.$transaction(async (tx) => {
    const rows = await tx.$queryRaw<{ orderId: string; patientId: string }[]>`
      WITH due AS (
        SELECT id, state FROM "UdtOrder"
        WHERE state IN ('ORDERED', 'INSTRUCTED') AND "windowEnd" <= ${now}
        ORDER BY "windowEnd"
        LIMIT 500
        FOR UPDATE SKIP LOCKED
      ), moved AS (
        UPDATE "UdtOrder" o
        SET state = 'WINDOW_MISSED', version = o.version + 1, "windowMissedAt" = ${now},
            "dueRole" = 'COORDINATOR', "dueAt" = o."windowEnd", "updatedAt" = ${now}
        FROM due
        WHERE o.id = due.id AND o.state IN ('ORDERED', 'INSTRUCTED')
        RETURNING o.id, o."patientId", o.version, due.state AS "fromState"
      )
      INSERT INTO "UdtOrderEvent" ("orderId", "patientId", version, event, "fromState", "toState", "actorUserId", "actorRole", at, notes)
      SELECT id, "patientId", version, 'MISS_WINDOW', "fromState", 'WINDOW_MISSED', NULL, 'SYSTEM', ${now}, ${MISSED_NOTE}
      FROM moved
      RETURNING "orderId", "patientId"`;
    if (rows.length > 0) {
      const c = ctx ?? { ip: null, requestId: "system-udt-overdue-check", userAgent: null };
      await writeAudit(
        rows.map((r): AuditEntry => ({
          actor: null,
          action: "UPDATE",
          entityType: "UdtOrder",
          entityId: r.orderId,
          patientId: r.patientId,
          outcome: "SUCCESS",
          ctx: c,
          details: { event: "MISS_WINDOW" },
        })),
        tx,
      );
    }
    return rows.length;
  });
}
