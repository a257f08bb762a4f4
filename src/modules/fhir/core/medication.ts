import type { Dosage, MedicationStatement } from "@medplum/fhirtypes";
import { fhirDate, meta, ref } from "./common";

/** What the mapper reads of a medication-list row (src/modules/udt; numbers already plain). */
export type MedicationRow = {
  id: string;
  patientId: string;
  name: string;
  doseAmount: number;
  /** mg per dose, or mcg/h for a patch. */
  doseUnit: string;
  timesPerDay: number;
  route: string;
  startedOn: Date;
  stoppedOn: Date | null;
  stopReason: string | null;
  prescriber: string;
  updatedAt: Date;
};

const routeText = (r: string) => r.charAt(0) + r.slice(1).toLowerCase();

function dosage(m: MedicationRow): Dosage {
  const rate = m.doseUnit === "mcg/h";
  const timing = rate
    ? {}
    : Number.isInteger(m.timesPerDay) && m.timesPerDay > 0
      ? { timing: { repeat: { frequency: m.timesPerDay, period: 1, periodUnit: "d" as const } } }
      : m.timesPerDay > 0
        ? {
            timing: {
              repeat: { frequency: 1, period: Math.round((1 / m.timesPerDay) * 1000) / 1000, periodUnit: "d" as const },
            },
          }
        : {};
  return {
    text: rate ? `${m.doseAmount} ${m.doseUnit}` : `${m.doseAmount} ${m.doseUnit}, ${m.timesPerDay} times a day`,
    route: { text: routeText(m.route) },
    ...timing,
    doseAndRate: [
      rate
        ? { rateQuantity: { value: m.doseAmount, unit: m.doseUnit, system: "http://unitsofmeasure.org", code: "ug/h" } }
        : {
            doseQuantity: {
              value: m.doseAmount,
              unit: m.doseUnit,
              system: "http://unitsofmeasure.org",
              code: m.doseUnit,
            },
          },
    ],
  };
}

/**
 * The medication list as MedicationStatements. The app keeps the prescription's name, not an
 * RxNorm code, so the medication is text only; a stopped medication is "stopped" with its reason.
 */
export function toMedicationStatement(m: MedicationRow): MedicationStatement {
  return {
    resourceType: "MedicationStatement",
    id: m.id,
    meta: meta(m.updatedAt),
    status: m.stoppedOn ? "stopped" : "active",
    ...(m.stoppedOn && m.stopReason ? { statusReason: [{ text: m.stopReason }] } : {}),
    medicationCodeableConcept: { text: m.name },
    subject: ref("Patient", m.patientId),
    effectivePeriod: { start: fhirDate(m.startedOn), ...(m.stoppedOn ? { end: fhirDate(m.stoppedOn) } : {}) },
    dateAsserted: m.updatedAt.toISOString(),
    note: [{ text: `Prescriber: ${m.prescriber}` }],
    dosage: [dosage(m)],
  };
}
