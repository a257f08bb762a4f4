import { describe, expect, it } from "vitest";
import { addDays, monthsEndingWith } from "@/modules/care-program/core/dates";
import { emptyFacts, toCareMedication, type PatientCareFacts } from "@/modules/care-program/core/facts";
import { computeMeasureSeries } from "@/modules/care-program/core/measures";
import {
  careProgramSettingsSchema,
  defaultCareProgramSettings as defaults,
} from "@/modules/care-program/core/settings";
import { MeasureSeriesCache } from "./series-cache";

/** A varied clinic, deterministic: opioids started at different times, stops, benzodiazepines, naloxone, records at every interval. */
function clinic(n = 40): PatientCareFacts[] {
  const out: PatientCareFacts[] = [];
  for (let i = 0; i < n; i++) {
    const start = addDays("2025-01-01", (i * 37) % 500);
    const f = emptyFacts(`p${String(i).padStart(2, "0")}`);
    f.clinicians = i % 9 === 0 ? [] : [{ clinicianId: `c${i % 3}`, since: "2024-01-01" }];
    f.medications = [
      toCareMedication({
        id: `m${i}a`,
        drugKey: i % 4 === 0 ? "morphine" : "oxycodone",
        name: "opioid",
        doseAmount: 5 + (i % 6) * 10,
        timesPerDay: 2,
        startedOn: start,
        stoppedOn: i % 7 === 0 ? addDays(start, 200) : null,
      }),
      ...(i % 5 === 0
        ? [
            toCareMedication({
              id: `m${i}b`,
              drugKey: "lorazepam",
              name: "benzo",
              doseAmount: 1,
              timesPerDay: 2,
              startedOn: addDays(start, 30),
              stoppedOn: null,
            }),
          ]
        : []),
      ...(i % 6 === 0
        ? [
            toCareMedication({
              id: `m${i}c`,
              drugKey: "naloxone",
              name: "naloxone",
              doseAmount: 4,
              timesPerDay: 1,
              startedOn: addDays(start, 60),
              stoppedOn: null,
            }),
          ]
        : []),
    ];
    for (let d = addDays(start, i % 50); d < "2026-07-01"; d = addDays(d, 60 + (i % 5) * 20))
      f.pegs.push({ on: d, scoreTenths: 50 });
    for (let d = addDays(start, i % 30); d < "2026-07-01"; d = addDays(d, 80 + (i % 4) * 15))
      f.pdmpChecks.push({ on: d, finding: "CONSISTENT" });
    for (let d = addDays(start, i % 90); d < "2026-07-01"; d = addDays(d, 300 + (i % 3) * 60))
      f.udts.push({ collectedOn: d, interpretation: "EXPECTED" });
    for (let d = addDays(start, i % 70); d < "2026-07-01"; d = addDays(d, 330 + (i % 3) * 30))
      f.phq9s.push({ on: d, total: 4, item9: 0 });
    if (i % 3 === 1)
      f.agreements.push({
        signedOn: addDays(start, 10),
        renewBy: null,
        revokedOn: i % 11 === 1 ? addDays(start, 100) : null,
      });
    if (i % 8 === 3) f.naloxoneOffers.push({ on: addDays(start, 120), outcome: "DECLINED" });
    if (i % 13 === 2) f.riskHistory.push({ kind: "OVERDOSE", recordedOn: addDays(start, 40) });
    if (i % 17 === 4)
      f.ltotDecisions.push({
        kind: "EXCLUDE",
        reason: "palliative",
        decidedOn: addDays(start, 150),
        recordedAt: new Date("2025-06-01T00:00:00Z"),
      });
    out.push(f);
  }
  return out;
}

const fingerprint = (p: PatientCareFacts) => JSON.stringify(p);
const months = monthsEndingWith("2026-06", 12);
const TODAY = "2026-06-17";

