import { monthEnd, type LocalDate, type Month } from "@/modules/care-program/core/dates";
import { clinicianOn, type PatientCareFacts } from "@/modules/care-program/core/facts";
import { measureDefinitions, type MeasureSet, type MonthMeasures } from "@/modules/care-program/core/measures";
import { evaluateCareGaps } from "@/modules/care-program/core/rules";
import type { CareProgramSettings } from "@/modules/care-program/core/settings";

/**
 * The same figures as computeMeasureSeries (care-program core), with each patient's months
 * remembered between views (docs/decisions/care-program-measures.md).
 *
 * A patient's figures for a complete month depend only on their facts, the clinic's settings and
 * the month's last day: evaluateCareGaps is pure. So the cache keeps, per patient, a fingerprint
 * of all their facts and the settings, and their counts for each month with the date they were
 * computed for (the month's last day; today for the month in progress, so it is recomputed when
 * the date moves); a patient whose fingerprint changed (any record added, corrected or removed,
 * whatever its date) or a change of settings recomputes that patient's months from scratch. Nothing is stored outside the process: the cache is rebuilt from the records on
 * a restart, or with clear(), and it is tested against the direct computation
 * (series-cache.test.ts, tests/integration/measures.test.ts). Pure: the fingerprint function is
 * given by the caller.
 */
type Counted = { n: boolean; d: boolean };
/** One patient in one month: null when not on LTOT; else their clinician and how they count for each measure (in measureDefinitions order). */
type Contribution = { clinician: string | null; counts: Counted[] } | null;

/** Per month: the date it was computed for (the month's last day, or today for the month in progress) and the result. */
type Entry = { key: string; months: Map<string, { asOf: LocalDate; c: Contribution }> };

function contribution(p: PatientCareFacts, asOf: LocalDate, settings: CareProgramSettings): Contribution {
  const e = evaluateCareGaps(p, settings, asOf);
  if (!e.ltot.onLtot) return null;
  return {
    clinician: clinicianOn(p, asOf),
    counts: measureDefinitions.map((d) => {
      const c = d.count(e, settings);
      return { d: c.denominator, n: c.denominator && c.numerator };
    }),
  };
}

function emptySet(): MeasureSet {
  const out = {} as MeasureSet;
  for (const d of measureDefinitions) out[d.id] = { numerator: [], denominator: [] };
  return out;
}

function addTo(set: MeasureSet, patientId: string, c: NonNullable<Contribution>) {
  measureDefinitions.forEach((d, i) => {
    const k = c.counts[i]!;
    if (!k.d) return;
    set[d.id].denominator.push(patientId);
    if (k.n) set[d.id].numerator.push(patientId);
  });
}

function sortSet(set: MeasureSet): MeasureSet {
  for (const v of Object.values(set)) {
    v.numerator.sort();
    v.denominator.sort();
  }
  return set;
}

export type CacheStats = { patients: number; computed: number; reused: number };

export class MeasureSeriesCache {
  private entries = new Map<string, Entry>();
  /** Counts of the last call: patient-months evaluated and reused. */
  lastStats: CacheStats = { patients: 0, computed: 0, reused: 0 };

  constructor(private readonly fingerprint: (p: PatientCareFacts) => string) {}

  clear(): void {
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }

  /** Exactly computeMeasureSeries(patients, months, settings, { today }). */
  series(
    patients: readonly PatientCareFacts[],
    months: readonly Month[],
    settings: CareProgramSettings,
    today: LocalDate,
  ): MonthMeasures[] {
    const wanted = months.filter((m) => `${m}-01` <= today);
    const settingsKey = JSON.stringify(settings);
    const out = wanted.map((month) => {
      const end = monthEnd(month);
      const complete = today >= end;
      return {
        month,
        asOf: complete ? end : today,
        complete,
        clinic: emptySet(),
        byClinician: {} as Record<string, MeasureSet>,
      };
    });
    const seen = new Set<string>();
    const stats: CacheStats = { patients: patients.length, computed: 0, reused: 0 };
    for (const p of patients) {
      seen.add(p.patientId);
      const key = `${settingsKey}|${this.fingerprint(p)}`;
      let entry = this.entries.get(p.patientId);
      if (!entry || entry.key !== key) {
        entry = { key, months: new Map() };
        this.entries.set(p.patientId, entry);
      }
      for (const m of out) {
        const kept = entry.months.get(m.month);
        let c: Contribution;
        if (kept !== undefined && kept.asOf === m.asOf) {
          c = kept.c;
          stats.reused++;
        } else {
          c = contribution(p, m.asOf, settings);
          entry.months.set(m.month, { asOf: m.asOf, c });
          stats.computed++;
        }
        if (c === null) continue;
        addTo(m.clinic, p.patientId, c);
        if (c.clinician !== null) addTo((m.byClinician[c.clinician] ??= emptySet()), p.patientId, c);
      }
    }
    // Months that left the window, and patients no longer in the records, are forgotten.
    const inWindow = new Set(wanted);
    for (const e of this.entries.values()) for (const m of e.months.keys()) if (!inWindow.has(m)) e.months.delete(m);
    for (const id of this.entries.keys()) if (!seen.has(id)) this.entries.delete(id);
    this.lastStats = stats;
    for (const m of out) {
      sortSet(m.clinic);
      for (const s of Object.values(m.byClinician)) sortSet(s);
    }
    return out;
  }
}
