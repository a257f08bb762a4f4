import "server-only";
import { writeAudit } from "@/server/audit";
import { denyAccess } from "@/server/auth/actor";
import { db, type Tx } from "@/server/db";
import { AppError } from "@/server/errors";
import type { RequestContext } from "@/server/request-context";
import { issuePatientLink, revokePatientLinks } from "../patient-access/index.server";
import type { Actor } from "../identity/core/roles";
import { transitionVisitInTx } from "@/modules/scheduling/index.server";
import { roomAccess, roomClosesAt, roomRefusalMessages } from "./core/room-rules";
import { requireClinicianInRoom, who } from "./room-guard.server";
import { publishRoster } from "./roster.server";
import { isSeatLive } from "./seat.server";
import type { StartConsentChoice } from "../consent/core/start-consent";

/** Who is in the room: the clinician admits and removes; clinicians and coordinators invite guests. */

/**
 * The clinician lets someone in. Letting the patient in starts the visit (start time recorded),
 * which needs consent for the modality (docs/clinical-reference.md#consent-before-the-visit-starts):
 * on file, or given now with the admit (verbal consent confirmed, or an emergency reason). The
 * consent step, the start and the admit are one transaction. Without consent the admit is refused
 * (ConsentRequiredError: 409, code CONSENT_REQUIRED).
 */
export async function admitParticipant(
  actor: Actor,
  visitId: string,
  participantId: string,
  ctx: RequestContext,
  opts: { consent?: StartConsentChoice; now?: Date } = {},
): Promise<void> {
  const now = opts.now ?? new Date();
  const v = await requireClinicianInRoom(actor, visitId, "admit");
  const p = await db.videoParticipant.findUnique({
    where: { id: participantId },
    select: {
      visitId: true,
      role: true,
      state: true,
      connectionId: true,
      seatUserSessionId: true,
      seatLinkSessionId: true,
    },
  });
  if (!p || p.visitId !== visitId) throw new AppError("NOT_FOUND", "That person is not in this visit's waiting room.");
  if (p.state !== "WAITING")
    throw new AppError(
      "CONFLICT",
      p.state === "ADMITTED" ? "Already in the call." : "That person is no longer waiting.",
    );
  if (!(await isSeatLive(p, now))) {
    // Their browser went away or their session ended: they are not there to let in.
    await db.$transaction(async (tx) => {
      const u = await tx.videoParticipant.updateMany({
        where: { id: participantId, state: "WAITING", connectionId: p.connectionId },
        data: { state: "LEFT", leftAt: now, connectionId: null, rev: { increment: 1 } },
      });
      if (u.count !== 1) return;
      await writeAudit(
        {
          actor: who(actor),
          action: "UPDATE",
          entityType: "VideoParticipant",
          entityId: participantId,
          patientId: v.patientId,
          outcome: "FAILURE",
          ctx,
          details: { event: "admit", reason: "seat_not_live", role: p.role },
        },
        tx,
      );
      await publishRoster(tx, visitId);
    });
    throw new AppError(
      "CONFLICT",
      "That person is no longer in the waiting room (their connection or sign-in ended). They can join again from their link.",
    );
  }
  const admit = async (tx: Tx) => {
    const u = await tx.videoParticipant.updateMany({
      where: { id: participantId, state: "WAITING" },
      data: { state: "ADMITTED", admittedAt: now, rev: { increment: 1 } },
    });
    if (u.count !== 1) throw new AppError("CONFLICT", "That person is no longer waiting.");
    await writeAudit(
      {
        actor: who(actor),
        action: "UPDATE",
        entityType: "VideoParticipant",
        entityId: participantId,
        patientId: v.patientId,
        outcome: "SUCCESS",
        ctx,
        details: { event: "admit", role: p.role },
      },
      tx,
    );
    await publishRoster(tx, visitId);
  };
  const starts = p.role === "PATIENT" && (v.status === "SCHEDULED" || v.status === "CHECKED_IN");
  await db.$transaction(async (tx) => {
    // The lifecycle's own START (start time, history, audit, the consent step), in this transaction.
    if (starts)
      await transitionVisitInTx(tx, actor, visitId, "START", "Patient admitted to the video visit", ctx, now, {
        consent: opts.consent ?? null,
      });
    await admit(tx);
  });
}

