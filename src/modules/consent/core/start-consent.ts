import type { ConsentKind, ConsentStatus } from "./consent-rules";

/**
 * Consent before a visit starts (docs/clinical-reference.md#consent-before-the-visit-starts).
 * Starting a video or phone visit (admitting the patient from the waiting room, or "Call" for a
 * phone visit) needs one of:
 * - valid consent on file for the visit's modality;
 * - verbal consent captured at that moment: the clinician confirms the patient agreed out loud to
 *   the current consent text (recorded like any verbal consent, in the same transaction as the
 *   start);
 * - an emergency exception: the reason the visit goes ahead without consent, recorded on the
 *   visit and shown on the visit and its note.
 * Otherwise the start is refused. Never silently.
 */
export type StartConsentChoice = { method: "verbal"; textId: string } | { method: "emergency"; reason: string } | null;

export type StartConsentDecision =
  | { action: "proceed"; basis: "on_file" | "exception_on_file" }
  | { action: "record_verbal"; textId: string }
  | { action: "record_exception"; reason: string }
  | { action: "refuse"; state: "missing" | "expired" | "revoked" };

export function decideStartConsent(
  status: ConsentStatus,
  choice: StartConsentChoice,
  opts: { exceptionRecorded: boolean },
): StartConsentDecision {
  // Consent on file decides: nothing more is recorded (a second consent record or an exception
  // the visit does not need would only muddy the record).
  if (status.state === "valid") return { action: "proceed", basis: "on_file" };
  if (choice?.method === "verbal") return { action: "record_verbal", textId: choice.textId };
  if (choice?.method === "emergency") return { action: "record_exception", reason: choice.reason };
  if (opts.exceptionRecorded) return { action: "proceed", basis: "exception_on_file" };
  return { action: "refuse", state: status.state };
}

/** The machine-readable code a refused start carries (the room's admit route answers 409 with it). */
export const CONSENT_REQUIRED = "CONSENT_REQUIRED" as const;

const kindWord = (k: ConsentKind) => (k === "VIDEO" ? "video (telehealth)" : "telephone");
const stateWord = {
  missing: "is on file",
  expired: "is on file (the last one expired)",
  revoked: "is on file (the last one was withdrawn)",
} as const;

/** What a refused start says, and what to do next. */
export function consentRequiredMessage(kind: ConsentKind, state: "missing" | "expired" | "revoked"): string {
  return `No valid ${kindWord(kind)} consent ${stateWord[state]}. Record the patient's verbal consent now, or start without consent as an emergency and give the reason.`;
}

/** The visit history entry an emergency exception is recorded as (VisitEvent.kind). */
export const CONSENT_EXCEPTION_EVENT = "CONSENT_EXCEPTION";

export const startConsentLabels = {
  VIDEO: { verbal: "Record verbal consent and admit", emergency: "Admit without consent (emergency)" },
  PHONE: { verbal: "Record verbal consent and call", emergency: "Call without consent (emergency)" },
} as const satisfies Record<ConsentKind, { verbal: string; emergency: string }>;
