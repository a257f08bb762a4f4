/**
 * Telehealth consent (docs/clinical-reference.md#consent: document that the patient consented to a telehealth or
 * telephone visit - who, when, how, and the consent text version). A record is valid for its
 * modality until it expires (clinic setting, default 12 months) or is revoked.
 */
export type ConsentKind = "VIDEO" | "PHONE";
/**
 * Every kind of signed patient document the consent records hold (the schema's enum): telehealth
 * consent (ConsentKind, what a visit needs) and the patient agreement for opioid therapy
 * (core/agreement-rules.ts). A visit's consent is only ever a ConsentKind: an agreement is never
 * visit consent.
 */
export type ConsentRecordKind = ConsentKind | "OPIOID_AGREEMENT";
export const telehealthConsentKinds = ["VIDEO", "PHONE"] as const satisfies readonly ConsentKind[];

export function isTelehealthConsentKind(kind: ConsentRecordKind): kind is ConsentKind {
  return kind === "VIDEO" || kind === "PHONE";
}

export type ConsentRecordLike = {
  id: string;
  kind: ConsentRecordKind;
  capturedAt: Date;
  expiresAt: Date;
  revokedAt: Date | null;
};

export type ConsentStatus =
  | { state: "valid"; recordId: string; expiresAt: Date }
  | { state: "missing" }
  | { state: "expired"; recordId: string; expiredAt: Date }
  | { state: "revoked"; recordId: string; revokedAt: Date };

export const DEFAULT_CONSENT_VALID_MONTHS = 12;

/** The consent a visit of this modality needs: a video visit needs video consent, phone needs phone. */
export function consentKindFor(modality: "VIDEO" | "PHONE"): ConsentKind {
  return modality;
}

/** Status from the patient's records of one kind: the newest record decides. */
export function consentStatus(
  records: readonly ConsentRecordLike[],
  kind: ConsentRecordKind,
  now: Date,
): ConsentStatus {
  const newest = records
    .filter((r) => r.kind === kind)
    .sort((a, b) => b.capturedAt.getTime() - a.capturedAt.getTime())[0];
  if (!newest) return { state: "missing" };
  if (newest.revokedAt && newest.revokedAt.getTime() <= now.getTime())
    return { state: "revoked", recordId: newest.id, revokedAt: newest.revokedAt };
  if (newest.expiresAt.getTime() <= now.getTime())
    return { state: "expired", recordId: newest.id, expiredAt: newest.expiresAt };
  return { state: "valid", recordId: newest.id, expiresAt: newest.expiresAt };
}

/** Expiry: the same calendar day `months` later (end-of-month safe, in UTC). */
export function consentExpiry(capturedAt: Date, months: number): Date {
  const d = new Date(capturedAt.getTime());
  const day = d.getUTCDate();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() + months);
  const lastDay = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
  d.setUTCDate(Math.min(day, lastDay));
  return d;
}

export const consentStateLabel: Record<ConsentStatus["state"], string> = {
  valid: "On file",
  missing: "Missing",
  expired: "Expired",
  revoked: "Revoked",
};

/** The revocation reason a withdrawal in the portal is recorded with (the patient's own words may follow). */
export const PATIENT_WITHDRAWAL_REASON = "Withdrawn by the patient in the portal";

/** The patient's own words from a withdrawal's reason, if they gave any. */
export function withdrawalNote(revokedReason: string | null): string {
  const r = revokedReason ?? "";
  return r.startsWith(PATIENT_WITHDRAWAL_REASON) ? r.slice(PATIENT_WITHDRAWAL_REASON.length).replace(/^:\s*/, "") : r;
}
