import { describe, expect, it } from "vitest";
import { checkNoteTimes, describeTimesProvenance, sameMinute, type RecordedTimes } from "./note-times";

const at = (iso: string) => new Date(iso);
// A phone call the app recorded: started 17:00:12, ended 17:25:40 (UTC instants; no zone involved).
const recorded: RecordedTimes = { startedAt: at("2026-11-20T17:00:12Z"), endedAt: at("2026-11-20T17:25:40Z") };
const now = at("2026-11-20T18:00:00Z");
const none: RecordedTimes = { startedAt: null, endedAt: null };

type Row = [
  label: string,
  start: string | null,
  end: string | null,
  rec: RecordedTimes,
  reason: string | null,
  nowAt: Date,
  fields: string[],
  sources: [string | null, string | null],
];

describe("checkNoteTimes", () => {
  it.each<Row>([
    // Equal to the recorded times (to the minute: 17:00:12 is 17:00 on the form).
    [
      "equal to the recorded times",
      "2026-11-20T17:00:00Z",
      "2026-11-20T17:25:00Z",
      recorded,
      null,
      now,
      [],
      ["recorded", "recorded"],
    ],
    [
      "recorded seconds are ignored (17:00:59 typed as 17:00)",
      "2026-11-20T17:00:00Z",
      "2026-11-20T17:25:00Z",
      { startedAt: at("2026-11-20T17:00:59Z"), endedAt: recorded.endedAt },
      null,
      now,
      [],
      ["recorded", "recorded"],
    ],
    // One minute off, either way, at either end: a reason is needed, and with one it is accepted.
    [
      "end 1 minute later than recorded, no reason",
      "2026-11-20T17:00:00Z",
      "2026-11-20T17:26:00Z",
      recorded,
      null,
      now,
      ["timesReason"],
      ["recorded", "changed"],
    ],
    [
      "end 1 minute earlier than recorded, no reason",
      "2026-11-20T17:00:00Z",
      "2026-11-20T17:24:00Z",
      recorded,
      null,
      now,
      ["timesReason"],
      ["recorded", "changed"],
    ],
    [
      "start 1 minute earlier than recorded, no reason",
      "2026-11-20T16:59:00Z",
      "2026-11-20T17:25:00Z",
      recorded,
      null,
      now,
      ["timesReason"],
      ["changed", "recorded"],
    ],
    [
      "start 1 minute off, with a reason",
      "2026-11-20T16:59:00Z",
      "2026-11-20T17:25:00Z",
      recorded,
      "Dialled before pressing Call",
      now,
      [],
      ["changed", "recorded"],
    ],
    [
      "a blank reason is no reason",
      "2026-11-20T16:59:00Z",
      "2026-11-20T17:25:00Z",
      recorded,
      "   ",
      now,
      ["timesReason"],
      ["changed", "recorded"],
    ],
    // The defect: 28 minutes billed for a call that lasted seconds.
    [
      "a call of seconds typed as 28 min, no reason",
      "2026-11-20T17:00:00Z",
      "2026-11-20T17:28:00Z",
      { startedAt: at("2026-11-20T17:00:05Z"), endedAt: at("2026-11-20T17:00:40Z") },
      null,
      now,
      ["timesReason"],
      ["recorded", "changed"],
    ],
    [
      "a call shorter than a minute, as recorded (start = end)",
      "2026-11-20T17:00:00Z",
      "2026-11-20T17:00:00Z",
      { startedAt: at("2026-11-20T17:00:05Z"), endedAt: at("2026-11-20T17:00:40Z") },
      null,
      now,
      [],
      ["recorded", "recorded"],
    ],
    // The future: refused, whatever the reason.
    [
      "end in the future by 1 minute",
      "2026-11-20T17:00:00Z",
      "2026-11-20T18:01:00Z",
      { startedAt: recorded.startedAt, endedAt: null },
      "Still talking",
      now,
      ["endedAt"],
      ["recorded", "entered"],
    ],
    [
      "end exactly now",
      "2026-11-20T17:00:00Z",
      "2026-11-20T18:00:00Z",
      { startedAt: recorded.startedAt, endedAt: null },
      null,
      now,
      [],
      ["recorded", "entered"],
    ],
    [
      "start and end in the future",
      "2026-11-20T18:01:00Z",
      "2026-11-20T18:30:00Z",
      none,
      "Planned",
      now,
      ["startedAt", "endedAt"],
      ["entered", "entered"],
    ],
    // Order.
    [
      "end 1 minute before start",
      "2026-11-20T17:00:00Z",
      "2026-11-20T16:59:00Z",
      none,
      null,
      now,
      ["endedAt"],
      ["entered", "entered"],
    ],
    [
      "end before start, with a reason, still refused",
      "2026-11-20T17:00:00Z",
      "2026-11-20T16:59:00Z",
      recorded,
      "Typo",
      now,
      ["endedAt"],
      ["recorded", "changed"],
    ],
    // Midnight: 23:50 to 00:20 the next day is 30 minutes; the same clock times on one date are refused.
    [
      "crossing midnight, dates right",
      "2026-11-20T23:50:00Z",
      "2026-11-21T00:20:00Z",
      { startedAt: at("2026-11-20T23:50:30Z"), endedAt: at("2026-11-21T00:20:10Z") },
      null,
      at("2026-11-21T01:00:00Z"),
      [],
      ["recorded", "recorded"],
    ],
    [
      "crossing midnight, end typed on the start's date",
      "2026-11-20T23:50:00Z",
      "2026-11-20T00:20:00Z",
      { startedAt: at("2026-11-20T23:50:30Z"), endedAt: at("2026-11-21T00:20:10Z") },
      null,
      at("2026-11-21T01:00:00Z"),
      ["endedAt", "timesReason"],
      ["recorded", "changed"],
    ],
    // Nothing recorded (a phone visit without call times): entered, must be past and in order, no reason needed.
    [
      "no recorded times, past and in order",
      "2026-11-20T17:00:00Z",
      "2026-11-20T17:20:00Z",
      none,
      null,
      now,
      [],
      ["entered", "entered"],
    ],
    [
      "visit in progress: start recorded, end entered",
      "2026-11-20T17:00:00Z",
      "2026-11-20T17:20:00Z",
      { startedAt: recorded.startedAt, endedAt: null },
      null,
      now,
      [],
      ["recorded", "entered"],
    ],
    // Missing.
    ["no times at all", null, null, none, null, now, ["startedAt", "endedAt"], [null, null]],
    ["no end", "2026-11-20T17:00:00Z", null, recorded, null, now, ["endedAt"], ["recorded", null]],
  ])("%s", (_label, start, end, rec, reason, nowAt, fields, [startSource, endSource]) => {
    const r = checkNoteTimes({
      startedAt: start ? at(start) : null,
      endedAt: end ? at(end) : null,
      recorded: rec,
      reason,
      now: nowAt,
    });
    expect(r.problems.map((p) => p.field)).toEqual(fields);
    expect([r.start, r.end]).toEqual([startSource, endSource]);
  });

  it("a difference needs the reason even when nothing else is wrong, and says so", () => {
    const r = checkNoteTimes({
      startedAt: at("2026-11-20T17:00:00Z"),
      endedAt: at("2026-11-20T17:28:00Z"),
      recorded,
      reason: null,
      now,
    });
    expect(r.needsReason).toBe(true);
    expect(r.problems[0]!.message).toMatch(/differ from the recorded call times/);
  });
});

