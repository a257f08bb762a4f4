import type { CodeableConcept, Coding, DiagnosticReport, Observation, ServiceRequest } from "@medplum/fhirtypes";
import { panelCatalog, substanceCatalog, type PanelCode, type Substance } from "@/modules/udt/core/substances";
import { stateAsOf } from "@/modules/udt/core/due";
import type { UdtState } from "@/modules/udt/core/machine";
import { concept, LOINC, loinc, meta, ref } from "./common";

/**
 * Remote urine drug tests (docs/clinical-reference.md#remote-udt-workflow) as FHIR: the order as a
 * ServiceRequest (occurrencePeriod = the collection window), each substance finding as a
 * `laboratory` Observation, grouped per kind (screen, confirmatory) by a DiagnosticReport. Codes
 * and their sources: docs/decisions/fhir-api.md#codes.
 */
export type UdtFindingRow = {
  id: string;
  kind: "SCREEN" | "CONFIRMATORY";
  substance: string;
  detected: boolean;
  interpretation: "EXPECTED" | "UNEXPECTED";
  why: string;
  createdAt: Date;
};
export type UdtOrderRow = {
  id: string;
  patientId: string;
  state: UdtState;
  reasonCode: "SAFETY_CONCERN" | "NONE_IN_PAST_12_MONTHS";
  panelCode: string;
  collectionMethod: "LAB_PSC" | "HOME_KIT_VIDEO_OBSERVED";
  windowStart: Date;
  windowEnd: Date;
  orderedById: string;
  collectedAt: Date | null;
  resultedAt: Date | null;
  confirmationResultedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
  findings: UdtFindingRow[];
};

export const SNOMED = "http://snomed.info/sct";
export const PANEL_SYSTEM = "urn:virtual-pain-clinic:udt-panel";
export const SUBSTANCE_SYSTEM = "urn:virtual-pain-clinic:udt-substance";
/** SNOMED CT 108252007 Laboratory procedure: the US Core ServiceRequest category of a UDT order. */
export const LAB_PROCEDURE = "108252007";
/** The order's code: LOINC 87428-9 (drugs of abuse screen with reflex confirm panel, urine) and SNOMED CT 310627008. */
export const UDT_ORDER_LOINC = "87428-9";

/**
 * Per substance, the LOINC "[Presence] in Urine" codes by screen and by confirmatory method, from
 * the HL7 CDC Opioid Clinical Practice Guideline IG's urine drug screening value sets. A
 * substance missing here (or a method without a code) carries the clinic's own code only.
 */
export const substanceLoinc: Partial<Record<Substance, { screen?: string; confirm?: string }>> = {
  amphetamines: { screen: "19261-7", confirm: "16369-1" },
  methamphetamine: { screen: "19554-5", confirm: "19555-2" },
  mdma: { screen: "19568-5", confirm: "19569-3" },
  benzodiazepines: { screen: "14316-4", confirm: "16195-0" },
  barbiturates: { screen: "19270-8", confirm: "16429-3" },
  cannabinoids: { screen: "18282-4", confirm: "19289-8" },
  cocaine: { screen: "14314-9", confirm: "14315-6" },
  pcp: { screen: "19659-2", confirm: "18392-1" },
  heroin: { screen: "19321-9", confirm: "19322-7" },
  oxycodone: { screen: "19642-8", confirm: "19643-6" },
  methadone: { screen: "19550-3", confirm: "16199-2" },
  buprenorphine: { screen: "93494-3", confirm: "16208-1" },
  fentanyl: { screen: "59673-4", confirm: "40839-3" },
};

/** The order's workflow state as ServiceRequest.status: open steps are active (docs). */
export function serviceRequestStatus(state: UdtState): ServiceRequest["status"] {
  if (state === "CLOSED") return "completed";
  if (state === "CANCELLED") return "revoked";
  return "active";
}

const labCategory: CodeableConcept = concept({
  system: "http://terminology.hl7.org/CodeSystem/observation-category",
  code: "laboratory",
  display: "Laboratory",
});
const reportCategory: CodeableConcept = concept({
  system: "http://terminology.hl7.org/CodeSystem/v2-0074",
  code: "LAB",
  display: "Laboratory",
});
const panelLabel = (code: string) => (Object.hasOwn(panelCatalog, code) ? panelCatalog[code as PanelCode].label : code);
const orderCode = (panelCode: string): CodeableConcept => ({
  coding: [
    loinc(UDT_ORDER_LOINC, "Drugs of abuse screen W Reflex confirm panel - Urine"),
    { system: SNOMED, code: "310627008", display: "Urine drug screening (procedure)" },
    { system: PANEL_SYSTEM, code: panelCode, display: panelLabel(panelCode) },
  ],
  text: panelLabel(panelCode),
});

