import { describe, expect, it } from "vitest";
import type { ConsentStatus } from "./consent-rules";
import {
  consentRequiredMessage,
  decideStartConsent,
  startConsentLabels,
  type StartConsentChoice,
} from "./start-consent";

const valid: ConsentStatus = { state: "valid", recordId: "r1", expiresAt: new Date("2027-01-01T00:00:00Z") };
const missing: ConsentStatus = { state: "missing" };
const expired: ConsentStatus = { state: "expired", recordId: "r1", expiredAt: new Date("2026-01-01T00:00:00Z") };
const revoked: ConsentStatus = { state: "revoked", recordId: "r1", revokedAt: new Date("2026-05-01T00:00:00Z") };
const verbal: StartConsentChoice = { method: "verbal", textId: "t1" };
const emergency: StartConsentChoice = { method: "emergency", reason: "Patient in crisis" };

describe("decideStartConsent: a visit never starts without consent or a recorded reason", () => {
  it.each([
    ["consent on file, nothing chosen", valid, null, false, { action: "proceed", basis: "on_file" }],
    [
      "consent on file, verbal chosen anyway: no second record",
      valid,
      verbal,
      false,
      { action: "proceed", basis: "on_file" },
    ],
    [
      "consent on file, emergency chosen anyway: no needless exception",
      valid,
      emergency,
      false,
      { action: "proceed", basis: "on_file" },
    ],
    ["missing, nothing chosen: refused", missing, null, false, { action: "refuse", state: "missing" }],
    ["expired, nothing chosen: refused", expired, null, false, { action: "refuse", state: "expired" }],
    ["revoked (withdrawn), nothing chosen: refused", revoked, null, false, { action: "refuse", state: "revoked" }],
    ["missing, verbal consent in the room", missing, verbal, false, { action: "record_verbal", textId: "t1" }],
    ["expired, verbal consent in the room", expired, verbal, false, { action: "record_verbal", textId: "t1" }],
    [
      "revoked, verbal consent in the room (the patient agrees again)",
      revoked,
      verbal,
      false,
      { action: "record_verbal", textId: "t1" },
    ],
    [
      "missing, emergency with a reason",
      missing,
      emergency,
      false,
      { action: "record_exception", reason: "Patient in crisis" },
    ],
    [
      "missing, an exception already recorded for this visit",
      missing,
      null,
      true,
      { action: "proceed", basis: "exception_on_file" },
    ],
    [
      "revoked, an exception already recorded for this visit",
      revoked,
      null,
      true,
      { action: "proceed", basis: "exception_on_file" },
    ],
  ] as const)("%s", (_l, status, choice, exceptionRecorded, expected) => {
    expect(decideStartConsent(status, choice, { exceptionRecorded })).toEqual(expected);
  });
});

describe("what a refused start says", () => {
  it.each([
    ["VIDEO", "missing", "No valid video (telehealth) consent is on file."],
    ["PHONE", "expired", "No valid telephone consent is on file (the last one expired)."],
    ["VIDEO", "revoked", "No valid video (telehealth) consent is on file (the last one was withdrawn)."],
  ] as const)("%s %s", (kind, state, start) => {
    const m = consentRequiredMessage(kind, state);
    expect(m.startsWith(start)).toBe(true);
    // It says what to do next: both ways forward.
    expect(m).toMatch(/verbal consent now/);
    expect(m).toMatch(/emergency and give the reason/);
  });

  it("the buttons name the modality's own step", () => {
    expect(startConsentLabels.VIDEO).toEqual({
      verbal: "Record verbal consent and admit",
      emergency: "Admit without consent (emergency)",
    });
    expect(startConsentLabels.PHONE).toEqual({
      verbal: "Record verbal consent and call",
      emergency: "Call without consent (emergency)",
    });
  });
});
