import { describe, expect, it } from "vitest";
import {
  computeOpenTime,
  isWithinWorkingTime,
  type ClinicianAvailability,
  type Interval,
  type OpenTimeInput,
} from "./open-time";
import { findOpenSlots } from "./slots";
import { minuteToHhmm, wallClockAt, zonedToUtc, zoneAbbreviation } from "./time";

// These run under TZ=UTC and TZ=Pacific/Auckland (tests/vitest.config.ts); the clinic zone here
// is America/New_York, whose 2026 DST changes are Sunday 2026-03-08 (02:00 EST -> 03:00 EDT: the
// hour 2:00-3:00 does not exist) and Sunday 2026-11-01 (02:00 EDT -> 01:00 EST: 1:00-2:00 twice).
const NY = "America/New_York";
const LONG_AGO = new Date("2020-01-01T00:00:00Z");

/** "2026-03-08 01:00 EST" - a local wall-clock label with its zone, so the tables read as clocks. */
function label(ms: number): string {
  const wc = wallClockAt(new Date(ms), NY);
  return `${wc.date} ${minuteToHhmm(wc.minute)} ${zoneAbbreviation(new Date(ms), NY)}`;
}
const show = (list: Interval[]) => list.map((i) => `${label(i.start)} - ${label(i.end)}`);
const local = (date: string, hhmm: string) =>
  zonedToUtc(date, Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3)), NY);

type Case = {
  name: string;
  clinician: Omit<ClinicianAvailability, "clinicianId">;
  booked?: [Date, Date][];
  from: string;
  to: string;
  notBefore?: Date;
  /** Open time per local day as the grid draws it (every date of the range appears). */
  days: Record<string, string[]>;
  /** How many 30-minute slots booking offers, and a few it must (or must not) offer. */
  slots30: number;
  offers?: string[];
  refuses?: string[];
};

