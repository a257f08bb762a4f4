import { wallClockAt, zonedToUtc } from "@/modules/scheduling/core/time";
import { consentExpiry, consentStatus, type ConsentRecordLike } from "./consent-rules";

/**
 * The patient agreement for long-term opioid therapy (docs/clinical-reference.md#patient-agreements):
 * a consent record of kind OPIOID_AGREEMENT, so it is versioned, immutable and revoked on the row
 * exactly like telehealth consent. It is signed by the patient (typed full name, in the portal or
 * from a secure link) or recorded by staff (signed on paper, or agreed verbally with a witness),
 * and is renewed after the clinic's interval (care-program setting `agreementRenewalMonths`).
 *
 * Dates: the renewal date is the clinic's calendar date of signing plus the interval (same day,
 * end-of-month safe: the consent records' rule); the record's expiresAt is the start of that day
 * in the clinic's time zone, so the agreement is due on its renewal date on every screen, the same
 * day the care program's "agreement due" gap opens (docs/clinical-reference.md#how-due-dates-are-counted).
 */
export const AGREEMENT_KIND = "OPIOID_AGREEMENT" as const;

export type AgreementMethod = "ELECTRONIC" | "PAPER" | "VERBAL";

/** From this many days before the renewal date, the patient is asked to renew (portal, link). */
export const AGREEMENT_RENEWAL_WINDOW_DAYS = 30;

/** How long an agreement link the clinic sends stays usable (it also stops once signed). */
export const AGREEMENT_LINK_TTL_DAYS = 7;

/** The revocation reason a revocation in the portal is recorded with (the patient's own words may follow). */
export const PATIENT_AGREEMENT_REVOCATION_REASON = "Revoked by the patient in the portal";

export type AgreementStatus =
  | { state: "none" }
  | { state: "signed"; recordId: string; signedAt: Date; renewBy: Date; renewalSoon: boolean }
  | { state: "renewal_due"; recordId: string; signedAt: Date; renewBy: Date }
  | { state: "revoked"; recordId: string; signedAt: Date; revokedAt: Date };

const DAY_MS = 86_400_000;

/**
 * The patient's agreement status from their consent records (any kinds: only agreements count).
 * The newest agreement decides, as for consent: a newer signature replaces an older one, and a
 * revoked newest agreement means revoked even if an older one had not expired.
 */
export function agreementStatus(records: readonly ConsentRecordLike[], now: Date): AgreementStatus {
  const s = consentStatus(records, AGREEMENT_KIND, now);
  if (s.state === "missing") return { state: "none" };
  const r = records.find((x) => x.id === s.recordId)!;
  switch (s.state) {
    case "valid":
      return {
        state: "signed",
        recordId: r.id,
        signedAt: r.capturedAt,
        renewBy: r.expiresAt,
        renewalSoon: r.expiresAt.getTime() - now.getTime() <= AGREEMENT_RENEWAL_WINDOW_DAYS * DAY_MS,
      };
    case "expired":
      return { state: "renewal_due", recordId: r.id, signedAt: r.capturedAt, renewBy: r.expiresAt };
    case "revoked":
      return { state: "revoked", recordId: r.id, signedAt: r.capturedAt, revokedAt: s.revokedAt };
  }
}

/** Whether the patient should be asked to sign: no current agreement, or its renewal is near. */
export function agreementNeedsSignature(s: AgreementStatus): boolean {
  return s.state !== "signed" || s.renewalSoon;
}

/** A calendar date (YYYY-MM-DD) plus whole months: same day, end-of-month safe. */
export function addMonthsToDate(date: string, months: number): string {
  return consentExpiry(new Date(`${date}T00:00:00Z`), months)
    .toISOString()
    .slice(0, 10);
}

/** The renewal date (clinic calendar) of an agreement signed at `signedAt`. */
export function agreementRenewalDate(signedAt: Date, months: number, timeZone: string): string {
  return addMonthsToDate(wallClockAt(signedAt, timeZone).date, months);
}

/** The record's expiresAt: the start of the renewal date in the clinic's time zone. */
export function agreementExpiry(signedAt: Date, months: number, timeZone: string): Date {
  return zonedToUtc(agreementRenewalDate(signedAt, months, timeZone), 0, timeZone);
}

export const agreementStateLabel: Record<AgreementStatus["state"], string> = {
  none: "None on file",
  signed: "Signed",
  renewal_due: "Renewal due",
  revoked: "Revoked",
};

export const agreementMethodLabel: Record<AgreementMethod, string> = {
  ELECTRONIC: "Signed electronically",
  PAPER: "Signed on paper",
  VERBAL: "Agreed verbally",
};

/** The patient's own words from a revocation in the portal, if they gave any. */
export function agreementRevocationNote(revokedReason: string | null): string {
  const r = revokedReason ?? "";
  return r.startsWith(PATIENT_AGREEMENT_REVOCATION_REASON)
    ? r.slice(PATIENT_AGREEMENT_REVOCATION_REASON.length).replace(/^:\s*/, "")
    : r;
}

/** The renewal date (clinic calendar, YYYY-MM-DD) a record's expiresAt stands for. */
export function renewalDateIn(renewBy: Date, timeZone: string): string {
  return wallClockAt(renewBy, timeZone).date;
}
