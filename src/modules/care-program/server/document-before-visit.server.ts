import "server-only";
import type { Actor } from "@/modules/identity/core/roles";
import { writeAudit } from "@/server/audit";
import { authorize } from "@/server/auth/actor";
import { db, type Tx } from "@/server/db";
import type { RequestContext } from "@/server/request-context";
import type { LocalDate } from "../core/dates";
import { canHuddle, type HuddleAction } from "../huddle-policy";
import type { NaloxoneInput, PdmpCheckInput, RiskHistoryInput } from "../huddle-schemas";
import { asDate, checkDate, visitFor, visitPatient, who } from "./huddle-visit.server";

/** One dated record documented for a visit: which rule, which row, which date field, and how to write it. */
type DatedRecord = {
  action: HuddleAction;
  entityType: string;
  /** The input's date field (named in the validation error when the date is off). */
  dateField: string;
  date: LocalDate;
  create: (tx: Tx, visit: { id: string; patientId: string }, on: Date) => Promise<{ id: string }>;
};

/**
 * The shared "document a dated record for a visit" flow: the huddle rule, the date not in the
 * future, the visit locked and still documentable, the row written and audited in one transaction.
 */
async function documentForVisit(
  actor: Actor,
  visitId: string,
  what: DatedRecord,
  ctx: RequestContext,
  now: Date,
): Promise<{ id: string }> {
  await authorize(actor, canHuddle(actor.role, what.action), {
    entityType: what.entityType,
    patientId: await visitPatient(visitId),
    action: "CREATE",
  });
  checkDate(what.dateField, what.date, now);
  return db.$transaction(async (tx) => {
    const v = await visitFor(tx, visitId);
    const row = await what.create(tx, v, asDate(what.date));
    await writeAudit(
      {
        actor: who(actor),
        action: "CREATE",
        entityType: what.entityType,
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

/** The clinician documents that the state's PDMP was checked for this visit: closes the PDMP gap everywhere at once. */
export async function documentPdmpCheck(
  actor: Actor,
  visitId: string,
  input: PdmpCheckInput,
  ctx: RequestContext,
  now: Date = new Date(),
): Promise<{ id: string }> {
  return documentForVisit(
    actor,
    visitId,
    {
      action: "huddle.documentPdmp",
      entityType: "PdmpCheck",
      dateField: "checkedOn",
      date: input.checkedOn,
      create: (tx, v, checkedOn) =>
        tx.pdmpCheck.create({
          data: {
            patientId: v.patientId,
            visitId: v.id,
            checkedOn,
            state: input.state,
            finding: input.finding,
            note: input.note,
            recordedById: actor.userId,
          },
          select: { id: true },
        }),
    },
    ctx,
    now,
  );
}

/** Naloxone offered, prescribed or declined for this visit: closes the naloxone gap for the setting's validity. */
export async function documentNaloxone(
  actor: Actor,
  visitId: string,
  input: NaloxoneInput,
  ctx: RequestContext,
  now: Date = new Date(),
): Promise<{ id: string }> {
  return documentForVisit(
    actor,
    visitId,
    {
      action: "huddle.documentNaloxone",
      entityType: "NaloxoneOffer",
      dateField: "offeredOn",
      date: input.offeredOn,
      create: (tx, v, offeredOn) =>
        tx.naloxoneOffer.create({
          data: {
            patientId: v.patientId,
            visitId: v.id,
            offeredOn,
            outcome: input.outcome,
            note: input.note,
            recordedById: actor.userId,
          },
          select: { id: true },
        }),
    },
    ctx,
    now,
  );
}

/** A history of overdose or of a substance use disorder (makes naloxone indicated at any dose). */
export async function recordRiskHistory(
  actor: Actor,
  visitId: string,
  input: RiskHistoryInput,
  ctx: RequestContext,
  now: Date = new Date(),
): Promise<{ id: string }> {
  return documentForVisit(
    actor,
    visitId,
    {
      action: "huddle.recordRiskHistory",
      entityType: "RiskHistoryEntry",
      dateField: "recordedOn",
      date: input.recordedOn,
      create: (tx, v, recordedOn) =>
        tx.riskHistoryEntry.create({
          data: {
            patientId: v.patientId,
            visitId: v.id,
            kind: input.kind,
            recordedOn,
            note: input.note,
            recordedById: actor.userId,
          },
          select: { id: true },
        }),
    },
    ctx,
    now,
  );
}