describe("sameMinute", () => {
  it.each([
    ["2026-11-20T17:00:59.999Z", "2026-11-20T17:00:00Z", true],
    ["2026-11-20T17:01:00Z", "2026-11-20T17:00:00Z", false],
    ["2026-11-20T16:59:59Z", "2026-11-20T17:00:00Z", false],
  ])("%s ~ %s -> %s", (a, b, same) => {
    expect(sameMinute(new Date(a), new Date(b))).toBe(same);
  });
});

describe("describeTimesProvenance", () => {
  it.each([
    [
      { startSource: "recorded", endSource: "recorded", reason: null },
      "Both times recorded by the app (recorded call: 9:00 to 9:25).",
    ],
    [
      { startSource: "recorded", endSource: "changed", reason: "Call dropped" },
      "Start recorded by the app, end changed from the recorded time (recorded call: 9:00 to 9:25). Reason: Call dropped.",
    ],
    [
      { startSource: "recorded", endSource: "entered", reason: null },
      "Start recorded by the app, end entered by the clinician (not recorded by the app) (recorded call: 9:00 to 9:25).",
    ],
  ] as const)("%o", (n, want) => {
    expect(describeTimesProvenance({ ...n, recordedStart: "9:00", recordedEnd: "9:25" })).toBe(want);
  });
});