describe("the measures cache gives exactly the direct computation", () => {
  it("on a first view (cold), on the next the same day (all reused), and the next day (the month in progress recomputed)", () => {
    const cache = new MeasureSeriesCache(fingerprint);
    const direct = computeMeasureSeries(clinic(), months, defaults, { today: TODAY });
    expect(cache.series(clinic(), months, defaults, TODAY)).toEqual(direct);
    expect(cache.lastStats).toEqual({ patients: 40, computed: 40 * 12, reused: 0 });
    expect(cache.series(clinic(), months, defaults, TODAY)).toEqual(direct);
    expect(cache.lastStats).toEqual({ patients: 40, computed: 0, reused: 40 * 12 });
    expect(cache.series(clinic(), months, defaults, "2026-06-18")).toEqual(
      computeMeasureSeries(clinic(), months, defaults, { today: "2026-06-18" }),
    );
    expect(cache.lastStats).toEqual({ patients: 40, computed: 40, reused: 40 * 11 });
  });

  it("a record added in a past month (backdated) changes that patient's figures, and only theirs are recomputed", () => {
    const cache = new MeasureSeriesCache(fingerprint);
    cache.series(clinic(), months, defaults, TODAY);
    const changed = clinic();
    changed[5]!.pdmpChecks.push({ on: "2025-11-30", finding: "CONCERNS" });
    changed[1]!.medications.push(
      toCareMedication({
        id: "late",
        drugKey: "alprazolam",
        name: "benzo",
        doseAmount: 1,
        timesPerDay: 1,
        startedOn: "2025-08-01",
        stoppedOn: null,
      }),
    );
    const direct = computeMeasureSeries(changed, months, defaults, { today: TODAY });
    expect(cache.series(changed, months, defaults, TODAY)).toEqual(direct);
    expect(cache.lastStats.computed).toBe(2 * 12);
    // And the figures did move (the test would prove nothing otherwise).
    expect(direct).not.toEqual(computeMeasureSeries(clinic(), months, defaults, { today: TODAY }));
  });

  it("a change of settings recomputes everyone", () => {
    const cache = new MeasureSeriesCache(fingerprint);
    cache.series(clinic(), months, defaults, TODAY);
    const stricter = careProgramSettingsSchema.parse({ pegIntervalDays: 30, ltotMinDays: 60 });
    expect(cache.series(clinic(), months, stricter, TODAY)).toEqual(
      computeMeasureSeries(clinic(), months, stricter, { today: TODAY }),
    );
    expect(cache.lastStats.reused).toBe(0);
  });

  it("when the month turns, the month that ended is computed at its last day and the window moves", () => {
    const cache = new MeasureSeriesCache(fingerprint);
    cache.series(clinic(), months, defaults, TODAY);
    const next = monthsEndingWith("2026-07", 12);
    expect(cache.series(clinic(), next, defaults, "2026-07-02")).toEqual(
      computeMeasureSeries(clinic(), next, defaults, { today: "2026-07-02" }),
    );
    // June (now complete, at its last day) and July (in progress) are new; the 10 others are reused.
    expect(cache.lastStats).toEqual({ patients: 40, computed: 40 * 2, reused: 40 * 10 });
  });

  it("a patient no longer in the records is forgotten; clear() rebuilds from scratch", () => {
    const cache = new MeasureSeriesCache(fingerprint);
    cache.series(clinic(), months, defaults, TODAY);
    expect(cache.size).toBe(40);
    const fewer = clinic().slice(0, 30);
    expect(cache.series(fewer, months, defaults, TODAY)).toEqual(
      computeMeasureSeries(fewer, months, defaults, { today: TODAY }),
    );
    expect(cache.size).toBe(30);
    cache.clear();
    expect(cache.size).toBe(0);
    expect(cache.series(fewer, months, defaults, TODAY)).toEqual(
      computeMeasureSeries(fewer, months, defaults, { today: TODAY }),
    );
    expect(cache.lastStats.reused).toBe(0);
  });

  it("an empty clinic, and months that have not begun, as the direct computation", () => {
    const cache = new MeasureSeriesCache(fingerprint);
    expect(cache.series([], months, defaults, TODAY)).toEqual(
      computeMeasureSeries([], months, defaults, { today: TODAY }),
    );
    const ahead = monthsEndingWith("2026-09", 12);
    expect(cache.series(clinic(), ahead, defaults, TODAY)).toEqual(
      computeMeasureSeries(clinic(), ahead, defaults, { today: TODAY }),
    );
  });
});
