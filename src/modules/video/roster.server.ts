import "server-only";
import type { VisitEventSubscriber } from "../scheduling/visit-events";
import { db, type Tx } from "@/server/db";
import type { Roster } from "./core/roster-merge";
import { revokePatientLinks } from "../patient-access/index.server";
import { emitRoomEvent } from "./signals.server";

export async function loadRoster(client: Tx | typeof db, visitId: string): Promise<Roster | null> {
  const v = await client.visit.findUnique({
    where: { id: visitId },
    select: {
      status: true,
      modality: true,
      startedAt: true,
      completedAt: true,
      videoParticipants: {
        orderBy: { createdAt: "asc" },
        select: {
          id: true,
          displayName: true,
          role: true,
          state: true,
          connectionId: true,
          waitingSince: true,
          admittedAt: true,
          phoneRequestedAt: true,
          rev: true,
        },
      },
    },
  });
  if (!v) return null;
  return {
    visitId,
    status: v.status,
    modality: v.modality,
    startedAt: v.startedAt?.toISOString() ?? null,
    completedAt: v.completedAt?.toISOString() ?? null,
    participants: v.videoParticipants.map((p) => ({
      id: p.id,
      name: p.displayName,
      role: p.role,
      state: p.state,
      connection: p.state === "ADMITTED" || p.state === "WAITING" ? p.connectionId : null,
      waitingSince: p.waitingSince?.toISOString() ?? null,
      admittedAt: p.admittedAt?.toISOString() ?? null,
      phoneRequested: !!p.phoneRequestedAt,
      rev: p.rev,
    })),
  };
}

/**
 * The roster together with the newest signal id it reflects, read from one snapshot of the
 * database: a browser applies a roster only if it is not older than the last one it applied.
 */
export async function loadRosterSnapshot(visitId: string): Promise<{ roster: Roster; asOf: string } | null> {
  return db.$transaction(
    async (tx) => {
      const roster = await loadRoster(tx, visitId);
      const newest = await tx.videoSignal.aggregate({ where: { visitId }, _max: { id: true } });
      return roster ? { roster, asOf: newest._max.id?.toString() ?? "0" } : null;
    },
    { isolationLevel: "RepeatableRead" },
  );
}

/** Broadcasts the current roster inside the caller's transaction (delivered on commit). */
export async function publishRoster(tx: Tx, visitId: string): Promise<void> {
  const roster = await loadRoster(tx, visitId);
  if (roster) await emitRoomEvent(tx, visitId, null, "roster", roster);
}

/**
 * The visit is over (completed, cancelled, missed): everyone leaves the room, guest links stop
 * working, and the relay rows go. Called from the visit lifecycle inside its transaction.
 */
export async function closeVideoRoom(tx: Tx, visitId: string, now: Date): Promise<void> {
  const open = await tx.videoParticipant.findMany({
    where: { visitId },
    select: { id: true, role: true, state: true },
  });
  if (open.length === 0) return;
  await tx.videoParticipant.updateMany({
    where: { visitId, state: { in: ["WAITING", "ADMITTED"] } },
    data: { state: "LEFT", leftAt: now, connectionId: null, rev: { increment: 1 } },
  });
  for (const p of open)
    if (p.role === "CAREGIVER" || p.role === "INTERPRETER")
      await revokePatientLinks(tx, { purpose: "visit-guest", subjectId: p.id, reason: "visit_over" }, now);
  await tx.videoSignal.deleteMany({ where: { visitId, kind: { not: "roster" } } });
  await publishRoster(tx, visitId);
}

/**
 * The visit moved to phone (a failing video, or no camera): the room shows it at once, and the
 * patient's screen says the clinic will call and at which number (sent to the patient only).
 */
export async function onRoomModalitySwitched(
  tx: Tx,
  visitId: string,
  modality: "VIDEO" | "PHONE",
  phoneNumber: string | null,
): Promise<void> {
  const patient = await tx.videoParticipant.findFirst({ where: { visitId, role: "PATIENT" }, select: { id: true } });
  if (!patient && !(await tx.videoParticipant.count({ where: { visitId } }))) return;
  if (modality === "PHONE") {
    await tx.videoParticipant.updateMany({
      where: { visitId, state: { in: ["WAITING", "ADMITTED"] } },
      data: { state: "LEFT", leftAt: new Date(), connectionId: null, rev: { increment: 1 } },
    });
    if (patient) await emitRoomEvent(tx, visitId, patient.id, "phone", { phoneNumber });
  }
  await publishRoster(tx, visitId);
}

/** How the video room follows the visit lifecycle (src/modules/scheduling/visit-events.ts). */
export const videoVisitSubscriber: VisitEventSubscriber = {
  name: "video",
  on: {
    "visit.finished": (tx, e) => closeVideoRoom(tx, e.visitId, e.now),
    "visit.modality-switched": (tx, e) => onRoomModalitySwitched(tx, e.visitId, e.modality, e.phoneNumber),
  },
};
