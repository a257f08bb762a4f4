import { beforeAll, describe, expect, it } from "vitest";
import { fhirIssues, loadFhirValidator } from "../../../../tests/factories/fhir-validator";
import { toConsent, type ConsentRow } from "./consent";

const now = new Date("2026-03-04T12:00:00Z");
const row: ConsentRow = {
  id: "88888888-8888-4888-8888-888888888888",
  patientId: "55555555-5555-4555-8555-555555555555",
  kind: "VIDEO",
  method: "ELECTRONIC",
  textTitle: "Video visit consent",
  textVersion: 2,
  capturedAt: new Date("2026-01-04T12:00:00Z"),
  expiresAt: new Date("2027-01-04T12:00:00Z"),
  revokedAt: null,
};

describe("Consent", () => {
  beforeAll(loadFhirValidator, 120_000);
  it.each<[string, Partial<ConsentRow>, string, string, string]>([
    ["a current video consent", {}, "active", "video-visit", "2027-01-04T12:00:00.000Z"],
    ["a telephone consent", { kind: "PHONE" }, "active", "telephone-visit", "2027-01-04T12:00:00.000Z"],
    [
      "a revoked one",
      { revokedAt: new Date("2026-02-01T00:00:00Z") },
      "inactive",
      "video-visit",
      "2026-02-01T00:00:00.000Z",
    ],
    [
      "one past renewal",
      { expiresAt: new Date("2026-03-01T00:00:00Z") },
      "inactive",
      "video-visit",
      "2026-03-01T00:00:00.000Z",
    ],
    [
      "an opioid agreement",
      { kind: "OPIOID_AGREEMENT", method: "PAPER" },
      "active",
      "opioid-agreement",
      "2027-01-04T12:00:00.000Z",
    ],
  ])("%s", async (_n, over, status, code, end) => {
    const c = toConsent({ ...row, ...over }, now);
    expect(c.status).toBe(status);
    expect(c.category[0]?.coding?.[0]?.code).toBe(code);
    expect(c.provision?.period?.end).toBe(end);
    expect(await fhirIssues(c)).toEqual([]);
  });
});
