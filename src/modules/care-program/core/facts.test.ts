import { describe, expect, it } from "vitest";
import {
  activeOn,
  BEFORE_ANY_RECORD,
  clinicianOn,
  emptyFacts,
  factsAsOf,
  heldSince,
  isActiveOn,
  latestDoseIncrease,
  mmeIncreaseDates,
  medicationTimeline,
  mmeOn,
  opioidEpisodeStart,
  segmentHeldSince,
  segmentOn,
  toCareMedication,
  visitSummary,
} from "./facts";
import { med } from "./test-fixtures";

describe("a medication is taken from its start date up to the day before its stop date", () => {
  const m = { startedOn: "2026-01-10", stoppedOn: "2026-02-01" };
  it.each([
    ["2026-01-09", false],
    ["2026-01-10", true],
    ["2026-01-31", true],
    ["2026-02-01", false],
  ])("on %s: %s", (d, active) => expect(isActiveOn(m, d)).toBe(active));
  it("an ongoing one stays active", () =>
    expect(isActiveOn({ startedOn: "2026-01-10", stoppedOn: null }, "2030-01-01")).toBe(true));
});

describe("the current continuous opioid use", () => {
  it.each([
    ["one ongoing row", [med("oxycodone", 10, 2, "2026-01-01")], "2026-03-01", "2026-01-01"],
    [
      "a dose change written as a new row the day the old one stops",
      [med("oxycodone", 10, 2, "2026-01-01", "2026-02-01"), med("oxycodone", 15, 2, "2026-02-01")],
      "2026-03-01",
      "2026-01-01",
    ],
    [
      "overlapping rows of two opioids",
      [med("morphine", 15, 2, "2025-12-01", "2026-02-15"), med("oxycodone", 10, 2, "2026-01-01")],
      "2026-03-01",
      "2025-12-01",
    ],
    [
      "a row inside a longer one",
      [med("morphine", 15, 2, "2025-12-01"), med("oxycodone", 5, 1, "2026-01-01", "2026-01-10")],
      "2026-03-01",
      "2025-12-01",
    ],
    [
      "one uncovered day breaks the chain",
      [med("oxycodone", 10, 2, "2026-01-01", "2026-02-01"), med("oxycodone", 10, 2, "2026-02-02")],
      "2026-03-01",
      "2026-02-02",
    ],
    [
      "naloxone does not carry the chain",
      [
        med("oxycodone", 10, 2, "2026-01-01", "2026-02-01"),
        med("naloxone", 4, 1, "2025-06-01"),
        med("oxycodone", 10, 2, "2026-02-05"),
      ],
      "2026-03-01",
      "2026-02-05",
    ],
    ["naloxone alone is no opioid use", [med("naloxone", 4, 1, "2025-06-01")], "2026-03-01", null],
    ["stopped on the day asked", [med("oxycodone", 10, 2, "2026-01-01", "2026-03-01")], "2026-03-01", null],
    ["started after the day asked", [med("oxycodone", 10, 2, "2026-04-01")], "2026-03-01", null],
  ])("%s", (_label, meds, asOf, start) => {
    expect(opioidEpisodeStart(meds, asOf)).toBe(start);
  });
});

describe("heldSince", () => {
  const holds = (d: string) => d >= "2026-02-10" && d < "2026-05-01";
  it.each([
    ["inside the run", ["2026-02-10", "2026-05-01"], "2026-03-01", "2026-02-10"],
    ["on its first day", ["2026-02-10", "2026-05-01"], "2026-02-10", "2026-02-10"],
    ["after it ended", ["2026-02-10", "2026-05-01"], "2026-05-01", null],
    ["no change dates known", [], "2026-03-01", null],
  ])("%s", (_label, changes, asOf, since) => expect(heldSince(holds, changes, asOf)).toBe(since));

  it("walks back over change dates that did not change the answer", () => {
    expect(heldSince(holds, ["2026-02-10", "2026-03-01", "2026-04-01", "2026-05-01"], "2026-04-15")).toBe("2026-02-10");
  });
});

