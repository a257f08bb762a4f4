import { beforeAll, describe, expect, it } from "vitest";
import { udtStates, type UdtState } from "@/modules/udt/core/machine";
import { fhirIssues, loadFhirValidator } from "../../../../tests/factories/fhir-validator";
import { toBinary, toDocumentReference } from "./document";
import { observationSources } from "./observation-sources";
import { referralStatus, toReferralServiceRequest, type ReferralRow } from "./referral";
import {
  serviceRequestStatus,
  toUdtDiagnosticReports,
  toUdtObservations,
  toUdtServiceRequest,
  type UdtOrderRow,
} from "./udt";

const at = new Date("2026-03-04T15:30:00.000Z");
const order: UdtOrderRow = {
  id: "22222222-2222-4222-8222-222222222222",
  patientId: "6b1f0a54-2b8e-4c8e-9d55-0a4c4f0e2a11",
  state: "AWAITING_REVIEW",
  reasonCode: "SAFETY_CONCERN",
  panelCode: "CHRONIC_PAIN_STANDARD",
  collectionMethod: "HOME_KIT_VIDEO_OBSERVED",
  windowStart: new Date("2026-03-01T15:00:00.000Z"),
  windowEnd: new Date("2026-03-02T15:00:00.000Z"),
  orderedById: "33333333-3333-4333-8333-333333333333",
  collectedAt: new Date("2026-03-02T10:00:00.000Z"),
  resultedAt: at,
  confirmationResultedAt: new Date("2026-03-08T10:00:00.000Z"),
  createdAt: new Date("2026-03-01T15:00:00.000Z"),
  updatedAt: at,
  findings: [
    {
      id: "44444444-4444-4444-8444-444444444441",
      kind: "SCREEN",
      substance: "oxycodone",
      detected: false,
      interpretation: "UNEXPECTED",
      why: "Prescribed oxycodone not detected",
      createdAt: at,
    },
    {
      id: "44444444-4444-4444-8444-444444444442",
      kind: "SCREEN",
      substance: "tramadol",
      detected: false,
      interpretation: "EXPECTED",
      why: "Not detected",
      createdAt: at,
    },
    {
      id: "44444444-4444-4444-8444-444444444443",
      kind: "CONFIRMATORY",
      substance: "oxycodone",
      detected: true,
      interpretation: "EXPECTED",
      why: "Confirmed",
      createdAt: at,
    },
  ],
};
const referral: ReferralRow = {
  id: "55555555-5555-4555-8555-555555555555",
  patientId: order.patientId,
  kind: "BEHAVIORAL_THERAPY",
  detail: "CBT for chronic pain",
  telehealth: true,
  status: "SCHEDULED",
  note: null,
  createdById: order.orderedById,
  createdAt: at,
  updatedAt: at,
};

beforeAll(async () => {
  await loadFhirValidator();
}, 60_000);

describe("UDT order as ServiceRequest", () => {
  const expected: Record<UdtState, string> = {
    ORDERED: "active",
    INSTRUCTED: "active",
    COLLECTED: "active",
    WINDOW_MISSED: "active",
    RESULTED: "active",
    CONFIRMATION_NEEDED: "active",
    CONFIRMATION_ORDERED: "active",
    AWAITING_REVIEW: "active",
    REVIEWED: "active",
    DISCUSSED: "active",
    CLOSED: "completed",
    CANCELLED: "revoked",
  };
  it.each(udtStates)("%s", (s) => expect(serviceRequestStatus(s)).toBe(expected[s]));

  it("has the window as occurrencePeriod, the codes, and is valid", async () => {
    const sr = toUdtServiceRequest(order, at);
    expect(sr).toMatchObject({
      occurrencePeriod: { start: "2026-03-01T15:00:00.000Z", end: "2026-03-02T15:00:00.000Z" },
      intent: "order",
      requester: { reference: `Practitioner/${order.orderedById}` },
    });
    expect(sr.code?.coding?.map((c) => c.code)).toEqual(["87428-9", "310627008", "CHRONIC_PAIN_STANDARD"]);
    expect(await fhirIssues(sr)).toEqual([]);
  });

  it("reads a missed window as of now", () => {
    const waiting = { ...order, state: "INSTRUCTED" as const };
    expect(toUdtServiceRequest(waiting, at).note?.[0]?.text).toBe("Workflow step: window missed");
    expect(toUdtServiceRequest(waiting, new Date("2026-03-02T14:00:00.000Z")).note?.[0]?.text).toBe(
      "Workflow step: instructed",
    );
  });
});

