import { describe, expect, it } from "vitest";
import type { LocalDate } from "./dates";
import { deaTelemedicineStatus, showsDeaFlag } from "./dea";
import type { CareMedication } from "./facts";
import { defaultCareProgramSettings as defaults } from "./settings";
import { med } from "./test-fixtures";

const oxy = med("oxycodone", 10, 2, "2025-01-01", null, "Oxycodone 10 mg");

describe("DEA telemedicine flag", () => {
  const rows: [string, CareMedication[], LocalDate[], LocalDate, string, number | null][] = [
    [
      "no controlled medication (gabapentin, duloxetine)",
      [med("gabapentin", 300, 3, "2025-01-01"), med("duloxetine", 60, 1, "2025-01-01")],
      [],
      "2026-12-01",
      "NO_CONTROLLED_SUBSTANCE",
      null,
    ],
    [
      "naloxone is not controlled",
      [med("naloxone", 4, 1, "2025-01-01")],
      [],
      "2026-12-01",
      "NO_CONTROLLED_SUBSTANCE",
      null,
    ],
    [
      "a controlled medication that was stopped",
      [med("oxycodone", 10, 2, "2025-01-01", "2026-11-01")],
      [],
      "2026-12-01",
      "NO_CONTROLLED_SUBSTANCE",
      null,
    ],
    ["seen in person", [oxy], ["2025-02-01"], "2026-12-01", "IN_PERSON_ON_RECORD", null],
    ["seen in person on the day asked", [oxy], ["2026-12-01"], "2026-12-01", "IN_PERSON_ON_RECORD", null],
    [
      "an in-person visit after the day asked does not count yet",
      [oxy],
      ["2026-12-02"],
      "2026-12-01",
      "RELIES_ON_FLEXIBILITY",
      31,
    ],
    ["relies on it, a month before the end", [oxy], [], "2026-12-01", "RELIES_ON_FLEXIBILITY", 31],
    ["relies on it, the day before the end", [oxy], [], "2026-12-30", "RELIES_ON_FLEXIBILITY", 2],
    ["relies on it, the last day in force", [oxy], [], "2026-12-31", "RELIES_ON_FLEXIBILITY", 1],
    ["the day after the end", [oxy], [], "2027-01-01", "FLEXIBILITY_ENDED", null],
    [
      "a benzodiazepine alone (schedule IV)",
      [med("lorazepam", 1, 2, "2025-01-01")],
      [],
      "2026-12-01",
      "RELIES_ON_FLEXIBILITY",
      31,
    ],
    [
      "a stimulant (schedule II)",
      [med("amphetamine_salts", 10, 2, "2025-01-01")],
      [],
      "2026-12-01",
      "RELIES_ON_FLEXIBILITY",
      31,
    ],
  ];
  it.each(rows)("%s", (_label, meds, inPerson, asOf, status, daysLeft) => {
    const s = deaTelemedicineStatus(
      meds,
      inPerson.map((on) => ({ on })),
      defaults,
      asOf,
    );
    expect(s.status).toBe(status);
    if (s.status === "RELIES_ON_FLEXIBILITY") expect(s.daysLeft).toBe(daysLeft);
    expect(showsDeaFlag(s)).toBe(status === "RELIES_ON_FLEXIBILITY" || status === "FLEXIBILITY_ENDED");
  });

  it("lists the controlled medications with their schedule", () => {
    const s = deaTelemedicineStatus(
      [oxy, med("tramadol", 50, 2, "2025-01-01", null, "Tramadol 50 mg"), med("ibuprofen", 400, 3, "2025-01-01")],
      [],
      defaults,
      "2026-12-01",
    );
    expect(s.status === "RELIES_ON_FLEXIBILITY" && s.controlled.map((c) => [c.name, c.schedule])).toEqual([
      ["Oxycodone 10 mg", "II"],
      ["Tramadol 50 mg", "IV"],
    ]);
  });

  it("follows the clinic's end date when the flexibilities are extended again", () => {
    const s = deaTelemedicineStatus([oxy], [], { deaFlexibilityEndsOn: "2027-12-31" }, "2027-01-01");
    expect(s).toMatchObject({ status: "RELIES_ON_FLEXIBILITY", flexibilityEndsOn: "2027-12-31", daysLeft: 365 });
  });

  it("says so in plain words, with the days left", () => {
    const s = deaTelemedicineStatus([oxy], [], defaults, "2026-12-31");
    expect(s.status === "RELIES_ON_FLEXIBILITY" && s.message).toBe(
      "No in-person visit with a clinician of the clinic on record: controlled-substance prescribing relies on the DEA telemedicine flexibilities, in force through Dec 31, 2026 (1 day left).",
    );
    const ended = deaTelemedicineStatus([oxy], [], defaults, "2027-01-03");
    expect(ended).toMatchObject({ status: "FLEXIBILITY_ENDED", daysSinceEnd: 3 });
  });

  it("gives the latest in-person date", () => {
    expect(
      deaTelemedicineStatus(
        [oxy],
        [{ on: "2025-02-01" }, { on: "2026-03-01" }, { on: "2025-07-01" }],
        defaults,
        "2026-12-01",
      ),
    ).toMatchObject({ status: "IN_PERSON_ON_RECORD", seenInPersonOn: "2026-03-01" });
  });
});
