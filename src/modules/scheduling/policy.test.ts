import { describe, expect, it } from "vitest";
import { roles, type Role } from "../identity/core/roles";
import { canSchedule, canSeeVisit, schedulingActions, transitionAction, type SchedulingAction } from "./policy";

// The full role x action matrix, written out so a change to policy.ts must change this too.
const allowed: Record<SchedulingAction, Role[]> = {
  "visit.book": ["COORDINATOR", "CLINICIAN"],
  "visit.list": ["COORDINATOR", "CLINICIAN"],
  "visit.read": ["COORDINATOR", "CLINICIAN"],
  "visit.readOwn": ["PATIENT"],
  "visit.reschedule": ["COORDINATOR", "CLINICIAN"],
  "visit.cancel": ["COORDINATOR", "CLINICIAN"],
  "visit.markNoShow": ["COORDINATOR", "CLINICIAN"],
  "visit.checkIn": ["COORDINATOR", "CLINICIAN"],
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

describe("scheduling policy", () => {
  const cells = schedulingActions.flatMap((a) => roles.map((r) => [a, r] as const));
  it.each(cells)("%s by %s", (action, role) => {
    expect(canSchedule(role, action)).toBe(allowed[action].includes(role));
  });

  it("maps every lifecycle transition to an action", () => {
    expect(Object.values(transitionAction).every((a) => schedulingActions.includes(a))).toBe(true);
  });

  it.each([
    [{ role: "PATIENT" as const, patientId: "p1" }, "p1", true],
    [{ role: "PATIENT" as const, patientId: "p1" }, "p2", false],
    [{ role: "PATIENT" as const, patientId: null }, "p1", false],
    [{ role: "COORDINATOR" as const, patientId: null }, "p1", true],
    [{ role: "CLINICIAN" as const, patientId: null }, "p1", true],
    [{ role: "ADMIN" as const, patientId: null }, "p1", false],
  ])("canSeeVisit(%j, %s) = %s", (actor, pid, ok) => expect(canSeeVisit(actor, pid)).toBe(ok));
});
