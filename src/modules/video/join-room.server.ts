import "server-only";
import { randomUUID } from "node:crypto";
import { writeAudit } from "@/server/audit";
import { db } from "@/server/db";
import { getEnv } from "@/server/env";
import { AppError } from "@/server/errors";
import type { RequestContext } from "@/server/request-context";
import { isUserSessionLive } from "@/modules/identity/index.server";
import type { LinkSession } from "../patient-access/index.server";
import type { Actor } from "../identity/core/roles";
import { iceServersFor, type IceServer } from "./core/ice";
import { roomAccess, roomClosesAt, roomRefusalMessages, stateOnJoin, type RoomRole } from "./core/room-rules";
import { signRoomToken, type RoomClaims } from "./core/room-token";
import type { Roster } from "./core/roster-merge";
import { who } from "./room-guard.server";
import { loadRosterSnapshot, publishRoster } from "./roster.server";

/**
 * Joining a video room: who may enter, the waiting room, taking the seat. Every change is one
 * transaction that ends by broadcasting the new roster.
 *
 * Who may join (docs/security-model.md#video-rooms, least privilege):
 * - the visit's patient: signed in to the portal, or holding the visit's join-link session;
 * - an invited caregiver or interpreter: holding their own guest-link session;
 * - clinicians (the care team that runs visits). Coordinators manage the visit, not the call.
 *
 * Every seat names the session it was taken with (the signed-in session row, or the link
 * session) and dies with it: each room request re-checks it (seat.server.ts).
 */
export type RoomCredential =
  { kind: "actor"; actor: Actor } | { kind: "link"; session: LinkSession } | { kind: "guest"; session: LinkSession };

export type JoinResult = {
  participantId: string;
  role: RoomRole;
  displayName: string;
  token: string;
  /** Stream events after this id (a new tab does not replay older offers). */
  cursor: string;
  iceServers: IceServer[];
  iceTransportPolicy: "all" | "relay";
  loopbackOnly: boolean;
  roster: Roster;
};

const ROOM_TOKEN_HOURS = 4;

function auditActor(cred: RoomCredential) {
  return cred.kind === "actor" ? who(cred.actor) : null;
}

