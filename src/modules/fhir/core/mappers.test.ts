import { beforeAll, describe, expect, it } from "vitest";
import type { Observation, Questionnaire, QuestionnaireResponse, Resource } from "@medplum/fhirtypes";
import { peg, phq9 } from "@/modules/assessments/core/instruments";
import { fhirIssues, loadFhirValidator } from "../../../../tests/factories/fhir-validator";
import { toFlag } from "./flag";
import { splitName, toPatient, toPractitioner, type PatientRow } from "./patient";
import { allQuestionnaires, answerCoding, instrumentOfQuestionnaire, toQuestionnaire } from "./questionnaire";
import { toQuestionnaireResponse, toSurveyObservations, type ResponseRow } from "./questionnaire-response";
import { capabilityStatement } from "./capability";
import { operationOutcome, searchsetBundle } from "./bundle";

const BASE = "https://clinic.test/fhir/R4";
const at = new Date("2026-03-04T15:30:00.000Z");

const patient: PatientRow = {
  id: "6b1f0a54-2b8e-4c8e-9d55-0a4c4f0e2a11",
  mrn: "MRN-0042",
  givenName: "Ana",
  familyName: "Lopez",
  birthDate: new Date("1971-05-09T00:00:00.000Z"),
  phone: "(206) 555-0150",
  email: "ana@example.com",
  preferredLanguage: "es",
  stateOfResidence: "WA",
  updatedAt: at,
};

const pegRow: ResponseRow = {
  id: "11111111-1111-4111-8111-111111111111",
  seriesId: "11111111-1111-4111-8111-111111111111",
  version: 1,
  patientId: patient.id,
  instrument: "PEG",
  answers: { p: 6, e: 7, g: 5 },
  scoreTenths: 60,
  mode: "PORTAL",
  answeredAt: at,
  createdAt: at,
};
const phqAnswers = { "1": 1, "2": 2, "3": 0, "4": 3, "5": 1, "6": 0, "7": 0, "8": 0, "9": 1, "10": 2 };
const phqRow: ResponseRow = {
  ...pegRow,
  id: "22222222-2222-4222-8222-222222222222",
  seriesId: "33333333-3333-4333-8333-333333333333",
  version: 2,
  instrument: "PHQ9",
  answers: phqAnswers,
  scoreTenths: 80,
  mode: "PHONE",
};

describe("Patient", () => {
  const p = toPatient(patient);
  it.each([
    ["MRN identifier", p.identifier?.[0], { system: "urn:virtual-pain-clinic:mrn", value: "MRN-0042" }],
    ["MR type", p.identifier?.[0]?.type?.coding?.[0]?.code, "MR"],
    ["name", p.name?.[0], { use: "official", family: "Lopez", given: ["Ana"] }],
    ["birth date as a date", p.birthDate, "1971-05-09"],
    [
      "phone and email",
      p.telecom?.map((t) => [t.system, t.value]),
      [
        ["phone", "(206) 555-0150"],
        ["email", "ana@example.com"],
      ],
    ],
    ["state", p.address?.[0]?.state, "WA"],
    ["language", p.communication?.[0]?.language.coding?.[0], { system: "urn:ietf:bcp:47", code: "es" }],
    ["no recorded gender", p.gender, "unknown"],
  ])("%s", (_n, actual, expected) => expect(actual).toMatchObject(expected as object));

  it("leaves out contact points the patient has not given", () => {
    expect(toPatient({ ...patient, phone: null, email: null }).telecom).toEqual([]);
  });
});

describe("Practitioner", () => {
  it.each([
    ["Dana Q. Reyes", { given: ["Dana", "Q."], family: "Reyes" }],
    ["Reyes", { given: [], family: "Reyes" }],
    ["  Sam   Lee ", { given: ["Sam"], family: "Lee" }],
  ])("splits %j", (name, expected) => expect(splitName(name)).toEqual(expected));

  it("maps a staff user", () => {
    const r = toPractitioner({
      id: patient.id,
      name: "Dana Reyes",
      email: "d@clinic.test",
      active: true,
      updatedAt: at,
    });
    expect(r.name?.[0]).toEqual({ text: "Dana Reyes", family: "Reyes", given: ["Dana"] });
  });
});

