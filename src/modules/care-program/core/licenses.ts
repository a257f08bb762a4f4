import type { LocalDate } from "./dates";
import { licensureCheck, normalizeStateCode, type LicensureCheck } from "./licensure";

/**
 * A clinician's licenses as recorded by the admin, checked for one visit
 * (docs/clinical-reference.md#licensure). A license counts on the visit's date when it has no
 * end recorded or ends on or after that date (the expiry is the last valid day). An expired
 * license in the patient's state warns with its own words: the check is the same, the next step
 * (renew, or check the renewal) is not.
 */
export type LicenseRecord = { state: string; expiresOn: LocalDate | null };

export function licensedStatesOn(licenses: readonly LicenseRecord[], on: LocalDate): string[] {
  const out = new Set<string>();
  for (const l of licenses) {
    const s = normalizeStateCode(l.state);
    if (s && (l.expiresOn === null || l.expiresOn >= on)) out.add(s);
  }
  return [...out].sort();
}

export type VisitLicensureCheck =
  | LicensureCheck
  | { status: "WARNING"; reason: "LICENSE_EXPIRED"; state: string; expiredOn: LocalDate; message: string };

export function licensureForVisit(
  patientStateAtVisit: string | null | undefined,
  licenses: readonly LicenseRecord[],
  visitDate: LocalDate,
): VisitLicensureCheck {
  const check = licensureCheck(patientStateAtVisit, licensedStatesOn(licenses, visitDate));
  if (check.status === "WARNING" && check.reason === "NOT_LICENSED_IN_STATE" && check.state) {
    const expired = licenses
      .filter((l) => normalizeStateCode(l.state) === check.state && l.expiresOn !== null && l.expiresOn < visitDate)
      .map((l) => l.expiresOn as LocalDate)
      .sort()
      .at(-1);
    if (expired) {
      return {
        status: "WARNING",
        reason: "LICENSE_EXPIRED",
        state: check.state,
        expiredOn: expired,
        message: `The patient is in ${check.state} for this visit, and the clinician's ${check.state} license on record ended on ${expired}. Check the renewal (and update it in Administration > Users), or arrange the visit with a clinician licensed there.`,
      };
    }
  }
  return check;
}

/** What staff should do about a warning, in one line (the visit page, room, note). */
export function licensureHeadline(c: VisitLicensureCheck): string {
  if (c.status === "OK")
    return `Licensed in ${c.state}: the clinician holds a license for the state the patient is in.`;
  switch (c.reason) {
    case "PATIENT_STATE_NOT_RECORDED":
      return "Licensure not checked: the patient's state for this visit is not recorded.";
    case "NOT_LICENSED_IN_STATE":
      return `Licensure warning: no license on record for ${c.state}.`;
    case "LICENSE_EXPIRED":
      return `Licensure warning: the ${c.state} license on record has expired.`;
  }
}