describe("MME on a date and the medication list's dose increases", () => {
  const meds = [
    med("oxycodone", 10, 2, "2026-01-01", "2026-02-01"), // 30
    med("oxycodone", 15, 2, "2026-02-01", "2026-03-01"), // 45: raised
    med("oxycodone", 10, 2, "2026-03-01"), // 30: lowered
    med("lorazepam", 1, 2, "2026-01-15"),
    med("naloxone", 4, 1, "2026-01-20"),
  ];
  it.each([
    ["2025-12-31", 0],
    ["2026-01-01", 30],
    ["2026-02-01", 45],
    ["2026-03-01", 30],
  ])("on %s: %s MME/day", (d, total) => expect(mmeOn(meds, d).total).toBe(total));

  it("an opioid started or raised is an increase; a lower dose, a benzodiazepine or naloxone is not", () => {
    expect(mmeIncreaseDates(meds, "2026-06-01")).toEqual(["2026-01-01", "2026-02-01"]);
    expect(mmeIncreaseDates(meds, "2026-01-31")).toEqual(["2026-01-01"]);
  });

  it("a documented increase counts beside the list's own", () => {
    const f = { ...emptyFacts("p"), medications: meds, doseIncreases: ["2026-04-10", "2026-09-01"] };
    expect(latestDoseIncrease(f, "2026-06-01")).toBe("2026-04-10");
    expect(latestDoseIncrease(f, "2026-03-15")).toBe("2026-02-01");
    expect(latestDoseIncrease({ ...emptyFacts("p") }, "2026-03-15")).toBeNull();
  });

  it("buprenorphine is an opioid without MME", () => {
    const b = [med("buprenorphine", 8, 2, "2026-01-01")];
    expect(mmeOn(b, "2026-02-01")).toMatchObject({ total: 0, excludedCount: 1 });
    expect(mmeIncreaseDates(b, "2026-02-01")).toEqual([]);
  });

  it("a drug key the catalog does not know has no MME", () => {
    const m = toCareMedication({
      id: "x",
      drugKey: "old_key",
      name: "Old",
      doseAmount: 10,
      timesPerDay: 2,
      startedOn: "2026-01-01",
      stoppedOn: null,
    });
    expect(m.mme).toEqual({ kind: "not_opioid" });
    expect(activeOn([m], "2026-02-01")).toHaveLength(1);
    expect(mmeOn([m], "2026-02-01").total).toBe(0);
  });
});

describe("factsAsOf keeps only what was on record at the end of the date", () => {
  const f = {
    ...emptyFacts("p"),
    clinicians: [
      { clinicianId: "c1", since: "2025-01-01" },
      { clinicianId: "c2", since: "2026-02-01" },
    ],
    medications: [med("oxycodone", 10, 2, "2026-01-01", "2026-02-01"), med("morphine", 15, 2, "2026-02-01")],
    pegs: [
      { on: "2026-01-31", scoreTenths: 50 },
      { on: "2026-02-01", scoreTenths: 40 },
    ],
    agreements: [{ signedOn: "2026-01-05", renewBy: null, revokedOn: "2026-02-10" }],
    visits: [
      { on: "2026-01-31", status: "COMPLETED" as const },
      { on: "2026-02-01", status: "BOOKED" as const },
    ],
  };
  const jan = factsAsOf(f, "2026-01-31");

  it("drops records dated after it and keeps those dated on it", () => {
    expect(jan.pegs.map((p) => p.on)).toEqual(["2026-01-31"]);
    expect(jan.medications.map((m) => m.drugKey)).toEqual(["oxycodone"]);
    expect(jan.visits.map((v) => v.on)).toEqual(["2026-01-31"]);
  });
  it("a later stop or revocation had not happened yet", () => {
    expect(jan.medications[0]!.stoppedOn).toBeNull();
    expect(factsAsOf(f, "2026-02-01").medications[0]!.stoppedOn).toBe("2026-02-01");
    expect(jan.agreements[0]!.revokedOn).toBeNull();
    expect(factsAsOf(f, "2026-02-10").agreements[0]!.revokedOn).toBe("2026-02-10");
  });
  it("the clinician responsible on a date", () => {
    expect(clinicianOn(f, "2026-01-31")).toBe("c1");
    expect(clinicianOn(f, "2026-02-01")).toBe("c2");
    expect(clinicianOn(f, "2024-12-31")).toBeNull();
  });
  it("last and next visit", () => {
    expect(visitSummary(f, "2026-01-31")).toEqual({ lastVisitOn: "2026-01-31", nextVisitOn: "2026-02-01" });
    expect(visitSummary(f, "2026-02-02")).toEqual({ lastVisitOn: "2026-01-31", nextVisitOn: null });
  });
});

