import "server-only";

/**
 * The scheduling module's public server surface: other modules and the app import its server code only
 * from here (plus its core/, actions.ts, schemas.ts and components/). eslint.config.mjs enforces it.
 */
export { clinicTimeZone, getClinicianHours, listCliniciansForScheduling, listOpenTime, listVisitTypes, searchOpenSlots } from "./availability.server";
export { listOutbox, processDueReminders } from "./reminders.server";
export { type PatientVisitView, SlotTakenError, UPCOMING_PAGE_SIZE, type VisitListItem, bookVisit, exportVisitIcs, getOwnVisitView, getPatientTimeZone, getVisit, getVisitForLinkSession, listTodayVisits, listUpcomingVisits, listVisitsForCalendar, listVisitsForPatient, patientOfVisit, switchVisitModality, toPatientView, transitionVisit, transitionVisitInTx } from "./visits.server";