describe("findings as laboratory Observations in DiagnosticReports", () => {
  it.each([
    ["44444444-4444-4444-8444-444444444441", ["19642-8", "oxycodone"], "UNE", "ND"],
    ["44444444-4444-4444-8444-444444444442", ["tramadol"], "EXP", "ND"],
    ["44444444-4444-4444-8444-444444444443", ["19643-6", "oxycodone"], "EXP", "DET"],
  ])("%s: codes %j, %s, %s", async (id, codes, expectation, presence) => {
    const o = toUdtObservations(order).find((x) => x.id === id)!;
    expect(o.code.coding?.map((c) => c.code)).toEqual(codes);
    expect(o.interpretation?.map((i) => i.coding?.[0]?.code)).toEqual([expectation, presence]);
    expect(o.category?.[0]?.coding?.[0]?.code).toBe("laboratory");
    expect(await fhirIssues(o)).toEqual([]);
  });

  it("groups per kind, results referencing the Observations", async () => {
    const reports = toUdtDiagnosticReports(order);
    expect(reports.map((r) => [r.id, r.result?.length, r.issued])).toEqual([
      [`${order.id}-screen`, 2, at.toISOString()],
      [`${order.id}-confirm`, 1, "2026-03-08T10:00:00.000Z"],
    ]);
    expect(reports[0]!.conclusion).toBe("Unexpected: Prescribed oxycodone not detected");
    for (const r of reports) expect(await fhirIssues(r)).toEqual([]);
    expect(toUdtDiagnosticReports({ ...order, findings: [] })).toEqual([]);
  });
});

describe("referrals, notes, binaries", () => {
  it.each(Object.entries(referralStatus))("referral %s is %s", (s, fhir) => {
    expect(toReferralServiceRequest({ ...referral, status: s as ReferralRow["status"] }).status).toBe(fhir);
  });
  it("a referral, a note and its Binary are valid", async () => {
    const sr = toReferralServiceRequest(referral);
    expect(sr.code?.text).toBe("Behavioral therapy: CBT for chronic pain (telehealth)");
    const doc = toDocumentReference(
      {
        id: referral.id,
        visitId: order.id,
        patientId: order.patientId,
        signedAt: at,
        signedById: order.orderedById,
        startedAt: at,
        endedAt: null,
        addenda: 1,
        updatedAt: at,
      },
      "https://clinic.test/fhir/R4",
    );
    expect(doc).toMatchObject({
      docStatus: "amended",
      content: [{ attachment: { url: `https://clinic.test/fhir/R4/Binary/${referral.id}` } }],
    });
    for (const r of [sr, doc, toBinary(referral.id, "JVBERi0=", at)]) expect(await fhirIssues(r)).toEqual([]);
  });
});

describe("which tables an Observation search reads", () => {
  it.each<[string, Parameters<typeof observationSources>[0], { survey: boolean; lab: boolean }]>([
    ["no filter", { tokens: {} }, { survey: true, lab: true }],
    ["PHQ-9 total", { tokens: { code: ["44261-6"] } }, { survey: true, lab: false }],
    ["LOINC system PHQ-9", { tokens: { code: ["http://loinc.org|44261-6"] } }, { survey: true, lab: false }],
    ["a drug code", { tokens: { code: ["19642-8"] } }, { survey: false, lab: true }],
    ["both codes", { tokens: { code: ["19642-8", "91147-9"] } }, { survey: true, lab: true }],
    ["survey category", { tokens: { category: ["survey"] } }, { survey: true, lab: false }],
    ["laboratory category", { tokens: { category: ["laboratory"] } }, { survey: false, lab: true }],
    ["a survey id", { ids: [`${order.id}-score`], tokens: {} }, { survey: true, lab: false }],
    ["a finding id", { ids: [order.id], tokens: {} }, { survey: false, lab: true }],
  ])("%s", (_n, q, expected) => expect(observationSources(q)).toEqual(expected));
});
