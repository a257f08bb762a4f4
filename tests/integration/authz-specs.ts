import { generateKeyPairSync, randomUUID } from "node:crypto";
import { idleForm } from "@/lib/forms";
import { drugKeys } from "@/modules/udt/core/medication-catalog";
import { panelCodes } from "@/modules/udt/core/substances";
import { defaultCareProgramSettings } from "@/modules/care-program/core/settings";
import type { Outcome } from "../factories/next-request";
import {
  answers,
  CARE_TEAM,
  dateIn,
  form,
  makeAlert,
  makeConsent,
  makeException,
  makeFormRequest,
  makeMedication,
  makeRecommendation,
  makeReferral,
  makeSignedNote,
  makeStaffResponse,
  makeUdtOrder,
  makeVisit,
  makeVisitNow,
  nextSlot,
  PASSWORD,
  pastSlot,
  SIGNED_IN,
  type Fixture,
  type MatrixRole,
} from "./authz-fixture";
import { makeUser } from "../factories";
import { db } from "@/server/db";
import { currentAgreementText, giveAgreement } from "../factories/consent";

/**
 * Every server action and route handler, one line each: who may call it (the cells that must
 * work) and a valid call. tests/integration/authorization-matrix.test.ts runs each against every
 * role; tests/integration/fuzz.test.ts mutates each valid call. Both list the actions and routes
 * from the source tree, so a new one that is not here fails them: add its line.
 */
export type Cell = { f: Fixture; s: Record<string, string>; role: MatrixRole };
export type ActionSpec = {
  allowed: MatrixRole[];
  setup?: (f: Fixture) => Promise<Record<string, string>>;
  args: (c: Cell) => unknown[];
  /** For the allowed cells: what "it worked" looks like (default: not a refusal). */
  works?: (o: Outcome, c: Cell) => boolean;
};
export type RouteSpec = {
  allowed: MatrixRole[];
  setup?: (f: Fixture) => Promise<Record<string, string>>;
  request: (c: Cell) => { path: string; params: Record<string, string | string[]>; init?: RequestInit };
  works?: (o: Outcome, c: Cell) => boolean;
  /** Routes whose access is not an account's (public, or a patient-link session). */
  access?: "public" | "link-session";
  /** Routes that cannot run outside Next's request scope (next-auth reads Next's own cookies()): covered over HTTP there. */
  httpOnly?: string;
};

const P = idleForm;
/** A public P-384 key set for registering a FHIR client. */
const fhirJwks = JSON.stringify({
  keys: [{ ...generateKeyPairSync("ec", { namedCurve: "P-384" }).publicKey.export({ format: "jwk" }), kid: "k1" }],
});
const redirectTo = (prefix: string) => (o: Outcome) => o.kind === "redirect" && o.location.startsWith(prefix);
const success = (o: Outcome) => o.kind === "value" && (o.value as { status?: string }).status === "success";
const done = (o: Outcome) => o.kind === "value" && o.value === undefined;
const id = (s: Record<string, string>, k = "id") => s[k]!;

const patientFields = (f: Fixture) => ({
  mrn: f.patientA.mrn,
  givenName: f.patientA.givenName,
  familyName: f.patientA.familyName,
  birthDate: "1970-01-15",
  phone: "(206) 555-0150",
  email: "",
  timeZone: "America/Los_Angeles",
  preferredLanguage: "en",
  stateOfResidence: "WA",
  canDoVideo: "on",
  allergies: "None known",
  primaryClinicianId: "",
});

