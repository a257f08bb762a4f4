import { describe, expect, it } from "vitest";
import type { LocalDate } from "./dates";
import type { CareMedication, LtotDecision } from "./facts";
import { decisionOn, isOnLtot, type LtotBecause } from "./ltot";
import { defaultCareProgramSettings as defaults } from "./settings";
import { decision, med } from "./test-fixtures";

// Oxycodone since 2026-01-01: day 90 is 2026-04-01.
const oxy = med("oxycodone", 10, 2, "2026-01-01");

describe("LTOT by the medication list (threshold 90 days by default)", () => {
  const rows: [string, CareMedication[], LocalDate, boolean, LtotBecause, LocalDate | null][] = [
    ["one day before the threshold", [oxy], "2026-03-31", false, "NOT_LONG_ENOUGH", null],
    ["exactly at the threshold", [oxy], "2026-04-01", true, "MEDICATIONS", "2026-04-01"],
    ["one day after", [oxy], "2026-04-02", true, "MEDICATIONS", "2026-04-01"],
    ["no medication at all", [], "2026-06-01", false, "NO_ACTIVE_OPIOID", null],
    [
      "naloxone for 200 days is not an opioid",
      [med("naloxone", 4, 1, "2025-11-01")],
      "2026-06-01",
      false,
      "NO_ACTIVE_OPIOID",
      null,
    ],
    ["a benzodiazepine alone", [med("lorazepam", 1, 2, "2025-01-01")], "2026-06-01", false, "NO_ACTIVE_OPIOID", null],
    [
      "buprenorphine is an opioid",
      [med("buprenorphine", 8, 2, "2026-01-01")],
      "2026-04-01",
      true,
      "MEDICATIONS",
      "2026-04-01",
    ],
    [
      "stopped the day before",
      [med("oxycodone", 10, 2, "2025-01-01", "2026-03-31")],
      "2026-03-31",
      false,
      "NO_ACTIVE_OPIOID",
      null,
    ],
    [
      "continuous across a dose change",
      [med("oxycodone", 10, 2, "2026-01-01", "2026-02-15"), med("oxycodone", 15, 2, "2026-02-15")],
      "2026-04-01",
      true,
      "MEDICATIONS",
      "2026-04-01",
    ],
    [
      "one day off resets the count",
      [med("oxycodone", 10, 2, "2026-01-01", "2026-02-15"), med("oxycodone", 15, 2, "2026-02-16")],
      "2026-04-01",
      false,
      "NOT_LONG_ENOUGH",
      null,
    ],
    [
      "a medication started later is not yet known",
      [oxy, med("morphine", 15, 2, "2026-05-01")],
      "2026-03-31",
      false,
      "NOT_LONG_ENOUGH",
      null,
    ],
  ];
  it.each(rows)("%s", (_label, meds, asOf, onLtot, because, since) => {
    const s = isOnLtot(meds, [], defaults, asOf);
    expect(s).toMatchObject({ onLtot, because, since });
  });

  it("counts the days of opioid use and uses the clinic's threshold", () => {
    expect(isOnLtot([oxy], [], defaults, "2026-03-31")).toMatchObject({ opioidSince: "2026-01-01", daysOnOpioid: 89 });
    expect(isOnLtot([oxy], [], { ...defaults, ltotMinDays: 60 }, "2026-03-02")).toMatchObject({
      onLtot: true,
      since: "2026-03-02",
    });
    expect(isOnLtot([oxy], [], { ...defaults, ltotMinDays: 60 }, "2026-03-01").onLtot).toBe(false);
  });

  it("explains itself in plain words", () => {
    expect(isOnLtot([oxy], [], defaults, "2026-03-31").explanation).toBe(
      "Taking an opioid since Jan 1, 2026 (89 of 90 days): not yet long-term.",
    );
    expect(isOnLtot([], [], defaults, "2026-03-31").explanation).toMatch(/naloxone does not count/);
  });
});

