import { isOfferer } from "./room-rules";
import type { Roster } from "./roster-merge";

/**
 * What a browser does with its peer connections when a roster arrives (a small mesh: one
 * RTCPeerConnection per other person in the call).
 * - "close": the call is over (ended, or moved to phone): nothing more will come.
 * - "drop-all": this browser is not (or no longer) in the call.
 * - "call": drop the peers no longer in the call, then per person in the call, in roster order:
 *   the offerer (isOfferer) offers to a new peer or one whose connection id changed (reload, new
 *   device); the other side forgets a peer whose offerer reconnected (its new offer will come).
 */
export type PeerStep = { kind: "offer"; id: string; connection: string | null } | { kind: "drop"; id: string };
export type PeerPlan =
  { kind: "close" } | { kind: "drop-all" } | { kind: "call"; drop: string[]; steps: PeerStep[]; inCall: number };

/** `peers`: the peer connections open now, by participant id, with the connection id each was made for. */
export function planPeers(me: string, r: Roster, peers: ReadonlyMap<string, string | null>): PeerPlan {
  if (r.modality !== "VIDEO" || ["COMPLETED", "CANCELLED", "NO_SHOW"].includes(r.status)) return { kind: "close" };
  const mine = r.participants.find((p) => p.id === me);
  if (
    !mine ||
    mine.state !== "ADMITTED" ||
    (r.status !== "IN_PROGRESS" && r.status !== "CHECKED_IN") ||
    r.modality !== "VIDEO"
  )
    return { kind: "drop-all" };
  const inCall = new Map(r.participants.filter((p) => p.id !== me && p.state === "ADMITTED").map((p) => [p.id, p]));
  const drop = [...peers.keys()].filter((id) => !inCall.has(id));
  const steps: PeerStep[] = [];
  for (const p of inCall.values()) {
    const existing = peers.has(p.id) ? { connection: peers.get(p.id) ?? null } : undefined;
    if (isOfferer(me, p.id)) {
      if (!existing || existing.connection !== p.connection)
        steps.push({ kind: "offer", id: p.id, connection: p.connection });
    } else if (existing && existing.connection !== p.connection) {
      steps.push({ kind: "drop", id: p.id });
    }
  }
  return { kind: "call", drop, steps, inCall: inCall.size };
}