export const actionSpecs: Record<string, ActionSpec> = {
  // ---- identity ----
  "modules/identity/actions.ts#signOutAction": {
    allowed: SIGNED_IN,
    args: () => [form({})],
    works: redirectTo("/login?signedOut=1"),
  },
  "modules/identity/actions.ts#createUserAction": {
    allowed: ["admin"],
    args: () => [
      P,
      form({
        name: "New Person",
        email: `new-${randomUUID()}@test.clinic`,
        role: "CLINICIAN",
        password: "ochre lantern 47 swift",
        patientMrn: "",
      }),
    ],
    works: redirectTo("/admin/users/"),
  },
  "modules/identity/actions.ts#updateUserAction": {
    allowed: ["admin"],
    setup: async () => ({ id: (await makeUser("CLINICIAN")).id }),
    args: ({ s }) => [id(s), P, form({ name: "Renamed Person", role: "CLINICIAN", patientMrn: "" })],
    works: success,
  },
  "modules/identity/actions.ts#setUserActiveAction": {
    allowed: ["admin"],
    setup: async () => ({ id: (await makeUser("CLINICIAN")).id }),
    args: ({ s }) => [id(s), P, form({ active: "false" })],
    works: success,
  },
  "modules/identity/actions.ts#resetPasswordAction": {
    allowed: ["admin"],
    setup: async () => ({ id: (await makeUser("CLINICIAN")).id }),
    args: ({ s }) => [id(s), P, form({ password: "ochre lantern 47 swift" })],
    works: success,
  },
  "modules/identity/actions.ts#changeOwnPasswordAction": {
    allowed: SIGNED_IN,
    // Each cell's user gets its own known password first (an earlier cell may have changed it).
    setup: async () => ({}),
    args: () => [P, form({ currentPassword: PASSWORD, newPassword: "ochre lantern 47 swift" })],
    works: redirectTo("/login?signedOut=1"),
  },
  // ---- patients ----
  "modules/patients/actions.ts#createPatientAction": {
    allowed: CARE_TEAM,
    args: ({ f }) => [P, form({ ...patientFields(f), mrn: `N-${randomUUID().slice(0, 8)}` })],
    works: redirectTo("/patients/"),
  },
  "modules/patients/actions.ts#updatePatientAction": {
    allowed: CARE_TEAM,
    args: ({ f }) => [f.patientA.id, P, form(patientFields(f))],
    works: redirectTo("/patients/"),
  },
  // ---- scheduling ----
  "modules/scheduling/actions.ts#bookVisitAction": {
    allowed: CARE_TEAM,
    args: ({ f }) => [
      P,
      form({
        patientId: f.patientA.id,
        slot: `${f.users.clinician.id}|${nextSlot().toISOString()}`,
        visitTypeId: f.visitTypeId,
        modality: "PHONE",
        reason: "Follow-up",
        phoneNumber: "",
        idempotencyKey: randomUUID(),
        repeatEveryWeeks: "0",
        repeatCount: "1",
      }),
    ],
    works: redirectTo("/visits/"),
  },
  "modules/scheduling/actions.ts#rescheduleVisitAction": {
    allowed: CARE_TEAM,
    setup: async (f) => ({ id: (await makeVisit(f)).id }),
    args: ({ s, f }) => [
      id(s),
      P,
      form({
        slot: `${f.users.clinician.id}|${nextSlot().toISOString()}`,
        expectedSequence: "0",
        reason: "Patient asked",
      }),
    ],
    works: redirectTo("/visits/"),
  },
  "modules/scheduling/actions.ts#transitionVisitAction": {
    allowed: CARE_TEAM,
    setup: async () => ({ id: (await makeVisitNow()).id }),
    args: ({ s }) => [id(s), P, form({ transition: "CHECK_IN" })],
    works: redirectTo("/visits/"),
  },
  "modules/scheduling/actions.ts#cancelVisitAction": {
    allowed: CARE_TEAM,
    setup: async (f) => ({ id: (await makeVisit(f)).id }),
    args: ({ s }) => [id(s), P, form({ reason: "Patient is ill" })],
    works: redirectTo("/visits/"),
  },
  "modules/scheduling/actions.ts#switchModalityAction": {
    allowed: CARE_TEAM,
    setup: async (f) => ({ id: (await makeVisit(f)).id }),
    args: ({ s }) => [id(s), P, form({ modality: "PHONE", phoneNumber: "", reason: "No camera" })],
    works: redirectTo("/visits/"),
  },
  "modules/scheduling/actions.ts#issueJoinLinkAction": {
    allowed: CARE_TEAM,
    setup: async (f) => ({ id: (await makeVisit(f)).id }),
    args: ({ s }) => [id(s), P, form({})],
    works: success,
  },
  // FHIR API clients (tests/integration/fhir-api.test.ts): admins only.
  "modules/fhir/actions.ts#registerFhirClientAction": {
    allowed: ["admin"],
    args: () => [P, form({ name: `EHR ${randomUUID().slice(0, 8)}`, jwks: fhirJwks, "scope:system/Patient.rs": "on" })],
    works: success,
  },
  "modules/fhir/actions.ts#revokeFhirClientAction": {
    allowed: ["admin"],
    setup: async (f) => ({
      id: (
        await db.fhirClient.create({
          data: {
            name: "EHR",
            jwks: JSON.parse(fhirJwks),
            allowedScopes: ["system/*.rs"],
            createdById: f.users.admin.id,
          },
          select: { id: true },
        })
      ).id,
    }),
    args: ({ s }) => [id(s), P, form({})],
    works: success,
  },
  "modules/scheduling/actions.ts#saveVisitTypeAction": {
    allowed: ["admin"],
    args: () => [null, P, form({ name: `Type ${randomUUID().slice(0, 8)}`, durationMinutes: "30", active: "on" })],
    works: success,
  },
  "modules/scheduling/actions.ts#setWeeklyHoursAction": {
    allowed: ["admin"],
    setup: async () => ({ id: (await makeUser("CLINICIAN")).id }),
    args: ({ s }) => [id(s), P, form({ start_1: "09:00", end_1: "17:00" })],
    works: success,
  },
  "modules/scheduling/actions.ts#addExceptionAction": {
    allowed: ["admin"],
    setup: async () => ({ id: (await makeUser("CLINICIAN")).id }),
    args: ({ s }) => [
      id(s),
      P,
      form({ kind: "TIME_OFF", date: dateIn(30), startTime: "09:00", endTime: "12:00", note: "" }),
    ],
    works: success,
  },
  "modules/scheduling/actions.ts#deleteExceptionAction": {
    allowed: ["admin"],
    setup: async () => {
      const c = await makeUser("CLINICIAN");
      return { id: c.id, exceptionId: (await makeException(c.id)).id };
    },
    args: ({ s }) => [id(s), id(s, "exceptionId")],
    works: done,
  },
  // ---- visit notes ----
  "modules/visit-notes/actions.ts#saveNoteAction": {
    allowed: ["clinician"],
    setup: async (f) => ({ id: (await makeVisit(f, { status: "IN_PROGRESS", startsAt: pastSlot() })).id }),
    args: ({ s }) => [
      P,
      form({
        visitId: id(s),
        version: "0",
        intent: "save",
        modalityUsed: "AUDIO_VIDEO",
        payer: "MEDICARE",
        clinicianLocation: "Clinic office",
        assessment: "Stable pain",
        plan: "Continue",
      }),
    ],
    works: redirectTo("/visits/"),
  },
  "modules/visit-notes/actions.ts#addAddendumAction": {
    allowed: ["clinician"],
    setup: async (f) => ({ id: (await makeSignedNote(f)).id }),
    args: ({ s }) => [P, form({ visitId: id(s), text: "Called the patient back." })],
    works: success,
  },
  // ---- urine drug tests and medications ----
  "modules/udt/actions.ts#addMedicationAction": {
    allowed: ["clinician"],
    args: ({ f }) => [
      f.patientA.id,
      P,
      form({
        drugKey: drugKeys[0]!,
        name: "As prescribed",
        doseAmount: "5",
        timesPerDay: "2",
        route: "ORAL",
        startedOn: "2026-01-05",
        prescriber: "Dr. Lee",
      }),
    ],
    works: redirectTo("/patients/"),
  },
  "modules/udt/actions.ts#stopMedicationAction": {
    allowed: ["clinician"],
    setup: async (f) => ({ id: (await makeMedication(f)).id }),
    args: ({ f, s }) => [
      f.patientA.id,
      P,
      form({ medicationId: id(s), stoppedOn: dateIn(0), stopReason: "Side effects" }),
    ],
    works: redirectTo("/patients/"),
  },
  "modules/udt/actions.ts#createUdtOrderAction": {
    allowed: ["clinician"],
    args: ({ f }) => [
      f.patientA.id,
      P,
      form({
        reasonCode: "NONE_IN_PAST_12_MONTHS",
        reasonNote: "",
        panelCode: panelCodes[0]!,
        collectionMethod: "LAB_PSC",
        windowHours: "",
      }),
    ],
    works: redirectTo("/patients/"),
  },
  "modules/udt/actions.ts#advanceUdtOrderAction": {
    allowed: CARE_TEAM,
    setup: async (f) => ({ id: (await makeUdtOrder(f)).id }),
    args: ({ f, s }) => [
      f.patientA.id,
      id(s),
      P,
      form({ event: "INSTRUCT", version: "1", channel: "PHONE", instructionText: "Go to the lab" }),
    ],
    works: redirectTo("/patients/"),
  },
  "modules/udt/actions.ts#advanceFromQueueAction": {
    allowed: CARE_TEAM,
    setup: async (f) => ({ id: (await makeUdtOrder(f)).id }),
    args: ({ f, s }) => [
      form({
        patientId: f.patientA.id,
        orderId: id(s),
        queue: "coordinator",
        event: "INSTRUCT",
        version: "1",
        channel: "PHONE",
      }),
    ],
    works: (o) => o.kind === "redirect" && o.location.includes("done="),
  },
  "modules/udt/actions.ts#updateUdtSettingsAction": {
    allowed: ["admin"],
    args: () => [P, form({ collectionWindowHours: "24", monitoringIntervalDays: "180" })],
    works: success,
  },
  // ---- care plan and consent ----
  "modules/care-plan/actions.ts#createReferralAction": {
    allowed: ["clinician"],
    args: ({ f }) => [
      P,
      form({ patientId: f.patientA.id, kind: "PHYSICAL_THERAPY", detail: "", telehealth: "on", note: "" }),
    ],
    works: success,
  },
  "modules/care-plan/actions.ts#advanceReferralAction": {
    allowed: CARE_TEAM,
    setup: async (f) => ({ id: (await makeReferral(f)).id }),
    args: ({ s }) => [P, form({ referralId: id(s), to: "SCHEDULED", version: "1", note: "" })],
    works: success,
  },
  "modules/care-plan/actions.ts#recommendResourceAction": {
    allowed: ["clinician"],
    args: ({ f }) => [P, form({ patientId: f.patientA.id, resourceId: f.resourceId, note: "Try it daily" })],
    works: success,
  },
  "modules/care-plan/actions.ts#resourceFeedbackAction": {
    allowed: ["patientA"],
    setup: async (f) => ({ id: (await makeRecommendation(f)).id }),
    args: ({ s }) => [P, form({ recommendationId: id(s), tried: "yes", helped: "YES" })],
    works: success,
  },
  "modules/care-plan/actions.ts#addResourceAction": {
    allowed: ["admin"],
    args: () => [
      P,
      form({ name: `Resource ${randomUUID().slice(0, 8)}`, purpose: "Sleep better", url: "https://example.org/sleep" }),
    ],
    works: success,
  },
  "modules/care-plan/actions.ts#toggleResourceAction": {
    allowed: ["admin"],
    args: ({ f }) => [form({ id: f.resourceId, active: "true" })],
    works: done,
  },
  "modules/consent/actions.ts#captureVerbalConsentAction": {
    allowed: CARE_TEAM,
    args: ({ f }) => [
      P,
      form({
        patientId: f.patientA.id,
        kind: "VIDEO",
        textId: f.consentTextId,
        witnessName: "",
        idempotencyKey: randomUUID(),
      }),
    ],
    works: success,
  },
  "modules/consent/actions.ts#giveElectronicConsentAction": {
    // Each patient consents for themselves (no other patient's id is involved).
    allowed: ["patientA", "patientB"],
    args: ({ f }) => [
      P,
      form({
        kind: "VIDEO",
        textId: f.consentTextId,
        typedName: "Ada Matrix",
        agree: "on",
        idempotencyKey: randomUUID(),
      }),
    ],
    works: success,
  },
  "modules/consent/actions.ts#revokeConsentAction": {
    allowed: CARE_TEAM,
    setup: async (f) => ({ id: (await makeConsent(f)).id }),
    args: ({ s }) => [P, form({ consentId: id(s), reason: "Patient asked" })],
    works: success,
  },
  // The patient withdraws their own consent (issue 10, D11a); another patient's is not found.
  "modules/consent/actions.ts#withdrawOwnConsentAction": {
    allowed: ["patientA"],
    setup: async (f) => ({ id: (await makeConsent(f)).id }),
    args: ({ s }) => [P, form({ consentId: id(s), note: "" })],
    works: redirectTo("/me/consent?withdrawn=video"),
  },
  // Starting a visit with no consent on file: verbal consent now, or an emergency reason (issue 10, D4). Starting is the clinician's.
  "modules/consent/actions.ts#startVisitWithConsentAction": {
    allowed: ["clinician"],
    setup: async () => ({ id: (await makeVisitNow()).id }),
    args: ({ s }) => [id(s), P, form({ consent: "emergency", reason: "Patient in crisis, cannot wait" })],
    works: redirectTo("/visits/"),
  },
  "modules/consent/actions.ts#publishConsentTextAction": {
    allowed: ["admin"],
    args: () => [
      P,
      form({ kind: "PHONE", title: "Phone consent", body: "You agree to a telephone visit with the clinic." }),
    ],
    works: success,
  },
  // Patient agreements for opioid therapy (issue 12 part 4): consent records of kind OPIOID_AGREEMENT.
  // Each patient signs their own; another patient's agreement is not found.
  "modules/consent/actions.ts#signOwnAgreementAction": {
    allowed: ["patientA", "patientB"],
    setup: async () => ({ textId: (await currentAgreementText()).id }),
    args: ({ s }) => [
      P,
      form({ textId: id(s, "textId"), typedName: "Ada Matrix", agree: "on", idempotencyKey: randomUUID() }),
    ],
    works: redirectTo("/me/agreement?signed=1"),
  },
  "modules/consent/actions.ts#revokeOwnAgreementAction": {
    allowed: ["patientA"],
    setup: async (f) => ({ id: (await giveAgreement(f.patientA.id)).id }),
    args: ({ s }) => [P, form({ agreementId: id(s), note: "" })],
    works: redirectTo("/me/agreement?revoked=1"),
  },
  // Signing from a secure link: only an agreement link session (no account) may; every account without one goes to the expired page.
  "modules/consent/actions.ts#signAgreementByLinkAction": {
    allowed: [],
    setup: async () => ({ textId: (await currentAgreementText()).id }),
    args: ({ s }) => [
      P,
      form({ textId: id(s, "textId"), typedName: "Ada Matrix", agree: "on", idempotencyKey: randomUUID() }),
    ],
  },
  "modules/consent/actions.ts#recordAgreementAction": {
    allowed: CARE_TEAM,
    setup: async () => ({ textId: (await currentAgreementText()).id }),
    args: ({ f, s }) => [
      P,
      form({
        patientId: f.patientA.id,
        textId: id(s, "textId"),
        method: "VERBAL",
        witnessName: "Nurse Kim",
        idempotencyKey: randomUUID(),
      }),
    ],
    works: success,
  },
  "modules/consent/actions.ts#revokeAgreementAction": {
    allowed: CARE_TEAM,
    setup: async (f) => ({ id: (await giveAgreement(f.patientA.id)).id }),
    args: ({ s }) => [P, form({ agreementId: id(s), reason: "Patient asked" })],
    works: success,
  },
  "modules/consent/actions.ts#sendAgreementLinkAction": {
    allowed: CARE_TEAM,
    setup: async () => ({ textId: (await currentAgreementText()).id }),
    args: ({ f }) => [f.patientA.id, P, form({})],
    works: success,
  },
  // ---- assessments ----

  "modules/assessments/actions.ts#submitPortalFormAction": {
    allowed: ["patientA"],
    setup: async (f) => ({ id: (await makeFormRequest(f)).id }),
    args: ({ s }) => [
      P,
      form({ instrument: "PEG", requestId: id(s), idempotencyKey: randomUUID(), ...answers("PEG") }),
    ],
    works: redirectTo("/me/forms"),
  },
  "modules/assessments/actions.ts#enterStaffResponseAction": {
    allowed: CARE_TEAM,
    args: ({ f }) => [
      f.patientA.id,
      P,
      form({ instrument: "PEG", requestId: "", mode: "PHONE", idempotencyKey: randomUUID(), ...answers("PEG") }),
    ],
    works: redirectTo("/patients/"),
  },
  "modules/assessments/actions.ts#correctResponseAction": {
    allowed: CARE_TEAM,
    setup: async (f) => {
      const r = await makeStaffResponse(f);
      const { db } = await import("@/server/db");
      return {
        id: (await db.formResponse.findUniqueOrThrow({ where: { id: r.responseId }, select: { seriesId: true } }))
          .seriesId,
      };
    },
    args: ({ f, s }) => [
      f.patientA.id,
      id(s),
      P,
      form({ instrument: "PEG", idempotencyKey: randomUUID(), reason: "Read back wrong", ...answers("PEG", () => 1) }),
    ],
    works: redirectTo("/patients/"),
  },
  "modules/assessments/actions.ts#addFormRequestAction": {
    allowed: CARE_TEAM,
    args: ({ f }) => [f.patientA.id, P, form({ instrument: "PHQ9", visitId: "", dueInDays: "3" })],
    works: success,
  },
  "modules/assessments/actions.ts#cancelFormRequestAction": {
    allowed: CARE_TEAM,
    setup: async (f) => ({ id: (await makeFormRequest(f)).id }),
    args: ({ f, s }) => [f.patientA.id, P, form({ requestId: id(s), reason: "Not needed" })],
    works: success,
  },
  "modules/assessments/actions.ts#sendFormReminderAction": {
    allowed: CARE_TEAM,
    setup: async (f) => ({ id: (await makeFormRequest(f)).id }),
    args: ({ f }) => [f.patientA.id, P, form({})],
    works: success,
  },
  "modules/assessments/actions.ts#resolveAlertAction": {
    allowed: ["clinician"],
    setup: async (f) => ({ id: (await makeAlert(f)).id }),
    args: ({ s }) => [
      id(s),
      P,
      form({ assessmentDone: "on", plan: "Safety plan made, crisis line given", alertIds: id(s) }),
    ],
    works: redirectTo("/patients/"),
  },
  "modules/assessments/actions.ts#updateFormSettingsAction": {
    allowed: ["admin"],
    args: () => [P, form({ instrument_PEG: "on", instrument_PHQ9: "on", dueMinutesBefore: "60", linkTtlHours: "72" })],
    works: success,
  },
  // ---- care program: the pre-visit huddle (issue 12 part 3) ----
  // The clinician documents for a visit; the coordinator prepares (forms, a UDT queued for the clinician to order).
  "modules/care-program/huddle-actions.ts#documentPdmpCheckAction": {
    allowed: ["clinician"],
    setup: async (f) => ({ id: (await makeVisit(f)).id }),
    args: ({ s }) => [id(s), P, form({ checkedOn: dateIn(-1), state: "WA", finding: "CONSISTENT", note: "" })],
    works: success,
  },
  "modules/care-program/huddle-actions.ts#documentNaloxoneAction": {
    allowed: ["clinician"],
    setup: async (f) => ({ id: (await makeVisit(f)).id }),
    args: ({ s }) => [id(s), P, form({ offeredOn: dateIn(-1), outcome: "OFFERED", note: "" })],
    works: success,
  },
  "modules/care-program/huddle-actions.ts#recordRiskHistoryAction": {
    allowed: ["clinician"],
    setup: async (f) => ({ id: (await makeVisit(f)).id }),
    args: ({ s }) => [id(s), P, form({ kind: "OVERDOSE", recordedOn: dateIn(-1), note: "" })],
    works: success,
  },
  "modules/care-program/huddle-actions.ts#queueUdtOrderAction": {
    allowed: ["coordinator"],
    setup: async (f) => ({ id: (await makeVisit(f)).id }),
    args: ({ s }) => [
      id(s),
      P,
      form({
        reasonCode: "NONE_IN_PAST_12_MONTHS",
        reasonNote: "",
        panelCode: panelCodes[0]!,
        collectionMethod: "LAB_PSC",
      }),
    ],
    works: success,
  },
  "modules/care-program/huddle-actions.ts#orderUdtFromHuddleAction": {
    allowed: ["clinician"],
    setup: async (f) => ({ id: (await makeVisit(f)).id }),
    args: ({ s }) => [
      id(s),
      P,
      form({
        queuedId: "",
        reasonCode: "NONE_IN_PAST_12_MONTHS",
        reasonNote: "",
        panelCode: panelCodes[0]!,
        collectionMethod: "LAB_PSC",
      }),
    ],
    works: success,
  },
  "modules/care-program/huddle-actions.ts#sendPreVisitFormsAction": {
    allowed: CARE_TEAM,
    setup: async (f) => ({ id: (await makeVisit(f)).id }),
    args: ({ s }) => [id(s), P, form({ instruments: "PEG" })],
    works: success,
  },
  // ---- care program (LTOT registry decisions: a clinician's judgement) ----
  "modules/care-program/actions.ts#recordLtotDecisionAction": {
    allowed: ["clinician"],
    args: ({ f }) => [f.patientA.id, P, form({ kind: "EXCLUDE", reason: "Short course after surgery, ending" })],
    works: redirectTo("/patients/"),
  },
  // ---- care program: clinic settings, licenses, in-person evaluations, the patient's state at a visit (issue 12 part 5) ----
  "modules/care-program/dea-actions.ts#updateCareProgramSettingsAction": {
    allowed: ["admin"],
    args: () => [
      P,
      form(Object.fromEntries(Object.entries(defaultCareProgramSettings).map(([k, v]) => [k, String(v)]))),
    ],
    works: success,
  },
  "modules/care-program/dea-actions.ts#addClinicianLicenseAction": {
    allowed: ["admin"],
    setup: async () => ({ id: (await makeUser("CLINICIAN")).id }),
    args: ({ s }) => [id(s), P, form({ state: "WA", licenseNumber: "MD-123", expiresOn: "" })],
    works: success,
  },
  "modules/care-program/dea-actions.ts#removeClinicianLicenseAction": {
    allowed: ["admin"],
    setup: async (f) => {
      const c = await makeUser("CLINICIAN");
      const { db } = await import("@/server/db");
      const l = await db.clinicianLicense.create({
        data: { clinicianId: c.id, state: "OR", createdById: f.users.admin.id },
        select: { id: true },
      });
      return { id: c.id, licenseId: l.id };
    },
    args: ({ s }) => [id(s), P, form({ licenseId: id(s, "licenseId") })],
    works: success,
  },
  // Clinicians and coordinators record that a clinician of the clinic saw the patient in person (a fact, not a clinical decision).
  "modules/care-program/dea-actions.ts#recordInPersonEvaluationAction": {
    allowed: CARE_TEAM,
    args: ({ f }) => [f.patientA.id, P, form({ seenOn: dateIn(-3), clinicianId: f.users.clinician.id, note: "" })],
    works: success,
  },
  "modules/care-program/dea-actions.ts#withdrawInPersonEvaluationAction": {
    allowed: CARE_TEAM,
    setup: async (f) => {
      const { db } = await import("@/server/db");
      const row = await db.inPersonEvaluation.create({
        data: {
          patientId: f.patientA.id,
          seenOn: new Date(`${dateIn(-5)}T00:00:00Z`),
          clinicianId: f.users.clinician.id,
          recordedById: f.users.clinician.id,
        },
        select: { id: true },
      });
      return { id: row.id };
    },
    args: ({ f, s }) => [f.patientA.id, P, form({ evaluationId: id(s), reason: "Entered for the wrong patient" })],
    works: success,
  },
  "modules/care-program/dea-actions.ts#recordVisitLocationAction": {
    allowed: CARE_TEAM,
    setup: async (f) => ({ id: (await makeVisit(f)).id }),
    args: ({ s }) => [id(s), P, form({ patientLocationState: "WA" })],
    works: success,
  },
  // ---- video ----
  "modules/video/actions.ts#inviteGuestAction": {
    allowed: CARE_TEAM,
    setup: async (f) => ({ id: (await makeVisit(f)).id }),
    args: ({ s }) => [id(s), P, form({ role: "CAREGIVER", displayName: "Sam Helper" })],
    works: success,
  },
};

