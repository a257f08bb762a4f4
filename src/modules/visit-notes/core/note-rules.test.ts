import { describe, expect, it } from "vitest";
import { problemsBeforeSigning, totalMinutes, type NoteDraft } from "./note-rules";

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
  examLimits: "No palpation; gait observed on video.",
  assessment: "Chronic low back pain, stable.",
  plan: "Continue PT.",
  billingCode: "98005",
  suggestedCode: "98005",
  billingOverrideReason: null,
};

describe("problemsBeforeSigning", () => {
  it("a complete note can be signed", () => {
    expect(problemsBeforeSigning(complete, true)).toEqual([]);
  });
  it.each([
    ["no consent on file", {}, false, "consent"],
    ["audio-only without a reason", { modalityUsed: "AUDIO_ONLY" as const, platform: null }, true, "audioOnlyReason"],
    ["video without a platform", { platform: null }, true, "platform"],
    ["no reason for virtual", { virtualReasons: [] }, true, "virtualReasons"],
    ["no patient state", { patientState: null }, true, "patientState"],
    ["no clinician location", { clinicianLocation: null }, true, "clinicianLocation"],
    ["no end time", { endedAt: null }, true, "endedAt"],
    ["end before start", { endedAt: new Date("2026-11-29T16:59:00Z") }, true, "endedAt"],
    ["no exam limits", { examLimits: null }, true, "examLimits"],
    ["no assessment", { assessment: null }, true, "assessment"],
    ["no plan", { plan: null }, true, "plan"],
    ["no billing code", { billingCode: null }, true, "billingCode"],
    ["override without reason", { billingCode: "98006" }, true, "billingOverrideReason"],
  ])("%s", (_l, patch, consent, field) => {
    expect(problemsBeforeSigning({ ...complete, ...patch }, consent).map((p) => p.field)).toEqual([field]);
  });
  it("accepts an 'other' reason for virtual and an override with a reason", () => {
    expect(problemsBeforeSigning({ ...complete, virtualReasons: [], virtualReasonOther: "Snowstorm", billingCode: "98006", billingOverrideReason: "MDM moderate" }, true)).toEqual([]);
  });
  it("audio-only with a reason needs no platform", () => {
    expect(problemsBeforeSigning({ ...complete, modalityUsed: "AUDIO_ONLY", platform: null, audioOnlyReason: "VIDEO_FAILED" }, true)).toEqual([]);
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