describe("Questionnaire", () => {
  const qPeg = toQuestionnaire(peg, BASE);
  const qPhq = toQuestionnaire(phq9, BASE);
  it.each([
    ["PEG panel", qPeg.code?.[0]?.code, "91148-7"],
    ["PHQ-9 panel", qPhq.code?.[0]?.code, "44249-1"],
    ["PEG item codes", qPeg.item?.map((i) => i.code?.[0]?.code), ["75893-8", "91145-3", "91146-1"]],
    ["PHQ-9 item codes from the instrument", qPhq.item?.map((i) => i.code?.[0]?.code), phq9.items.map((i) => i.loinc)],
    ["PEG options 0-10", qPeg.item?.[0]?.answerOption?.map((o) => o.valueInteger), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]],
    [
      "PHQ-9 frequency answers (LL358-3)",
      qPhq.item?.[0]?.answerOption?.map((o) => o.valueCoding?.code),
      ["LA6568-5", "LA6569-3", "LA6570-1", "LA6571-9"],
    ],
    [
      "item 10 difficulty answers (LL359-1)",
      qPhq.item?.[9]?.answerOption?.map((o) => [o.valueCoding?.code, o.valueCoding?.display]),
      [
        ["LA6572-7", "Not difficult at all"],
        ["LA6573-5", "Somewhat difficult"],
        ["LA6575-0", "Very difficult"],
        ["LA6574-3", "Extremely difficult"],
      ],
    ],
    ["item 10 is optional", qPhq.item?.[9]?.required, false],
    ["item 10 carries no points", qPhq.item?.[9]?.answerOption?.some((o) => o.valueCoding?.extension), false],
    [
      "scored items carry points",
      qPhq.item?.[0]?.answerOption?.map((o) => o.valueCoding?.extension?.[0]?.valueDecimal),
      [0, 1, 2, 3],
    ],
    ["canonical url", qPhq.url, `${BASE}/Questionnaire/phq-9`],
  ])("%s", (_n, actual, expected) => expect(actual).toEqual(expected));

  it("answer displays are the instrument's own labels", () => {
    for (const item of phq9.items)
      for (const o of item.options) expect(answerCoding("PHQ9", item, o.value)?.display).toBe(o.label);
    expect(answerCoding("PEG", peg.items[0]!, 3)).toBeNull();
    expect(answerCoding("PHQ9", phq9.items[0]!, 7)).toBeNull();
  });

  it.each([
    ["peg", "PEG"],
    ["phq-9", "PHQ9"],
    ["gad-7", null],
  ])("questionnaire id %s is instrument %s", (id, code) => expect(instrumentOfQuestionnaire(id)).toBe(code));
});

describe("QuestionnaireResponse", () => {
  const qr = toQuestionnaireResponse(phqRow, BASE);
  it.each([
    ["id is the series", qr.id, phqRow.seriesId],
    ["version", qr.meta?.versionId, "2"],
    ["a correction is amended", qr.status, "amended"],
    ["first version is completed", toQuestionnaireResponse(pegRow, BASE).status, "completed"],
    ["questionnaire with version", qr.questionnaire, `${BASE}/Questionnaire/phq-9|PHQ-9-2001.1`],
    ["item 9 coded", qr.item?.[8]?.answer?.[0]?.valueCoding?.code, "LA6569-3"],
    ["item 10 coded from its own list", qr.item?.[9]?.answer?.[0]?.valueCoding?.code, "LA6575-0"],
    [
      "PEG answers are integers",
      toQuestionnaireResponse(pegRow, BASE).item?.map((i) => i.answer?.[0]?.valueInteger),
      [6, 7, 5],
    ],
    ["staff-entered has no patient author", qr.author, undefined],
    [
      "self-reported has the patient as author",
      toQuestionnaireResponse(pegRow, BASE).author?.reference,
      `Patient/${patient.id}`,
    ],
  ])("%s", (_n, actual, expected) => expect(actual).toEqual(expected));

  it("leaves out an unanswered item 10", () => {
    const { "10": _drop, ...nine } = phqAnswers;
    expect(toQuestionnaireResponse({ ...phqRow, answers: nine }, BASE).item).toHaveLength(9);
  });
});