const json = (body: unknown): RequestInit => ({
  method: "POST",
  headers: { "content-type": "application/json" },
  body: JSON.stringify(body),
});
const ok2xx = (o: Outcome) => o.kind === "response" && o.status >= 200 && o.status < 300;

export const routeSpecs: Record<string, RouteSpec> = {
  "GET /api/health": { allowed: [], access: "public", request: () => ({ path: "/api/health", params: {} }) },
  "GET /api/ready": { allowed: [], access: "public", request: () => ({ path: "/api/ready", params: {} }) },
  "GET /api/auth/[...nextauth]": {
    httpOnly: "next-auth: tests/e2e/security-http.spec.ts and auth.spec.ts",
    allowed: [],
    access: "public",
    request: () => ({ path: "/api/auth/csrf", params: { nextauth: ["csrf"] } }),
  },
  "POST /api/auth/[...nextauth]": {
    httpOnly: "next-auth: tests/e2e/security-http.spec.ts and auth.spec.ts",
    allowed: [],
    access: "public",
    request: () => ({
      path: "/api/auth/signout",
      params: { nextauth: ["signout"] },
      init: { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: "csrfToken=x" },
    }),
  },
  // The audit log's CSV export (an admin download; tests/integration/audit-log.test.ts).
  "GET /admin/audit/export": {
    allowed: ["admin"],
    request: ({ f }) => ({
      path: `/admin/audit/export?mrn=${encodeURIComponent(f.patientA.mrn)}&action=READ&from=2026-01-01`,
      params: {},
    }),
    works: ok2xx,
  },
  // The clinic's measures as CSV (aggregate figures; tests/integration/measures.test.ts). Admins may export them too.
  "GET /measures/export": {
    allowed: ["clinician", "coordinator", "admin"],
    request: ({ f }) => ({ path: `/measures/export?clinician=${f.users.clinician.id}`, params: {} }),
    works: ok2xx,
  },
  // The LTOT registry's CSV export (care team; tests/integration/registry.test.ts).
  "GET /registry/export": {
    allowed: CARE_TEAM,
    request: () => ({ path: "/registry/export?gap=udt-due&mme=lt50&dueWithin=30", params: {} }),
    works: ok2xx,
  },
  // FHIR API (tests/integration/fhir-api.test.ts): discovery and the token endpoint are public; reads
  // need a SMART bearer token, so every session is refused with a 401 OperationOutcome.
  "GET /fhir/R4/metadata": {
    allowed: [],
    access: "public",
    request: () => ({ path: "/fhir/R4/metadata", params: {} }),
  },
  "GET /fhir/R4/well-known/smart-configuration": {
    allowed: [],
    access: "public",
    request: () => ({ path: "/fhir/R4/.well-known/smart-configuration", params: {} }),
  },
  "POST /fhir/R4/auth/token": {
    allowed: [],
    access: "public",
    request: () => ({
      path: "/fhir/R4/auth/token",
      params: {},
      init: {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: "grant_type=client_credentials&scope=system%2F*.rs",
      },
    }),
  },
  "GET /fhir/R4/[type]": {
    allowed: [],
    request: ({ f }) => ({ path: `/fhir/R4/Patient?_id=${f.patientA.id}`, params: { type: "Patient" } }),
  },
  "GET /fhir/R4/[type]/[id]/_history": {
    allowed: [],
    request: () => {
      const sid = randomUUID();
      return {
        path: `/fhir/R4/QuestionnaireResponse/${sid}/_history`,
        params: { type: "QuestionnaireResponse", id: sid },
      };
    },
  },
  "GET /fhir/R4/[type]/[id]/_history/[vid]": {
    allowed: [],
    request: () => {
      const sid = randomUUID();
      return {
        path: `/fhir/R4/QuestionnaireResponse/${sid}/_history/1`,
        params: { type: "QuestionnaireResponse", id: sid, vid: "1" },
      };
    },
  },
  "GET /fhir/R4/[type]/[id]": {
    allowed: [],
    request: ({ f }) => ({ path: `/fhir/R4/Patient/${f.patientA.id}`, params: { type: "Patient", id: f.patientA.id } }),
  },
  // FHIR bulk export (tests/integration/fhir-bulk-export.test.ts): a SMART bearer token only, and a
  // job is its client's; every session is refused with a 401 OperationOutcome.
  "GET /fhir/R4/[type]/[id]/[operation]": {
    allowed: [],
    request: () => ({
      path: "/fhir/R4/Group/ltot-registry/$export",
      params: { type: "Group", id: "ltot-registry", operation: "$export" },
      init: { headers: { accept: "application/fhir+json", prefer: "respond-async" } },
    }),
  },
  "GET /fhir/R4/bulk/[job]": {
    allowed: [],
    request: () => {
      const job = randomUUID();
      return { path: `/fhir/R4/bulk/${job}`, params: { job } };
    },
  },
  "DELETE /fhir/R4/bulk/[job]": {
    allowed: [],
    request: () => {
      const job = randomUUID();
      return { path: `/fhir/R4/bulk/${job}`, params: { job } };
    },
  },
  "GET /fhir/R4/bulk/[job]/[file]": {
    allowed: [],
    request: () => {
      const job = randomUUID();
      return { path: `/fhir/R4/bulk/${job}/Patient.ndjson`, params: { job, file: "Patient.ndjson" } };
    },
  },
  "GET /api/patients": {
    allowed: CARE_TEAM,
    request: ({ f }) => ({ path: `/api/patients?q=${encodeURIComponent(f.patientA.familyName)}`, params: {} }),
    works: ok2xx,
  },
  "POST /api/visits": {
    allowed: CARE_TEAM,
    request: ({ f }) => ({
      path: "/api/visits",
      params: {},
      init: json({
        patientId: f.patientA.id,
        clinicianId: f.users.clinician.id,
        visitTypeId: f.visitTypeId,
        modality: "PHONE",
        startsAt: nextSlot().toISOString(),
        reason: "Follow-up",
        idempotencyKey: randomUUID(),
      }),
    }),
    works: ok2xx,
  },
  "GET /api/visits/[id]/ics": {
    allowed: ["patientA", ...CARE_TEAM],
    setup: async (f) => ({ id: (await makeVisit(f)).id }),
    request: ({ s }) => ({ path: `/api/visits/${id(s)}/ics`, params: { id: id(s) } }),
    works: ok2xx,
  },
  "GET /api/visits/[id]/note-pdf": {
    allowed: CARE_TEAM,
    setup: async (f) => ({ id: (await makeSignedNote(f)).id }),
    request: ({ s }) => ({ path: `/api/visits/${id(s)}/note-pdf`, params: { id: id(s) } }),
    works: ok2xx,
  },
  // Video room routes: an account joins; the rest need the room token join returns (tests/integration/video.test.ts).
  "POST /api/video/[visitId]/join": {
    allowed: ["patientA", "clinician"],
    request: ({ f }) => ({
      path: `/api/video/${f.nowVisitId}/join`,
      params: { visitId: f.nowVisitId },
      init: json({ via: "account", hasCamera: true }),
    }),
    works: ok2xx,
  },
  "GET /api/video/[visitId]/events": {
    allowed: [],
    access: "link-session",
    request: ({ f }) => ({ path: `/api/video/${f.nowVisitId}/events`, params: { visitId: f.nowVisitId } }),
  },
  "POST /api/video/[visitId]/signal": {
    allowed: [],
    access: "link-session",
    request: ({ f }) => ({
      path: `/api/video/${f.nowVisitId}/signal`,
      params: { visitId: f.nowVisitId },
      init: json({ kind: "media", data: { audio: true, video: true } }),
    }),
  },
  "POST /api/video/[visitId]/leave": {
    allowed: [],
    access: "link-session",
    request: ({ f }) => ({
      path: `/api/video/${f.nowVisitId}/leave`,
      params: { visitId: f.nowVisitId },
      init: json({}),
    }),
  },
  "POST /api/video/[visitId]/phone-request": {
    allowed: [],
    access: "link-session",
    request: ({ f }) => ({
      path: `/api/video/${f.nowVisitId}/phone-request`,
      params: { visitId: f.nowVisitId },
      init: json({}),
    }),
  },
  "POST /api/video/[visitId]/admit": {
    allowed: ["clinician"],
    setup: async () => ({ id: randomUUID() }),
    request: ({ f, s }) => ({
      path: `/api/video/${f.nowVisitId}/admit`,
      params: { visitId: f.nowVisitId },
      init: json({ participantId: id(s) }),
    }),
    works: (o) => o.kind === "response" && o.status === 404,
  },
  "POST /api/video/[visitId]/remove": {
    allowed: ["clinician"],
    setup: async () => ({ id: randomUUID() }),
    request: ({ f, s }) => ({
      path: `/api/video/${f.nowVisitId}/remove`,
      params: { visitId: f.nowVisitId },
      init: json({ participantId: id(s) }),
    }),
    works: (o) => o.kind === "response" && o.status === 404,
  },
  "POST /api/video/[visitId]/phone": {
    allowed: ["clinician"],
    setup: async (f) => ({ id: (await makeVisit(f)).id }),
    request: ({ s }) => ({
      path: `/api/video/${id(s)}/phone`,
      params: { visitId: id(s) },
      init: json({ reason: "VIDEO_FAILED" }),
    }),
    works: ok2xx,
  },
  "POST /api/video/[visitId]/end": {
    allowed: ["clinician"],
    setup: async (f) => ({ id: (await makeVisit(f)).id }),
    request: ({ s }) => ({ path: `/api/video/${id(s)}/end`, params: { visitId: id(s) }, init: json({}) }),
    works: (o) => o.kind === "response" && o.status !== 401 && o.status !== 403,
  },
  // Patient pages served as server HTML (docs/decisions/patient-pages-rendering.md).
  "GET /link-expired": {
    allowed: [],
    access: "public",
    request: () => ({ path: "/link-expired?reason=session", params: {} }),
  },
  "POST /language": {
    allowed: [],
    access: "public",
    request: () => ({
      path: "/language",
      params: {},
      init: { method: "POST", body: new URLSearchParams({ lang: "es", back: "/me" }) },
    }),
  },
  // A link's landing page (server HTML): opening it changes nothing; its button (POST) with a token
  // that is not a real one goes to the expired page, and nothing is written (only the guess counter).
  "GET /l/[token]": {
    allowed: [],
    access: "public",
    request: () => ({ path: `/l/${"A".repeat(43)}`, params: { token: "A".repeat(43) } }),
  },
  "POST /l/[token]": {
    allowed: [],
    access: "public",
    request: () => ({
      path: `/l/${"A".repeat(43)}`,
      params: { token: "A".repeat(43) },
      init: { method: "POST", body: new URLSearchParams({ token: "A".repeat(43) }) },
    }),
  },
  // The agreement from a secure link: only an agreement link session (no account) may read or sign.
  "GET /a/agreement": {
    allowed: [],
    access: "link-session",
    request: () => ({ path: "/a/agreement", params: {} }),
  },
  "POST /a/agreement": {
    allowed: [],
    access: "link-session",
    setup: async () => ({ textId: (await currentAgreementText()).id }),
    request: ({ s }) => ({
      path: "/a/agreement",
      params: {},
      init: {
        method: "POST",
        body: new URLSearchParams({
          textId: id(s, "textId"),
          typedName: "Ada Matrix",
          agree: "on",
          idempotencyKey: randomUUID(),
        }),
      },
    }),
  },
  // Patient-link routes (a link session cookie, no account; tests/integration/patient-links.test.ts).
  "GET /f/forms": {
    allowed: [],
    access: "link-session",
    setup: async (f) => ({ id: (await makeFormRequest(f)).id }),
    request: () => ({ path: "/f/forms", params: {} }),
  },
  "GET /f/forms/done": {
    allowed: [],
    access: "link-session",
    setup: async (f) => ({ id: (await makeFormRequest(f)).id }),
    request: ({ s }) => ({ path: `/f/forms/done?r=${id(s)}`, params: {} }),
  },
  // Ends whatever forms-link session the browser has: harmless for anyone, and it writes nothing.
  "POST /f/forms/done": {
    allowed: [],
    access: "public",
    request: () => ({ path: "/f/forms/done", params: {}, init: { method: "POST" } }),
  },
  "GET /f/forms/[requestId]": {
    allowed: [],
    access: "link-session",
    setup: async (f) => ({ id: (await makeFormRequest(f)).id }),
    request: ({ s }) => ({ path: `/f/forms/${id(s)}`, params: { requestId: id(s) } }),
  },
  "POST /f/forms/[requestId]": {
    allowed: [],
    access: "link-session",
    setup: async (f) => ({ id: (await makeFormRequest(f)).id }),
    request: ({ s }) => ({
      path: `/f/forms/${id(s)}`,
      params: { requestId: id(s) },
      init: { method: "POST", body: new URLSearchParams({ instrument: "PEG" }) },
    }),
  },
};
