import { describe, expect, it } from "vitest";
import { describeVisitTime, planReminders, reminderText } from "./reminders";
import { zonedToUtc } from "./time";
import { loadCatalogs, MESSAGES_DIR } from "@/i18n/catalogs";
import { makeTranslator } from "@/i18n/translator";

const catalogs = loadCatalogs(MESSAGES_DIR);
const en = makeTranslator("en", catalogs);
const es = makeTranslator("es", catalogs);

// Runs under TZ=UTC and TZ=Pacific/Auckland: nothing may depend on the machine's zone.
const NY = "America/New_York";
const LA = "America/Los_Angeles";
const local = (date: string, hhmm: string, zone = NY) =>
  zonedToUtc(date, Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3)), zone);

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
    expect(planReminders(startsAt, new Date("2026-11-01T00:00:00Z")).map((r) => r.sendAfter.toISOString())).toEqual([
      "2026-12-01T17:00:00.000Z",
      "2026-12-02T16:00:00.000Z",
    ]);
  });
});

describe("describeVisitTime: worded when sent, in the reader's zone (issue 10: a late reminder said 'tomorrow' for a visit today)", () => {
  it.each([
    // [case, visit start, sent at, zone, relative]
    [
      "sent the evening before",
      local("2026-12-02", "09:00"),
      local("2026-12-01", "19:30"),
      NY,
      "tomorrow at 9:00 AM EST",
    ],
    ["the 24 h one on time", local("2026-12-02", "15:00"), local("2026-12-01", "15:00"), NY, "tomorrow at 3:00 PM EST"],
    [
      "the 24 h one sent late the same morning",
      local("2026-12-02", "15:00"),
      local("2026-12-02", "09:30"),
      NY,
      "today at 3:00 PM EST",
    ],
    ["just after midnight", local("2026-12-02", "09:00"), local("2026-12-02", "00:05"), NY, "today at 9:00 AM EST"],
    ["just before midnight", local("2026-12-02", "09:00"), local("2026-12-01", "23:55"), NY, "tomorrow at 9:00 AM EST"],
    ["the 1 h one", local("2026-12-02", "15:00"), local("2026-12-02", "14:00"), NY, "in about 1 hour"],
    [
      "the 1 h one, 20 minutes late",
      local("2026-12-02", "15:00"),
      local("2026-12-02", "14:20"),
      NY,
      "in about 40 minutes",
    ],
    ["minutes before", local("2026-12-02", "15:00"), local("2026-12-02", "14:57"), NY, "in about 5 minutes"],
    [
      "90 minutes ahead is a time of day again",
      local("2026-12-02", "15:00"),
      local("2026-12-02", "13:30"),
      NY,
      "today at 3:00 PM EST",
    ],
    ["days ahead", local("2026-12-04", "10:00"), local("2026-12-01", "10:00"), NY, "on Friday at 10:00 AM EST"],
    [
      "more than a week ahead",
      local("2026-12-14", "10:00"),
      local("2026-12-01", "10:00"),
      NY,
      "on December 14 at 10:00 AM EST",
    ],
    // Daylight saving: the day before the spring change has 24 hours, the day of it 23.
    [
      "24 h before a visit on the spring-forward Sunday",
      local("2026-03-08", "09:00"),
      new Date(local("2026-03-08", "09:00").getTime() - 86_400_000),
      NY,
      "tomorrow at 9:00 AM EDT",
    ],
    [
      "the Monday after, sent Sunday 00:30 (23 real hours before)",
      local("2026-03-09", "00:30"),
      local("2026-03-08", "00:30"),
      NY,
      "tomorrow at 12:30 AM EDT",
    ],
    [
      "24 h before a visit on the fall-back Sunday (25-hour day)",
      local("2026-11-01", "09:00"),
      new Date(local("2026-11-01", "09:00").getTime() - 86_400_000),
      NY,
      "tomorrow at 9:00 AM EST",
    ],
    [
      "fall-back morning: 24 real hours earlier is the same Sunday's first 1:30",
      local("2026-11-02", "00:30"),
      new Date(local("2026-11-02", "00:30").getTime() - 24 * 3_600_000),
      NY,
      "tomorrow at 12:30 AM EST",
    ],
    [
      "the patient's own zone: a 00:30 New York visit is 9:30 PM the day before in Los Angeles",
      local("2026-12-02", "00:30"),
      local("2026-12-01", "12:00", LA),
      LA,
      "today at 9:30 PM PST",
    ],
  ])("%s", (_case, start, sentAt, zone, relative) => {
    expect(describeVisitTime(start, sentAt, zone, en).relative).toBe(relative);
  });

  it.each([
    [local("2026-12-02", "15:00"), local("2026-12-02", "14:00"), NY, "Wednesday, December 2, 2026 at 3:00 PM EST"],
    [local("2026-03-08", "09:00"), local("2026-03-07", "09:00"), NY, "Sunday, March 8, 2026 at 9:00 AM EDT"],
    [local("2026-12-02", "00:30"), local("2026-12-01", "12:00", LA), LA, "Tuesday, December 1, 2026 at 9:30 PM PST"],
  ])("always gives the full date too (%s)", (start, sentAt, zone, full) => {
    expect(describeVisitTime(start, sentAt, zone, en).full).toBe(full);
  });
});

