import "server-only";
import { authorize } from "@/server/auth/actor";
import { db } from "@/server/db";
import type { Actor } from "../identity/core/roles";

/** Active clinicians for pick lists (not PHI). Staff only. */
export async function listClinicians(actor: Actor): Promise<{ id: string; name: string }[]> {
  await authorize(actor, actor.role !== "PATIENT", { entityType: "User", action: "LIST" });
  return db.user.findMany({
    where: { role: "CLINICIAN", active: true },
    select: { id: true, name: true },
    orderBy: { name: "asc" },
  });
}
