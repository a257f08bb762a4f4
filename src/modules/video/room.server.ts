import "server-only";
import { randomUUID } from "node:crypto";
import { writeAudit } from "@/server/audit";
import { denyAccess } from "@/server/auth/actor";
import { db, type Tx } from "@/server/db";
import { getEnv } from "@/server/env";
import { AppError } from "@/server/errors";
import type { RequestContext } from "@/server/request-context";
import { isUserSessionLive } from "@/modules/identity/index.server";
import { issuePatientLink, linkSessionAudit, revokePatientLinks, type LinkSession } from "../patient-access/index.server";
import type { Actor } from "../identity/core/roles";
import { switchVisitModality, toPatientView, transitionVisit, transitionVisitInTx, type PatientVisitView } from "@/modules/scheduling/index.server";
import { iceServersFor, type IceServer } from "./core/ice";
import { canInRoom, roomAccess, roomClosesAt, roomRefusalMessages, stateOnJoin, type RoomAction, type RoomRole } from "./core/room-rules";
import { signRoomToken, type RoomClaims } from "./core/room-token";
import type { Roster } from "./core/roster-merge";
import { loadRoster, loadRosterSnapshot, publishRoster } from "./roster.server";
import { audioOnlyReasons, type AudioOnlyReasonCode } from "./schemas";
import { isSeatLive } from "./seat.server";
import type { StartConsentChoice } from "../consent/core/start-consent";

/**
 * The video room's server side: who may enter, the waiting room, admitting, guests, leaving,
 * the phone fallback. Every change is one transaction that ends by broadcasting the new roster.
 *
 * Who may join (docs/security-model.md#video-rooms, least privilege):
 * - the visit's patient: signed in to the portal, or holding the visit's join-link session;
 * - an invited caregiver or interpreter: holding their own guest-link session;
 * - clinicians (the care team that runs visits). Coordinators manage the visit, not the call.
 *
 * Every seat names the session it was taken with (the signed-in session row, or the link
 * session) and dies with it: each room request re-checks it (seat.server.ts).
 */
export type RoomCredential = { kind: "actor"; actor: Actor } | { kind: "link"; session: LinkSession } | { kind: "guest"; session: LinkSession };

export type JoinResult = {
  participantId: string;
  role: RoomRole;
  displayName: string;
  token: string;
  /** Stream events after this id (a new tab does not replay older offers). */
  cursor: string;
  iceServers: IceServer[];
  loopbackOnly: boolean;
  roster: Roster;
};

const ROOM_TOKEN_HOURS = 4;
const who = (actor: Actor) => ({ userId: actor.userId, role: actor.role });

function auditActor(cred: RoomCredential) {
  return cred.kind === "actor" ? who(cred.actor) : null;
}

