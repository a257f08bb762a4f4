import "server-only";
import { db } from "@/server/db";
import { getEnv } from "@/server/env";
import { clinicDate } from "../core/dates";
import { evaluateCareGaps } from "../core/rules";
import { loadCareFacts } from "./facts.server";
import { readCareProgramSettings } from "./settings.server";

/** Patients whose facts are loaded at once: memory stays bounded whatever the clinic's size. */
const CHUNK = 500;

/**
 * The ids of the patients on the LTOT registry today, in id order: the same rule as the registry
 * page (evaluateCareGaps(...).ltot.onLtot), evaluated over the patients in chunks of CHUNK so that
 * only one chunk's facts are in memory (the FHIR Group `ltot-registry` and its bulk export read
 * it; docs/decisions/fhir-bulk-export.md). A data function: the caller authorizes and audits.
 */
export async function ltotRegistryPatientIds(now: Date = new Date()): Promise<string[]> {
  const timeZone = getEnv().CLINIC_TIME_ZONE;
  const asOf = clinicDate(now, timeZone);
  const settings = await readCareProgramSettings();
  const members: string[] = [];
  let after: string | undefined;
  for (;;) {
    const ids = (
      await db.patient.findMany({
        where: after ? { id: { gt: after } } : {},
        select: { id: true },
        orderBy: { id: "asc" },
        take: CHUNK,
      })
    ).map((p) => p.id);
    if (ids.length === 0) break;
    const facts = await loadCareFacts({ patientIds: ids }, timeZone);
    const on = new Set(facts.filter((f) => evaluateCareGaps(f, settings, asOf).ltot.onLtot).map((f) => f.patientId));
    members.push(...ids.filter((id) => on.has(id)));
    after = ids[ids.length - 1];
    if (ids.length < CHUNK) break;
  }
  return members;
}
