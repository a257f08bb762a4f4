import "server-only";
import { db } from "@/server/db";
import { derivePatientStatus, professionalServiceStatuses, type PatientStatus } from "../billing/core/patient-status";
import type { Actor } from "../identity/core/roles";
import { wallClockAt, zonedToUtc } from "../scheduling/core/time";
import type { RecordedTimes } from "./core/note-times";

/**
 * What reading a note and saving it share: who may read and write notes, the call times the app
 * recorded, new or established from the clinic's history, and the clinic-zone times of the form.
 */

export function canWriteNotes(actor: Actor) {
  return actor.role === "CLINICIAN";
}
export function canReadNotes(actor: Actor) {
  return actor.role === "CLINICIAN" || actor.role === "COORDINATOR";
}

/**
 * The call times the app records: the visit started (the patient admitted to the video room, or
 * "Call" for a phone visit) and completed (the call ended). A visit in progress has no end yet.
 */
export function recordedCallTimes(v: { startedAt: Date | null; completedAt: Date | null }): RecordedTimes {
  return { startedAt: v.startedAt, endedAt: v.completedAt };
}

/**
 * New or established from the clinic's own history (billing/core/patient-status.ts): the most
 * recent visit of this patient before this one that took place, with any of the clinic's
 * clinicians (the clinic records no specialty).
 */
export async function patientStatusFor(
  v: { id: string; patientId: string; startsAt: Date },
  tz: string,
): Promise<PatientStatus> {
  const prior = await db.visit.findMany({
    where: {
      patientId: v.patientId,
      id: { not: v.id },
      startsAt: { lt: v.startsAt },
      status: { in: [...professionalServiceStatuses] },
    },
    orderBy: { startsAt: "desc" },
    take: 1,
    select: { startsAt: true, startedAt: true, status: true, clinician: { select: { name: true } } },
  });
  return derivePatientStatus({
    visitDate: wallClockAt(v.startsAt, tz).date,
    priorVisits: prior.map((p) => ({
      date: wallClockAt(p.startedAt ?? p.startsAt, tz).date,
      clinicianName: p.clinician.name,
      status: p.status,
    })),
  });
}

export function patientStatusLine(s: PatientStatus, billedAsNew: boolean): string {
  return billedAsNew === s.newPatient
    ? s.summary
    : `${s.summary} Billed as ${billedAsNew ? "new" : "established"} instead (reason on the note).`;
}

/** A form time (YYYY-MM-DDTHH:mm in the clinic zone) as an instant: the inverse of toLocalInput. */
export function toUtc(local: string | null, tz: string): Date | null {
  if (!local) return null;
  const [date, time] = local.split("T") as [string, string];
  const [h, m] = time.split(":").map(Number) as [number, number];
  return zonedToUtc(date, h * 60 + m, tz);
}

/** YYYY-MM-DDTHH:mm in the clinic zone, for <input type="datetime-local">. */
export function toLocalInput(iso: string | null, tz: string): string {
  if (!iso) return "";
  const w = wallClockAt(new Date(iso), tz);
  const hh = String(Math.floor(w.minute / 60)).padStart(2, "0");
  const mm = String(w.minute % 60).padStart(2, "0");
  return `${w.date}T${hh}:${mm}`;
}
