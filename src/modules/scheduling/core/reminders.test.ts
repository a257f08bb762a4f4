import { describe, expect, it } from "vitest";
import { planReminders, reminderText } from "./reminders";

describe("reminder plan", () => {
  const startsAt = new Date("2026-12-02T17:00:00Z");
  it.each([
    ["2026-11-29T00:00:00Z", ["24h", "1h"]],
    ["2026-12-01T17:00:00Z", ["1h"]], // exactly 24 h before: that one is already due, skip
    ["2026-12-02T16:00:00Z", []],
    ["2026-12-02T15:59:00Z", ["1h"]],
  ])("booked at %s -> %j", (now, kinds) => {
    expect(planReminders(startsAt, new Date(now)).map((r) => r.kind)).toEqual(kinds);
  });
  it("sends 24 h and 1 h before", () => {
    expect(planReminders(startsAt, new Date("2026-11-01T00:00:00Z")).map((r) => r.sendAfter.toISOString())).toEqual(["2026-12-01T17:00:00.000Z", "2026-12-02T16:00:00.000Z"]);
  });
  it("says how the visit happens and nothing clinical", () => {
    const v = reminderText({ kind: "24h", modality: "PHONE", whenLabel: "Wed, Dec 2, 9:00 AM PST", clinicName: "Virtual Pain Clinic", joinUrl: null, phoneLabel: "(206) 555-0150" });
    expect(v.subject).toBe("Reminder: your Virtual Pain Clinic visit tomorrow");
    expect(v.body).toContain("We will call you at (206) 555-0150");
    const video = reminderText({ kind: "1h", modality: "VIDEO", whenLabel: "x", clinicName: "C", joinUrl: "https://c/j/abc", phoneLabel: null });
    expect(video.body).toContain("https://c/j/abc");
    expect(video.subject).toContain("in about 1 hour");
  });
});
