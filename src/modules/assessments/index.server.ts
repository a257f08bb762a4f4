import "server-only";

/**
 * The assessments module's public server surface: other modules and the app import its server code only
 * from here (plus its core/, actions.ts, schemas.ts and components/). eslint.config.mjs enforces it.
 */
export { getAssessmentResults, getResponseHistory } from "./assessment-results.server";
export { getFormToFill, getSubmissionOutcome, listPendingForms } from "./fill-forms.server";
export { getFormStatusForVisits, listFormQueue } from "./form-queue.server";
export { listPatientRequests } from "./form-requests.server";
export { getFormSettings } from "./form-settings.server";
export { type Respondent, linkRespondent } from "./respondent.server";
export { sendVisitFormsInTx } from "./send-forms.server";
export { listPendingRequestsForStaff } from "./staff-responses.server";
export { getAlert, listOpenAlertGroups, listPatientAlerts } from "./safety-alerts.server";
export { parseAndSubmitPatientForm } from "./submit-form.server";
export { assessmentsVisitSubscriber } from "./pre-visit-requests.server";
export {
  approveInstrumentTranslation,
  getApprovedTranslation,
  importInstrumentTranslation,
} from "./instrument-translations.server";
