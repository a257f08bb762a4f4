import "server-only";
import type { Actor } from "@/modules/identity/core/roles";
import { clinicTimeZone } from "@/modules/scheduling/index.server";
import { db, type Tx } from "@/server/db";
import { AppError } from "@/server/errors";
import { clinicDate, type LocalDate } from "../core/dates";
import { documentedDateProblem } from "../core/huddle";

/** What the pre-visit huddle's use cases share: the visit statuses they accept and the visit they document. */

export const who = (a: Actor) => ({ userId: a.userId, role: a.role });
export const UPCOMING = ["SCHEDULED", "CHECKED_IN", "IN_PROGRESS"] as const;
/** Statuses a visit can still be documented for (before it, in it, or after it while the note is written). */
const DOCUMENTABLE = ["SCHEDULED", "CHECKED_IN", "IN_PROGRESS", "COMPLETED"] as const;
export const dateOnly = (d: Date): LocalDate => d.toISOString().slice(0, 10);
export const asDate = (d: LocalDate) => new Date(`${d}T00:00:00Z`);

/** The visit being documented, locked for the transaction; not found, cancelled or a no-show is refused. */
export async function visitFor(
  tx: Tx,
  visitId: string,
  statuses: readonly string[] = DOCUMENTABLE,
): Promise<{ id: string; patientId: string; startsAt: Date }> {
  const rows = await tx.$queryRaw<{ id: string; patientId: string; startsAt: Date; status: string }[]>`
    SELECT id, "patientId", "startsAt", status::text AS status FROM "Visit" WHERE id = ${visitId}::uuid FOR SHARE`;
  const v = rows[0];
  if (!v) throw new AppError("NOT_FOUND", "We could not find that visit.");
  if (!statuses.includes(v.status))
    throw new AppError("CONFLICT", "This visit is cancelled or was missed: document it on the patient's next visit.");
  return v;
}

export function checkDate(field: string, date: LocalDate, now: Date): void {
  const problem = documentedDateProblem(date, clinicDate(now, clinicTimeZone()));
  if (problem) throw new AppError("VALIDATION", undefined, { [field]: [problem] });
}

export async function visitPatient(visitId: string): Promise<string | null> {
  return (await db.visit.findUnique({ where: { id: visitId }, select: { patientId: true } }))?.patientId ?? null;
}
