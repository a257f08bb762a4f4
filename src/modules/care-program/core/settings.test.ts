import { describe, expect, it } from "vitest";
import { fieldErrors } from "@/lib/forms";
import { parseInput } from "@/lib/input";
import { careProgramSettingsSchema, defaultCareProgramSettings } from "./settings";

describe("care-program settings", () => {
  it("defaults to the values in docs/clinical-reference.md#care-program-settings", () => {
    expect(defaultCareProgramSettings).toEqual({
      ltotMinDays: 90,
      pegIntervalDays: 90,
      phq9IntervalDays: 365,
      udtIntervalDays: 365,
      agreementRenewalMonths: 12,
      pdmpIntervalDays: 90,
      naloxoneMmeThreshold: 50,
      naloxoneOfferValidDays: 365,
      doseIncreaseFollowUpDays: 28,
      visitIntervalDays: 90,
      mmeContextLow: 50,
      mmeContextHigh: 90,
      deaFlexibilityEndsOn: "2026-12-31",
    });
  });

  it("accepts a form's strings and keeps the defaults for what is left out", () => {
    const r = parseInput(careProgramSettingsSchema, { pdmpIntervalDays: "30", deaFlexibilityEndsOn: "2027-12-31" });
    expect(r.success).toBe(true);
    if (r.success)
      expect(r.data).toEqual({
        ...defaultCareProgramSettings,
        pdmpIntervalDays: 30,
        deaFlexibilityEndsOn: "2027-12-31",
      });
  });

  it.each([
    ["zero days", { pegIntervalDays: "0" }, "pegIntervalDays"],
    ["an empty field", { udtIntervalDays: "" }, "udtIntervalDays"],
    ["a fraction of a day", { ltotMinDays: "89.5" }, "ltotMinDays"],
    ["a word", { visitIntervalDays: "often" }, "visitIntervalDays"],
    ["too many months", { agreementRenewalMonths: "121" }, "agreementRenewalMonths"],
    ["a negative MME", { naloxoneMmeThreshold: "-5" }, "naloxoneMmeThreshold"],
    ["a date that does not exist", { deaFlexibilityEndsOn: "2026-02-30" }, "deaFlexibilityEndsOn"],
    ["marks in the wrong order", { mmeContextLow: "90", mmeContextHigh: "50" }, "mmeContextHigh"],
    ["equal marks", { mmeContextLow: "90", mmeContextHigh: "90" }, "mmeContextHigh"],
  ])("refuses %s, naming the field", (_label, raw, field) => {
    const r = parseInput(careProgramSettingsSchema, raw);
    expect(r.success).toBe(false);
    if (!r.success) expect(Object.keys(fieldErrors(r.error))).toContain(field);
  });

  it("refuses a setting it does not know", () => {
    expect(parseInput(careProgramSettingsSchema, { pegIntervalDay: "30" }).success).toBe(false);
  });
});
