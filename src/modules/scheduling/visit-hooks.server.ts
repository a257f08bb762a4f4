import "server-only";
import type { Prisma } from "@/generated/prisma/client";
import type { Tx } from "@/server/db";
import type { RequestContext } from "@/server/request-context";
import { cancelPreVisitRequests, createPreVisitRequests, preVisitRequestsSql } from "../assessments/assessments.server";
import type { Actor } from "../identity/core/roles";
import { closeVideoRoom, onRoomModalitySwitched } from "../video/roster.server";
import { settleConsentToStart } from "../consent/consent.server";
import type { StartConsentChoice } from "../consent/core/start-consent";

/**
 * Hook points for other modules when a visit is booked (e.g. assessments creating pre-visit PEG /
 * PHQ-9 form requests). Two kinds, both atomic with the booking (if one fails, nothing is
 * booked), so keep them small (insert rows; send nothing):
 *
 * - SQL contributed to the booking statement (`visitBookedSql` below): common table expressions
 *   that bookVisit puts into its one INSERT statement. Booking is the hot path (budgeted against a
 *   bare node:http + pg server, tests/bench), and one statement needs no transaction and no extra
 *   round trips. Pre-visit forms are created this way. Add a direct call below.
 * - Registered hooks, run inside a transaction around that statement (bookVisit opens one only
 *   when any is registered). Register once at module load:
 *
 *     import { registerVisitBookedHook } from "@/modules/scheduling/visit-hooks.server";
 *     registerVisitBookedHook(async (tx, e) => { await createSomething(tx, e) });
 */
export type VisitBookedEvent = {
  visitId: string;
  patientId: string;
  clinicianId: string;
  visitTypeId: string;
  modality: "VIDEO" | "PHONE";
  startsAt: Date;
  endsAt: Date;
  bookedByUserId: string;
  actor?: Actor;
  ctx?: RequestContext;
};

export type VisitBookedHook = (tx: Tx, event: VisitBookedEvent) => Promise<void>;

const g = globalThis as unknown as { __vpcVisitBookedHooks?: VisitBookedHook[] };
const hooks = (g.__vpcVisitBookedHooks ??= []);

export function registerVisitBookedHook(hook: VisitBookedHook): void {
  if (!hooks.includes(hook)) hooks.push(hook);
}

/** Whether bookVisit must open a transaction for registered hooks. */
export function hasVisitBookedHooks(): boolean {
  return hooks.length > 0;
}

/**
 * Common table expressions other modules add to the booking statement, for the visits it inserts
 * (one booking or a whole recurring series). Each module names its CTEs with its own prefix.
 */
export function visitBookedSql(event: { patientId: string; visits: { id: string; startsAt: Date }[]; now: Date; actor: Actor; ctx: RequestContext }): Prisma.Sql[] {
  return [
    // Pre-visit forms (issue 4): which instruments and how early are clinic settings; due times
    // count from the moment of booking (a visit booked late is not overdue at once).
    preVisitRequestsSql({ patientId: event.patientId, visits: event.visits, requestedAt: event.now, actor: event.actor, ctx: event.ctx }),
  ];
}

/** Called by bookVisit, inside its transaction, for every visit it creates (when hooks are registered). */
export async function onVisitBooked(tx: Tx, event: VisitBookedEvent): Promise<void> {
  for (const hook of hooks) await hook(tx, event);
}

/** Called when a visit's time changes: its pending forms move with it (due again before the new time). */
export async function onVisitRescheduled(tx: Tx, event: { visitId: string; patientId: string; startsAt: Date; now: Date; actor: Actor; ctx: RequestContext }): Promise<void> {
  await cancelPreVisitRequests(tx, { visitId: event.visitId, actor: event.actor, reason: "Visit moved" });
  await createPreVisitRequests(tx, { patientId: event.patientId, visitId: event.visitId, visitStartsAt: event.startsAt, requestedAt: event.now, actor: event.actor, ctx: event.ctx });
}

/**
 * Called when a visit is cancelled, missed or completed: pending pre-visit forms are withdrawn with
 * the reason (answered ones stay), so a visit that is over never shows forms as overdue.
 */
export async function onVisitClosed(tx: Tx, event: { visitId: string; actor: Actor; reason: string }): Promise<void> {
  await cancelPreVisitRequests(tx, { visitId: event.visitId, actor: event.actor, reason: event.reason });
}

/**
 * Called when a visit starts (any path: the room admitting the patient, "Call" for a phone
 * visit, the visit page), inside its transaction: consent for the modality must be on file, be
 * captured now (verbal) or be excepted with a reason (emergency), or the start is refused.
 */
export async function onVisitStarting(tx: Tx, event: { visitId: string; patientId: string; modality: "VIDEO" | "PHONE"; actor: Actor; ctx: RequestContext; now: Date; consent: StartConsentChoice }): Promise<void> {
  await settleConsentToStart(tx, { visitId: event.visitId, patientId: event.patientId, modality: event.modality, actor: event.actor, choice: event.consent, ctx: event.ctx, now: event.now });
}

/** Called when a visit reaches a final status (completed, cancelled, no-show): its video room closes. */
export async function onVisitFinished(tx: Tx, event: { visitId: string; now: Date }): Promise<void> {
  await closeVideoRoom(tx, event.visitId, event.now);
}

/** Called when a visit switches between video and phone: an open video room follows. */
export async function onVisitModalitySwitched(tx: Tx, event: { visitId: string; modality: "VIDEO" | "PHONE"; phoneNumber: string | null }): Promise<void> {
  await onRoomModalitySwitched(tx, event.visitId, event.modality, event.phoneNumber);
}
