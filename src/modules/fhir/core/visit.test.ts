import { beforeAll, describe, expect, it } from "vitest";
import { fhirIssues, loadFhirValidator } from "../../../../tests/factories/fhir-validator";
import { toAppointment, toEncounter, type VisitRow } from "./visit";

const at = new Date("2026-03-04T16:00:00Z");
const visit: VisitRow = {
  id: "44444444-4444-4444-8444-444444444444",
  patientId: "55555555-5555-4555-8555-555555555555",
  clinicianId: "66666666-6666-4666-8666-666666666666",
  visitTypeName: "Follow-up",
  startsAt: at,
  endsAt: new Date("2026-03-04T16:30:00Z"),
  modality: "VIDEO",
  status: "COMPLETED",
  reason: "Back pain follow-up",
  cancelReason: null,
  startedAt: new Date("2026-03-04T16:02:00Z"),
  completedAt: new Date("2026-03-04T16:27:00Z"),
  updatedAt: at,
};

describe("Appointment", () => {
  it.each([
    ["SCHEDULED", "booked"],
    ["CHECKED_IN", "checked-in"],
    ["IN_PROGRESS", "arrived"],
    ["COMPLETED", "fulfilled"],
    ["CANCELLED", "cancelled"],
    ["NO_SHOW", "noshow"],
  ] as const)("%s is %s", (status, fhir) => expect(toAppointment({ ...visit, status }).status).toBe(fhir));

  it.each([
    ["VIDEO", "video"],
    ["PHONE", "phone"],
  ] as const)("%s visits have service type %s", (modality, code) =>
    expect(toAppointment({ ...visit, modality }).serviceType?.[0]?.coding?.[0]?.code).toBe(code),
  );

  it("names both participants and carries a cancellation reason only when cancelled", () => {
    const a = toAppointment({ ...visit, status: "CANCELLED", cancelReason: "Patient asked" });
    expect(a.participant.map((p) => p.actor?.reference)).toEqual([
      `Patient/${visit.patientId}`,
      `Practitioner/${visit.clinicianId}`,
    ]);
    expect(a.cancelationReason?.text).toBe("Patient asked");
    expect(toAppointment({ ...visit, cancelReason: "x" }).cancelationReason).toBeUndefined();
  });
});

describe("Encounter", () => {
  beforeAll(loadFhirValidator, 120_000);
  it.each([
    ["COMPLETED", "finished", "2026-03-04T16:27:00.000Z"],
    ["IN_PROGRESS", "in-progress", undefined],
  ] as const)("a %s visit is %s", (status, fhir, end) => {
    const e = toEncounter({ ...visit, status, completedAt: status === "COMPLETED" ? visit.completedAt : null });
    expect(e?.status).toBe(fhir);
    expect(e?.class).toMatchObject({ code: "VR" });
    expect(e?.period).toEqual({ start: "2026-03-04T16:02:00.000Z", ...(end ? { end } : {}) });
  });

  it.each(["SCHEDULED", "CHECKED_IN", "CANCELLED", "NO_SHOW"] as const)("a %s visit has no Encounter", (status) =>
    expect(toEncounter({ ...visit, status, startedAt: null })).toBeNull(),
  );

  it("both pass FHIR R4 structure validation", async () => {
    expect(await fhirIssues(toAppointment(visit))).toEqual([]);
    expect(await fhirIssues(toEncounter(visit)!)).toEqual([]);
    expect(await fhirIssues(toAppointment({ ...visit, status: "CANCELLED", cancelReason: "x" }))).toEqual([]);
  });
});
