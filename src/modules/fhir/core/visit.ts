import type { Appointment, CodeableConcept, Encounter } from "@medplum/fhirtypes";
import { concept, meta, ref } from "./common";

/** What the visit mappers read of a scheduling Visit row (with its type's name). */
export type VisitRow = {
  id: string;
  patientId: string;
  clinicianId: string;
  visitTypeName: string;
  startsAt: Date;
  endsAt: Date;
  modality: "VIDEO" | "PHONE";
  status: "SCHEDULED" | "CHECKED_IN" | "IN_PROGRESS" | "COMPLETED" | "CANCELLED" | "NO_SHOW";
  reason: string;
  cancelReason: string | null;
  startedAt: Date | null;
  completedAt: Date | null;
  updatedAt: Date;
};

/** Video or phone, as the clinic's own code (no national code system names telehealth modality). */
export const MODALITY_SYSTEM = "urn:virtual-pain-clinic:visit-modality";
const modality = (m: VisitRow["modality"]): CodeableConcept =>
  concept(
    {
      system: MODALITY_SYSTEM,
      code: m === "VIDEO" ? "video" : "phone",
      display: m === "VIDEO" ? "Video visit" : "Telephone visit",
    },
    m === "VIDEO" ? "Video visit" : "Telephone visit",
  );

export const appointmentStatus: Record<VisitRow["status"], Appointment["status"]> = {
  SCHEDULED: "booked",
  CHECKED_IN: "checked-in",
  IN_PROGRESS: "arrived",
  COMPLETED: "fulfilled",
  CANCELLED: "cancelled",
  NO_SHOW: "noshow",
};

export function toAppointment(v: VisitRow): Appointment {
  return {
    resourceType: "Appointment",
    id: v.id,
    meta: meta(v.updatedAt),
    status: appointmentStatus[v.status],
    serviceType: [modality(v.modality)],
    appointmentType: { text: v.visitTypeName },
    reasonCode: [{ text: v.reason }],
    ...(v.status === "CANCELLED" && v.cancelReason ? { cancelationReason: { text: v.cancelReason } } : {}),
    start: v.startsAt.toISOString(),
    end: v.endsAt.toISOString(),
    participant: [
      { actor: ref("Patient", v.patientId), status: "accepted" },
      { actor: ref("Practitioner", v.clinicianId), status: "accepted" },
    ],
  };
}

/** A visit that was held (started): its Encounter, or null for one that never began. */
export function toEncounter(v: VisitRow): Encounter | null {
  if (!v.startedAt || (v.status !== "IN_PROGRESS" && v.status !== "COMPLETED")) return null;
  return {
    resourceType: "Encounter",
    id: v.id,
    meta: meta(v.updatedAt, "http://hl7.org/fhir/us/core/StructureDefinition/us-core-encounter"),
    status: v.status === "COMPLETED" ? "finished" : "in-progress",
    class: { system: "http://terminology.hl7.org/CodeSystem/v3-ActCode", code: "VR", display: "virtual" },
    type: [{ text: v.visitTypeName }],
    serviceType: modality(v.modality),
    subject: ref("Patient", v.patientId),
    participant: [{ individual: ref("Practitioner", v.clinicianId) }],
    period: { start: v.startedAt.toISOString(), ...(v.completedAt ? { end: v.completedAt.toISOString() } : {}) },
    reasonCode: [{ text: v.reason }],
    appointment: [ref("Appointment", v.id)],
  };
}
