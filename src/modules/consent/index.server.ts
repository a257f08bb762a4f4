import "server-only";

/**
 * The consent module's public server surface: other modules and the app import its server code only
 * from here (plus its core/, actions.ts, schemas.ts and components/). eslint.config.mjs enforces it.
 */
export { getCurrentConsentTexts, listConsentTexts } from "./consent-texts.server";
export { listVisitsMissingConsent } from "./missing-consent.server";
export { getPatientConsents, patientConsentsUnaudited } from "./patient-consents.server";
export {
  type StartConsentView,
  consentVisitSubscriber,
  getConsentException,
  isConsentRequired,
  startConsentForVisits,
} from "./start-consent.server";

/** Patient agreements for opioid therapy (consent records of kind OPIOID_AGREEMENT; *-agreement*.server.ts). */
export {
  type AgreementRecordDto,
  type AgreementView,
  getCurrentAgreementText,
  getLinkAgreement,
  getPatientAgreement,
} from "./get-agreement.server";
export { recordAgreement, signAgreementByLink, signOwnAgreement } from "./sign-agreement.server";
export { revokeAgreement, revokeOwnAgreement } from "./revoke-agreement.server";
export { sendAgreementLink } from "./send-agreement-link.server";
