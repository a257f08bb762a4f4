import "server-only";
import type { Tx } from "@/server/db";

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
  return hooks.length > 0;
}

/** Called by bookVisit for every visit it creates (a recurring series calls it once per visit). */
export async function onVisitBooked(tx: Tx, event: VisitBookedEvent): Promise<void> {
  // Direct calls from other modules go here (lead: assessments' pre-visit form requests).
  for (const hook of hooks) await hook(tx, event);
}