export async function joinRoom(cred: RoomCredential, visitId: string, input: { hasCamera: boolean }, ctx: RequestContext, now = new Date()): Promise<JoinResult> {
  const v = await db.visit.findUnique({
    where: { id: visitId },
    select: { id: true, patientId: true, status: true, modality: true, startsAt: true, endsAt: true, patient: { select: { givenName: true, familyName: true } } },
  });
  const deny = async (reason: string) => {
    await writeAudit({ actor: auditActor(cred), action: "ACCESS", entityType: "VideoRoom", entityId: visitId, patientId: v?.patientId ?? null, outcome: "DENIED", ctx, details: { reason, via: cred.kind } });
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
    if (cred.session.purpose !== "visit-join" || cred.session.subjectId !== visitId || cred.session.patientId !== v.patientId) return deny("link_subject");
    role = "PATIENT";
    displayName = `${v.patient.givenName} ${v.patient.familyName}`;
  } else {
    const g = cred.session.purpose === "visit-guest" && cred.session.subjectId ? await db.videoParticipant.findUnique({ where: { id: cred.session.subjectId }, select: { id: true, visitId: true, role: true, displayName: true, state: true } }) : null;
    if (!g || g.visitId !== visitId || (g.role !== "CAREGIVER" && g.role !== "INTERPRETER")) return deny("guest_subject");
    role = g.role;
    displayName = g.displayName;
    guestId = g.id;
  }

  // 2. Is the room open?
  const open = roomAccess(v, now, role === "CLINICIAN" ? "staff" : role === "PATIENT" ? "patient" : "guest");
  if (!open.ok) {
    await writeAudit({ actor: auditActor(cred), action: "ACCESS", entityType: "VideoRoom", entityId: visitId, patientId: v.patientId, outcome: "FAILURE", ctx, details: { reason: open.reason, via: cred.kind } });
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
    const next = stateOnJoin(role, existing?.state ?? null, { visitInProgress: v.status === "IN_PROGRESS", admittedBefore: !!existing?.admittedAt });
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
      ? await tx.videoParticipant.update({ where: { id: existing.id }, data: { ...stamps, rev: { increment: 1 } }, select: { id: true } })
      : await tx.videoParticipant.create({ data: { visitId, role, displayName, userId, ...stamps }, select: { id: true } });
    // The patient arriving in the waiting room checks the visit in.
    if (role === "PATIENT" && v.status === "SCHEDULED") {
      const u = await tx.visit.updateMany({ where: { id: visitId, status: "SCHEDULED" }, data: { status: "CHECKED_IN", checkedInAt: now } });
      if (u.count === 1) {
        await tx.visitEvent.create({ data: { visitId, actorUserId: userId, kind: "CHECK_IN", fromStatus: "SCHEDULED", toStatus: "CHECKED_IN", reason: "Joined the video waiting room" } });
      }
    }
    await writeAudit(
      { actor: auditActor(cred), action: "ACCESS", entityType: "VideoRoom", entityId: visitId, patientId: v.patientId, outcome: "SUCCESS", ctx, details: { via: cred.kind, role, state: next, camera: input.hasCamera, ...(cred.kind === "actor" ? {} : { linkSessionId: cred.session.sessionId }) } },
      tx,
    );
    await publishRoster(tx, visitId);
    return { participantId: p.id, state: next };
  });
  if (!result) return deny("removed");

  const env = getEnv();
  const exp = Math.floor(Math.min(now.getTime() + ROOM_TOKEN_HOURS * 3_600_000, roomClosesAt(v.endsAt).getTime() + 3_600_000) / 1000);
  const seatSession: Pick<RoomClaims, "k" | "s"> = cred.kind === "actor" ? { k: "u", s: cred.actor.sessionId } : { k: "l", s: cred.session.sessionId };
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
    iceServers: iceServersFor({ stunUrls: env.ICE_STUN_URLS, turnUrls: env.ICE_TURN_URLS, turnSecret: env.ICE_TURN_SECRET, turnTtlSeconds: env.ICE_TURN_TTL_SECONDS }, result.participantId, now),
    loopbackOnly: env.VIDEO_LOOPBACK_ONLY === "1",
    roster,
  };
}

/** Admit, remove, end and switch to phone are the clinician's (room-rules canInRoom). */
async function requireClinicianInRoom(actor: Actor, visitId: string, action: RoomAction) {
  if (actor.role !== "CLINICIAN" || !canInRoom("CLINICIAN", action)) await denyAccess(actor, { entityType: "VideoRoom", entityId: visitId, action: "UPDATE" });
  const v = await db.visit.findUnique({ where: { id: visitId }, select: { id: true, patientId: true, status: true, modality: true } });
  if (!v) throw new AppError("NOT_FOUND");
  return v;
}

/**
 * The clinician lets someone in. Letting the patient in starts the visit (start time recorded),
 * which needs consent for the modality (docs/clinical-reference.md#consent-before-the-visit-starts):
 * on file, or given now with the admit (verbal consent confirmed, or an emergency reason). The
 * consent step, the start and the admit are one transaction. Without consent the admit is refused
 * (ConsentRequiredError: 409, code CONSENT_REQUIRED).
 */