describe("reminder text", () => {
  const start = local("2026-12-02", "15:00");
  it("says 'today' for a 24 h reminder sent late the same day, with the date", () => {
    const v = reminderText({
      modality: "PHONE",
      visitStartsAt: start,
      sentAt: local("2026-12-02", "09:30"),
      timeZone: NY,
      clinicName: "Virtual Pain Clinic",
      joinUrl: null,
      phoneLabel: "(206) 555-0150",
      t: en,
    });
    expect(v.subject).toBe("Reminder: your Virtual Pain Clinic visit today at 3:00 PM EST");
    expect(v.body).toContain("You have a visit with Virtual Pain Clinic today at 3:00 PM EST.");
    expect(v.body).toContain("When: Wednesday, December 2, 2026 at 3:00 PM EST");
    expect(v.body).not.toContain("tomorrow");
  });
  it("says how the visit happens and nothing clinical", () => {
    const phone = reminderText({
      modality: "PHONE",
      visitStartsAt: start,
      sentAt: local("2026-12-01", "15:00"),
      timeZone: NY,
      clinicName: "Virtual Pain Clinic",
      joinUrl: null,
      phoneLabel: "(206) 555-0150",
      t: en,
    });
    expect(phone.subject).toBe("Reminder: your Virtual Pain Clinic visit tomorrow at 3:00 PM EST");
    expect(phone.body).toContain("We will call you at (206) 555-0150");
    const video = reminderText({
      modality: "VIDEO",
      visitStartsAt: start,
      sentAt: local("2026-12-02", "14:00"),
      timeZone: NY,
      clinicName: "C",
      joinUrl: "https://c/j/abc",
      phoneLabel: null,
      t: en,
    });
    expect(video.body).toContain("https://c/j/abc");
    expect(video.subject).toBe("Reminder: your C visit in about 1 hour");
    expect(video.body).toContain("When: Wednesday, December 2, 2026 at 3:00 PM EST");
  });
});

describe("in Spanish (the patient's preferred language), in the patient's own zone", () => {
  it.each([
    ["tomorrow", local("2026-12-02", "09:00", LA), local("2026-12-01", "19:30", LA), LA, "mañana a las 9:00 a.m. PST"],
    [
      "today, one o'clock is 'a la 1'",
      local("2026-12-02", "13:00", LA),
      local("2026-12-02", "08:00", LA),
      LA,
      "hoy a la 1:00 p.m. PST",
    ],
    [
      "a weekday",
      local("2026-12-04", "10:00", LA),
      local("2026-12-01", "10:00", LA),
      LA,
      "el viernes a las 10:00 a.m. PST",
    ],
    [
      "a date",
      local("2026-12-14", "10:00"),
      local("2026-12-01", "10:00"),
      NY,
      "el 14 de diciembre a las 10:00 a.m. EST",
    ],
    ["minutes", local("2026-12-02", "15:00"), local("2026-12-02", "14:20"), NY, "en más o menos 40 minutos"],
    ["an hour", local("2026-12-02", "15:00"), local("2026-12-02", "14:00"), NY, "en más o menos 1 hora"],
    // The visit is booked in New York time; the patient in Los Angeles reads 9:30 PM the day before.
    [
      "the patient's zone, not the clinic's",
      local("2026-12-02", "00:30"),
      local("2026-12-01", "12:00", LA),
      LA,
      "hoy a las 9:30 p.m. PST",
    ],
  ])("%s", (_case, start, sentAt, zone, relative) => {
    expect(describeVisitTime(start, sentAt, zone, es).relative).toBe(relative);
  });

  it("the whole message is Spanish, with the full date", () => {
    const v = reminderText({
      modality: "VIDEO",
      visitStartsAt: local("2026-12-02", "15:00", LA),
      sentAt: local("2026-12-01", "15:00", LA),
      timeZone: LA,
      clinicName: "Virtual Pain Clinic",
      joinUrl: "https://c/j/abc",
      phoneLabel: null,
      t: es,
    });
    expect(v.subject).toBe("Recordatorio: su cita con Virtual Pain Clinic mañana a las 3:00 p.m. PST");
    expect(v.body.split("\n")).toEqual([
      "Usted tiene una cita con Virtual Pain Clinic mañana a las 3:00 p.m. PST.",
      "Cuándo: miércoles, 2 de diciembre de 2026 a las 3:00 p.m. PST",
      "Es una cita por video. Entre con este enlace unos minutos antes: https://c/j/abc",
      "Si no puede venir a la cita, por favor llame a la clínica.",
    ]);
  });
});
