import { describe, expect, it } from "vitest";
import { transitionTable, visitStatuses } from "../../scheduling/core/visit-lifecycle";
import {
  problemsBeforeSigning,
  totalMinutes,
  visitStepOnSigning,
  type NoteDraft,
  type SigningFacts,
} from "./note-rules";

const complete: NoteDraft = {
  modalityUsed: "AUDIO_VIDEO",
  platform: "Virtual Pain Clinic video",
  audioOnlyReason: null,
  virtualReasons: ["TRANSPORTATION"],
  virtualReasonOther: null,
  patientState: "WA",
  clinicianLocation: "Clinic office, Seattle WA",
  startedAt: new Date("2026-11-29T17:00:00Z"),
  endedAt: new Date("2026-11-29T17:25:00Z"),
  timesReason: null,
  examLimits: "No palpation; gait observed on video.",
  assessment: "Chronic low back pain, stable.",
  plan: "Continue PT.",
  billingCode: "98005",
  suggestedCode: "98005",
  billingOverrideReason: null,
  newPatient: false,
  newPatientOverrideReason: null,
};

// The app recorded the call 17:00:20-17:25:50; the note is signed at 18:00; the clinic's history
// makes the patient established.
const facts: SigningFacts = {
  consentOnFile: true,
  visitStatus: "COMPLETED",
  recorded: { startedAt: new Date("2026-11-29T17:00:20Z"), endedAt: new Date("2026-11-29T17:25:50Z") },
  now: new Date("2026-11-29T18:00:00Z"),
  derivedNewPatient: false,
};

describe("problemsBeforeSigning", () => {
  it("a complete note can be signed", () => {
    expect(problemsBeforeSigning(complete, facts)).toEqual([]);
  });
  it("a visit started under a recorded emergency exception can be documented without consent on file", () => {
    expect(problemsBeforeSigning(complete, { ...facts, consentOnFile: false, consentException: true })).toEqual([]);
    expect(
      problemsBeforeSigning(complete, { ...facts, consentOnFile: false, consentException: false }).map((x) => x.field),
    ).toEqual(["consent"]);
  });
  it.each<[string, Partial<NoteDraft>, Partial<SigningFacts>, string]>([
    ["no consent on file", {}, { consentOnFile: false }, "consent"],
    ["audio-only without a reason", { modalityUsed: "AUDIO_ONLY" as const, platform: null }, {}, "audioOnlyReason"],
    ["video without a platform", { platform: null }, {}, "platform"],
    ["no reason for virtual", { virtualReasons: [] }, {}, "virtualReasons"],
    ["no patient state", { patientState: null }, {}, "patientState"],
    ["no clinician location", { clinicianLocation: null }, {}, "clinicianLocation"],
    ["no end time", { endedAt: null }, {}, "endedAt"],
    [
      "end before start",
      { endedAt: new Date("2026-11-29T16:59:00Z") },
      { recorded: { startedAt: null, endedAt: null } },
      "endedAt",
    ],
    [
      "end in the future (visit still in progress)",
      { endedAt: new Date("2026-11-29T18:01:00Z") },
      { visitStatus: "IN_PROGRESS", recorded: { startedAt: new Date("2026-11-29T17:00:20Z"), endedAt: null } },
      "endedAt",
    ],
    ["end differs from the recorded end, no reason", { endedAt: new Date("2026-11-29T17:28:00Z") }, {}, "timesReason"],
    ["no exam limits", { examLimits: null }, {}, "examLimits"],
    ["no assessment", { assessment: null }, {}, "assessment"],
    ["no plan", { plan: null }, {}, "plan"],
    ["no billing code", { billingCode: null }, {}, "billingCode"],
    ["override without reason", { billingCode: "98006" }, {}, "billingOverrideReason"],
    ["billed as new against an established history, no reason", { newPatient: true }, {}, "newPatientOverrideReason"],
    [
      "billed as established against a new history, no reason",
      { newPatient: false },
      { derivedNewPatient: true },
      "newPatientOverrideReason",
    ],
    ["visit not started", {}, { visitStatus: "SCHEDULED" }, "visit"],
    ["visit cancelled", {}, { visitStatus: "CANCELLED" }, "visit"],
  ])("%s", (_l, patch, factsPatch, field) => {
    expect(problemsBeforeSigning({ ...complete, ...patch }, { ...facts, ...factsPatch }).map((p) => p.field)).toEqual([
      field,
    ]);
  });
  it("accepts an 'other' reason for virtual and overrides with their reasons", () => {
    expect(
      problemsBeforeSigning(
        {
          ...complete,
          virtualReasons: [],
          virtualReasonOther: "Snowstorm",
          billingCode: "98006",
          billingOverrideReason: "MDM moderate",
          endedAt: new Date("2026-11-29T17:28:00Z"),
          timesReason: "Call dropped; called back",
          newPatient: true,
          newPatientOverrideReason: "Seen elsewhere before; first visit here after 4 years",
        },
        facts,
      ),
    ).toEqual([]);
  });
  it("audio-only with a reason needs no platform", () => {
    expect(
      problemsBeforeSigning(
        { ...complete, modalityUsed: "AUDIO_ONLY", platform: null, audioOnlyReason: "VIDEO_FAILED" },
        facts,
      ),
    ).toEqual([]);
  });
  it("a visit in progress can be signed (signing completes it)", () => {
    expect(
      problemsBeforeSigning(complete, {
        ...facts,
        visitStatus: "IN_PROGRESS",
        recorded: { startedAt: facts.recorded.startedAt, endedAt: null },
      }),
    ).toEqual([]);
  });
});

describe("visitStepOnSigning", () => {
  it.each(visitStatuses.map((s) => [s] as const))("%s", (status) => {
    const step = visitStepOnSigning(status);
    switch (status) {
      case "IN_PROGRESS":
        expect(step).toEqual({ ok: true, complete: true });
        // The step it takes is one the lifecycle allows.
        expect(transitionTable[status].COMPLETE).toBe("COMPLETED");
        break;
      case "COMPLETED":
        expect(step).toEqual({ ok: true, complete: false });
        break;
      case "SCHEDULED":
      case "CHECKED_IN":
        expect(step.ok).toBe(false);
        if (!step.ok) expect(step.message).toMatch(/has not started.*Start it from the visit page/);
        break;
      case "CANCELLED":
      case "NO_SHOW":
        expect(step.ok).toBe(false);
        if (!step.ok) expect(step.message).toMatch(/cannot be completed/);
        break;
    }
  });
});

describe("totalMinutes", () => {
  it.each([
    [null, null, 0],
    ["2026-11-29T17:00:00Z", "2026-11-29T17:25:29Z", 25],
    ["2026-11-29T17:00:00Z", "2026-11-29T16:00:00Z", 0],
  ])("%s - %s = %i", (a, b, m) => {
    expect(totalMinutes(a ? new Date(a) : null, b ? new Date(b) : null)).toBe(m);
  });
});
