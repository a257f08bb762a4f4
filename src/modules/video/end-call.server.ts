import "server-only";
import { writeAudit } from "@/server/audit";
import { db } from "@/server/db";
import { AppError } from "@/server/errors";
import type { RequestContext } from "@/server/request-context";
import type { Actor } from "../identity/core/roles";
import { switchVisitModality, transitionVisit } from "@/modules/scheduling/index.server";
import { canInRoom } from "./core/room-rules";
import type { RoomClaims } from "./core/room-token";
import { requireClinicianInRoom } from "./room-guard.server";
import { publishRoster } from "./roster.server";
import { audioOnlyReasons, type AudioOnlyReasonCode } from "./schemas";

/** How a video visit ends: the patient asks for a phone call, the clinician switches to phone or ends it. */

/** The patient (or caregiver) asks for a phone call instead; the clinician sees it at once. */
export async function requestPhoneCall(claims: RoomClaims, ctx: RequestContext, now = new Date()): Promise<void> {
  if (!canInRoom(claims.r, "requestPhone")) throw new AppError("FORBIDDEN");
  await db.$transaction(async (tx) => {
    const u = await tx.videoParticipant.updateMany({
      where: { id: claims.p, connectionId: claims.c, state: { in: ["WAITING", "ADMITTED"] } },
      data: { phoneRequestedAt: now, rev: { increment: 1 } },
    });
    if (u.count !== 1) throw new AppError("CONFLICT", "You are no longer in this visit's room.");
    const v = await tx.visit.findUnique({ where: { id: claims.v }, select: { patientId: true } });
    await writeAudit(
      {
        actor: null,
        action: "UPDATE",
        entityType: "VideoParticipant",
        entityId: claims.p,
        patientId: v?.patientId ?? null,
        outcome: "SUCCESS",
        ctx,
        details: { event: "phone_requested" },
      },
      tx,
    );
    await publishRoster(tx, claims.v);
  });
}

/**
 * One action when video fails or the patient cannot use it: the visit becomes audio-only with
 * the reason recorded (note and billing modifier read it), the room closes, the patient's screen
 * says the clinic will call, and the clinician gets the number to call.
 */
export async function fallBackToPhone(
  actor: Actor,
  visitId: string,
  input: { reason: AudioOnlyReasonCode; detail?: string; phoneNumber: string | null },
  ctx: RequestContext,
  now = new Date(),
): Promise<{ phoneNumber: string | null }> {
  await requireClinicianInRoom(actor, visitId, "switchToPhone");
  const reason = input.detail ? `${audioOnlyReasons[input.reason]}: ${input.detail}` : audioOnlyReasons[input.reason];
  return switchVisitModality(
    actor,
    visitId,
    { modality: "PHONE", phoneNumber: input.phoneNumber, reason, reasonCode: input.reason },
    ctx,
    now,
  );
}

/** The clinician ends the call: the visit is completed with its end time. */
export async function endVideoVisit(
  actor: Actor,
  visitId: string,
  ctx: RequestContext,
  now = new Date(),
): Promise<void> {
  const v = await requireClinicianInRoom(actor, visitId, "end");
  if (v.status !== "IN_PROGRESS")
    throw new AppError(
      "CONFLICT",
      "Only a visit under way can be ended. Let the patient in first, or mark a no-show from the visit page.",
    );
  await transitionVisit(actor, visitId, "COMPLETE", "Video call ended", ctx, now);
}
