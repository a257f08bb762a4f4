import "server-only";
import { claimRefusal, writeAudit } from "@/server/audit";
import { db } from "@/server/db";
import type { RequestContext } from "@/server/request-context";
import { isUserSessionLive } from "@/modules/identity/index.server";
import { isLinkSessionLive } from "../patient-access/index.server";
import { seatKeepsSessionAlive } from "./core/room-rules";
import type { RoomClaims } from "./core/room-token";
import { publishRoster } from "./roster.server";

export type SeatCheck = { ok: true } | { ok: false; why: "seat" | "session" };

/**
 * Is this room token's seat still the current one AND is the session it was taken with still
 * live? Run on every room request but the signaling send (whose one SQL statement checks the
 * same, signals.server.ts) and, while an event stream is open, every few seconds. A seat whose
 * session ended (sign-out, revocation, idle timeout; a link session ended or expired) is taken
 * out of the room at once: the others see them leave, and the token works for nothing more.
 */
export async function checkSeat(
  claims: RoomClaims,
  opts: { touch: boolean; ctx: RequestContext },
  now = new Date(),
): Promise<SeatCheck> {
  const p = await db.videoParticipant.findUnique({
    where: { id: claims.p },
    select: { visitId: true, connectionId: true, state: true, visit: { select: { status: true, patientId: true } } },
  });
  if (!p || p.visitId !== claims.v || p.connectionId !== claims.c || (p.state !== "WAITING" && p.state !== "ADMITTED"))
    return { ok: false, why: "seat" };
  const touch = opts.touch && seatKeepsSessionAlive(claims.r, p.visit.status);
  const live =
    claims.k === "u"
      ? await isUserSessionLive(claims.s, { touch }, now)
      : await isLinkSessionLive(claims.s, { touch }, now);
  if (live) return { ok: true };
  const ended = await db.$transaction(async (tx) => {
    const u = await tx.videoParticipant.updateMany({
      where: { id: claims.p, connectionId: claims.c, state: { in: ["WAITING", "ADMITTED"] } },
      data: { state: "LEFT", leftAt: now, connectionId: null, rev: { increment: 1 } },
    });
    if (u.count !== 1) return false;
    await writeAudit(
      {
        actor: null,
        action: "ACCESS",
        entityType: "VideoRoom",
        entityId: claims.v,
        patientId: p.visit.patientId,
        outcome: "DENIED",
        ctx: opts.ctx,
        details: { event: "seat_ended", reason: "session_ended", role: claims.r },
      },
      tx,
    );
    await publishRoster(tx, claims.v);
    return true;
  });
  if (ended) claimRefusal(opts.ctx);
  return { ok: false, why: "session" };
}

/**
 * Is this seat someone really in the room now: waiting or in the call, AND the session it was
 * taken with still live (not signed out, revoked, idle or expired; a link session not ended)?
 * What Today's "in the waiting room" and admitting rely on: a seat whose browser went away
 * without saying so, or whose session ended, is not a person waiting. A seat taken before
 * sessions were recorded on it (both null) counts as live: its own requests still check it.
 */
export async function isSeatLive(
  seat: { state: string; seatUserSessionId: string | null; seatLinkSessionId: string | null },
  now = new Date(),
): Promise<boolean> {
  if (seat.state !== "WAITING" && seat.state !== "ADMITTED") return false;
  if (seat.seatUserSessionId) return isUserSessionLive(seat.seatUserSessionId, { touch: false }, now);
  if (seat.seatLinkSessionId) return isLinkSessionLive(seat.seatLinkSessionId, { touch: false }, now);
  return true;
}
