import "server-only";
import { writeAudit } from "@/server/audit";
import { db } from "@/server/db";
import { AppError, pgErrorCode } from "@/server/errors";
import type { RequestContext } from "@/server/request-context";
import type { Actor } from "../identity/core/roles";
import { isInWorkingHours } from "./check-working-hours.server";
import { nextFreeSlots } from "./search-open-slots.server";
import { canEditSchedule } from "./core/visit-lifecycle";
import { CHANGED_MEANWHILE, loadForChange, publish, replaceReminders } from "./visit-changes.server";
import { SlotTakenError, who } from "./visit-rows.server";

export async function rescheduleVisit(
  actor: Actor,
  visitId: string,
  input: { startsAt: Date; expectedSequence: number; reason: string },
  ctx: RequestContext,
  now = new Date(),
): Promise<void> {
  const v = await loadForChange(actor, visitId, "visit.reschedule");
  if (!canEditSchedule(v.status))
    throw new AppError("CONFLICT", "Only a scheduled visit that has not started can be moved.");
  if (v.sequence !== input.expectedSequence) throw new AppError("CONFLICT", CHANGED_MEANWHILE);
  if (input.startsAt.getTime() < now.getTime())
    throw new AppError("VALIDATION", undefined, {
      startsAt: ["That time has already passed. Choose a time in the future."],
    });
  const duration = v.endsAt.getTime() - v.startsAt.getTime();
  const endsAt = new Date(input.startsAt.getTime() + duration);
  if (!(await isInWorkingHours(v.clinicianId, input.startsAt, endsAt))) {
    throw new AppError("VALIDATION", "That time is outside the clinician's working hours.", {
      startsAt: ["Outside the clinician's working hours"],
    });
  }
  try {
    await db.$transaction(async (tx) => {
      const r = await tx.visit.updateMany({
        where: { id: visitId, sequence: input.expectedSequence, status: "SCHEDULED" },
        data: { startsAt: input.startsAt, endsAt, sequence: { increment: 1 } },
      });
      if (r.count !== 1) throw new AppError("CONFLICT", CHANGED_MEANWHILE);
      await tx.visitEvent.create({
        data: {
          visitId,
          actorUserId: actor.userId,
          kind: "RESCHEDULED",
          reason: input.reason,
          details: { from: v.startsAt.toISOString(), to: input.startsAt.toISOString() },
        },
      });
      await replaceReminders(tx, visitId, input.expectedSequence + 1, input.startsAt, now);
      await publish(tx, {
        type: "visit.rescheduled",
        visitId,
        patientId: v.patientId,
        startsAt: input.startsAt,
        now,
        actor,
        ctx,
      });
      await writeAudit(
        {
          actor: who(actor),
          action: "UPDATE",
          entityType: "Visit",
          entityId: visitId,
          patientId: v.patientId,
          outcome: "SUCCESS",
          ctx,
          details: { changed: ["startsAt", "endsAt"], event: "reschedule" },
        },
        tx,
      );
    });
  } catch (e) {
    if (pgErrorCode(e) === "23P01") {
      throw new SlotTakenError(
        await nextFreeSlots(
          {
            clinicianId: v.clinicianId,
            patientId: v.patientId,
            durationMinutes: duration / 60_000,
            after: input.startsAt,
            count: 5,
            excludeVisitId: visitId,
          },
          now,
        ),
      );
    }
    throw e;
  }
}
