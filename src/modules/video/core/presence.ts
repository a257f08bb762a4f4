import type { VisitStatus } from "../../scheduling/core/visit-lifecycle";
import { minutesWaiting, roomRoleLabels, type RoomRole } from "./room-rules";

/**
 * What Today says about where the patient is (issue 10: "waiting, 58 min past start" was shown
 * for a checked-in patient who was not in the room). Two separate facts, each worded for what it
 * is about:
 * - presence: "in the waiting room" only for a live seat (a WAITING participant whose session is
 *   live: waiting-room.server listWaiting), with how long they have waited; "checked in, not in the room"
 *   for a checked-in video patient with no live seat;
 * - timing, about the visit's booked start: "12 min past the booked start", "starts in 5 min".
 */
export type LiveWaitingSeat = { role: RoomRole; name: string; waitingSince: Date; phoneRequested: boolean };

export type Presence = {
  /** in_room: someone is waiting for you now (shown as an alert); the others are plain notes. */
  kind: "in_room" | "not_in_room" | "awaiting_call" | "not_checked_in";
  text: string;
} | null;

/** Minutes relative to the booked start, in words: "12 min past the booked start", "starts in 5 min", "booked to start now". */
export function startTiming(startsAt: Date, now: Date): string {
  const ms = now.getTime() - startsAt.getTime();
  if (ms >= 60_000) return `${Math.floor(ms / 60_000)} min past the booked start`;
  if (ms > -60_000) return "booked to start now";
  return `starts in ${Math.ceil(-ms / 60_000)} min`;
}

function seatText(w: LiveWaitingSeat, now: Date): string {
  const who = w.role === "PATIENT" ? "Patient" : `${roomRoleLabels[w.role]} ${w.name}`;
  return `${who} in the waiting room, ${minutesWaiting(w.waitingSince, now)} min${w.phoneRequested ? " (asks for a phone call)" : ""}`;
}

export function todayPresence(
  v: { status: VisitStatus; modality: "VIDEO" | "PHONE"; startsAt: Date },
  waiting: readonly LiveWaitingSeat[],
  now: Date,
): Presence {
  if (v.status === "CANCELLED" || v.status === "COMPLETED" || v.status === "NO_SHOW") return null;
  const started = v.status === "IN_PROGRESS";
  // Timing is about a start still to come; a visit under way has started.
  const timing = started ? "" : ` · ${startTiming(v.startsAt, now)}`;
  if (v.modality === "VIDEO" && waiting.length) {
    return { kind: "in_room", text: `${waiting.map((w) => seatText(w, now)).join(" · ")}${timing}` };
  }
  if (started) return null;
  const late = now.getTime() - v.startsAt.getTime() >= 60_000;
  if (v.status === "CHECKED_IN") {
    return v.modality === "VIDEO"
      ? { kind: "not_in_room", text: `Checked in, not in the room${timing}` }
      : { kind: "awaiting_call", text: `Checked in, waiting for your call${timing}` };
  }
  // Scheduled: worth a word only once the start has passed.
  return late ? { kind: "not_checked_in", text: `Not checked in yet${timing}` } : null;
}
