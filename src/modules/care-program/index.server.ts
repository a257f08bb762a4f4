import "server-only";

/**
 * The care program's public server surface (registry, huddle, measures read the same facts and
 * rules). Other modules import only this file, the pure core, and for pages actions.ts and
 * components/.
 */
export { loadCareFacts, type CareFactsScope } from "./server/facts.server";
export { readCareProgramSettings } from "./server/settings.server";
export { getBeforeVisit, type BeforeVisitView } from "./server/get-before-visit.server";
export { readReviewedBeforeVisit } from "./server/read-reviewed-before-visit.server";
export { documentPdmpCheck, documentNaloxone, recordRiskHistory } from "./server/document-before-visit.server";
export { queueUdtOrder, orderUdtFromHuddle } from "./server/huddle-udt-orders.server";
export { sendPreVisitForms } from "./server/send-pre-visit-forms.server";
export {
  listRegistry,
  exportRegistry,
  registrySnapshot,
  registryDataVersion,
  type RegistryView,
} from "./server/registry.server";
export { ltotRegistryPatientIds } from "./server/ltot-members.server";
export { getLtotChartStatus, recordLtotDecision, type LtotChartStatus } from "./server/ltot-decisions.server";
// DEA telemedicine flag, in-person evaluations, licensure and the clinic settings page (issue 12 part 5).
export { getCareProgramSettings, updateCareProgramSettings } from "./server/settings-admin.server";
export {
  addClinicianLicense,
  licensesOf,
  listClinicianLicenses,
  removeClinicianLicense,
  type ClinicianLicenseRow,
} from "./server/licenses.server";
export { clinicToday, deaStatusesFor, getPatientDeaStatus } from "./server/dea-status.server";
export { getPatientDea, type InPersonEvaluationRow, type PatientDeaView } from "./server/get-patient-dea.server";
export { recordInPersonEvaluation, withdrawInPersonEvaluation } from "./server/record-in-person-evaluation.server";
export {
  getVisitLicensure,
  licensureForVisits,
  recordVisitLocation,
  visitLicensureUnaudited,
  type VisitLicensureView,
} from "./server/licensure.server";
