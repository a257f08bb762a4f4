import "server-only";
import type { Actor } from "../identity/core/roles";
import { db } from "@/server/db";
import { getEnv } from "@/server/env";

/**
 * The signed-in patient's own page settings (the language their pages are shown in and their
 * time zone), read for the portal shell on every page. Only a patient's own record is read, and
 * only these two settings (no clinical or identifying data), so like getPatientTimeZone it writes
 * no audit row: each page's own data function audits what it shows.
 */
export async function getOwnPagePreferences(
  actor: Actor,
): Promise<{ preferredLanguage: string | null; timeZone: string }> {
  const fallback = { preferredLanguage: null, timeZone: getEnv().CLINIC_TIME_ZONE };
  if (actor.role !== "PATIENT" || !actor.patientId) return fallback;
  const p = await db.patient.findUnique({
    where: { id: actor.patientId },
    select: { preferredLanguage: true, timeZone: true },
  });
  return p ? { preferredLanguage: p.preferredLanguage, timeZone: p.timeZone } : fallback;
}
