import "server-only";

/**
 * The assessments module's public server surface: other modules and the app import its server code only
 * from here (plus its core/, actions.ts, schemas.ts and components/). eslint.config.mjs enforces it.
 */
export { type Respondent, getAssessmentResults, getFormSettings, getFormStatusForVisits, getFormToFill, getResponseHistory, getSubmissionOutcome, linkRespondent, listFormQueue, listPatientRequests, listPendingForms, listPendingRequestsForStaff } from "./assessments.server";
export { getAlert, listOpenAlertGroups, listPatientAlerts } from "./safety-alerts.server";
export { parseAndSubmitPatientForm } from "./submit-form.server";
export { assessmentsVisitSubscriber } from "./pre-visit-requests.server";
export { renderLinkFormPage } from "./link-form-page.server";