const cases: Case[] = [
  {
    name: "a block 22:00-02:00 across midnight is drawn on both days, and a slot may span midnight",
    clinician: {
      weekly: [
        { weekday: 1, startMinute: 22 * 60, endMinute: 24 * 60 },
        { weekday: 2, startMinute: 0, endMinute: 2 * 60 },
      ],
      exceptions: [],
    },
    from: "2026-01-12", // Monday
    to: "2026-01-13",
    days: {
      "2026-01-12": ["2026-01-12 22:00 EST - 2026-01-13 00:00 EST"],
      "2026-01-13": ["2026-01-13 00:00 EST - 2026-01-13 02:00 EST"],
    },
    slots30: 15, // 22:00 ... 01:30 every 15 minutes
    offers: ["2026-01-12 23:45 EST"],
  },
  {
    name: "round-the-clock extra hours over two days are open on both days, not only the first (the 95-slot day)",
    clinician: {
      weekly: [],
      exceptions: [
        { kind: "EXTRA_HOURS", startsAt: local("2026-01-14", "00:00"), endsAt: local("2026-01-16", "00:00") },
      ],
    },
    from: "2026-01-15",
    to: "2026-01-15",
    days: { "2026-01-15": ["2026-01-15 00:00 EST - 2026-01-16 00:00 EST"] },
    slots30: 95, // 96 quarter hours, the last one cannot hold 30 minutes before the range ends
  },
  {
    name: "spring forward: the local day has 23 hours; a block over the skipped hour is 2 real hours",
    clinician: {
      weekly: [{ weekday: 7, startMinute: 60, endMinute: 4 * 60 }],
      exceptions: [
        { kind: "EXTRA_HOURS", startsAt: local("2026-03-09", "00:00"), endsAt: local("2026-03-10", "00:00") },
      ],
    },
    from: "2026-03-08", // Sunday
    to: "2026-03-09",
    days: {
      "2026-03-08": ["2026-03-08 01:00 EST - 2026-03-08 04:00 EDT"],
      "2026-03-09": ["2026-03-09 00:00 EDT - 2026-03-10 00:00 EDT"],
    },
    slots30: 7 + 95, // 01:00-01:45 EST, then 03:00-03:30 EDT (01:45 + 15 minutes of real time is 03:00)
    offers: ["2026-03-08 01:30 EST", "2026-03-08 03:00 EDT"],
  },
  {
    name: "spring forward: hours only inside the skipped hour are no working time at all",
    clinician: { weekly: [{ weekday: 7, startMinute: 2 * 60, endMinute: 3 * 60 }], exceptions: [] },
    from: "2026-03-08",
    to: "2026-03-08",
    days: { "2026-03-08": [] },
    slots30: 0,
  },
  {
    name: "spring forward: a whole-day block is 23 hours, cut at both local midnights",
    clinician: {
      weekly: [6, 7, 1].map((weekday) => ({ weekday, startMinute: 0, endMinute: 24 * 60 })),
      exceptions: [],
    },
    from: "2026-03-08",
    to: "2026-03-08",
    days: { "2026-03-08": ["2026-03-08 00:00 EST - 2026-03-09 00:00 EDT"] },
    slots30: 23 * 4 - 1,
  },
  {
    name: "spring forward: a block from Saturday 22:00 to Sunday 02:00 is split at Sunday's midnight",
    clinician: {
      weekly: [
        { weekday: 6, startMinute: 22 * 60, endMinute: 24 * 60 },
        { weekday: 7, startMinute: 0, endMinute: 2 * 60 },
      ],
      exceptions: [],
    },
    from: "2026-03-07",
    to: "2026-03-08",
    days: {
      "2026-03-07": ["2026-03-07 22:00 EST - 2026-03-08 00:00 EST"],
      "2026-03-08": ["2026-03-08 00:00 EST - 2026-03-08 03:00 EDT"],
    },
    slots30: 15,
  },
  {
    name: "fall back: the repeated hour 1:00-2:00 is 2 real hours, each quarter hour offered twice",
    clinician: { weekly: [{ weekday: 7, startMinute: 60, endMinute: 2 * 60 }], exceptions: [] },
    from: "2026-11-01", // Sunday
    to: "2026-11-01",
    days: { "2026-11-01": ["2026-11-01 01:00 EDT - 2026-11-01 02:00 EST"] },
    slots30: 7,
    offers: ["2026-11-01 01:15 EDT", "2026-11-01 01:15 EST", "2026-11-01 01:30 EST"],
  },
  {
    name: "fall back: a whole-day block is 25 hours; Saturday 22:00 to Sunday 02:00 is cut at midnight",
    clinician: {
      weekly: [
        { weekday: 6, startMinute: 22 * 60, endMinute: 24 * 60 },
        { weekday: 7, startMinute: 0, endMinute: 24 * 60 },
      ],
      exceptions: [],
    },
    from: "2026-10-31",
    to: "2026-11-01",
    days: {
      "2026-10-31": ["2026-10-31 22:00 EDT - 2026-11-01 00:00 EDT"],
      "2026-11-01": ["2026-11-01 00:00 EDT - 2026-11-02 00:00 EST"],
    },
    slots30: (2 + 25) * 4 - 1,
  },
  {
    name: "a day off is not working time, the days around it are",
    clinician: {
      weekly: [1, 3].map((weekday) => ({ weekday, startMinute: 9 * 60, endMinute: 17 * 60 })),
      exceptions: [],
    },
    from: "2026-01-12",
    to: "2026-01-14",
    days: {
      "2026-01-12": ["2026-01-12 09:00 EST - 2026-01-12 17:00 EST"],
      "2026-01-13": [],
      "2026-01-14": ["2026-01-14 09:00 EST - 2026-01-14 17:00 EST"],
    },
    slots30: 2 * 31,
  },
  {
    name: "exceptions: time off cuts the day, extra hours open a Saturday",
    clinician: {
      weekly: [{ weekday: 5, startMinute: 9 * 60, endMinute: 17 * 60 }],
      exceptions: [
        { kind: "TIME_OFF", startsAt: local("2026-01-16", "12:00"), endsAt: local("2026-01-16", "14:00") },
        { kind: "EXTRA_HOURS", startsAt: local("2026-01-17", "09:00"), endsAt: local("2026-01-17", "11:00") },
      ],
    },
    from: "2026-01-16",
    to: "2026-01-17",
    days: {
      "2026-01-16": ["2026-01-16 09:00 EST - 2026-01-16 12:00 EST", "2026-01-16 14:00 EST - 2026-01-16 17:00 EST"],
      "2026-01-17": ["2026-01-17 09:00 EST - 2026-01-17 11:00 EST"],
    },
    slots30: 11 + 11 + 7,
    refuses: ["2026-01-16 11:45 EST", "2026-01-16 13:00 EST"],
  },
  {
    name: "fully booked: working time, but no open time and no slots",
    clinician: { weekly: [{ weekday: 1, startMinute: 9 * 60, endMinute: 11 * 60 }], exceptions: [] },
    booked: [
      [local("2026-01-12", "09:00"), local("2026-01-12", "10:00")],
      [local("2026-01-12", "10:00"), local("2026-01-12", "11:00")],
    ],
    from: "2026-01-12",
    to: "2026-01-12",
    days: { "2026-01-12": [] },
    slots30: 0,
  },
  {
    name: "the past is not open (the same 'now' as booking); the grid keeps the rest of the day",
    clinician: { weekly: [{ weekday: 1, startMinute: 9 * 60, endMinute: 11 * 60 }], exceptions: [] },
    from: "2026-01-12",
    to: "2026-01-12",
    notBefore: local("2026-01-12", "10:07"),
    days: { "2026-01-12": ["2026-01-12 10:07 EST - 2026-01-12 11:00 EST"] },
    slots30: 2, // 10:15 and 10:30: starts stay on the quarter-hour grid
    refuses: ["2026-01-12 10:07 EST"],
  },
];

