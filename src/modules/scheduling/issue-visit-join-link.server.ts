import "server-only";
import { db } from "@/server/db";
import { AppError } from "@/server/errors";
import type { RequestContext } from "@/server/request-context";
import type { Actor } from "../identity/core/roles";
import { issuePatientLink } from "../patient-access/index.server";
import { joinLinkExpiry } from "./core/visit-lifecycle";
import { loadForChange } from "./visit-changes.server";
import { who } from "./visit-rows.server";

/**
 * A fresh single-patient join link for a video visit: reusable by the patient until the visit
 * is over; older links of this visit can no longer be opened (sessions made from them go on).
 * The raw link is returned once, to be shown to the coordinator or sent; it is never stored.
 */
export async function issueVisitJoinLink(
  actor: Actor,
  visitId: string,
  ctx: RequestContext,
  now = new Date(),
): Promise<{ url: string; expiresAt: string }> {
  const v = await loadForChange(actor, visitId, "visit.issueJoinLink");
  if (v.modality !== "VIDEO") throw new AppError("CONFLICT", "Join links are only for video visits.");
  if (!["SCHEDULED", "CHECKED_IN", "IN_PROGRESS"].includes(v.status))
    throw new AppError("CONFLICT", "This visit is over or cancelled: no join link.");
  return db.$transaction(async (tx) => {
    const link = await issuePatientLink(tx, {
      patientId: v.patientId,
      purpose: "visit-join",
      subjectId: visitId,
      expiresAt: joinLinkExpiry(v.endsAt),
      by: who(actor),
      ctx,
      supersede: true,
      now,
    });
    return { url: link.url, expiresAt: link.expiresAt.toISOString() };
  });
}
