import "server-only";

/**
 * The consent module's public server surface: other modules and the app import its server code only
 * from here (plus its core/, actions.ts, schemas.ts and components/). eslint.config.mjs enforces it.
 */
export { type StartConsentView, getConsentException, getCurrentConsentTexts, getPatientConsents, isConsentRequired, listConsentTexts, listVisitsMissingConsent, startConsentForVisits } from "./consent.server";
export { consentVisitSubscriber } from "./consent.server";