function inputOf(c: Case): OpenTimeInput {
  return {
    clinicians: [{ clinicianId: "c1", ...c.clinician }],
    bookedByClinician: new Map([["c1", (c.booked ?? []).map(([s, e]) => ({ start: s.getTime(), end: e.getTime() }))]]),
    timeZone: NY,
    from: c.from,
    to: c.to,
    notBefore: c.notBefore ?? LONG_AGO,
  };
}

describe("computeOpenTime: the grid's days and the booking's slots from one computation", () => {
  it.each(cases)("$name", (c) => {
    const input = inputOf(c);
    const [open] = computeOpenTime(input);
    expect(Object.fromEntries(open!.days.map((d) => [d.date, show(d.open)]))).toEqual(c.days);

    const slots = findOpenSlots({
      clinicians: [...input.clinicians],
      busyByClinician: input.bookedByClinician as Map<string, Interval[]>,
      from: c.from,
      to: c.to,
      timeZone: NY,
      durationMinutes: 30,
      notBefore: input.notBefore!,
    });
    expect(slots).toHaveLength(c.slots30);
    const starts = slots.map((s) => label(s.startsAt.getTime()));
    for (const o of c.offers ?? []) expect(starts).toContain(o);
    for (const r of c.refuses ?? []) expect(starts).not.toContain(r);

    // Agreement: every slot lies inside open time the grid draws, and the day a slot starts on is
    // never a day the grid shows without open time ("Not working" while booking lists times).
    const drawn = open!.days.flatMap((d) => d.open);
    for (const s of slots) {
      const day = open!.days.find((d) => d.date === wallClockAt(s.startsAt, NY).date)!;
      expect(day.open.some((i) => i.start <= s.startsAt.getTime() && s.startsAt.getTime() < i.end)).toBe(true);
      let t = s.startsAt.getTime();
      for (const i of drawn) if (i.start <= t && t < i.end) t = i.end;
      expect(t).toBeGreaterThanOrEqual(s.endsAt.getTime());
    }
    // A day without working time is exactly a day the grid says "Not working".
    for (const d of open!.days) if (d.working.length === 0) expect(d.open).toEqual([]);
  });

  it("says a fully booked day is working time (so the grid says 'No free time left', not 'Not working')", () => {
    const [open] = computeOpenTime(inputOf(cases.find((c) => c.name.startsWith("fully booked"))!));
    expect(show(open!.days[0]!.working)).toEqual(["2026-01-12 09:00 EST - 2026-01-12 11:00 EST"]);
  });

  it("keeps several clinicians apart and subtracts the patient's own visits only when given", () => {
    const weekly = [{ weekday: 1, startMinute: 9 * 60, endMinute: 10 * 60 }];
    const patientBusy = [
      { start: local("2026-01-12", "09:00").getTime(), end: local("2026-01-12", "09:30").getTime() },
    ];
    const input: OpenTimeInput = {
      clinicians: [
        { clinicianId: "a", weekly, exceptions: [] },
        { clinicianId: "b", weekly: [], exceptions: [] },
      ],
      bookedByClinician: new Map(),
      timeZone: NY,
      from: "2026-01-12",
      to: "2026-01-12",
    };
    expect(computeOpenTime(input).map((c) => [c.clinicianId, show(c.open)])).toEqual([
      ["a", ["2026-01-12 09:00 EST - 2026-01-12 10:00 EST"]],
      ["b", []],
    ]);
    expect(show(computeOpenTime({ ...input, patientBusy })[0]!.open)).toEqual([
      "2026-01-12 09:30 EST - 2026-01-12 10:00 EST",
    ]);
  });
});

describe("isWithinWorkingTime (the booking's own check) uses the same working time", () => {
  const overnight: ClinicianAvailability = {
    clinicianId: "c1",
    weekly: [
      { weekday: 1, startMinute: 22 * 60, endMinute: 24 * 60 },
      { weekday: 2, startMinute: 0, endMinute: 2 * 60 },
    ],
    exceptions: [],
  };
  const repeated: ClinicianAvailability = {
    clinicianId: "c1",
    weekly: [{ weekday: 7, startMinute: 60, endMinute: 2 * 60 }],
    exceptions: [],
  };
  it.each([
    ["a visit across midnight inside an overnight block", overnight, local("2026-01-12", "23:45"), 30, true],
    ["running past the block's end", overnight, local("2026-01-13", "01:45"), 30, false],
    [
      "the second 1:30 of the fall-back night",
      repeated,
      new Date(local("2026-11-01", "01:30").getTime() + 3_600_000),
      30,
      true,
    ],
    ["past the repeated hour", repeated, new Date(local("2026-11-01", "01:45").getTime() + 3_600_000), 30, false],
  ] as const)("%s", (_name, c, start, minutes, ok) => {
    const end = new Date(start.getTime() + minutes * 60_000);
    expect(
      isWithinWorkingTime(c, start, end, NY, { from: wallClockAt(start, NY).date, to: wallClockAt(end, NY).date }),
    ).toBe(ok);
  });
});
