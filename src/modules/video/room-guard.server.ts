import "server-only";
import type { Actor } from "../identity/core/roles";
import { denyAccess } from "@/server/auth/actor";
import { db } from "@/server/db";
import { AppError } from "@/server/errors";
import { canInRoom, type RoomAction } from "./core/room-rules";

/** Shared by the room's use-case files: the audit actor, and the clinician's guard. */
export const who = (actor: Actor) => ({ userId: actor.userId, role: actor.role });

/** Admit, remove, end and switch to phone are the clinician's (room-rules canInRoom). */
export async function requireClinicianInRoom(actor: Actor, visitId: string, action: RoomAction) {
  if (actor.role !== "CLINICIAN" || !canInRoom("CLINICIAN", action))
    await denyAccess(actor, { entityType: "VideoRoom", entityId: visitId, action: "UPDATE" });
  const v = await db.visit.findUnique({
    where: { id: visitId },
    select: { id: true, patientId: true, status: true, modality: true },
  });
  if (!v) throw new AppError("NOT_FOUND");
  return v;
}