export async function admitParticipant(actor: Actor, visitId: string, participantId: string, ctx: RequestContext, opts: { consent?: StartConsentChoice; now?: Date } = {}): Promise<void> {
  const now = opts.now ?? new Date();
  const v = await requireClinicianInRoom(actor, visitId, "admit");
  const p = await db.videoParticipant.findUnique({ where: { id: participantId }, select: { visitId: true, role: true, state: true, connectionId: true, seatUserSessionId: true, seatLinkSessionId: true } });
  if (!p || p.visitId !== visitId) throw new AppError("NOT_FOUND", "That person is not in this visit's waiting room.");
  if (p.state !== "WAITING") throw new AppError("CONFLICT", p.state === "ADMITTED" ? "Already in the call." : "That person is no longer waiting.");
  if (!(await isSeatLive(p, now))) {
    // Their browser went away or their session ended: they are not there to let in.
    await db.$transaction(async (tx) => {
      const u = await tx.videoParticipant.updateMany({ where: { id: participantId, state: "WAITING", connectionId: p.connectionId }, data: { state: "LEFT", leftAt: now, connectionId: null, rev: { increment: 1 } } });
      if (u.count !== 1) return;
      await writeAudit({ actor: who(actor), action: "UPDATE", entityType: "VideoParticipant", entityId: participantId, patientId: v.patientId, outcome: "FAILURE", ctx, details: { event: "admit", reason: "seat_not_live", role: p.role } }, tx);
      await publishRoster(tx, visitId);
    });
    throw new AppError("CONFLICT", "That person is no longer in the waiting room (their connection or sign-in ended). They can join again from their link.");
  }
  const admit = async (tx: Tx) => {
    const u = await tx.videoParticipant.updateMany({ where: { id: participantId, state: "WAITING" }, data: { state: "ADMITTED", admittedAt: now, rev: { increment: 1 } } });
    if (u.count !== 1) throw new AppError("CONFLICT", "That person is no longer waiting.");
    await writeAudit({ actor: who(actor), action: "UPDATE", entityType: "VideoParticipant", entityId: participantId, patientId: v.patientId, outcome: "SUCCESS", ctx, details: { event: "admit", role: p.role } }, tx);
    await publishRoster(tx, visitId);
  };
  const starts = p.role === "PATIENT" && (v.status === "SCHEDULED" || v.status === "CHECKED_IN");
  await db.$transaction(async (tx) => {
    // The lifecycle's own START (start time, history, audit, the consent step), in this transaction.
    if (starts) await transitionVisitInTx(tx, actor, visitId, "START", "Patient admitted to the video visit", ctx, now, { consent: opts.consent ?? null });
    await admit(tx);
  });
}

/** Takes someone out of the room; a guest's link stops working. */
export async function removeParticipant(actor: Actor, visitId: string, participantId: string, ctx: RequestContext, now = new Date()): Promise<void> {
  const v = await requireClinicianInRoom(actor, visitId, "remove");
  await db.$transaction(async (tx) => {
    const p = await tx.videoParticipant.findUnique({ where: { id: participantId }, select: { visitId: true, role: true } });
    if (!p || p.visitId !== visitId || p.role === "CLINICIAN") throw new AppError("NOT_FOUND", "That person is not in this visit.");
    await tx.videoParticipant.update({ where: { id: participantId }, data: { state: "REMOVED", connectionId: null, leftAt: now, rev: { increment: 1 } } });
    if (p.role === "CAREGIVER" || p.role === "INTERPRETER") await revokePatientLinks(tx, { purpose: "visit-guest", subjectId: participantId, reason: "guest_removed" }, now);
    await writeAudit({ actor: who(actor), action: "UPDATE", entityType: "VideoParticipant", entityId: participantId, patientId: v.patientId, outcome: "SUCCESS", ctx, details: { event: "remove", role: p.role } }, tx);
    await publishRoster(tx, visitId);
  });
}

