import { describe, expect, it } from "vitest";
import type { LocalDate } from "./dates";
import type { PatientCareFacts } from "./facts";
import { careGapRules, evaluateCareGaps, openGapCount } from "./rules";
import { defaultCareProgramSettings as defaults } from "./settings";
import { ASOF, med, REGISTRY_SINCE, ruleOf, wellCaredFor } from "./test-fixtures";

describe("naloxone indicated and not on the list or offered", () => {
  const oxy = (dose: number, from = "2025-01-01") => med("oxycodone", dose, 2, from, null, `Oxycodone ${dose} mg`);
  const base = (overrides: Partial<PatientCareFacts>) => wellCaredFor(ASOF, "p1", overrides);
  it.each([
    ["49.5 MME/day: not indicated", base({ medications: [oxy(16.5)] }), false, false],
    ["exactly 50 MME/day: indicated", base({ medications: [med("morphine", 25, 2, "2025-01-01")] }), true, true],
    [
      "30 MME/day with a benzodiazepine",
      base({ medications: [oxy(10), med("lorazepam", 1, 2, "2026-01-01")] }),
      true,
      true,
    ],
    ["history of overdose", base({ riskHistory: [{ kind: "OVERDOSE", recordedOn: "2025-09-01" }] }), true, true],
    [
      "history of a substance use disorder",
      base({ riskHistory: [{ kind: "SUBSTANCE_USE_DISORDER", recordedOn: "2025-09-01" }] }),
      true,
      true,
    ],
    [
      "history recorded after the day asked",
      base({ riskHistory: [{ kind: "OVERDOSE", recordedOn: "2026-06-16" }] }),
      false,
      false,
    ],
    [
      "indicated, naloxone on the list",
      base({ medications: [oxy(20), med("naloxone", 4, 1, "2026-02-01")] }),
      true,
      false,
    ],
    [
      "indicated, naloxone stopped",
      base({ medications: [oxy(20), med("naloxone", 4, 1, "2025-02-01", "2026-02-01")] }),
      true,
      true,
    ],
    [
      "indicated, offered exactly 365 days ago",
      base({ medications: [oxy(20)], naloxoneOffers: [{ on: "2025-06-15", outcome: "OFFERED" }] }),
      true,
      false,
    ],
    [
      "indicated, offered 366 days ago",
      base({ medications: [oxy(20)], naloxoneOffers: [{ on: "2025-06-14", outcome: "OFFERED" }] }),
      true,
      true,
    ],
    [
      "indicated, declined last month (a documented offer)",
      base({ medications: [oxy(20)], naloxoneOffers: [{ on: "2026-05-15", outcome: "DECLINED" }] }),
      true,
      false,
    ],
  ])("%s", (_label, f, applies, open) => {
    expect(ruleOf(f, "naloxone-indicated")).toMatchObject({ applies, open });
  });

  it("naloxone itself adds nothing to the MME that makes it indicated", () => {
    const f = base({ medications: [oxy(16), med("naloxone", 40, 4, "2025-01-01")] });
    expect(evaluateCareGaps(f, defaults, ASOF).totalMme.total).toBe(48);
    expect(ruleOf(f, "naloxone-indicated").applies).toBe(false);
  });

  it("dates the gap from when it started: indication, stop of naloxone, or lapse of an offer", () => {
    // Raised to 60 MME/day on 2026-03-01 (the old row stops that day).
    const raised = [med("oxycodone", 10, 2, "2025-01-01", "2026-03-01"), oxy(20, "2026-03-01")];
    expect(ruleOf(base({ medications: raised }), "naloxone-indicated").dueOn).toBe("2026-03-01");
    expect(
      ruleOf(
        base({ medications: [...raised, med("naloxone", 4, 1, "2025-01-01", "2026-04-10")] }),
        "naloxone-indicated",
      ).dueOn,
    ).toBe("2026-04-10");
    expect(
      ruleOf(
        base({ medications: raised, naloxoneOffers: [{ on: "2025-05-01", outcome: "PRESCRIBED" }] }),
        "naloxone-indicated",
      ).dueOn,
    ).toBe("2026-05-02");
    expect(
      ruleOf(
        base({ medications: [oxy(20)], naloxoneOffers: [{ on: "2025-05-01", outcome: "OFFERED" }] }),
        "naloxone-indicated",
      ).dueOn,
    ).toBe("2026-05-02");
    // Indicated since before the registry: the gap dates from the registry entry.
    expect(ruleOf(base({ medications: [oxy(20)] }), "naloxone-indicated").dueOn).toBe(REGISTRY_SINCE);
  });

  it("an offer still valid gives the day it lapses", () => {
    const f = base({ medications: [oxy(20)], naloxoneOffers: [{ on: "2026-01-01", outcome: "OFFERED" }] });
    expect(ruleOf(f, "naloxone-indicated").dueOn).toBe("2027-01-02");
  });

  it("says why it is indicated", () => {
    const f = base({
      medications: [oxy(20), med("lorazepam", 1, 2, "2026-01-01")],
      riskHistory: [{ kind: "OVERDOSE", recordedOn: "2025-09-01" }],
    });
    expect(ruleOf(f, "naloxone-indicated").detail).toBe(
      "Indicated (60 MME/day (at or above 50); an opioid with a benzodiazepine; a history of overdose): no naloxone on the medication list and no offer in the last 365 days.",
    );
  });
});

