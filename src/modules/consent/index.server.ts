import "server-only";

/**
 * The consent module's public server surface: other modules and the app import its server code only
 * from here (plus its core/, actions.ts, schemas.ts and components/). eslint.config.mjs enforces it.
 */
export { type StartConsentView, getConsentException, getCurrentConsentTexts, getPatientConsents, isConsentRequired, listConsentTexts, listVisitsMissingConsent, startConsentForVisits } from "./consent.server";
export { consentVisitSubscriber } from "./consent.server";

/** Patient agreements for opioid therapy (consent records of kind OPIOID_AGREEMENT; agreements.server.ts). */
export {
  type AgreementRecordDto,
  type AgreementView,
  getCurrentAgreementText,
  getLinkAgreement,
  getPatientAgreement,
  recordAgreement,
  revokeAgreement,
  revokeOwnAgreement,
  sendAgreementLink,
  signAgreementByLink,
  signOwnAgreement,
} from "./agreements.server";
