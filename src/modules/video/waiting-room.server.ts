import "server-only";
import { writeAudit } from "@/server/audit";
import { denyAccess } from "@/server/auth/actor";
import { db } from "@/server/db";
import { AppError } from "@/server/errors";
import type { RequestContext } from "@/server/request-context";
import { linkSessionAudit, type LinkSession } from "../patient-access/index.server";
import type { Actor } from "../identity/core/roles";
import { toPatientView, type PatientVisitView } from "@/modules/scheduling/index.server";
import type { RoomRole } from "./core/room-rules";
import type { Roster } from "./core/roster-merge";
import { who } from "./room-guard.server";
import { loadRoster } from "./roster.server";
import { isSeatLive } from "./seat.server";

/** Reads of the room: the clinician's roster, the waiting rooms on Today, a guest's link page. */

/** The room as the clinician's screen renders it first (then live from the stream). */
export async function getRoomRoster(actor: Actor, visitId: string, ctx: RequestContext): Promise<Roster> {
  if (actor.role !== "CLINICIAN" && actor.role !== "COORDINATOR")
    await denyAccess(actor, { entityType: "VideoRoom", entityId: visitId, action: "READ" });
  const r = await loadRoster(db, visitId);
  if (!r) throw new AppError("NOT_FOUND");
  const v = await db.visit.findUnique({ where: { id: visitId }, select: { patientId: true } });
  await writeAudit({
    actor: who(actor),
    action: "READ",
    entityType: "VideoRoom",
    entityId: visitId,
    patientId: v?.patientId ?? null,
    outcome: "SUCCESS",
    ctx,
  });
  return r;
}

export type WaitingEntry = {
  visitId: string;
  participantId: string;
  name: string;
  role: RoomRole;
  waitingSince: string;
  phoneRequested: boolean;
};

/**
 * Who is in which waiting room now, for the clinician's Today list: waiting seats whose session
 * is still live (isSeatLive), oldest first. A seat left behind by a closed tab or an ended
 * session is not someone waiting.
 */
export async function listWaiting(
  actor: Actor,
  visitIds: string[],
  now = new Date(),
): Promise<Record<string, WaitingEntry[]>> {
  if (actor.role !== "CLINICIAN" && actor.role !== "COORDINATOR")
    await denyAccess(actor, { entityType: "VideoRoom", action: "LIST" });
  if (visitIds.length === 0) return {};
  const rows = await db.videoParticipant.findMany({
    where: { visitId: { in: visitIds }, state: "WAITING" },
    orderBy: { waitingSince: "asc" },
    select: {
      id: true,
      visitId: true,
      displayName: true,
      role: true,
      state: true,
      waitingSince: true,
      phoneRequestedAt: true,
      seatUserSessionId: true,
      seatLinkSessionId: true,
    },
  });
  const live = await Promise.all(rows.map((r) => isSeatLive(r, now)));
  const out: Record<string, WaitingEntry[]> = {};
  rows.forEach((r, i) => {
    if (!live[i]) return;
    (out[r.visitId] ??= []).push({
      visitId: r.visitId,
      participantId: r.id,
      name: r.displayName,
      role: r.role,
      waitingSince: (r.waitingSince ?? now).toISOString(),
      phoneRequested: !!r.phoneRequestedAt,
    });
  });
  return out;
}

/** Pre-visit forms still open for this visit (the waiting room offers them). */
export async function pendingFormsForVisit(visitId: string, patientId: string): Promise<number> {
  return db.formRequest.count({ where: { visitId, patientId, status: "PENDING" } });
}

/**
 * What a guest's link shows: the visit time and clinician, their own name, nothing about the
 * patient's health. Audited as a read through the guest link.
 */
export async function getGuestView(
  session: LinkSession,
  ctx: RequestContext,
): Promise<(PatientVisitView & { guestName: string }) | null> {
  if (session.purpose !== "visit-guest" || !session.subjectId) return null;
  const g = await db.videoParticipant.findUnique({
    where: { id: session.subjectId },
    select: {
      displayName: true,
      state: true,
      role: true,
      visit: {
        select: {
          id: true,
          patientId: true,
          startsAt: true,
          endsAt: true,
          modality: true,
          status: true,
          clinician: { select: { name: true } },
          visitType: { select: { name: true } },
          patient: { select: { timeZone: true } },
        },
      },
    },
  });
  await writeAudit({
    actor: null,
    action: "READ",
    entityType: "VideoRoom",
    entityId: g?.visit.id ?? null,
    patientId: session.patientId,
    outcome: g ? "SUCCESS" : "FAILURE",
    ctx,
    details: linkSessionAudit(session),
  });
  if (!g || g.state === "REMOVED" || g.visit.patientId !== session.patientId) return null;
  // The guest's own name in place of the patient's; never the patient's phone number.
  return {
    ...toPatientView({
      ...g.visit,
      phoneNumber: null,
      // A guest is not the patient: the patient's language is not the guest's (the guest page is English).
      patient: { timeZone: g.visit.patient.timeZone, givenName: g.displayName, preferredLanguage: "en" },
    }),
    guestName: g.displayName,
  };
}