describe("opioid with a benzodiazepine", () => {
  it.each([
    [
      "both on the list",
      [med("oxycodone", 10, 2, "2025-01-01"), med("lorazepam", 1, 2, "2026-02-01")],
      true,
      "2026-02-01",
    ],
    [
      "the benzodiazepine stopped",
      [med("oxycodone", 10, 2, "2025-01-01"), med("lorazepam", 1, 2, "2026-02-01", "2026-06-01")],
      false,
      null,
    ],
    [
      "the benzodiazepine starts after the day asked",
      [med("oxycodone", 10, 2, "2025-01-01"), med("lorazepam", 1, 2, "2026-06-16")],
      false,
      null,
    ],
    [
      "naloxone with a benzodiazepine is not an opioid with one",
      [
        med("oxycodone", 10, 2, "2025-01-01", "2026-01-01"),
        med("buprenorphine", 8, 1, "2026-01-01"),
        med("naloxone", 4, 1, "2025-01-01"),
        med("diazepam", 5, 1, "2026-03-01"),
      ],
      true,
      "2026-03-01",
    ],
  ])("%s", (_label, medications, open, dueOn) => {
    expect(ruleOf(wellCaredFor(ASOF, "p1", { medications }), "opioid-benzodiazepine")).toMatchObject({ open, dueOn });
  });

  it("is a prompt to review, not an instruction", () => {
    const r = ruleOf(
      wellCaredFor(ASOF, "p1", {
        medications: [
          med("oxycodone", 10, 2, "2025-01-01", null, "Oxycodone 10 mg"),
          med("lorazepam", 1, 2, "2026-02-01", null, "Lorazepam 1 mg"),
        ],
      }),
      "opioid-benzodiazepine",
    );
    expect(r.detail).toBe(
      "Oxycodone 10 mg with Lorazepam 1 mg, together since Feb 1, 2026. To review with the patient; nothing changes automatically.",
    );
    expect(r.detail).not.toMatch(/\b(stop|taper|discontinue)\b/i);
  });
});

