import { describe, expect, it } from "vitest";
import {
  correctionSchema,
  patientResponseSchema,
  resolveAlertSchema,
  settingsSchema,
  staffResponseSchema,
  toAnswers,
} from "./schemas";

const ids = {
  requestId: "11111111-1111-4111-8111-111111111111",
  idempotencyKey: "22222222-2222-4222-8222-222222222222",
};
const phq = (over: Record<string, string> = {}) => ({
  instrument: "PHQ9",
  ...ids,
  ...Object.fromEntries(Array.from({ length: 9 }, (_, i) => [`q_${i + 1}`, "1"])),
  ...over,
});

describe("patientResponseSchema", () => {
  it("parses a complete PHQ-9 with the optional item 10 left blank", () => {
    const r = patientResponseSchema("PHQ9").safeParse(phq({ q_10: "" }));
    expect(r.success).toBe(true);
    if (r.success)
      expect(toAnswers("PHQ9", r.data)).toEqual(
        Object.fromEntries(Array.from({ length: 9 }, (_, i) => [String(i + 1), 1])),
      );
  });

  it("names the missing question", () => {
    const v = phq();
    delete (v as Record<string, string>).q_9;
    const r = patientResponseSchema("PHQ9").safeParse(v);
    expect(r.success).toBe(false);
    expect(r.error?.issues.map((i) => [i.path.join("."), i.message])).toEqual([
      ["q_9", "Please choose an answer for question 9"],
    ]);
  });

  it.each([
    ["q_1", "4"],
    ["q_1", "-1"],
    ["q_1", "1.0"],
    ["q_1", "one"],
    ["q_10", "7"],
  ])("rejects %s = %s", (k, v) => {
    const r = patientResponseSchema("PHQ9").safeParse(phq({ [k]: v }));
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.path).toEqual([k]);
  });

  it("rejects unknown fields, a wrong instrument and a bad idempotency key", () => {
    expect(patientResponseSchema("PHQ9").safeParse(phq({ patientId: "x" })).success).toBe(false);
    expect(patientResponseSchema("PEG").safeParse(phq()).success).toBe(false);
    expect(patientResponseSchema("PHQ9").safeParse(phq({ idempotencyKey: "" })).success).toBe(false);
  });

  it("PEG accepts 0-10 and rejects 11", () => {
    const base = { instrument: "PEG", ...ids, q_p: "0", q_e: "10", q_g: "5" };
    expect(patientResponseSchema("PEG").safeParse(base).success).toBe(true);
    expect(patientResponseSchema("PEG").safeParse({ ...base, q_g: "11" }).success).toBe(false);
    expect(patientResponseSchema("PEG").safeParse({ ...base, q_g: "" }).success).toBe(false);
  });
});

describe("staff and correction schemas", () => {
  it("requires the mode", () => {
    const base = { instrument: "PEG", idempotencyKey: ids.idempotencyKey, q_p: "1", q_e: "2", q_g: "3" };
    expect(staffResponseSchema("PEG").safeParse({ ...base, mode: "PHONE" }).success).toBe(true);
    expect(staffResponseSchema("PEG").safeParse({ ...base, mode: "EMAIL" }).error?.issues[0]?.path).toEqual(["mode"]);
  });

  it("requires a reason for a correction", () => {
    const base = { instrument: "PEG", idempotencyKey: ids.idempotencyKey, q_p: "1", q_e: "2", q_g: "3" };
    expect(correctionSchema("PEG").safeParse({ ...base, reason: "typo" }).error?.issues[0]?.path).toEqual(["reason"]);
    expect(correctionSchema("PEG").safeParse({ ...base, reason: "Entered 3 instead of 8" }).success).toBe(true);
  });
});

describe("resolveAlertSchema and settingsSchema", () => {
  it("needs the assessment confirmed and a plan", () => {
    expect(
      resolveAlertSchema.safeParse({ plan: "Safety plan reviewed, follow-up tomorrow" }).error?.issues[0]?.path,
    ).toEqual(["assessmentDone"]);
    expect(resolveAlertSchema.safeParse({ assessmentDone: "on", plan: "short" }).error?.issues[0]?.path).toEqual([
      "plan",
    ]);
  });

  const a1 = "11111111-1111-4111-8111-111111111111";
  const a2 = "33333333-3333-4333-8333-333333333333";
  it.each<[string, string | undefined, string[] | "error"]>([
    ["no list (an older page): none", undefined, []],
    ["empty", "", []],
    ["one alert", a1, [a1]],
    ["the patient's two alerts", `${a1},${a2}`, [a1, a2]],
    ["spaces and empty parts are dropped", ` ${a1} ,, ${a2} `, [a1, a2]],
    ["not an id", `${a1},x`, "error"],
    ["too many", Array.from({ length: 101 }, () => a1).join(","), "error"],
  ])("alertIds: %s", (_name, alertIds, expected) => {
    const r = resolveAlertSchema.safeParse({
      assessmentDone: "on",
      plan: "Safety plan reviewed, follow-up tomorrow",
      ...(alertIds === undefined ? {} : { alertIds }),
    });
    if (expected === "error") expect(r.error?.issues[0]?.path).toEqual(["alertIds"]);
    else expect(r.data?.alertIds).toEqual(expected);
  });

  it("turns checkboxes into an instrument list", () => {
    expect(settingsSchema.parse({ instrument_PHQ9: "on", dueMinutesBefore: "60", linkTtlHours: "72" })).toEqual({
      preVisitInstruments: ["PHQ9"],
      dueMinutesBefore: 60,
      linkTtlHours: 72,
    });
    expect(settingsSchema.safeParse({ dueMinutesBefore: "-1", linkTtlHours: "72" }).success).toBe(false);
  });
});