describe("clinician decisions: the latest wins, and each is reversible", () => {
  const short = med("oxycodone", 10, 2, "2026-03-01"); // 31 days on 2026-04-01
  const long = med("oxycodone", 10, 2, "2025-01-01");
  const rows: [string, CareMedication[], LtotDecision[], LocalDate, boolean, LtotBecause, LocalDate | null][] = [
    [
      "included before the threshold",
      [short],
      [decision("INCLUDE", "2026-03-20")],
      "2026-04-01",
      true,
      "CLINICIAN_INCLUDED",
      "2026-03-20",
    ],
    [
      "included without any opioid",
      [],
      [decision("INCLUDE", "2026-03-20")],
      "2026-04-01",
      true,
      "CLINICIAN_INCLUDED",
      "2026-03-20",
    ],
    [
      "excluded although long on an opioid",
      [long],
      [decision("EXCLUDE", "2026-03-20")],
      "2026-04-01",
      false,
      "CLINICIAN_EXCLUDED",
      null,
    ],
    [
      "a decision dated after the day asked does not count yet",
      [long],
      [decision("EXCLUDE", "2026-04-02")],
      "2026-04-01",
      true,
      "MEDICATIONS",
      "2025-04-01",
    ],
    [
      "a decision counts from its own date",
      [long],
      [decision("EXCLUDE", "2026-04-01")],
      "2026-04-01",
      false,
      "CLINICIAN_EXCLUDED",
      null,
    ],
    [
      "exclusion then inclusion",
      [long],
      [decision("EXCLUDE", "2026-02-01"), decision("INCLUDE", "2026-03-01")],
      "2026-04-01",
      true,
      "CLINICIAN_INCLUDED",
      "2026-03-01",
    ],
    [
      "inclusion then exclusion",
      [short],
      [decision("INCLUDE", "2026-03-02"), decision("EXCLUDE", "2026-03-10")],
      "2026-04-01",
      false,
      "CLINICIAN_EXCLUDED",
      null,
    ],
    [
      "the list order does not matter",
      [short],
      [decision("EXCLUDE", "2026-03-10"), decision("INCLUDE", "2026-03-02")],
      "2026-04-01",
      false,
      "CLINICIAN_EXCLUDED",
      null,
    ],
    [
      "same day: the one recorded last wins",
      [long],
      [
        decision("INCLUDE", "2026-03-10", "2026-03-10T18:00:00Z"),
        decision("EXCLUDE", "2026-03-10", "2026-03-10T09:00:00Z"),
      ],
      "2026-04-01",
      true,
      "CLINICIAN_INCLUDED",
      "2025-04-01",
    ],
    [
      "an exclusion cleared goes back to the medication rule",
      [long],
      [decision("EXCLUDE", "2026-02-01"), decision("CLEAR", "2026-03-01")],
      "2026-04-01",
      true,
      "MEDICATIONS",
      "2026-03-01",
    ],
    [
      "an inclusion cleared goes back to the medication rule",
      [short],
      [decision("INCLUDE", "2026-03-02"), decision("CLEAR", "2026-03-10")],
      "2026-04-01",
      false,
      "NOT_LONG_ENOUGH",
      null,
    ],
  ];
  it.each(rows)("%s", (_label, meds, decisions, asOf, onLtot, because, since) => {
    expect(isOnLtot(meds, decisions, defaults, asOf)).toMatchObject({ onLtot, because, since });
  });

  it("the same-day tie is decided by the recording time, whichever way round", () => {
    const a = decision("INCLUDE", "2026-03-10", "2026-03-10T09:00:00Z");
    const b = decision("EXCLUDE", "2026-03-10", "2026-03-10T18:00:00Z");
    expect(decisionOn([a, b], "2026-03-10")?.kind).toBe("EXCLUDE");
    expect(decisionOn([b, a], "2026-03-10")?.kind).toBe("EXCLUDE");
  });

  it("shows the deciding clinician's reason", () => {
    const s = isOnLtot(
      [long],
      [decision("EXCLUDE", "2026-03-20", undefined, "Cancer pain, palliative care")],
      defaults,
      "2026-04-01",
    );
    expect(s.explanation).toBe("Excluded by a clinician on Mar 20, 2026: Cancer pain, palliative care");
    expect(s.decision?.reason).toBe("Cancer pain, palliative care");
  });
});