describe("follow-up after a dose increase", () => {
  // Raised from 30 to 45 MME/day on 2026-05-01 (day 28 after it: 2026-05-29).
  const raised = [med("oxycodone", 10, 2, "2025-01-01", "2026-05-01"), med("oxycodone", 15, 2, "2026-05-01")];
  const f = (visits: LocalDate[], medications = raised, doseIncreases: LocalDate[] = []) =>
    wellCaredFor(ASOF, "p1", {
      medications,
      doseIncreases,
      visits: visits.map((on) => ({ on, status: "COMPLETED" as const })),
    });
  it.each([
    ["no visit since, day 28: not yet due", f(["2026-04-20"]), "2026-05-29", false, "2026-05-30"],
    ["no visit since, day 29: due", f(["2026-04-20"]), "2026-05-30", true, "2026-05-30"],
    ["the visit on the day of the increase is not its follow-up", f(["2026-05-01"]), "2026-05-30", true, "2026-05-30"],
    ["seen the next day", f(["2026-05-01", "2026-05-02"]), "2026-06-15", false, null],
    ["seen on day 28", f(["2026-05-29"]), "2026-06-15", false, null],
    ["seen late, on day 40: closed", f(["2026-06-10"]), "2026-06-15", false, null],
    ["a visit after the day asked does not count yet", f(["2026-06-10"]), "2026-06-09", true, "2026-05-30"],
    [
      "a lower dose is not an increase",
      f(["2026-04-20"], [med("oxycodone", 15, 2, "2025-01-01", "2026-05-01"), med("oxycodone", 10, 2, "2026-05-01")]),
      "2026-06-15",
      false,
      null,
    ],
    [
      "a documented increase (buprenorphine has no MME)",
      f(["2026-04-20"], [med("buprenorphine", 8, 2, "2025-01-01")], ["2026-05-01"]),
      "2026-06-15",
      true,
      "2026-05-30",
    ],
  ])("%s", (_label, facts, asOf, open, dueOn) => {
    expect(ruleOf(facts, "dose-increase-follow-up", asOf)).toMatchObject({ open, dueOn });
  });

  it("uses the clinic's follow-up interval", () => {
    expect(
      ruleOf(f(["2026-04-20"]), "dose-increase-follow-up", "2026-05-15", { ...defaults, doseIncreaseFollowUpDays: 14 }),
    ).toMatchObject({ open: false, dueOn: "2026-05-16" });
    expect(
      ruleOf(f(["2026-04-20"]), "dose-increase-follow-up", "2026-05-16", { ...defaults, doseIncreaseFollowUpDays: 14 }),
    ).toMatchObject({ open: true, dueOn: "2026-05-16" });
  });

  it("says by when the visit is due", () => {
    expect(ruleOf(f(["2026-04-20"]), "dose-increase-follow-up", "2026-05-10").detail).toBe(
      "Dose started or raised on May 1, 2026; a visit is due by May 29, 2026.",
    );
  });
});

describe("high daily dose: context, never a limit", () => {
  it.each([
    ["89.9 MME/day", [med("morphine", 89.9, 1, "2025-01-01")], false],
    ["exactly 90 MME/day", [med("oxycodone", 30, 2, "2025-01-01")], true],
    [
      "90 MME/day from two opioids",
      [med("oxycodone", 10, 2, "2025-01-01"), med("morphine", 30, 2, "2025-01-01")],
      true,
    ],
    ["buprenorphine is not converted", [med("buprenorphine", 32, 4, "2025-01-01")], false],
  ])("%s: shown %s", (_label, medications, open) => {
    const r = ruleOf(wellCaredFor(ASOF, "p1", { medications }), "high-dose-context");
    expect({ open: r.open, severity: r.severity }).toEqual({ open, severity: "context" });
  });

  it("is shown but not counted among the open gaps", () => {
    const e = evaluateCareGaps(
      wellCaredFor(ASOF, "p1", {
        medications: [med("oxycodone", 40, 3, "2025-01-01")],
        naloxoneOffers: [{ on: ASOF, outcome: "OFFERED" }],
      }),
      defaults,
      ASOF,
    );
    expect(e.open.map((g) => [g.ruleId, g.severity])).toEqual([["high-dose-context", "context"]]);
    expect(openGapCount(e)).toBe(0);
  });

  it("is never worded as a limit or a call to taper", () => {
    const r = careGapRules.find((x) => x.id === "high-dose-context")!;
    const detail = ruleOf(
      wellCaredFor(ASOF, "p1", { medications: [med("oxycodone", 40, 3, "2025-01-01")] }),
      "high-dose-context",
    ).detail;
    expect(detail).toBe(
      "Total 180 MME/day since Jan 1, 2025, at or above the 90 MME/day context mark. Context for the clinician's judgement only.",
    );
    for (const text of [r.title, r.rule(defaults), detail])
      expect(text).not.toMatch(/limit|taper|reduc|exceed|maximum|too high|lower the dose|decrease/i);
  });
});