export function toUdtServiceRequest(o: UdtOrderRow, now: Date): ServiceRequest {
  const state = stateAsOf(o.state, o.windowEnd, now);
  return {
    resourceType: "ServiceRequest",
    id: o.id,
    meta: meta(o.updatedAt),
    status: serviceRequestStatus(state),
    intent: "order",
    category: [concept({ system: SNOMED, code: LAB_PROCEDURE, display: "Laboratory procedure" })],
    code: orderCode(o.panelCode),
    subject: ref("Patient", o.patientId),
    occurrencePeriod: { start: o.windowStart.toISOString(), end: o.windowEnd.toISOString() },
    authoredOn: o.createdAt.toISOString(),
    requester: ref("Practitioner", o.orderedById),
    reasonCode: [
      {
        text: o.reasonCode === "SAFETY_CONCERN" ? "Patient-safety concern" : "No urine drug test in the past 12 months",
      },
    ],
    locationCode: [
      {
        text:
          o.collectionMethod === "LAB_PSC"
            ? "Laboratory patient service center"
            : "Home collection kit, observed by video",
      },
    ],
    note: [{ text: `Workflow step: ${state.toLowerCase().replaceAll("_", " ")}` }],
  };
}

/** Finding codings: LOINC by method where the value sets give one, always the clinic's own code. */
function findingCode(f: UdtFindingRow): CodeableConcept {
  const known = Object.hasOwn(substanceCatalog, f.substance) ? (f.substance as Substance) : null;
  const label = known ? substanceCatalog[known].label : f.substance;
  const method = f.kind === "SCREEN" ? "screen" : "confirm";
  const code = known ? substanceLoinc[known]?.[method] : undefined;
  const codings: Coding[] = [
    ...(code ? [{ system: LOINC, code }] : []),
    { system: SUBSTANCE_SYSTEM, code: f.substance, display: label },
  ];
  return { coding: codings, text: `${label} (${f.kind === "SCREEN" ? "screening immunoassay" : "confirmatory"})` };
}

const V3_INTERPRETATION = "http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation";
/** Positive / Negative: SNOMED CT 10828004 / 260385009. */
const presence = (detected: boolean): CodeableConcept =>
  concept(
    detected
      ? { system: SNOMED, code: "10828004", display: "Positive" }
      : { system: SNOMED, code: "260385009", display: "Negative" },
    detected ? "Detected" : "Not detected",
  );

export const labObservationId = (f: Pick<UdtFindingRow, "id">) => f.id;
export const reportId = (orderId: string, kind: UdtFindingRow["kind"]) =>
  `${orderId}-${kind === "SCREEN" ? "screen" : "confirm"}`;

const issuedAt = (o: UdtOrderRow, kind: UdtFindingRow["kind"]) =>
  (kind === "SCREEN" ? o.resultedAt : o.confirmationResultedAt) ?? o.updatedAt;

/** One `laboratory` Observation per substance finding, with its expected/unexpected interpretation. */
export function toUdtObservations(o: UdtOrderRow): Observation[] {
  return o.findings.map((f) => ({
    resourceType: "Observation",
    id: labObservationId(f),
    meta: meta(f.createdAt),
    status: "final",
    category: [labCategory],
    code: findingCode(f),
    subject: ref("Patient", o.patientId),
    effectiveDateTime: (o.collectedAt ?? f.createdAt).toISOString(),
    issued: issuedAt(o, f.kind).toISOString(),
    basedOn: [ref("ServiceRequest", o.id)],
    valueCodeableConcept: presence(f.detected),
    interpretation: [
      concept(
        f.interpretation === "EXPECTED"
          ? { system: V3_INTERPRETATION, code: "EXP", display: "Expected" }
          : { system: V3_INTERPRETATION, code: "UNE", display: "Unexpected" },
      ),
      concept(
        f.detected
          ? { system: V3_INTERPRETATION, code: "DET", display: "Detected" }
          : { system: V3_INTERPRETATION, code: "ND", display: "Not detected" },
      ),
    ],
    note: [{ text: f.why }],
  }));
}

/** A DiagnosticReport per kind of result the order has (screen, confirmatory), its Observations as results. */
export function toUdtDiagnosticReports(o: UdtOrderRow): DiagnosticReport[] {
  return (["SCREEN", "CONFIRMATORY"] as const).flatMap((kind) => {
    const findings = o.findings.filter((f) => f.kind === kind);
    if (findings.length === 0) return [];
    const unexpected = findings.filter((f) => f.interpretation === "UNEXPECTED");
    const issued = issuedAt(o, kind);
    const report: DiagnosticReport = {
      resourceType: "DiagnosticReport",
      id: reportId(o.id, kind),
      meta: meta(issued),
      basedOn: [ref("ServiceRequest", o.id)],
      status: "final",
      category: [reportCategory],
      code: {
        ...orderCode(o.panelCode),
        text: `${panelLabel(o.panelCode)}: ${kind === "SCREEN" ? "screening result" : "confirmatory result"}`,
      },
      subject: ref("Patient", o.patientId),
      effectiveDateTime: (o.collectedAt ?? issued).toISOString(),
      issued: issued.toISOString(),
      result: findings.map((f) => ref("Observation", labObservationId(f))),
      conclusion: unexpected.length
        ? `Unexpected: ${unexpected.map((f) => f.why).join("; ")}`
        : "All findings as expected for the medication list",
    };
    return [report];
  });
}
