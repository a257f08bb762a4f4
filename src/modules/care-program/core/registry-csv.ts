import type { RegistryRow } from "./registry";

/** The registry's CSV export (one line per row) and the PEG change as the page shows it. */

export const REGISTRY_CSV_HEADER = [
  "patient_id",
  "mrn",
  "name",
  "clinician",
  "on_ltot_because",
  "mme_per_day",
  "mme_band",
  "mme_not_converted",
  "benzodiazepine",
  "naloxone_on_list",
  "last_peg",
  "last_peg_on",
  "peg_change_from_baseline",
  "last_phq9_total",
  "last_phq9_severity",
  "last_phq9_on",
  "item9_alert_open",
  "last_udt_on",
  "last_udt_result",
  "agreement_signed_on",
  "agreement_due_on",
  "pdmp_last_checked",
  "last_visit",
  "next_visit",
  "dea_flag",
  "dea_days_left",
  "open_gaps",
  "open_gap_list",
] as const;

const tenths = (t: number) => `${t < 0 ? "-" : ""}${Math.trunc(Math.abs(t) / 10)}.${Math.abs(t) % 10}`;
const yesNo = (b: boolean) => (b ? "yes" : "no");

/** One CSV line's cells for a row (csvCell makes them safe). */
export function registryCsvCells(r: RegistryRow): (string | number | null)[] {
  return [
    r.patientId,
    r.mrn,
    r.name,
    r.clinicianName,
    r.ltotExplanation,
    r.mmeTotal,
    r.mmeBand,
    r.mmeExcluded,
    yesNo(r.benzodiazepine),
    yesNo(r.naloxoneOnList),
    r.peg ? tenths(r.peg.scoreTenths) : null,
    r.peg?.on ?? null,
    r.peg && r.peg.changeTenths !== null ? tenths(r.peg.changeTenths) : null,
    r.phq9?.total ?? null,
    r.phq9?.severity ?? null,
    r.phq9?.on ?? null,
    yesNo(r.safetyAlertOpen),
    r.udt?.on ?? null,
    r.udt ? (r.udt.interpretation === null ? "pending" : r.udt.interpretation.toLowerCase()) : null,
    r.agreement.signedOn,
    r.agreement.dueOn,
    r.pdmpOn,
    r.lastVisitOn,
    r.nextVisitOn,
    r.dea.flag ? (r.dea.ended ? "ended" : "relies on flexibility") : "no",
    r.dea.daysLeft,
    r.openGapCount,
    r.openGaps.join(" "),
  ];
}

/** Format a PEG change for the page: "-1.3 from baseline". */
export function formatPegChange(changeTenths: number): string {
  return `${changeTenths > 0 ? "+" : ""}${tenths(changeTenths)}`;
}