export async function joinRoom(
  cred: RoomCredential,
  visitId: string,
  input: { hasCamera: boolean },
  ctx: RequestContext,
  now = new Date(),
): Promise<JoinResult> {
  const v = await db.visit.findUnique({
    where: { id: visitId },
    select: {
      id: true,
      patientId: true,
      status: true,
      modality: true,
      startsAt: true,
      endsAt: true,
      patient: { select: { givenName: true, familyName: true } },
    },
  });
  const deny = async (reason: string) => {
    await writeAudit({
      actor: auditActor(cred),
      action: "ACCESS",
      entityType: "VideoRoom",
      entityId: visitId,
      patientId: v?.patientId ?? null,
      outcome: "DENIED",
      ctx,
      details: { reason, via: cred.kind },
    });
    throw new AppError("FORBIDDEN", "You cannot join this visit.");
  };
  if (!v) return deny("no_visit");

  // 1. Who is this, for this visit?
  let role: RoomRole;
  let displayName: string;
  let userId: string | null = null;
  let guestId: string | null = null;
  if (cred.kind === "actor") {
    const a = cred.actor;
    // The seat will name this session: it must be live now (a signed-out session gets no seat).
    if (!(await isUserSessionLive(a.sessionId, { touch: false }, now))) return deny("session");
    if (a.role === "CLINICIAN") {
      role = "CLINICIAN";
      displayName = a.name;
      userId = a.userId;
    } else if (a.role === "PATIENT" && a.patientId === v.patientId) {
      role = "PATIENT";
      displayName = `${v.patient.givenName} ${v.patient.familyName}`;
      userId = a.userId;
    } else {
      // Coordinators and admins manage visits, not calls; another patient is a stranger here.
      return deny("role");
    }
  } else if (cred.kind === "link") {
    if (
      cred.session.purpose !== "visit-join" ||
      cred.session.subjectId !== visitId ||
      cred.session.patientId !== v.patientId
    )
      return deny("link_subject");
    role = "PATIENT";
    displayName = `${v.patient.givenName} ${v.patient.familyName}`;
  } else {
    const g =
      cred.session.purpose === "visit-guest" && cred.session.subjectId
        ? await db.videoParticipant.findUnique({
            where: { id: cred.session.subjectId },
            select: { id: true, visitId: true, role: true, displayName: true, state: true },
          })
        : null;
    if (!g || g.visitId !== visitId || (g.role !== "CAREGIVER" && g.role !== "INTERPRETER"))
      return deny("guest_subject");
    role = g.role;
    displayName = g.displayName;
    guestId = g.id;
  }

  // 2. Is the room open?
  const open = roomAccess(v, now, role === "CLINICIAN" ? "staff" : role === "PATIENT" ? "patient" : "guest");
  if (!open.ok) {
    await writeAudit({
      actor: auditActor(cred),
      action: "ACCESS",
      entityType: "VideoRoom",
      entityId: visitId,
      patientId: v.patientId,
      outcome: "FAILURE",
      ctx,
      details: { reason: open.reason, via: cred.kind },
    });
    throw new AppError("CONFLICT", roomRefusalMessages[open.reason]);
  }

  // 3. Take the seat (a new tab or device takes it over from an older one).
  const connectionId = randomUUID();
  const result = await db.$transaction(async (tx) => {
    const existing =
      role === "PATIENT"
        ? await tx.videoParticipant.findFirst({ where: { visitId, role: "PATIENT" } })
        : guestId
          ? await tx.videoParticipant.findUnique({ where: { id: guestId } })
          : await tx.videoParticipant.findFirst({ where: { visitId, userId } });
    const next = stateOnJoin(role, existing?.state ?? null, {
      visitInProgress: v.status === "IN_PROGRESS",
      admittedBefore: !!existing?.admittedAt,
    });
    if (next === "refused") return null;
    const stamps = {
      state: next,
      connectionId,
      // The seat names its session (Today and admitting check it is still live).
      seatUserSessionId: cred.kind === "actor" ? cred.actor.sessionId : null,
      seatLinkSessionId: cred.kind === "actor" ? null : cred.session.sessionId,
      ...(next === "WAITING" && existing?.state !== "WAITING" ? { waitingSince: now } : {}),
      ...(next === "ADMITTED" && !existing?.admittedAt ? { admittedAt: now } : {}),
      leftAt: null,
    };
    const p = existing
      ? await tx.videoParticipant.update({
          where: { id: existing.id },
          data: { ...stamps, rev: { increment: 1 } },
          select: { id: true },
        })
      : await tx.videoParticipant.create({
          data: { visitId, role, displayName, userId, ...stamps },
          select: { id: true },
        });
    // The patient arriving in the waiting room checks the visit in.
    if (role === "PATIENT" && v.status === "SCHEDULED") {
      const u = await tx.visit.updateMany({
        where: { id: visitId, status: "SCHEDULED" },
        data: { status: "CHECKED_IN", checkedInAt: now },
      });
      if (u.count === 1) {
        await tx.visitEvent.create({
          data: {
            visitId,
            actorUserId: userId,
            kind: "CHECK_IN",
            fromStatus: "SCHEDULED",
            toStatus: "CHECKED_IN",
            reason: "Joined the video waiting room",
          },
        });
      }
    }
    await writeAudit(
      {
        actor: auditActor(cred),
        action: "ACCESS",
        entityType: "VideoRoom",
        entityId: visitId,
        patientId: v.patientId,
        outcome: "SUCCESS",
        ctx,
        details: {
          via: cred.kind,
          role,
          state: next,
          camera: input.hasCamera,
          ...(cred.kind === "actor" ? {} : { linkSessionId: cred.session.sessionId }),
        },
      },
      tx,
    );
    await publishRoster(tx, visitId);
    return { participantId: p.id, state: next };
  });
  if (!result) return deny("removed");

  const env = getEnv();
  const exp = Math.floor(
    Math.min(now.getTime() + ROOM_TOKEN_HOURS * 3_600_000, roomClosesAt(v.endsAt).getTime() + 3_600_000) / 1000,
  );
  const seatSession: Pick<RoomClaims, "k" | "s"> =
    cred.kind === "actor" ? { k: "u", s: cred.actor.sessionId } : { k: "l", s: cred.session.sessionId };
  const claims: RoomClaims = { v: visitId, p: result.participantId, c: connectionId, r: role, ...seatSession, exp };
  const snap = (await loadRosterSnapshot(visitId))!;
  const cursor = snap.asOf;
  const roster = snap.roster;
  return {
    participantId: result.participantId,
    role,
    displayName,
    token: signRoomToken(claims, env.NEXTAUTH_SECRET),
    cursor,
    iceServers: iceServersFor(
      {
        stunUrls: env.ICE_STUN_URLS,
        turnUrls: env.ICE_TURN_URLS,
        turnSecret: env.ICE_TURN_SECRET,
        turnTtlSeconds: env.ICE_TURN_TTL_SECONDS,
      },
      result.participantId,
      now,
    ),
    iceTransportPolicy: env.ICE_TRANSPORT_POLICY,
    loopbackOnly: env.VIDEO_LOOPBACK_ONLY === "1",
    roster,
  };
}
