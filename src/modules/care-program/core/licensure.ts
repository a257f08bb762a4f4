/**
 * Licensure check (docs/clinical-reference.md#licensure): the clinician must hold a license in the
 * state where the patient is at the time of the visit (not the home address). The result warns
 * before the visit starts and in the note; it never blocks anything by itself.
 */
export const usStateCodes = [
  "AL",
  "AK",
  "AZ",
  "AR",
  "CA",
  "CO",
  "CT",
  "DE",
  "DC",
  "FL",
  "GA",
  "HI",
  "ID",
  "IL",
  "IN",
  "IA",
  "KS",
  "KY",
  "LA",
  "ME",
  "MD",
  "MA",
  "MI",
  "MN",
  "MS",
  "MO",
  "MT",
  "NE",
  "NV",
  "NH",
  "NJ",
  "NM",
  "NY",
  "NC",
  "ND",
  "OH",
  "OK",
  "OR",
  "PA",
  "RI",
  "SC",
  "SD",
  "TN",
  "TX",
  "UT",
  "VT",
  "VA",
  "WA",
  "WV",
  "WI",
  "WY",
  "AS",
  "GU",
  "MP",
  "PR",
  "VI",
] as const;
export type UsStateCode = (typeof usStateCodes)[number];

export function normalizeStateCode(s: string | null | undefined): UsStateCode | null {
  const c = (s ?? "").trim().toUpperCase();
  return (usStateCodes as readonly string[]).includes(c) ? (c as UsStateCode) : null;
}

export type LicensureCheck =
  | { status: "OK"; state: UsStateCode }
  | {
      status: "WARNING";
      reason: "PATIENT_STATE_NOT_RECORDED" | "NOT_LICENSED_IN_STATE";
      state: UsStateCode | null;
      message: string;
    };

export function licensureCheck(
  patientStateAtVisit: string | null | undefined,
  clinicianLicensedStates: readonly string[],
): LicensureCheck {
  const state = normalizeStateCode(patientStateAtVisit);
  if (state === null) {
    return {
      status: "WARNING",
      reason: "PATIENT_STATE_NOT_RECORDED",
      state: null,
      message:
        "Ask the patient which state they are in right now and record it: licensure depends on where the patient is during the visit.",
    };
  }
  const licensed = new Set(clinicianLicensedStates.map(normalizeStateCode).filter((s) => s !== null));
  if (licensed.has(state)) return { status: "OK", state };
  return {
    status: "WARNING",
    reason: "NOT_LICENSED_IN_STATE",
    state,
    message: `The patient is in ${state} for this visit, and the clinician has no license on record for ${state}. Check the license, or arrange the visit with a clinician licensed there.`,
  };
}
