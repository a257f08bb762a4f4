import "server-only";
import { authorize } from "@/server/auth/actor";
import { db } from "@/server/db";
import { getEnv } from "@/server/env";
import type { RequestContext } from "@/server/request-context";
import type { Actor } from "../identity/core/roles";
import { todayIn } from "./core/format";
import { auditPatientList, type PatientSummary, summarySelect, toSummary } from "./patient-rows.server";
import { canPatients } from "./policy";

/** A clinician's own panel: patients they are primary clinician for or on the care team of. */
export async function listMyPatients(actor: Actor, ctx: RequestContext): Promise<PatientSummary[]> {
  await authorize(actor, actor.role === "CLINICIAN" && canPatients(actor.role, "patient.list"), {
    entityType: "Patient",
    action: "LIST",
  });
  const rows = await db.patient.findMany({
    where: { OR: [{ primaryClinicianId: actor.userId }, { careTeam: { some: { userId: actor.userId } } }] },
    select: summarySelect,
    orderBy: [{ familyName: "asc" }, { givenName: "asc" }],
    take: 200,
  });
  await auditPatientList(actor, ctx, { scope: "my_panel", results: rows.length });
  const today = todayIn(getEnv().CLINIC_TIME_ZONE);
  return rows.map((r) => toSummary(r, today));
}
