import { describe, expect, it } from "vitest";
import { suggestBilling, type BillingInput } from "./billing-rules";

const base: BillingInput = {
  modality: "AUDIO_VIDEO",
  newPatient: false,
  totalMinutes: 25,
  payer: "COMMERCIAL",
  patientAtHome: true,
};

describe("suggestBilling", () => {
  it.each([
    // [label, input patch, POS, modifier, code]
    ["commercial, established, video, 25 min", {}, "10", "95", "98005"],
    ["commercial, established, video, 9 min -> brief check-in", { totalMinutes: 9 }, "10", "95", "98016"],
    ["commercial, established, video, 10 min", { totalMinutes: 10 }, "10", "95", "98004"],
    ["commercial, established, video, 40 min", { totalMinutes: 40 }, "10", "95", "98007"],
    ["commercial, new, video, 14 min -> no level", { newPatient: true, totalMinutes: 14 }, "10", "95", null],
    ["commercial, new, video, 15 min", { newPatient: true, totalMinutes: 15 }, "10", "95", "98000"],
    ["commercial, new, video, 60 min", { newPatient: true, totalMinutes: 60 }, "10", "95", "98003"],
    [
      "commercial, established, audio-only, 10 min (needs > 10)",
      { modality: "AUDIO_ONLY", totalMinutes: 10 },
      "10",
      "93",
      "98016",
    ],
    ["commercial, established, audio-only, 11 min", { modality: "AUDIO_ONLY", totalMinutes: 11 }, "10", "93", "98012"],
    ["commercial, established, audio-only, 30 min", { modality: "AUDIO_ONLY", totalMinutes: 30 }, "10", "93", "98014"],
    [
      "commercial, new, audio-only, 45 min",
      { modality: "AUDIO_ONLY", newPatient: true, totalMinutes: 45 },
      "10",
      "93",
      "98010",
    ],
    ["medicare, established, video, 25 min", { payer: "MEDICARE" }, "10", "95", "99213"],
    [
      "medicare, established, audio-only, 35 min",
      { payer: "MEDICARE", modality: "AUDIO_ONLY", totalMinutes: 35 },
      "10",
      "93",
      "99214",
    ],
    ["medicare, new, video, 74 min", { payer: "MEDICARE", newPatient: true, totalMinutes: 74 }, "10", "95", "99205"],
    ["medicare, established, 4 min -> no level", { payer: "MEDICARE", totalMinutes: 4 }, "10", "95", null],
    ["patient not at home -> POS 02", { patientAtHome: false }, "02", "95", "98005"],
  ] as const)("%s", (_label, patch, pos, modifier, code) => {
    const s = suggestBilling({ ...base, ...patch });
    expect(s.placeOfService).toBe(pos);
    expect(s.modifier).toBe(modifier);
    expect(s.code).toBe(code);
    expect(s.rules.length).toBeGreaterThanOrEqual(3);
  });

  it("explains why audio-only needs a reason", () => {
    expect(suggestBilling({ ...base, modality: "AUDIO_ONLY" }).rules.join(" ")).toContain("why audio-only");
  });
});
