import "server-only";
import { Prisma } from "@/generated/prisma/client";
import { auditRowsSql } from "@/server/audit";
import type { Tx } from "@/server/db";
import type { RequestContext } from "@/server/request-context";
import type { Actor } from "../identity/core/roles";
import type { VisitEventSubscriber, VisitsBooked } from "../scheduling/visit-events";
import { settingsDefaults } from "./form-settings.server";

/**
 * Pre-visit forms: one request per instrument in the clinic settings for each visit, due as
 * `preVisitDueAt` (src/modules/assessments/core/readiness.ts) says. One code path: the same SQL
 * joins the booking statement (bookedSql below) and runs on its own when a visit moves
 * (requestPreVisitForms), so both write the same rows with the same due time and audit rows.
 */

/** Why the requests were made (in their audit rows). */
export type PreVisitRequestReason = "visit_booked" | "visit_rescheduled";

/**
 * Common table expressions (named pv_*) that create the requests for the given visits: composed
 * into scheduling's booking INSERT (one statement, no transaction), or run alone. Per visit, one
 * request per instrument in the clinic settings (defaults when none are saved), each audited as
 * created. ON CONFLICT DO NOTHING guards the partial unique index (one live request per visit
 * and instrument), so a retry or a second call cannot duplicate forms. The due time is
 * `preVisitDueAt` written in SQL (the settings are read inside this statement):
 * `dueMinutesBefore` before the visit when that is still after the request, otherwise the
 * visit's start. tests/integration/scheduling.test.ts checks this against preVisitDueAt at the
 * boundaries.
 */
export function preVisitRequestsSql(input: {
  patientId: string;
  visits: readonly { id: string; startsAt: Date }[];
  requestedAt: Date;
  actor: Actor | null;
  ctx: RequestContext;
  reason?: PreVisitRequestReason;
}): Prisma.Sql {
  const userId = input.actor?.userId ?? null;
  const audit = auditRowsSql(
    "pv_audit",
    {
      actor: input.actor ? { userId: input.actor.userId, role: input.actor.role } : null,
      action: "CREATE",
      entityType: "FormRequest",
      entityId: Prisma.sql`r."id"::text`,
      patientId: input.patientId,
      outcome: "SUCCESS",
      ctx: input.ctx,
      details: Prisma.sql`jsonb_build_object('reason', ${input.reason ?? "visit_booked"}::text, 'visitId', r."visitId")`,
    },
    Prisma.sql`pv_requests r`,
  );
  return Prisma.sql`
    pv_settings AS (
      SELECT coalesce(s."preVisitInstruments", ${settingsDefaults.preVisitInstruments}::"Instrument"[]) AS "instruments",
             coalesce(s."dueMinutesBefore", ${settingsDefaults.dueMinutesBefore}::int) AS "dueMinutesBefore"
      FROM (SELECT 1) AS one LEFT JOIN "AssessmentSettings" s ON s."id" = 1),
    pv_requests AS (
      INSERT INTO "FormRequest" ("id", "patientId", "visitId", "instrument", "dueAt", "createdById")
      SELECT gen_random_uuid(), ${input.patientId}::uuid, t.visit, i.instrument,
             CASE WHEN t.starts - make_interval(mins => st."dueMinutesBefore") > ${input.requestedAt}::timestamptz
                  THEN t.starts - make_interval(mins => st."dueMinutesBefore") ELSE t.starts END,
             ${userId}::uuid
      FROM pv_settings st
        CROSS JOIN unnest(${input.visits.map((v) => v.id)}::uuid[], ${input.visits.map((v) => v.startsAt)}::timestamptz[]) AS t(visit, starts)
        CROSS JOIN unnest(st."instruments") AS i(instrument)
      ON CONFLICT DO NOTHING
      RETURNING "id", "visitId"),
    ${audit}`;
}

/**
 * The requests for one or more visits, inside the caller's transaction (the same statement as at
 * booking). Returns the live requests of those visits (new or already there).
 */
export async function requestPreVisitForms(
  tx: Tx,
  input: {
    patientId: string;
    visits: readonly { id: string; startsAt: Date }[];
    requestedAt: Date;
    actor: Actor | null;
    ctx: RequestContext;
    reason?: PreVisitRequestReason;
  },
): Promise<{ requestIds: string[] }> {
  await tx.$executeRaw(Prisma.sql`WITH ${preVisitRequestsSql(input)} SELECT 1`);
  const rows = await tx.formRequest.findMany({
    where: { patientId: input.patientId, visitId: { in: input.visits.map((v) => v.id) }, status: { not: "CANCELLED" } },
    select: { id: true },
  });
  return { requestIds: rows.map((r) => r.id) };
}

/** A visit that is over or moved withdraws its pending forms, with the reason (answered ones stay). */
export async function cancelPreVisitRequests(
  tx: Tx,
  input: { visitId: string; actor?: Actor | null; reason?: string },
): Promise<number> {
  const r = await tx.formRequest.updateMany({
    where: { visitId: input.visitId, status: "PENDING" },
    data: {
      status: "CANCELLED",
      cancelledAt: new Date(),
      cancelledById: input.actor?.userId ?? null,
      cancelReason: input.reason ?? "Visit cancelled",
    },
  });
  return r.count;
}

/** How assessments follows the visit lifecycle (src/modules/scheduling/visit-events.ts). */
export const assessmentsVisitSubscriber: VisitEventSubscriber = {
  name: "assessments",
  bookedSql: (e: VisitsBooked) =>
    preVisitRequestsSql({ patientId: e.patientId, visits: e.visits, requestedAt: e.now, actor: e.actor, ctx: e.ctx }),
  on: {
    // A moved visit: its pending forms are due again before the new time.
    "visit.rescheduled": async (tx, e) => {
      await cancelPreVisitRequests(tx, { visitId: e.visitId, actor: e.actor, reason: "Visit moved" });
      await requestPreVisitForms(tx, {
        patientId: e.patientId,
        visits: [{ id: e.visitId, startsAt: e.startsAt }],
        requestedAt: e.now,
        actor: e.actor,
        ctx: e.ctx,
        reason: "visit_rescheduled",
      });
    },
    // Cancelled, missed or completed: a visit that is over never shows forms as overdue.
    "visit.closed": async (tx, e) => {
      await cancelPreVisitRequests(tx, { visitId: e.visitId, actor: e.actor, reason: e.reason });
    },
  },
};