describe("screening assessment Observations", () => {
  const [pegScore, ...pegItems] = toSurveyObservations(pegRow);
  const [phqTotal, ...phqItems] = toSurveyObservations(phqRow);
  it.each([
    ["PEG mean code", pegScore?.code.coding?.[0]?.code, "91147-9"],
    ["PEG mean as a quantity", pegScore?.valueQuantity?.value, 6],
    ["PHQ-9 total code", phqTotal?.code.coding?.[0]?.code, "44261-6"],
    ["PHQ-9 total as an integer", phqTotal?.valueInteger, 8],
    ["category survey", phqTotal?.category?.[0]?.coding?.[0]?.code, "survey"],
    ["derived from the response", phqTotal?.derivedFrom?.[0]?.reference, `QuestionnaireResponse/${phqRow.seriesId}`],
    ["items are members", phqTotal?.hasMember?.length, 10],
    ["item codes", pegItems.map((o) => o.code.coding?.[0]?.code), ["75893-8", "91145-3", "91146-1"]],
    ["PEG item values", pegItems.map((o) => o.valueInteger), [6, 7, 5]],
    ["PHQ-9 item 9 value coded", phqItems[8]?.valueCodeableConcept?.coding?.[0]?.code, "LA6569-3"],
    ["a correction is amended", phqTotal?.status, "amended"],
    ["version", phqTotal?.meta?.versionId, "2"],
    ["ids follow the series", phqItems.map((o) => o.id)[0], `${phqRow.seriesId}-1`],
  ])("%s", (_n, actual, expected) => expect(actual).toEqual(expected));
});

describe("Flag", () => {
  it.each([
    [{ status: "OPEN" as const, resolvedAt: null }, "active", undefined],
    [
      { status: "RESOLVED" as const, resolvedAt: new Date("2026-03-05T10:00:00Z") },
      "inactive",
      "2026-03-05T10:00:00.000Z",
    ],
  ])("%j is %s", (a, status, end) => {
    const f = toFlag({ id: "a1", patientId: patient.id, createdAt: at, ...a });
    expect(f.status).toBe(status);
    expect(f.period?.end).toBe(end);
    expect(f.code.coding?.[0]?.code).toBe("44260-8");
  });
});

describe("every mapped resource passes FHIR R4 structure validation", () => {
  beforeAll(loadFhirValidator, 120_000);
  const resources: [string, Resource][] = [
    ["Patient", toPatient(patient)],
    ["Patient without contacts", toPatient({ ...patient, phone: null, email: null })],
    [
      "Practitioner",
      toPractitioner({ id: "p1", name: "Dana Reyes", email: "d@clinic.test", active: true, updatedAt: at }),
    ],
    ...allQuestionnaires(BASE).map((q): [string, Questionnaire] => [`Questionnaire ${q.id}`, q]),
    ["QuestionnaireResponse PEG", toQuestionnaireResponse(pegRow, BASE)],
    ["QuestionnaireResponse PHQ-9", toQuestionnaireResponse(phqRow, BASE) as QuestionnaireResponse],
    ...[...toSurveyObservations(pegRow), ...toSurveyObservations(phqRow)].map((o): [string, Observation] => [
      `Observation ${o.id}`,
      o,
    ]),
    ["Flag", toFlag({ id: "a1", patientId: patient.id, status: "OPEN", createdAt: at, resolvedAt: null })],
    ["CapabilityStatement", capabilityStatement(BASE, at)],
    ["OperationOutcome", operationOutcome("invalid", "patient: bad")],
    [
      "Bundle",
      searchsetBundle({
        baseUrl: BASE,
        selfUrl: `${BASE}/Patient`,
        nextUrl: `${BASE}/Patient?_offset=1`,
        matches: [toPatient(patient)],
      }),
    ],
  ];
  it.each(resources)("%s", async (_n, r) => expect(await fhirIssues(r)).toEqual([]));

  it("the validator does find a broken resource (the check can fail)", async () => {
    expect(await fhirIssues({ ...toPatient(patient), birthDate: "09/05/1971" })).not.toEqual([]);
  });
});
