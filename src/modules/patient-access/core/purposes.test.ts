import { describe, expect, it } from "vitest";
import { isLinkPurpose, linkPurposes, purposeByCode, purposeNames, purposesOpening } from "./purposes";

describe("link purposes", () => {
  it("each has its own code (codes are inside links already sent: never reuse one)", () => {
    const codes = purposeNames.map((p) => linkPurposes[p].code);
    expect(new Set(codes).size).toBe(codes.length);
    for (const p of purposeNames) expect(purposeByCode(linkPurposes[p].code)).toBe(p);
    expect(purposeByCode(0)).toBeNull();
    expect(purposeByCode(99)).toBeNull();
  });

  it.each([
    ["visit-join", "birth-date", "until-expiry", "/v/visit"],
    ["visit-guest", "none", "until-expiry", "/v/guest"],
    ["forms", "none", "while-work-pending", "/f/forms"],
    ["agreement", "birth-date", "while-work-pending", "/a/agreement"],
  ] as const)("%s: check %s, reusable %s, lands on %s", (purpose, check, reuse, landingPath) => {
    expect(linkPurposes[purpose]).toMatchObject({ check, reuse, landingPath });
  });

  it.each([
    ["forms", ["forms", "visit-join"]],
    ["visit-join", ["visit-join"]],
    ["visit-guest", ["visit-guest"]],
    ["agreement", ["agreement"]],
  ] as const)("%s pages open with a session of %j", (purpose, expected) => {
    expect(purposesOpening(purpose)).toEqual(expected);
  });

  it("grants only name real purposes, and a guest grants nothing (the guest is not the patient)", () => {
    for (const p of purposeNames) for (const g of linkPurposes[p].grants) expect(isLinkPurpose(g)).toBe(true);
    expect(linkPurposes["visit-guest"].grants).toEqual([]);
  });

  it("sessions are short-lived: idle at most an hour, never over 12 h", () => {
    for (const p of purposeNames) {
      expect(linkPurposes[p].session.idleMinutes).toBeLessThanOrEqual(60);
      expect(linkPurposes[p].session.maxMinutes).toBeLessThanOrEqual(12 * 60);
    }
  });

  it("isLinkPurpose refuses prototype keys", () => {
    expect(isLinkPurpose("toString")).toBe(false);
    expect(isLinkPurpose("__proto__")).toBe(false);
  });
});
