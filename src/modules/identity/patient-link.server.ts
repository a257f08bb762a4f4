import "server-only";
import { writeAudit } from "@/server/audit";
import { authorize } from "@/server/auth/actor";
import { db, type Tx } from "@/server/db";
import type { RequestContext } from "@/server/request-context";
import { canPatients } from "../patients/policy";
import type { Actor } from "./core/roles";

/** What an administrator sees of a patient when linking a portal account: no chart data. */
export type LinkablePatient = { id: string; mrn: string; name: string; hasAccount: boolean };

export type LinkLookup = { mrn: string } | { email: string };

/**
 * The one patient lookup an administrator has (patient.lookupForLinking): an EXACT MRN or an
 * EXACT email, at most one record, and only what linking needs - never a search or a list, and
 * never birth date, phone, state or clinician (admins are refused the Patients page). Every
 * lookup is audited, found or not. Runs in the caller's transaction when one is given (linking
 * while an account is created or changed).
 */
export async function lookupPatientForLinking(
  actor: Actor,
  query: LinkLookup,
  ctx: RequestContext,
  tx?: Tx,
): Promise<LinkablePatient | "ambiguous" | null> {
  await authorize(actor, canPatients(actor.role, "patient.lookupForLinking"), {
    entityType: "Patient",
    action: "READ",
  });
  const client = tx ?? db;
  const by = "mrn" in query ? "mrn" : "email";
  const where = "mrn" in query ? { mrn: query.mrn } : { email: query.email.toLowerCase() };
  const rows = await client.patient.findMany({
    where,
    select: { id: true, mrn: true, givenName: true, familyName: true, user: { select: { id: true } } },
    take: 2,
  });
  const who = { userId: actor.userId, role: actor.role };
  const one = rows.length === 1 ? rows[0]! : null;
  await writeAudit(
    {
      actor: who,
      action: "READ",
      entityType: "Patient",
      entityId: one?.id ?? null,
      patientId: one?.id ?? null,
      outcome: one ? "SUCCESS" : "FAILURE",
      ctx,
      details: { purpose: "account_link", by, ...(one ? {} : { reason: rows.length ? "ambiguous" : "not_found" }) },
    },
    tx,
  );
  if (rows.length > 1) return "ambiguous";
  return one
    ? { id: one.id, mrn: one.mrn, name: `${one.givenName} ${one.familyName}`, hasAccount: one.user !== null }
    : null;
}
