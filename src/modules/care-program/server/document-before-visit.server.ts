import "server-only";
import type { Actor } from "@/modules/identity/core/roles";
import { writeAudit } from "@/server/audit";
import { authorize } from "@/server/auth/actor";
import { db } from "@/server/db";
import type { RequestContext } from "@/server/request-context";
import { canHuddle } from "../huddle-policy";
import type { NaloxoneInput, PdmpCheckInput, RiskHistoryInput } from "../huddle-schemas";
import { asDate, checkDate, visitFor, visitPatient, who } from "./huddle-visit.server";

/** The clinician documents that the state's PDMP was checked for this visit: closes the PDMP gap everywhere at once. */
export async function documentPdmpCheck(
  actor: Actor,
  visitId: string,
  input: PdmpCheckInput,
  ctx: RequestContext,
  now: Date = new Date(),
): Promise<{ id: string }> {
  await authorize(actor, canHuddle(actor.role, "huddle.documentPdmp"), {
    entityType: "PdmpCheck",
    patientId: await visitPatient(visitId),
    action: "CREATE",
  });
  checkDate("checkedOn", input.checkedOn, now);
  return db.$transaction(async (tx) => {
    const v = await visitFor(tx, visitId);
    const row = await tx.pdmpCheck.create({
      data: {
        patientId: v.patientId,
        visitId: v.id,
        checkedOn: asDate(input.checkedOn),
        state: input.state,
        finding: input.finding,
        note: input.note,
        recordedById: actor.userId,
      },
      select: { id: true },
    });
    await writeAudit(
      {
        actor: who(actor),
        action: "CREATE",
        entityType: "PdmpCheck",
        entityId: row.id,
        patientId: v.patientId,
        outcome: "SUCCESS",
        ctx,
        details: { visitId: v.id },
      },
      tx,
    );
    return row;
  });
}

/** Naloxone offered, prescribed or declined for this visit: closes the naloxone gap for the setting's validity. */
export async function documentNaloxone(
  actor: Actor,
  visitId: string,
  input: NaloxoneInput,
  ctx: RequestContext,
  now: Date = new Date(),
): Promise<{ id: string }> {
  await authorize(actor, canHuddle(actor.role, "huddle.documentNaloxone"), {
    entityType: "NaloxoneOffer",
    patientId: await visitPatient(visitId),
    action: "CREATE",
  });
  checkDate("offeredOn", input.offeredOn, now);
  return db.$transaction(async (tx) => {
    const v = await visitFor(tx, visitId);
    const row = await tx.naloxoneOffer.create({
      data: {
        patientId: v.patientId,
        visitId: v.id,
        offeredOn: asDate(input.offeredOn),
        outcome: input.outcome,
        note: input.note,
        recordedById: actor.userId,
      },
      select: { id: true },
    });
    await writeAudit(
      {
        actor: who(actor),
        action: "CREATE",
        entityType: "NaloxoneOffer",
        entityId: row.id,
        patientId: v.patientId,
        outcome: "SUCCESS",
        ctx,
        details: { visitId: v.id },
      },
      tx,
    );
    return row;
  });
}

/** A history of overdose or of a substance use disorder (makes naloxone indicated at any dose). */
export async function recordRiskHistory(
  actor: Actor,
  visitId: string,
  input: RiskHistoryInput,
  ctx: RequestContext,
  now: Date = new Date(),
): Promise<{ id: string }> {
  await authorize(actor, canHuddle(actor.role, "huddle.recordRiskHistory"), {
    entityType: "RiskHistoryEntry",
    patientId: await visitPatient(visitId),
    action: "CREATE",
  });
  checkDate("recordedOn", input.recordedOn, now);
  return db.$transaction(async (tx) => {
    const v = await visitFor(tx, visitId);
    const row = await tx.riskHistoryEntry.create({
      data: {
        patientId: v.patientId,
        visitId: v.id,
        kind: input.kind,
        recordedOn: asDate(input.recordedOn),
        note: input.note,
        recordedById: actor.userId,
      },
      select: { id: true },
    });
    await writeAudit(
      {
        actor: who(actor),
        action: "CREATE",
        entityType: "RiskHistoryEntry",
        entityId: row.id,
        patientId: v.patientId,
        outcome: "SUCCESS",
        ctx,
        details: { visitId: v.id },
      },
      tx,
    );
    return row;
  });
}
