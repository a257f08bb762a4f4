/**
 * New or established patient, for the E/M code family
 * (docs/clinical-reference.md#new-or-established-patient). AMA CPT and CMS: a patient is new
 * when they have had no professional service from the physician, or from another physician of
 * the same specialty in the same group practice, within the past 3 years; otherwise established.
 *
 * Derived from the clinic's own visit history, never from a default:
 * - a professional service is a visit that took place (started or completed); cancelled visits,
 *   no-shows and visits that never started are not;
 * - the clinic records no specialty, so all of its clinicians count as one specialty;
 * - dates are calendar dates in the clinic's time zone; a service on the same date 3 years
 *   earlier is still within the 3 years (on that boundary the lower, established code is the
 *   safe one), a day earlier is not. A 29 February visit looks back to 28 February.
 *
 * Pure: the caller passes the visit's date and the patient's earlier visits.
 */

export const NEW_PATIENT_LOOKBACK_YEARS = 3;

/** Visit statuses that mean a professional service took place. */
export const professionalServiceStatuses = ["IN_PROGRESS", "COMPLETED"] as const;

export function isProfessionalService(status: string): boolean {
  return (professionalServiceStatuses as readonly string[]).includes(status);
}

/** An earlier visit of the patient with the clinic: its date (YYYY-MM-DD, clinic zone). */
export type PriorVisit = { date: string; clinicianName: string; status: string };

export type PatientStatus = {
  newPatient: boolean;
  /** The most recent professional service before this visit, if any. */
  lastService: { date: string; clinicianName: string } | null;
  /** Services on or after this date make the patient established. */
  cutoff: string;
  /** The result in words, for the note form, the note and the PDF. */
  summary: string;
  /** The rule in words. */
  rule: string;
};

export const patientStatusRule =
  "CPT and CMS: a new patient has had no professional service from a clinician of the same specialty in this clinic in the past 3 years; otherwise the patient is established. All of the clinic's clinicians count as one specialty. Cancelled visits and no-shows are not professional services.";

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** The same calendar date n years earlier (29 February -> 28 February in a common year). */
export function yearsBefore(date: string, years: number): string {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  const year = y - years;
  const day = Math.min(d, daysInMonth(year, m));
  return `${String(year).padStart(4, "0")}-${String(m).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

export function derivePatientStatus(input: { visitDate: string; priorVisits: readonly PriorVisit[] }): PatientStatus {
  const cutoff = yearsBefore(input.visitDate, NEW_PATIENT_LOOKBACK_YEARS);
  let last: { date: string; clinicianName: string } | null = null;
  for (const v of input.priorVisits) {
    if (!isProfessionalService(v.status) || v.date > input.visitDate) continue;
    if (!last || v.date > last.date) last = { date: v.date, clinicianName: v.clinicianName };
  }
  if (last && last.date >= cutoff) {
    return {
      newPatient: false,
      lastService: last,
      cutoff,
      rule: patientStatusRule,
      summary: `Established patient: last professional service ${last.date} by ${last.clinicianName}.`,
    };
  }
  const summary = last
    ? `New patient: the last professional service (${last.date} by ${last.clinicianName}) is more than 3 years before this visit.`
    : "New patient: no earlier professional service from this clinic.";
  return { newPatient: true, lastService: last, cutoff, rule: patientStatusRule, summary };
}
