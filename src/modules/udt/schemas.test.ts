import { describe, expect, it } from "vitest";
import {
  addMedicationSchema,
  advanceUdtSchema,
  createUdtOrderSchema,
  findingsFromForm,
  udtSettingsSchema,
} from "./schemas";

describe("udt schemas", () => {
  it("turns result radios and the free-text list into findings, keeping other fields", () => {
    const { rest, findings } = findingsFromForm({
      event: "RECORD_RESULT",
      version: "3",
      finding_oxycodone: "detected",
      finding_cocaine: "not_detected",
      finding_bogus: "maybe",
      otherSubstances: "Kratom, THC",
    });
    expect(rest).toEqual({ event: "RECORD_RESULT", version: "3" });
    expect(findings).toEqual([
      { substance: "oxycodone", detected: true },
      { substance: "cocaine", detected: false },
      { substance: "Kratom", detected: true },
      { substance: "THC", detected: true },
    ]);
  });

  it.each([
    [{ event: "INSTRUCT", version: "1", channel: "PHONE" }, true],
    [{ event: "INSTRUCT", version: "1", channel: "CARRIER_PIGEON" }, false],
    [{ event: "INSTRUCT", version: "1", channel: "PHONE", isAdmin: "true" }, false],
    [{ event: "REVIEW", version: "2", reviewNote: "" }, false],
    [{ event: "DISCUSS", version: "2", discussionNote: "x", plan: "" }, false],
    [{ event: "CANCEL", version: "2" }, false],
    [{ event: "CANCEL", version: "2", cancelReason: "Moved away" }, true],
    [{ event: "CLOSE" }, false],
    [{ event: "MISS_WINDOW", version: "1" }, false],
    [{ event: "INTERPRET_EXPECTED", version: "1" }, false],
  ])("advance %j -> valid %s", (input, ok) => {
    expect(advanceUdtSchema.safeParse(input).success).toBe(ok);
  });

  it("names the field that is wrong", () => {
    const r = advanceUdtSchema.safeParse({ event: "CANCEL", version: "2", cancelReason: "" });
    expect(r.success).toBe(false);
    if (!r.success)
      expect(r.error.issues[0]).toMatchObject({ path: ["cancelReason"], message: "Enter the reason for cancelling" });
  });

  it("requires details for a safety concern and bounds the window", () => {
    const base = { panelCode: "CHRONIC_PAIN_STANDARD", collectionMethod: "LAB_PSC" };
    expect(createUdtOrderSchema.safeParse({ ...base, reasonCode: "SAFETY_CONCERN" }).success).toBe(false);
    expect(
      createUdtOrderSchema.safeParse({ ...base, reasonCode: "SAFETY_CONCERN", reasonNote: "Early refills" }).success,
    ).toBe(true);
    expect(
      createUdtOrderSchema.parse({ ...base, reasonCode: "NONE_IN_PAST_12_MONTHS", windowHours: "" }).windowHours,
    ).toBeNull();
    expect(
      createUdtOrderSchema.safeParse({ ...base, reasonCode: "NONE_IN_PAST_12_MONTHS", windowHours: "169" }).success,
    ).toBe(false);
    expect(
      createUdtOrderSchema.safeParse({ ...base, reasonCode: "NONE_IN_PAST_12_MONTHS", panelCode: "X" }).success,
    ).toBe(false);
  });

  it.each([
    [{ doseAmount: "0" }, "doseAmount"],
    [{ doseAmount: "abc" }, "doseAmount"],
    [{ timesPerDay: "25" }, "timesPerDay"],
    [{ drugKey: "kratom" }, "drugKey"],
    [{ startedOn: "2026-02-30" }, "startedOn"],
    [{ unit: "g" }, "unit"],
  ])("medication %j is refused at %s", (over, field) => {
    const good = {
      drugKey: "oxycodone",
      name: "Oxycodone 10 mg",
      doseAmount: "10",
      timesPerDay: "3",
      route: "ORAL",
      startedOn: "2026-01-01",
      prescriber: "Dr. Lee",
    };
    expect(addMedicationSchema.safeParse(good).success).toBe(true);
    const r = addMedicationSchema.safeParse({ ...good, ...over });
    expect(r.success).toBe(false);
    if (!r.success)
      expect(
        r.error.issues.some((i) => i.path[0] === field || (i.code === "unrecognized_keys" && i.keys.includes(field))),
      ).toBe(true);
  });

  it("bounds the clinic settings", () => {
    expect(udtSettingsSchema.safeParse({ collectionWindowHours: "24", monitoringIntervalDays: "365" }).success).toBe(
      true,
    );
    expect(udtSettingsSchema.safeParse({ collectionWindowHours: "0", monitoringIntervalDays: "365" }).success).toBe(
      false,
    );
    expect(udtSettingsSchema.safeParse({ collectionWindowHours: "24", monitoringIntervalDays: "10" }).success).toBe(
      false,
    );
  });
});
