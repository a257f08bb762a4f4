import "server-only";
import type { Tx } from "@/server/db";
import type { RequestContext } from "@/server/request-context";
import { cancelPreVisitRequests, createPreVisitRequests } from "../assessments/assessments.server";
import type { Actor } from "../identity/core/roles";
import { closeVideoRoom, onRoomModalitySwitched } from "../video/roster.server";

/**
 * Hook point for other modules when a visit is booked (e.g. assessments creating pre-visit PEG /
 * PHQ-9 form requests). Hooks run INSIDE the booking transaction: if one throws, the booking
 * rolls back, so keep them small (insert rows; send nothing). Register once at module load:
 *
 *   import { registerVisitBookedHook } from "@/modules/scheduling/visit-hooks.server";
 *   registerVisitBookedHook(async (tx, e) => { await createPreVisitForms(tx, e) });
 *
 * or, simpler and import-order proof, add a direct call in `onVisitBooked` below.
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

/**
 * Whether bookVisit must open a transaction for hooks. A lead adding a direct call in
 * onVisitBooked below must make this return true as well.
 */
export function hasVisitBookedHooks(): boolean {
  // Always true: pre-visit PEG / PHQ-9 requests are created in the booking transaction.
  return true;
}

/** Called by bookVisit for every visit it creates (a recurring series calls it once per visit). */
export async function onVisitBooked(tx: Tx, event: VisitBookedEvent): Promise<void> {
  // Pre-visit forms (issue 4): which instruments and how early are clinic settings.
  await createPreVisitRequests(tx, { patientId: event.patientId, visitId: event.visitId, visitStartsAt: event.startsAt, actor: event.actor ?? null, ctx: event.ctx });
  for (const hook of hooks) await hook(tx, event);
}

/** Called when a visit's time changes: its pending forms move with it (due again before the new time). */
export async function onVisitRescheduled(tx: Tx, event: { visitId: string; patientId: string; startsAt: Date; actor: Actor; ctx: RequestContext }): Promise<void> {
  await cancelPreVisitRequests(tx, { visitId: event.visitId, actor: event.actor, reason: "Visit moved" });
  await createPreVisitRequests(tx, { patientId: event.patientId, visitId: event.visitId, visitStartsAt: event.startsAt, actor: event.actor, ctx: event.ctx });
}

/** Called when a visit is cancelled or missed: pending forms are withdrawn (answered ones stay). */
export async function onVisitClosed(tx: Tx, event: { visitId: string; actor: Actor; reason: string }): Promise<void> {
  await cancelPreVisitRequests(tx, { visitId: event.visitId, actor: event.actor, reason: event.reason });
}

/** Called when a visit reaches a final status (completed, cancelled, no-show): its video room closes. */
export async function onVisitFinished(tx: Tx, event: { visitId: string; now: Date }): Promise<void> {
  await closeVideoRoom(tx, event.visitId, event.now);
}

/** Called when a visit switches between video and phone: an open video room follows. */
export async function onVisitModalitySwitched(tx: Tx, event: { visitId: string; modality: "VIDEO" | "PHONE"; phoneNumber: string | null }): Promise<void> {
  await onRoomModalitySwitched(tx, event.visitId, event.modality, event.phoneNumber);
}
