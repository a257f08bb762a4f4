import "server-only";
import { writeAudit } from "@/server/audit";
import { db } from "@/server/db";
import type { RequestContext } from "@/server/request-context";
import type { RoomClaims } from "./core/room-token";
import { publishRoster } from "./roster.server";

/** A participant closes the call on their side (they may join again while the room is open). */
export async function leaveRoom(claims: RoomClaims, ctx: RequestContext, now = new Date()): Promise<void> {
  await db.$transaction(async (tx) => {
    const u = await tx.videoParticipant.updateMany({
      where: { id: claims.p, connectionId: claims.c, state: { in: ["WAITING", "ADMITTED"] } },
      data: { state: "LEFT", leftAt: now, connectionId: null, rev: { increment: 1 } },
    });
    if (u.count !== 1) return;
    const v = await tx.visit.findUnique({ where: { id: claims.v }, select: { patientId: true } });
    await writeAudit(
      {
        actor: null,
        action: "ACCESS",
        entityType: "VideoRoom",
        entityId: claims.v,
        patientId: v?.patientId ?? null,
        outcome: "SUCCESS",
        ctx,
        details: { event: "leave", role: claims.r },
      },
      tx,
    );
    await publishRoster(tx, claims.v);
  });
}