/** Takes someone out of the room; a guest's link stops working. */
export async function removeParticipant(
  actor: Actor,
  visitId: string,
  participantId: string,
  ctx: RequestContext,
  now = new Date(),
): Promise<void> {
  const v = await requireClinicianInRoom(actor, visitId, "remove");
  await db.$transaction(async (tx) => {
    const p = await tx.videoParticipant.findUnique({
      where: { id: participantId },
      select: { visitId: true, role: true },
    });
    if (!p || p.visitId !== visitId || p.role === "CLINICIAN")
      throw new AppError("NOT_FOUND", "That person is not in this visit.");
    await tx.videoParticipant.update({
      where: { id: participantId },
      data: { state: "REMOVED", connectionId: null, leftAt: now, rev: { increment: 1 } },
    });
    if (p.role === "CAREGIVER" || p.role === "INTERPRETER")
      await revokePatientLinks(tx, { purpose: "visit-guest", subjectId: participantId, reason: "guest_removed" }, now);
    await writeAudit(
      {
        actor: who(actor),
        action: "UPDATE",
        entityType: "VideoParticipant",
        entityId: participantId,
        patientId: v.patientId,
        outcome: "SUCCESS",
        ctx,
        details: { event: "remove", role: p.role },
      },
      tx,
    );
    await publishRoster(tx, visitId);
  });
}

/**
 * A caregiver or interpreter gets their own link to this visit's room: reusable by them until
 * the room closes (or they are removed), no date-of-birth check (the guest is not the patient),
 * and it lets them into the waiting room only: the clinician sees who it is and admits them.
 */
export async function inviteGuest(
  actor: Actor,
  visitId: string,
  input: { role: "CAREGIVER" | "INTERPRETER"; displayName: string },
  ctx: RequestContext,
  now = new Date(),
): Promise<{ url: string; expiresAt: string; participantId: string }> {
  if (actor.role !== "CLINICIAN" && actor.role !== "COORDINATOR")
    await denyAccess(actor, { entityType: "VideoParticipant", entityId: visitId, action: "CREATE" });
  const v = await db.visit.findUnique({
    where: { id: visitId },
    select: { patientId: true, status: true, modality: true, startsAt: true, endsAt: true },
  });
  if (!v) throw new AppError("NOT_FOUND");
  const open = roomAccess(v, now, "staff");
  if (!open.ok)
    throw new AppError(
      "CONFLICT",
      open.reason === "not_video" ? "Guests can only join video visits." : roomRefusalMessages[open.reason],
    );
  return db.$transaction(async (tx) => {
    const p = await tx.videoParticipant.create({
      data: {
        visitId,
        role: input.role,
        displayName: input.displayName,
        state: "INVITED",
        invitedById: actor.userId,
        invitedAt: now,
      },
      select: { id: true },
    });
    const link = await issuePatientLink(tx, {
      patientId: v.patientId,
      purpose: "visit-guest",
      subjectId: p.id,
      expiresAt: roomClosesAt(v.endsAt),
      by: who(actor),
      ctx,
      now,
    });
    await writeAudit(
      {
        actor: who(actor),
        action: "CREATE",
        entityType: "VideoParticipant",
        entityId: p.id,
        patientId: v.patientId,
        outcome: "SUCCESS",
        ctx,
        details: { role: input.role, linkId: link.id },
      },
      tx,
    );
    await publishRoster(tx, visitId);
    return { url: link.url, expiresAt: link.expiresAt.toISOString(), participantId: p.id };
  });
}
