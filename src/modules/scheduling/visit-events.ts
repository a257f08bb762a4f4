import type { Prisma } from "@/generated/prisma/client";
import type { Tx } from "@/server/db";
import type { RequestContext } from "@/server/request-context";
import type { StartConsentChoice } from "../consent/core/start-consent";
import type { Actor } from "../identity/core/roles";

/**
 * The visit lifecycle as typed events. Scheduling publishes them inside the transaction that
 * changes the visit; other modules subscribe (assessments: pre-visit forms; consent: consent
 * before the start; video: the room). A subscriber's handler runs in that transaction, so if it
 * throws, the visit does not change either: keep handlers small (write rows; send nothing).
 * The subscribers are listed once, in src/server/visit-event-subscribers.server.ts.
 */
export type VisitEvent =
  | {
      type: "visit.rescheduled";
      visitId: string;
      patientId: string;
      startsAt: Date;
      now: Date;
      actor: Actor;
      ctx: RequestContext;
    }
  | {
      type: "visit.closed";
      visitId: string;
      status: "CANCELLED" | "NO_SHOW" | "COMPLETED";
      reason: string;
      actor: Actor;
      now: Date;
    }
  | {
      type: "visit.starting";
      visitId: string;
      patientId: string;
      modality: "VIDEO" | "PHONE";
      consent: StartConsentChoice;
      actor: Actor;
      ctx: RequestContext;
      now: Date;
    }
  | { type: "visit.finished"; visitId: string; now: Date }
  | { type: "visit.modality-switched"; visitId: string; modality: "VIDEO" | "PHONE"; phoneNumber: string | null };

export type VisitEventType = VisitEvent["type"];

/**
 * Visits being booked (one, or a recurring series): booking is one INSERT statement (the hot
 * path, budgeted against a bare server in tests/bench), so a subscriber contributes common table
 * expressions to it, named with its own prefix, instead of a handler.
 */
export type VisitsBooked = {
  patientId: string;
  visits: readonly { id: string; startsAt: Date }[];
  now: Date;
  actor: Actor;
  ctx: RequestContext;
};

export type VisitEventHandlers = {
  [K in VisitEventType]?: (tx: Tx, event: Extract<VisitEvent, { type: K }>) => Promise<void>;
};

export type VisitEventSubscriber = {
  name: string;
  bookedSql?: (event: VisitsBooked) => Prisma.Sql;
  on?: VisitEventHandlers;
};

/** Runs every subscriber's handler for the event, in the order listed, inside `tx`. */
export async function dispatchVisitEvent(
  subscribers: readonly VisitEventSubscriber[],
  tx: Tx,
  event: VisitEvent,
): Promise<void> {
  for (const s of subscribers) {
    const handler = s.on?.[event.type] as ((tx: Tx, e: VisitEvent) => Promise<void>) | undefined;
    if (handler) await handler(tx, event);
  }
}

/** The booking statement's contributions from every subscriber. */
export function bookedSqlOf(subscribers: readonly VisitEventSubscriber[], event: VisitsBooked): Prisma.Sql[] {
  return subscribers.flatMap((s) => (s.bookedSql ? [s.bookedSql(event)] : []));
}
