import "server-only";
import { sendVisitFormsInTx } from "@/modules/assessments/index.server";
import type { InstrumentCode } from "@/modules/assessments/core/instruments";
import type { Actor } from "@/modules/identity/core/roles";
import { authorize } from "@/server/auth/actor";
import { db } from "@/server/db";
import { AppError } from "@/server/errors";
import type { RequestContext } from "@/server/request-context";
import { canHuddle } from "../huddle-policy";
import { UPCOMING, visitFor, visitPatient } from "./huddle-visit.server";

/**
 * "Send forms": the assessments module's form requests for this visit (each instrument not
 * requested yet) and a fresh forms link for the patient, returned once for staff to send.
 */
export async function sendPreVisitForms(
  actor: Actor,
  visitId: string,
  instruments: readonly InstrumentCode[],
  ctx: RequestContext,
  now: Date = new Date(),
): Promise<{ url: string; expiresAt: Date; requested: InstrumentCode[] }> {
  await authorize(actor, canHuddle(actor.role, "huddle.sendForms"), {
    entityType: "FormRequest",
    patientId: await visitPatient(visitId),
    action: "CREATE",
  });
  return db.$transaction(async (tx) => {
    const v = await visitFor(tx, visitId, UPCOMING);
    if (v.startsAt.getTime() <= now.getTime())
      throw new AppError(
        "VALIDATION",
        "This visit has already started: pre-visit forms can no longer be sent for it. Enter the answers on the chart instead.",
      );
    const r = await sendVisitFormsInTx(
      tx,
      actor,
      { patientId: v.patientId, visitId: v.id, visitStartsAt: v.startsAt, instruments },
      ctx,
      now,
    );
    return { url: r.url, expiresAt: r.expiresAt, requested: r.requested };
  });
}
