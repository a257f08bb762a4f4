import "server-only";
import { writeAudit } from "@/server/audit";
import { authorize } from "@/server/auth/actor";
import { db, type Tx } from "@/server/db";
import { AppError } from "@/server/errors";
import type { RequestContext } from "@/server/request-context";
import type { Actor } from "../../identity/core/roles";
import { clinicTimeZone } from "../../scheduling/index.server";
import { clinicDate } from "../core/dates";
import { licensedStatesOn, licensureForVisit, type VisitLicensureCheck } from "../core/licenses";
import { canDea } from "../dea-policy";
import { licensesOf } from "./licenses.server";

type Client = Tx | typeof db;
const who = (a: Actor) => ({ userId: a.userId, role: a.role });

export type VisitLicensureView = {
  visitId: string;
  clinicianName: string;
  /** The patient's state at the visit as recorded (check-in, the room, the note header), or null. */
  state: string | null;
  /** What to suggest when it is not recorded yet: the patient's state of residence. */
  suggestion: string;
  check: VisitLicensureCheck;
  licensedStates: string[];
  /** Still before the visit starts (the warning is a "before you start" one). */
  beforeStart: boolean;
  /** The note is signed: the state is part of the signed record and no longer changes here. */
  noteSigned: boolean;
};

const visitSelect = {
  id: true,
  patientId: true,
  clinicianId: true,
  startsAt: true,
  status: true,
  patientLocationState: true,
  patient: { select: { stateOfResidence: true } },
  clinician: { select: { name: true } },
  note: { select: { status: true } },
} as const;

type VisitRow = {
  id: string;
  patientId: string;
  clinicianId: string;
  startsAt: Date;
  status: string;
  patientLocationState: string | null;
  patient: { stateOfResidence: string };
  clinician: { name: string };
  note: { status: string } | null;
};

function viewOf(v: VisitRow, licenses: Map<string, { state: string; expiresOn: string | null }[]>): VisitLicensureView {
  const mine = licenses.get(v.clinicianId) ?? [];
  const on = clinicDate(v.startsAt, clinicTimeZone());
  return {
    visitId: v.id,
    clinicianName: v.clinician.name,
    state: v.patientLocationState?.trim() || null,
    suggestion: v.patient.stateOfResidence,
    check: licensureForVisit(v.patientLocationState, mine, on),
    licensedStates: licensedStatesOn(mine, on),
    beforeStart: v.status === "SCHEDULED" || v.status === "CHECKED_IN",
    noteSigned: v.note?.status === "SIGNED",
  };
}

/** The licensure check of one visit (docs/clinical-reference.md#licensure): visit page, room, note. Audited as a read. */
export async function getVisitLicensure(
  actor: Actor,
  visitId: string,
  ctx: RequestContext,
): Promise<VisitLicensureView> {
  await authorize(actor, canDea(actor.role, "visitLocation.read"), {
    entityType: "Visit",
    entityId: visitId,
    action: "READ",
  });
  const v = await db.visit.findUnique({ where: { id: visitId }, select: visitSelect });
  if (!v) throw new AppError("NOT_FOUND");
  const view = viewOf(v, await licensesOf([v.clinicianId]));
  await writeAudit({
    actor: who(actor),
    action: "READ",
    entityType: "Visit",
    entityId: v.id,
    patientId: v.patientId,
    outcome: "SUCCESS",
    ctx,
    details: { view: "licensure", status: view.check.status },
  });
  return view;
}

/** The checks of a list of visits (Today), in three statements; one audit row for the list. */
export async function licensureForVisits(
  actor: Actor,
  visitIds: readonly string[],
  ctx: RequestContext,
): Promise<Record<string, VisitLicensureView>> {
  await authorize(actor, canDea(actor.role, "visitLocation.read"), { entityType: "Visit", action: "LIST" });
  if (visitIds.length === 0) return {};
  const rows = await db.visit.findMany({ where: { id: { in: [...new Set(visitIds)] } }, select: visitSelect });
  const licenses = await licensesOf(rows.map((r) => r.clinicianId));
  await writeAudit({
    actor: who(actor),
    action: "LIST",
    entityType: "Visit",
    outcome: "SUCCESS",
    ctx,
    details: { view: "licensure", count: rows.length },
  });
  return Object.fromEntries(rows.map((r) => [r.id, viewOf(r, licenses)]));
}

/** For a caller that already authorized and audited the visit (the note's PDF). */
export async function visitLicensureUnaudited(
  visitId: string,
  client: Client = db,
): Promise<VisitLicensureView | null> {
  const v = await client.visit.findUnique({ where: { id: visitId }, select: visitSelect });
  return v ? viewOf(v, await licensesOf([v.clinicianId], client)) : null;
}

/**
 * Records where the patient is for this visit (asked at check-in, in the room, or on the visit
 * page): a state, or null for "not known yet". Refused once the note is signed (the state is
 * then part of the signed note; an addendum corrects it).
 */
export async function recordVisitLocation(
  actor: Actor,
  visitId: string,
  state: string | null,
  ctx: RequestContext,
): Promise<void> {
  await authorize(actor, canDea(actor.role, "visitLocation.record"), {
    entityType: "Visit",
    entityId: visitId,
    action: "UPDATE",
  });
  await db.$transaction(async (tx) => {
    const v = await tx.visit.findUnique({
      where: { id: visitId },
      select: { id: true, patientId: true, note: { select: { status: true } } },
    });
    if (!v) throw new AppError("NOT_FOUND");
    if (v.note?.status === "SIGNED")
      throw new AppError(
        "CONFLICT",
        "The note of this visit is signed: the patient's state is part of it. Correct it with an addendum.",
      );
    await tx.visit.update({ where: { id: visitId }, data: { patientLocationState: state } });
    // The state itself stays out of the audit row (where a patient is, is PHI): only that it was recorded.
    await writeAudit(
      {
        actor: who(actor),
        action: "UPDATE",
        entityType: "Visit",
        entityId: visitId,
        patientId: v.patientId,
        outcome: "SUCCESS",
        ctx,
        details: { changed: ["patientLocationState"], recorded: state !== null },
      },
      tx,
    );
  });
}
