import { describe, expect, it } from "vitest";
import { startTiming, todayPresence, type LiveWaitingSeat } from "./presence";

const start = new Date("2026-03-10T17:00:00Z");
const at = (min: number, sec = 0) => new Date(start.getTime() + min * 60_000 + sec * 1000);
const patient = (sinceMin: number, phoneRequested = false): LiveWaitingSeat => ({
  role: "PATIENT",
  name: "Ada Lee",
  waitingSince: at(sinceMin),
  phoneRequested,
});
const caregiver = (sinceMin: number): LiveWaitingSeat => ({
  role: "CAREGIVER",
  name: "Sam Lee",
  waitingSince: at(sinceMin),
  phoneRequested: false,
});
const video = (status: Parameters<typeof todayPresence>[0]["status"]) => ({
  status,
  modality: "VIDEO" as const,
  startsAt: start,
});
const phone = (status: Parameters<typeof todayPresence>[0]["status"]) => ({
  status,
  modality: "PHONE" as const,
  startsAt: start,
});

describe("startTiming: minutes are about the booked start", () => {
  it.each([
    [-20, 0, "starts in 20 min"],
    [-1, -1, "starts in 2 min"],
    [-1, 0, "starts in 1 min"],
    [0, -59, "booked to start now"],
    [0, 0, "booked to start now"],
    [0, 59, "booked to start now"],
    [1, 0, "1 min past the booked start"],
    [58, 30, "58 min past the booked start"],
  ])("%i min %i s -> %s", (min, sec, text) => {
    expect(startTiming(start, at(min, sec))).toBe(text);
  });
});

describe("todayPresence: 'in the waiting room' only for a live seat", () => {
  it.each([
    // The case: checked in, no live seat, 58 min after the start.
    [
      "checked in, not in the room, late",
      video("CHECKED_IN"),
      [],
      58,
      { kind: "not_in_room", text: "Checked in, not in the room · 58 min past the booked start" },
    ],
    [
      "checked in, not in the room, early",
      video("CHECKED_IN"),
      [],
      -10,
      { kind: "not_in_room", text: "Checked in, not in the room · starts in 10 min" },
    ],
    [
      "patient in the waiting room before the start",
      video("CHECKED_IN"),
      [patient(-12)],
      -5,
      { kind: "in_room", text: "Patient in the waiting room, 7 min · starts in 5 min" },
    ],
    [
      "patient in the waiting room, late: both facts, each named",
      video("CHECKED_IN"),
      [patient(50)],
      58,
      { kind: "in_room", text: "Patient in the waiting room, 8 min · 58 min past the booked start" },
    ],
    [
      "patient asks for a phone call",
      video("CHECKED_IN"),
      [patient(0, true)],
      3,
      {
        kind: "in_room",
        text: "Patient in the waiting room, 3 min (asks for a phone call) · 3 min past the booked start",
      },
    ],
    [
      "patient and caregiver waiting",
      video("CHECKED_IN"),
      [patient(0), caregiver(1)],
      2,
      {
        kind: "in_room",
        text: "Patient in the waiting room, 2 min · Caregiver Sam Lee in the waiting room, 1 min · 2 min past the booked start",
      },
    ],
    [
      "visit under way, a guest waits: no start timing",
      video("IN_PROGRESS"),
      [caregiver(10)],
      14,
      { kind: "in_room", text: "Caregiver Sam Lee in the waiting room, 4 min" },
    ],
    ["visit under way, nobody waiting", video("IN_PROGRESS"), [], 14, null],
    ["scheduled, before the start: nothing to say", video("SCHEDULED"), [], -30, null],
    [
      "scheduled, start passed, not checked in",
      video("SCHEDULED"),
      [],
      12,
      { kind: "not_checked_in", text: "Not checked in yet · 12 min past the booked start" },
    ],
    ["scheduled, start just now", video("SCHEDULED"), [], 0, null],
    [
      "phone visit checked in",
      phone("CHECKED_IN"),
      [],
      5,
      { kind: "awaiting_call", text: "Checked in, waiting for your call · 5 min past the booked start" },
    ],
    [
      "phone visit scheduled and late",
      phone("SCHEDULED"),
      [],
      7,
      { kind: "not_checked_in", text: "Not checked in yet · 7 min past the booked start" },
    ],
    ["completed", video("COMPLETED"), [patient(0)], 40, null],
    ["cancelled", video("CANCELLED"), [], 5, null],
    ["no-show", video("NO_SHOW"), [], 30, null],
  ] as const)("%s", (_l, v, waiting, nowMin, expected) => {
    expect(todayPresence(v, waiting, at(nowMin))).toEqual(expected);
  });

  it("never says 'waiting' for someone who is not in the room", () => {
    for (const status of ["SCHEDULED", "CHECKED_IN", "IN_PROGRESS"] as const) {
      for (const min of [-30, 0, 58]) {
        expect(todayPresence(video(status), [], at(min))?.text ?? "").not.toMatch(/waiting room|waiting,/);
      }
    }
  });
});
