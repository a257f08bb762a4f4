import { describe, expect, it } from "vitest";
import type { LocalDate } from "./dates";
import { deaTelemedicineStatus } from "./dea";
import { deaFlagText } from "./dea-flag";
import { defaultCareProgramSettings as defaults } from "./settings";
import { med } from "./test-fixtures";

const oxy = med("oxycodone", 10, 2, "2025-01-01", null, "Oxycodone 10 mg");
const flag = (asOf: LocalDate, inPerson: LocalDate[] = [], endsOn = defaults.deaFlexibilityEndsOn) =>
  deaFlagText(
    deaTelemedicineStatus(
      [oxy],
      inPerson.map((on) => ({ on })),
      { deaFlexibilityEndsOn: endsOn },
      asOf,
    ),
  );

describe("DEA flag words, at each boundary of the window (end date 2026-12-31)", () => {
  const rows: [string, LocalDate, string | null, "warning" | "urgent" | null][] = [
    [
      "a year before: warning, not yet urgent",
      "2025-12-31",
      "Relies on DEA telemedicine flexibilities: 366 days left (ends Dec 31, 2026).",
      "warning",
    ],
    [
      "31 days left: still a warning",
      "2026-12-01",
      "Relies on DEA telemedicine flexibilities: 31 days left (ends Dec 31, 2026).",
      "warning",
    ],
    [
      "30 days left: urgent",
      "2026-12-02",
      "Relies on DEA telemedicine flexibilities: 30 days left (ends Dec 31, 2026).",
      "urgent",
    ],
    [
      "the day before the end: 2 days left",
      "2026-12-30",
      "Relies on DEA telemedicine flexibilities: 2 days left (ends Dec 31, 2026).",
      "urgent",
    ],
    [
      "the exact end date: 1 day left, the last day",
      "2026-12-31",
      "Relies on DEA telemedicine flexibilities: 1 day left, today is the last day (ends Dec 31, 2026).",
      "urgent",
    ],
    [
      "the day after (0 days left): ended",
      "2027-01-01",
      "DEA telemedicine flexibilities ended Dec 31, 2026 (1 day ago), and no in-person evaluation is on record.",
      "urgent",
    ],
    [
      "well after: ended, days counted",
      "2027-01-31",
      "DEA telemedicine flexibilities ended Dec 31, 2026 (31 days ago), and no in-person evaluation is on record.",
      "urgent",
    ],
  ];
  it.each(rows)("%s", (_label, asOf, headline, tone) => {
    const f = flag(asOf);
    expect(f?.headline ?? null).toBe(headline);
    expect(f?.tone ?? null).toBe(tone);
    expect(f?.action).toMatch(/in-person visit/);
  });

  it("short labels for list rows", () => {
    expect(flag("2026-12-02")?.short).toBe("DEA: 30 days left");
    expect(flag("2026-12-31")?.short).toBe("DEA: last day");
    expect(flag("2027-01-01")?.short).toBe("DEA: flexibilities ended");
  });

  it("no flag with an in-person evaluation on record, or without a controlled medication", () => {
    expect(flag("2026-12-02", ["2026-06-01"])).toBeNull();
    expect(
      deaFlagText(deaTelemedicineStatus([med("gabapentin", 300, 3, "2025-01-01")], [], defaults, "2026-12-02")),
    ).toBeNull();
  });

  it("follows the clinic's end date (an extension)", () => {
    expect(flag("2026-12-31", [], "2027-12-31")?.headline).toBe(
      "Relies on DEA telemedicine flexibilities: 366 days left (ends Dec 31, 2027).",
    );
  });
});
