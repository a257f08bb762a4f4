import { describe, expect, it } from "vitest";
import { consentExpiry, consentStatus, withdrawalNote, type ConsentRecordLike } from "./consent-rules";

const d = (s: string) => new Date(s);
const rec = (over: Partial<ConsentRecordLike>): ConsentRecordLike => ({
  id: "r1",
  kind: "VIDEO",
  capturedAt: d("2026-01-10T10:00:00Z"),
  expiresAt: d("2027-01-10T10:00:00Z"),
  revokedAt: null,
  ...over,
});
const now = d("2026-06-01T00:00:00Z");

describe("consentStatus", () => {
  it.each([
    ["no records", [], "VIDEO", "missing"],
    ["only phone consent, video asked", [rec({ kind: "PHONE" })], "VIDEO", "missing"],
    ["valid video", [rec({})], "VIDEO", "valid"],
    ["expired exactly now", [rec({ expiresAt: now })], "VIDEO", "expired"],
    ["expires one ms later", [rec({ expiresAt: new Date(now.getTime() + 1) })], "VIDEO", "valid"],
    ["revoked", [rec({ revokedAt: d("2026-05-01T00:00:00Z") })], "VIDEO", "revoked"],
    [
      "revocation dated in the future does not apply yet",
      [rec({ revokedAt: d("2026-07-01T00:00:00Z") })],
      "VIDEO",
      "valid",
    ],
    [
      "newest wins: revoked then re-consented",
      [
        rec({ id: "old", revokedAt: d("2026-02-01T00:00:00Z") }),
        rec({ id: "new", capturedAt: d("2026-03-01T00:00:00Z") }),
      ],
      "VIDEO",
      "valid",
    ],
    [
      "newest wins: consented then revoked",
      [
        rec({ id: "old" }),
        rec({ id: "new", capturedAt: d("2026-03-01T00:00:00Z"), revokedAt: d("2026-04-01T00:00:00Z") }),
      ],
      "VIDEO",
      "revoked",
    ],
  ] as const)("%s -> %s", (_l, records, kind, state) => {
    expect(consentStatus(records, kind, now).state).toBe(state);
  });
});

describe("consentExpiry", () => {
  it.each([
    ["2026-01-10T10:00:00Z", 12, "2027-01-10T10:00:00.000Z"],
    ["2026-01-31T10:00:00Z", 1, "2026-02-28T10:00:00.000Z"],
    ["2028-02-29T10:00:00Z", 12, "2029-02-28T10:00:00.000Z"],
    ["2026-08-31T23:30:00Z", 6, "2027-02-28T23:30:00.000Z"],
  ])("%s + %i months", (from, months, to) => {
    expect(consentExpiry(d(from), months).toISOString()).toBe(to);
  });
});

describe("withdrawalNote: the patient's own words after the standard reason", () => {
  it.each([
    ["Withdrawn by the patient in the portal", ""],
    ["Withdrawn by the patient in the portal: I prefer to come in", "I prefer to come in"],
    ["Patient asked by phone", "Patient asked by phone"],
    [null, ""],
  ])("%s -> %s", (reason, note) => {
    expect(withdrawalNote(reason)).toBe(note);
  });
});