describe("the clinician responsible on a date: the latest change on or before it", () => {
  const f = emptyFacts("p");
  f.clinicians = [
    { clinicianId: "c1", since: BEFORE_ANY_RECORD },
    { clinicianId: "c2", since: "2026-03-10" },
    { clinicianId: null, since: "2026-05-01" },
    { clinicianId: "c3", since: "2026-06-01" },
    { clinicianId: "c4", since: "2026-06-01" }, // the same day, made later: it holds
  ];
  it.each([
    ["1990-01-01", "c1"], // the first clinician answers for the history before them
    ["2026-03-09", "c1"],
    ["2026-03-10", "c2"],
    ["2026-04-30", "c2"],
    ["2026-05-01", null], // left without a clinician
    ["2026-05-31", null],
    ["2026-06-01", "c4"],
    ["2026-12-31", "c4"],
  ])("on %s: %s", (d, who) => expect(clinicianOn(f, d)).toBe(who));
  it("no changes: nobody", () => expect(clinicianOn(emptyFacts("q"), "2026-01-01")).toBeNull());
  it("a month's facts keep only the changes made by its end", () =>
    expect(factsAsOf(f, "2026-04-30").clinicians.map((c) => c.clinicianId)).toEqual(["c1", "c2"]));
});

describe("the medication timeline: constant segments between change dates", () => {
  const meds = [
    med("oxycodone", 10, 2, "2026-01-01", "2026-02-01"), // 30
    med("oxycodone", 15, 2, "2026-02-01", "2026-03-01"), // 45
    med("lorazepam", 1, 2, "2026-01-15", "2026-02-10"),
    med("naloxone", 4, 1, "2026-03-05"),
  ];
  const t = medicationTimeline(meds);
  it("has one segment per change date, in order", () => {
    expect(t.segments.map((s) => [s.from, s.mme.total, s.opioid, s.benzodiazepine, s.naloxone, s.opioidSince])).toEqual(
      [
        ["2026-01-01", 30, true, false, false, "2026-01-01"],
        ["2026-01-15", 30, true, true, false, "2026-01-01"],
        ["2026-02-01", 45, true, true, false, "2026-01-01"],
        ["2026-02-10", 45, true, false, false, "2026-01-01"],
        ["2026-03-01", 0, false, false, false, null],
        ["2026-03-05", 0, false, false, true, null],
      ],
    );
  });
  it.each([
    ["2025-12-31", 0, 0],
    ["2026-01-01", 30, 1],
    ["2026-01-31", 30, 2],
    ["2026-02-09", 45, 2],
    ["2026-02-28", 45, 1],
    ["2026-03-01", 0, 0],
    ["2027-01-01", 0, 1],
  ])("on %s: %s MME/day, %s medications", (d, total, count) => {
    expect(segmentOn(t, d).mme.total).toBe(total);
    expect(segmentOn(t, d).active).toHaveLength(count);
    // The same answer as reading the list directly.
    expect(segmentOn(t, d).mme.total).toBe(mmeOn(meds, d).total);
    expect(
      segmentOn(t, d)
        .active.map((m) => m.id)
        .sort(),
    ).toEqual(
      activeOn(meds, d)
        .map((m) => m.id)
        .sort(),
    );
  });
  it("dates a state from the first segment of its run", () => {
    expect(segmentHeldSince(t, (s) => s.opioid && s.benzodiazepine, "2026-02-05")).toBe("2026-01-15");
    expect(segmentHeldSince(t, (s) => s.mme.total >= 45, "2026-02-20")).toBe("2026-02-01");
    expect(segmentHeldSince(t, (s) => s.opioid, "2026-03-02")).toBeNull();
    expect(segmentHeldSince(t, (s) => s.opioid, "2025-06-01")).toBeNull();
    expect(segmentHeldSince(medicationTimeline([]), (s) => !s.opioid, "2026-01-01")).toBeNull();
  });
});
