/**
 * Pure rules of the video room: when it opens and closes, who may do what, how peers pair up,
 * and the loopback-only candidate filter used in tests.
 */
import type { VisitStatus } from "../../scheduling/core/visit-lifecycle";
import { CHECK_IN_OPENS_MINUTES } from "../../scheduling/core/visit-lifecycle";

export type RoomRole = "PATIENT" | "CLINICIAN" | "CAREGIVER" | "INTERPRETER";
export type ParticipantState = "INVITED" | "WAITING" | "ADMITTED" | "LEFT" | "REMOVED";

/** The room stays open this long after the visit's booked end (links expire then too). */
export const ROOM_CLOSES_AFTER_END_MINUTES = 60;

export type RoomRefusal = "too_early" | "closed" | "cancelled" | "not_video" | "over";

export const roomRefusalMessages: Record<RoomRefusal, string> = {
  too_early: `The waiting room opens ${CHECK_IN_OPENS_MINUTES} minutes before the visit.`,
  closed: "This visit's room has closed.",
  cancelled: "This visit was cancelled.",
  not_video: "This visit is by phone now: the clinic will call you.",
  over: "This visit has ended.",
};

export function roomOpensAt(startsAt: Date): Date {
  return new Date(startsAt.getTime() - CHECK_IN_OPENS_MINUTES * 60_000);
}

export function roomClosesAt(endsAt: Date): Date {
  return new Date(endsAt.getTime() + ROOM_CLOSES_AFTER_END_MINUTES * 60_000);
}

/** May anyone enter the room now? Staff may open it early to get ready; patients and guests may not. */
export function roomAccess(
  v: { status: VisitStatus; modality: "VIDEO" | "PHONE"; startsAt: Date; endsAt: Date },
  now: Date,
  who: "staff" | "patient" | "guest",
): { ok: true } | { ok: false; reason: RoomRefusal } {
  if (v.status === "CANCELLED") return { ok: false, reason: "cancelled" };
  if (v.status === "COMPLETED" || v.status === "NO_SHOW") return { ok: false, reason: "over" };
  if (v.modality !== "VIDEO") return { ok: false, reason: "not_video" };
  if (now.getTime() >= roomClosesAt(v.endsAt).getTime()) return { ok: false, reason: "closed" };
  if (who !== "staff" && now.getTime() < roomOpensAt(v.startsAt).getTime()) return { ok: false, reason: "too_early" };
  return { ok: true };
}

/**
 * Where a participant starts when they join: the clinician is the host; others wait to be let
 * in. Someone already let in who reloads, or whose connection dropped, goes straight back into
 * a call that is still under way. Someone the clinician removed stays out.
 */
export function stateOnJoin(
  role: RoomRole,
  current: ParticipantState | null,
  ctx: { visitInProgress: boolean; admittedBefore: boolean },
): ParticipantState | "refused" {
  if (current === "REMOVED") return "refused";
  if (role === "CLINICIAN") return "ADMITTED";
  if (current === "ADMITTED") return "ADMITTED";
  if (current === "LEFT" && ctx.admittedBefore && ctx.visitInProgress) return "ADMITTED";
  return "WAITING";
}

/**
 * Does being in the room count as activity for the session the seat was taken with (so the open
 * room keeps it from idling out)? A patient or guest in the waiting room or the call is there in
 * person. A clinician's room counts only while the call is under way: a room page left open
 * waiting must not keep a staff session alive past its idle timeout (HIPAA automatic logoff).
 */
export function seatKeepsSessionAlive(role: RoomRole, visitStatus: VisitStatus): boolean {
  if (role !== "CLINICIAN") return true;
  return visitStatus === "IN_PROGRESS";
}

/** Room actions by role in the room. The clinician runs the room; everyone may leave or ask for a call. */
export type RoomAction = "admit" | "remove" | "end" | "switchToPhone" | "signal" | "requestPhone" | "leave";
const roomMatrix: Record<RoomAction, readonly RoomRole[]> = {
  admit: ["CLINICIAN"],
  remove: ["CLINICIAN"],
  end: ["CLINICIAN"],
  switchToPhone: ["CLINICIAN"],
  signal: ["CLINICIAN", "PATIENT", "CAREGIVER", "INTERPRETER"],
  requestPhone: ["PATIENT", "CAREGIVER"],
  leave: ["CLINICIAN", "PATIENT", "CAREGIVER", "INTERPRETER"],
};
export function canInRoom(role: RoomRole, action: RoomAction): boolean {
  return roomMatrix[action].includes(role);
}

/** In a mesh, each pair makes one connection; the participant with the smaller id makes the offer. */
export function isOfferer(myId: string, peerId: string): boolean {
  return myId < peerId;
}

/** The address of an ICE candidate line ("candidate:<foundation> <component> <proto> <priority> <address> <port> typ ..."). */
export function candidateAddress(candidate: string): string | null {
  const parts = candidate.replace(/^a=/, "").trim().split(/\s+/);
  if (!parts[0]?.startsWith("candidate:") || parts.length < 8) return null;
  return parts[4] ?? null;
}

/** Loopback-only mode (tests): only 127.0.0.1 candidates are signalled. Empty = end of candidates. */
export function candidateAllowed(candidate: string, loopbackOnly: boolean): boolean {
  if (!loopbackOnly || candidate === "") return true;
  return candidateAddress(candidate) === "127.0.0.1";
}

/** Removes candidate lines that loopback-only mode does not allow from an SDP. */
export function filterSdpCandidates(sdp: string, loopbackOnly: boolean): string {
  if (!loopbackOnly) return sdp;
  return sdp
    .split(/\r\n/)
    .filter((line) => !line.startsWith("a=candidate:") || candidateAllowed(line.slice(2), true))
    .join("\r\n");
}

export function minutesWaiting(since: Date, now: Date): number {
  return Math.max(0, Math.floor((now.getTime() - since.getTime()) / 60_000));
}

export const roomRoleLabels: Record<RoomRole, string> = {
  PATIENT: "Patient",
  CLINICIAN: "Clinician",
  CAREGIVER: "Caregiver",
  INTERPRETER: "Interpreter",
};

/** The note's participant list: guests only (the patient and clinician are in the note header). */
export function noteParticipants(
  rows: Array<{ role: RoomRole; displayName: string; admittedAt: Date | null }>,
): Array<{ name: string; role: "caregiver" | "interpreter" }> {
  return rows
    .filter((r) => (r.role === "CAREGIVER" || r.role === "INTERPRETER") && r.admittedAt)
    .map((r) => ({
      name: r.displayName,
      role: r.role === "CAREGIVER" ? ("caregiver" as const) : ("interpreter" as const),
    }));
}
