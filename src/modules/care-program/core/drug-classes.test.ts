import { describe, expect, it } from "vitest";
import { drugKeys, medicationCatalog } from "@/modules/udt/core/medication-catalog";
import { drugClasses, drugProfile } from "./drug-classes";

describe("drug classes for the care program", () => {
  it("classifies every drug of the catalog", () => {
    expect(Object.keys(drugClasses).sort()).toEqual([...drugKeys].sort());
  });

  it("never counts naloxone as an opioid", () => {
    expect(drugProfile("naloxone")).toEqual({
      opioid: false,
      benzodiazepine: false,
      naloxone: true,
      deaSchedule: null,
    });
  });

  it("counts the catalog's opioids, buprenorphine included", () => {
    const opioids = drugKeys.filter((k) => drugProfile(k).opioid);
    expect(opioids.sort()).toEqual(drugKeys.filter((k) => medicationCatalog[k].opioid).sort());
    expect(opioids).toContain("buprenorphine");
  });

  it("knows the benzodiazepines", () => {
    expect(drugKeys.filter((k) => drugProfile(k).benzodiazepine).sort()).toEqual([
      "alprazolam",
      "clonazepam",
      "diazepam",
      "lorazepam",
    ]);
  });

  it.each([
    ["oxycodone", "II"],
    ["hydrocodone", "II"],
    ["fentanyl_patch", "II"],
    ["tapentadol", "II"],
    ["tramadol", "IV"],
    ["buprenorphine", "III"],
    ["lorazepam", "IV"],
    ["amphetamine_salts", "II"],
    ["dronabinol", "III"],
    ["pregabalin", "V"],
    ["gabapentin", null],
    ["duloxetine", null],
    ["naloxone", null],
  ])("%s: DEA schedule %s", (key, schedule) => {
    expect(drugProfile(key).deaSchedule).toBe(schedule);
  });

  it("every opioid is a controlled substance", () => {
    for (const k of drugKeys) if (drugProfile(k).opioid) expect(drugProfile(k).deaSchedule, k).not.toBeNull();
  });

  it("treats a drug key it does not know as nothing in particular", () => {
    expect(drugProfile("unknown_drug")).toEqual({
      opioid: false,
      benzodiazepine: false,
      naloxone: false,
      deaSchedule: null,
    });
    expect(drugProfile("__proto__").opioid).toBe(false);
  });
});
