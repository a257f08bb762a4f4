import "server-only";
import { authorize } from "@/server/auth/actor";
import { db, type Tx } from "@/server/db";
import { AppError } from "@/server/errors";
import { visitEventSubscribers } from "@/server/visit-event-subscribers.server";
import type { Actor } from "../identity/core/roles";
import { planReminders } from "./core/reminders";
import { canSchedule } from "./policy";
import { dispatchVisitEvent, type VisitEvent } from "./visit-events";

/** What the changes to a visit share (reschedule, transitions, modality switch, join links). */

/** Publishes a lifecycle event to its subscribers, inside the transaction that changes the visit. */
export const publish = (tx: Tx, event: VisitEvent) => dispatchVisitEvent(visitEventSubscribers(), tx, event);

export async function loadForChange(actor: Actor, visitId: string, action: Parameters<typeof canSchedule>[1]) {
  await authorize(actor, canSchedule(actor.role, action), { entityType: "Visit", entityId: visitId, action: "UPDATE" });
  const v = await db.visit.findUnique({
    where: { id: visitId },
    select: {
      id: true,
      patientId: true,
      clinicianId: true,
      status: true,
      startsAt: true,
      endsAt: true,
      sequence: true,
      modality: true,
      phoneNumber: true,
      patient: { select: { phone: true } },
    },
  });
  if (!v) throw new AppError("NOT_FOUND");
  return v;
}

export const CHANGED_MEANWHILE =
  "This visit was changed by someone else meanwhile. Reload the page to see the latest and try again.";

export async function replaceReminders(tx: Tx, visitId: string, sequence: number, startsAt: Date | null, now: Date) {
  await tx.reminderMessage.updateMany({
    where: { visitId, status: { in: ["PENDING", "HELD"] } },
    data: { status: "CANCELLED" },
  });
  if (startsAt) {
    await tx.reminderMessage.createMany({
      data: planReminders(startsAt, now).map((r) => ({
        visitId,
        kind: r.kind,
        visitSequence: sequence,
        sendAfter: r.sendAfter,
        channel: "email",
      })),
      skipDuplicates: true,
    });
  }
}
