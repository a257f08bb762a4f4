import type { Actor, Role } from "../identity/core/roles";
import type { VisitTransition } from "./core/visit-lifecycle";

/**
 * Who may do what in scheduling. Single-clinic model (as for patients): coordinators and
 * clinicians may see and manage every visit; a patient only their own visits; admins manage
 * visit types and clinician hours but see no visits.
 */
export const schedulingActions = [
  "visit.book",
  "visit.list",
  "visit.read",
  "visit.readOwn",
  "visit.reschedule",
  "visit.cancel",
  "visit.markNoShow",
  "visit.checkIn",
  "visit.start",
  "visit.complete",
  "visit.switchModality",
  "visit.issueJoinLink",
  "visit.exportIcs",
  "slots.search",
  "reminder.list",
  "schedule.manageVisitTypes",
  "schedule.manageHours",
] as const;
export type SchedulingAction = (typeof schedulingActions)[number];

const matrix: Record<SchedulingAction, readonly Role[]> = {
  "visit.book": ["COORDINATOR", "CLINICIAN"],
  "visit.list": ["COORDINATOR", "CLINICIAN"],
  "visit.read": ["COORDINATOR", "CLINICIAN"],
  "visit.readOwn": ["PATIENT"],
  "visit.reschedule": ["COORDINATOR", "CLINICIAN"],
  "visit.cancel": ["COORDINATOR", "CLINICIAN"],
  "visit.markNoShow": ["COORDINATOR", "CLINICIAN"],
  "visit.checkIn": ["COORDINATOR", "CLINICIAN"],
  // Starting and completing a visit is the clinician's own act.
  "visit.start": ["CLINICIAN"],
  "visit.complete": ["CLINICIAN"],
  "visit.switchModality": ["COORDINATOR", "CLINICIAN"],
  "visit.issueJoinLink": ["COORDINATOR", "CLINICIAN"],
  "visit.exportIcs": ["COORDINATOR", "CLINICIAN", "PATIENT"],
  "slots.search": ["COORDINATOR", "CLINICIAN"],
  "reminder.list": ["COORDINATOR", "CLINICIAN", "ADMIN"],
  "schedule.manageVisitTypes": ["ADMIN"],
  "schedule.manageHours": ["ADMIN"],
};

export function canSchedule(role: Role, action: SchedulingAction): boolean {
  return matrix[action].includes(role);
}

export const transitionAction: Record<VisitTransition, SchedulingAction> = {
  CHECK_IN: "visit.checkIn",
  START: "visit.start",
  COMPLETE: "visit.complete",
  CANCEL: "visit.cancel",
  MARK_NO_SHOW: "visit.markNoShow",
};

/** May this actor see this visit? Patients only their own (also enforced in each query's where). */
export function canSeeVisit(actor: Pick<Actor, "role" | "patientId">, visitPatientId: string): boolean {
  if (actor.role === "PATIENT") return actor.patientId === visitPatientId && canSchedule("PATIENT", "visit.readOwn");
  return canSchedule(actor.role, "visit.read");
}
