import type { ParticipantState, RoomRole } from "./room-rules";

/**
 * The room as every participant sees it: who is in the call, who waits, the visit's status and
 * how it happens. Sent as a "roster" event after every change, and first on every stream, so a
 * browser never has to work out state from a history of events.
 */
export type RosterEntry = {
  id: string;
  name: string;
  role: RoomRole;
  state: ParticipantState;
  /** The tab holding the seat: a peer whose connection changes gets a fresh peer connection. */
  connection: string | null;
  waitingSince: string | null;
  admittedAt: string | null;
  phoneRequested: boolean;
  /** The row's version: of two entries for one participant, the higher rev is newer. */
  rev: number;
};
export type Roster = {
  visitId: string;
  status: string;
  modality: "VIDEO" | "PHONE";
  startedAt: string | null;
  completedAt: string | null;
  participants: RosterEntry[];
};

/**
 * Roster broadcasts can reach a browser out of order: two transactions may commit in the other
 * order than their messages were numbered. So a browser never simply replaces its roster: it
 * keeps, per participant, the entry with the higher row version (rev, bumped on every change
 * under the row's lock), and for the visit the furthest status (the lifecycle only moves forward
 * while a room is open). A switch to phone is final for the room.
 */
type Entry = { id: string; rev: number };
type RosterShape<E extends Entry> = {
  status: string;
  modality: "VIDEO" | "PHONE";
  startedAt: string | null;
  completedAt: string | null;
  participants: E[];
};

const statusRank: Record<string, number> = {
  SCHEDULED: 0,
  CHECKED_IN: 1,
  IN_PROGRESS: 2,
  COMPLETED: 3,
  CANCELLED: 3,
  NO_SHOW: 3,
};

export function mergeRoster<E extends Entry, R extends RosterShape<E>>(prev: R | null, next: R): R {
  if (!prev) return next;
  const byId = new Map<string, E>(prev.participants.map((p) => [p.id, p]));
  for (const p of next.participants) {
    const old = byId.get(p.id);
    if (!old || p.rev >= old.rev) byId.set(p.id, p);
  }
  // Keep the order of first appearance (the server lists by arrival).
  const order = [
    ...prev.participants.map((p) => p.id),
    ...next.participants.map((p) => p.id).filter((id) => !prev.participants.some((q) => q.id === id)),
  ];
  const visit = (statusRank[next.status] ?? 0) >= (statusRank[prev.status] ?? 0) ? next : prev;
  return {
    ...next,
    status: visit.status,
    startedAt: visit.startedAt ?? prev.startedAt ?? next.startedAt,
    completedAt: visit.completedAt ?? prev.completedAt ?? next.completedAt,
    modality: prev.modality === "PHONE" ? "PHONE" : next.modality,
    participants: order.map((id) => byId.get(id)!),
  };
}
