import "server-only";

/**
 * The scheduling module's public server surface: other modules and the app import its server code only
 * from here (plus its core/, actions.ts, schemas.ts and components/). eslint.config.mjs enforces it.
 */
export { clinicTimeZone } from "./load-availability.server";
export { getClinicianHours, listCliniciansForScheduling } from "./manage-clinician-hours.server";
export { listOpenTime } from "./list-open-time.server";
export { listVisitTypes } from "./manage-visit-types.server";
export { searchOpenSlots } from "./search-open-slots.server";
export { listOutbox, processDueReminders } from "./reminders.server";
export { bookVisit } from "./book-visit.server";
export { exportVisitIcs } from "./export-visit-ics.server";
export { getVisit } from "./get-visit.server";
export {
  listTodayVisits,
  listUpcomingVisits,
  listVisitsForCalendar,
  listVisitsForPatient,
  UPCOMING_PAGE_SIZE,
} from "./list-visits.server";
export {
  getOwnVisitView,
  getPatientTimeZone,
  getVisitForLinkSession,
  type PatientVisitView,
  toPatientView,
} from "./patient-visit-view.server";
export { switchVisitModality } from "./switch-visit-modality.server";
export { transitionVisit, transitionVisitInTx } from "./transition-visit.server";
export { patientOfVisit, SlotTakenError, type VisitListItem } from "./visit-rows.server";