/** A participant closes the call on their side (they may join again while the room is open). */
export async function leaveRoom(claims: RoomClaims, ctx: RequestContext, now = new Date()): Promise<void> {
  await db.$transaction(async (tx) => {
    const u = await tx.videoParticipant.updateMany({ where: { id: claims.p, connectionId: claims.c, state: { in: ["WAITING", "ADMITTED"] } }, data: { state: "LEFT", leftAt: now, connectionId: null, rev: { increment: 1 } } });
    if (u.count !== 1) return;
    const v = await tx.visit.findUnique({ where: { id: claims.v }, select: { patientId: true } });
    await writeAudit({ actor: null, action: "ACCESS", entityType: "VideoRoom", entityId: claims.v, patientId: v?.patientId ?? null, outcome: "SUCCESS", ctx, details: { event: "leave", role: claims.r } }, tx);
    await publishRoster(tx, claims.v);
  });
}

/** The patient (or caregiver) asks for a phone call instead; the clinician sees it at once. */
export async function requestPhoneCall(claims: RoomClaims, ctx: RequestContext, now = new Date()): Promise<void> {
  if (!canInRoom(claims.r, "requestPhone")) throw new AppError("FORBIDDEN");
  await db.$transaction(async (tx) => {
    const u = await tx.videoParticipant.updateMany({ where: { id: claims.p, connectionId: claims.c, state: { in: ["WAITING", "ADMITTED"] } }, data: { phoneRequestedAt: now, rev: { increment: 1 } } });
    if (u.count !== 1) throw new AppError("CONFLICT", "You are no longer in this visit's room.");
    const v = await tx.visit.findUnique({ where: { id: claims.v }, select: { patientId: true } });
    await writeAudit({ actor: null, action: "UPDATE", entityType: "VideoParticipant", entityId: claims.p, patientId: v?.patientId ?? null, outcome: "SUCCESS", ctx, details: { event: "phone_requested" } }, tx);
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
  return switchVisitModality(actor, visitId, { modality: "PHONE", phoneNumber: input.phoneNumber, reason, reasonCode: input.reason }, ctx, now);
}

/** The clinician ends the call: the visit is completed with its end time. */
export async function endVideoVisit(actor: Actor, visitId: string, ctx: RequestContext, now = new Date()): Promise<void> {
  const v = await requireClinicianInRoom(actor, visitId, "end");
  if (v.status !== "IN_PROGRESS") throw new AppError("CONFLICT", "Only a visit under way can be ended. Let the patient in first, or mark a no-show from the visit page.");
  await transitionVisit(actor, visitId, "COMPLETE", "Video call ended", ctx, now);
}

/**
 * A caregiver or interpreter gets their own link to this visit's room: reusable by them until
 * the room closes (or they are removed), no date-of-birth check (the guest is not the patient),
 * and it lets them into the waiting room only: the clinician sees who it is and admits them.
 */
export async function inviteGuest(actor: Actor, visitId: string, input: { role: "CAREGIVER" | "INTERPRETER"; displayName: string }, ctx: RequestContext, now = new Date()): Promise<{ url: string; expiresAt: string; participantId: string }> {
  if (actor.role !== "CLINICIAN" && actor.role !== "COORDINATOR") await denyAccess(actor, { entityType: "VideoParticipant", entityId: visitId, action: "CREATE" });
  const v = await db.visit.findUnique({ where: { id: visitId }, select: { patientId: true, status: true, modality: true, startsAt: true, endsAt: true } });
  if (!v) throw new AppError("NOT_FOUND");
  const open = roomAccess(v, now, "staff");
  if (!open.ok) throw new AppError("CONFLICT", open.reason === "not_video" ? "Guests can only join video visits." : roomRefusalMessages[open.reason]);
  return db.$transaction(async (tx) => {
    const p = await tx.videoParticipant.create({ data: { visitId, role: input.role, displayName: input.displayName, state: "INVITED", invitedById: actor.userId, invitedAt: now }, select: { id: true } });
    const link = await issuePatientLink(tx, { patientId: v.patientId, purpose: "visit-guest", subjectId: p.id, expiresAt: roomClosesAt(v.endsAt), by: who(actor), ctx, now });
    await writeAudit({ actor: who(actor), action: "CREATE", entityType: "VideoParticipant", entityId: p.id, patientId: v.patientId, outcome: "SUCCESS", ctx, details: { role: input.role, linkId: link.id } }, tx);
    await publishRoster(tx, visitId);
    return { url: link.url, expiresAt: link.expiresAt.toISOString(), participantId: p.id };
  });
}

/** The room as the clinician's screen renders it first (then live from the stream). */
export async function getRoomRoster(actor: Actor, visitId: string, ctx: RequestContext): Promise<Roster> {
  if (actor.role !== "CLINICIAN" && actor.role !== "COORDINATOR") await denyAccess(actor, { entityType: "VideoRoom", entityId: visitId, action: "READ" });
  const r = await loadRoster(db, visitId);
  if (!r) throw new AppError("NOT_FOUND");
  const v = await db.visit.findUnique({ where: { id: visitId }, select: { patientId: true } });
  await writeAudit({ actor: who(actor), action: "READ", entityType: "VideoRoom", entityId: visitId, patientId: v?.patientId ?? null, outcome: "SUCCESS", ctx });
  return r;
}

export type WaitingEntry = { visitId: string; participantId: string; name: string; role: RoomRole; waitingSince: string; phoneRequested: boolean };

/**
 * Who is in which waiting room now, for the clinician's Today list: waiting seats whose session
 * is still live (isSeatLive), oldest first. A seat left behind by a closed tab or an ended
 * session is not someone waiting.
 */
export async function listWaiting(actor: Actor, visitIds: string[], now = new Date()): Promise<Record<string, WaitingEntry[]>> {
  if (actor.role !== "CLINICIAN" && actor.role !== "COORDINATOR") await denyAccess(actor, { entityType: "VideoRoom", action: "LIST" });
  if (visitIds.length === 0) return {};
  const rows = await db.videoParticipant.findMany({
    where: { visitId: { in: visitIds }, state: "WAITING" },
    orderBy: { waitingSince: "asc" },
    select: { id: true, visitId: true, displayName: true, role: true, state: true, waitingSince: true, phoneRequestedAt: true, seatUserSessionId: true, seatLinkSessionId: true },
  });
  const live = await Promise.all(rows.map((r) => isSeatLive(r, now)));
  const out: Record<string, WaitingEntry[]> = {};
  rows.forEach((r, i) => {
    if (!live[i]) return;
    (out[r.visitId] ??= []).push({ visitId: r.visitId, participantId: r.id, name: r.displayName, role: r.role, waitingSince: (r.waitingSince ?? now).toISOString(), phoneRequested: !!r.phoneRequestedAt });
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
export async function getGuestView(session: LinkSession, ctx: RequestContext): Promise<(PatientVisitView & { guestName: string }) | null> {
  if (session.purpose !== "visit-guest" || !session.subjectId) return null;
  const g = await db.videoParticipant.findUnique({
    where: { id: session.subjectId },
    select: { displayName: true, state: true, role: true, visit: { select: { id: true, patientId: true, startsAt: true, endsAt: true, modality: true, status: true, clinician: { select: { name: true } }, visitType: { select: { name: true } }, patient: { select: { timeZone: true } } } } },
  });
  await writeAudit({ actor: null, action: "READ", entityType: "VideoRoom", entityId: g?.visit.id ?? null, patientId: session.patientId, outcome: g ? "SUCCESS" : "FAILURE", ctx, details: linkSessionAudit(session) });
  if (!g || g.state === "REMOVED" || g.visit.patientId !== session.patientId) return null;
  // The guest's own name in place of the patient's; never the patient's phone number.
  return { ...toPatientView({ ...g.visit, phoneNumber: null, patient: { timeZone: g.visit.patient.timeZone, givenName: g.displayName } }), guestName: g.displayName };
}
