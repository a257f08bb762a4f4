import { describe, expect, it } from "vitest";
import { wallClockAt } from "@/modules/scheduling/core/time";
import {
  addMonthsToDate,
  AGREEMENT_RENEWAL_WINDOW_DAYS,
  agreementExpiry,
  agreementNeedsSignature,
  agreementRenewalDate,
  agreementRevocationNote,
  agreementStatus,
  PATIENT_AGREEMENT_REVOCATION_REASON,
} from "./agreement-rules";
import { consentStatus, isTelehealthConsentKind, type ConsentRecordLike } from "./consent-rules";

const d = (s: string) => new Date(s);
const DAY = 86_400_000;
const now = d("2026-06-01T12:00:00Z");
const agr = (over: Partial<ConsentRecordLike>): ConsentRecordLike => ({
  id: "a1",
  kind: "OPIOID_AGREEMENT",
  capturedAt: d("2026-01-10T10:00:00Z"),
  expiresAt: d("2027-01-10T08:00:00Z"),
  revokedAt: null,
  ...over,
});

describe("agreementStatus: the newest agreement decides", () => {
  it.each([
    ["no records", [], "none"],
    ["only telehealth consent", [agr({ kind: "VIDEO" }), agr({ id: "p", kind: "PHONE" })], "none"],
    ["signed, renewal far off", [agr({})], "signed"],
    ["renewal date exactly now: due", [agr({ expiresAt: now })], "renewal_due"],
    ["renewal one ms later: still signed", [agr({ expiresAt: new Date(now.getTime() + 1) })], "signed"],
    ["renewal passed", [agr({ expiresAt: d("2026-05-31T07:00:00Z") })], "renewal_due"],
    ["revoked", [agr({ revokedAt: d("2026-05-01T00:00:00Z") })], "revoked"],
    ["a revocation dated later has not happened yet", [agr({ revokedAt: d("2026-07-01T00:00:00Z") })], "signed"],
    [
      "revoked, then signed again",
      [
        agr({ id: "old", revokedAt: d("2026-02-01T00:00:00Z") }),
        agr({ id: "new", capturedAt: d("2026-03-01T00:00:00Z") }),
      ],
      "signed",
    ],
    [
      "signed twice, the newest revoked",
      [
        agr({ id: "old" }),
        agr({ id: "new", capturedAt: d("2026-03-01T00:00:00Z"), revokedAt: d("2026-04-01T00:00:00Z") }),
      ],
      "revoked",
    ],
  ] as const)("%s -> %s", (_l, records, state) => {
    expect(agreementStatus(records, now).state).toBe(state);
  });

  it("names the deciding record with its dates", () => {
    const s = agreementStatus(
      [
        agr({ id: "old", capturedAt: d("2025-01-01T00:00:00Z") }),
        agr({ id: "new", capturedAt: d("2026-03-01T00:00:00Z") }),
      ],
      now,
    );
    expect(s).toMatchObject({
      state: "signed",
      recordId: "new",
      signedAt: d("2026-03-01T00:00:00Z"),
      renewBy: d("2027-01-10T08:00:00Z"),
    });
  });
});

describe("renewal window: asked to renew from 30 days before the renewal date", () => {
  const window = AGREEMENT_RENEWAL_WINDOW_DAYS * DAY;
  it.each([
    ["31 days before", window + DAY, false, false],
    ["1 ms more than 30 days before", window + 1, false, false],
    ["exactly 30 days before", window, true, true],
    ["1 day before", DAY, true, true],
  ] as const)("%s: renewalSoon %s, needs a signature %s", (_l, msBefore, soon, needs) => {
    const s = agreementStatus([agr({ expiresAt: new Date(now.getTime() + msBefore) })], now);
    expect(s.state === "signed" && s.renewalSoon).toBe(soon);
    expect(agreementNeedsSignature(s)).toBe(needs);
  });

  it.each([
    ["none", [], true],
    ["renewal due", [agr({ expiresAt: now })], true],
    ["revoked", [agr({ revokedAt: now })], true],
  ] as const)("%s needs a signature", (_l, records, needs) => {
    expect(agreementNeedsSignature(agreementStatus(records, now))).toBe(needs);
  });
});

describe("renewal date: the clinic's date of signing plus the interval", () => {
  it.each([
    ["2026-01-10", 12, "2027-01-10"],
    ["2026-01-31", 1, "2026-02-28"],
    ["2028-01-31", 1, "2028-02-29"],
    ["2028-02-29", 12, "2029-02-28"],
    ["2026-08-31", 6, "2027-02-28"],
    ["2026-12-15", 1, "2027-01-15"],
    ["2026-03-31", 120, "2036-03-31"],
  ] as const)("%s + %i months = %s", (from, months, to) => {
    expect(addMonthsToDate(from, months)).toBe(to);
  });

  const tz = "America/Los_Angeles";
  it.each([
    // 23:30 in Seattle is already the next day in UTC: the clinic's date counts.
    ["late evening in the clinic", "2026-12-02T07:30:00Z", 12, "2026-12-01", "2027-12-01"],
    ["just after midnight in the clinic", "2026-12-01T08:05:00Z", 12, "2026-12-01", "2027-12-01"],
    // Signed in summer time, renewed in winter time: still the same calendar day.
    ["across a daylight-saving change", "2026-06-01T07:10:00Z", 6, "2026-06-01", "2026-12-01"],
  ] as const)("%s: signed on %s, renewal date", (_l, signedAt, months, signedOn, renewOn) => {
    expect(wallClockAt(d(signedAt), tz).date).toBe(signedOn);
    expect(agreementRenewalDate(d(signedAt), months, tz)).toBe(renewOn);
    const exp = agreementExpiry(d(signedAt), months, tz);
    // expiresAt is the first instant of the renewal date in the clinic: due on that day, not before.
    expect(wallClockAt(exp, tz)).toMatchObject({ date: renewOn, minute: 0 });
    expect(wallClockAt(new Date(exp.getTime() - 1), tz).date).not.toBe(renewOn);
  });

  it("the status turns to renewal due at the start of the renewal date", () => {
    const signedAt = d("2026-12-02T07:30:00Z");
    const exp = agreementExpiry(signedAt, 12, tz);
    const rec = agr({ capturedAt: signedAt, expiresAt: exp });
    expect(agreementStatus([rec], new Date(exp.getTime() - 1)).state).toBe("signed");
    expect(agreementStatus([rec], exp).state).toBe("renewal_due");
  });
});

describe("an agreement is never telehealth consent", () => {
  it.each([
    ["VIDEO", true],
    ["PHONE", true],
    ["OPIOID_AGREEMENT", false],
  ] as const)("%s is telehealth consent: %s", (kind, yes) => {
    expect(isTelehealthConsentKind(kind)).toBe(yes);
  });

  it("a valid agreement leaves video and phone consent missing", () => {
    const records = [agr({})];
    expect(consentStatus(records, "VIDEO", now).state).toBe("missing");
    expect(consentStatus(records, "PHONE", now).state).toBe("missing");
  });
});

describe("agreementRevocationNote", () => {
  it.each([
    [PATIENT_AGREEMENT_REVOCATION_REASON, ""],
    [`${PATIENT_AGREEMENT_REVOCATION_REASON}: I want to taper off`, "I want to taper off"],
    ["Patient asked by phone", "Patient asked by phone"],
    [null, ""],
  ] as const)("%s -> %s", (reason, note) => {
    expect(agreementRevocationNote(reason)).toBe(note);
  });
});
