// Longer than 300 lines on purpose: one data shape (the facts every rule reads) with its
// builders and factsAsOf; splitting it would split the type from the code that keeps it whole.
import { isDrugKey } from "@/modules/udt/core/medication-catalog";
import { computeMme, totalMme, type MmeResult, type MmeTotal } from "@/modules/udt/core/mme";
import { addDays, latest, type LocalDate } from "./dates";
import { drugProfile } from "./drug-classes";

/**
 * Everything the care program's rules read about one patient, as plain data. The server builds it
 * from the database (dates already turned into the clinic's calendar dates); the rules never read
 * anything else, so the registry, the huddle and the measures see the same facts.
 *
 * Histories are whole lists, not just the latest entry, so that a past month can be computed
 * from the records as they stood at its end (factsAsOf).
 */
export type CareMedication = {
  id: string;
  /** Key into the medication catalog (src/modules/udt/core/medication-catalog.ts). */
  drugKey: string;
  /** As written on the prescription, e.g. "Oxycodone ER 10 mg tablet". */
  name: string;
  startedOn: LocalDate;
  /** First day the medication is no longer taken, as on the medication list; null = ongoing. */
  stoppedOn: LocalDate | null;
  /** This row's MME/day, from computeMme (src/modules/udt/core/mme.ts). */
  mme: MmeResult;
};

/** A medication-list row as the care program reads it, its MME computed by the UDT module's computeMme. */
export function toCareMedication(row: {
  id: string;
  drugKey: string;
  name: string;
  doseAmount: number;
  timesPerDay: number;
  startedOn: LocalDate;
  stoppedOn: LocalDate | null;
}): CareMedication {
  const mme: MmeResult = isDrugKey(row.drugKey)
    ? computeMme({ drugKey: row.drugKey, doseAmount: row.doseAmount, timesPerDay: row.timesPerDay })
    : { kind: "not_opioid" };
  return { id: row.id, drugKey: row.drugKey, name: row.name, startedOn: row.startedOn, stoppedOn: row.stoppedOn, mme };
}

export type LtotDecisionKind = "INCLUDE" | "EXCLUDE" | "CLEAR";

/** A clinician's decision about the registry: include, exclude, or clear (back to the medication rule). */
export type LtotDecision = {
  kind: LtotDecisionKind;
  reason: string;
  /** The clinic's date of the decision: it counts from this date on. */
  decidedOn: LocalDate;
  /** When it was recorded: orders decisions made on the same date (the latest wins). */
  recordedAt: Date;
};

export type PegRecord = { on: LocalDate; scoreTenths: number };
export type Phq9Record = { on: LocalDate; total: number; item9: number };
/** A urine drug test whose sample was collected (an order alone does not count). */
export type UdtRecord = { collectedOn: LocalDate; interpretation: "EXPECTED" | "UNEXPECTED" | null };
export type AgreementRecord = {
  signedOn: LocalDate;
  /** The record's own renewal date (its expiry) when it has one; otherwise signed + the setting. */
  renewBy: LocalDate | null;
  revokedOn: LocalDate | null;
};
export type PdmpCheck = { on: LocalDate; finding: "CONSISTENT" | "CONCERNS" | null };
export type NaloxoneOffer = { on: LocalDate; outcome: "OFFERED" | "PRESCRIBED" | "DECLINED" };
export type RiskHistory = { kind: "OVERDOSE" | "SUBSTANCE_USE_DISORDER"; recordedOn: LocalDate };
export type VisitRecord = { on: LocalDate; status: "COMPLETED" | "BOOKED" };

export type PatientCareFacts = {
  patientId: string;
  /**
   * The responsible clinician over time, in the order the changes were made: from `since` on (the
   * latest on or before a date applies; null when the patient was left without one). The first
   * clinician's `since` is BEFORE_ANY_RECORD: they answer for the history before them too.
   */
  clinicians: { clinicianId: string | null; since: LocalDate }[];
  medications: CareMedication[];
  ltotDecisions: LtotDecision[];
  pegs: PegRecord[];
  phq9s: Phq9Record[];
  udts: UdtRecord[];
  agreements: AgreementRecord[];
  pdmpChecks: PdmpCheck[];
  naloxoneOffers: NaloxoneOffer[];
  riskHistory: RiskHistory[];
  /** Dose increases documented outside the medication list (the list's own increases are derived). */
  doseIncreases: LocalDate[];
  visits: VisitRecord[];
  /** Dates a clinician of the clinic saw the patient in person (docs/clinical-reference.md#dea-telemedicine-flag). */
  inPersonEvaluations: { on: LocalDate }[];
};

/** An empty patient, for building facts (and tests) field by field. */
export function emptyFacts(patientId: string): PatientCareFacts {
  return {
    patientId,
    clinicians: [],
    medications: [],
    ltotDecisions: [],
    pegs: [],
    phq9s: [],
    udts: [],
    agreements: [],
    pdmpChecks: [],
    naloxoneOffers: [],
    riskHistory: [],
    doseIncreases: [],
    visits: [],
    inPersonEvaluations: [],
  };
}

/**
 * The facts as they stood at the end of `asOf`: every record dated after it is dropped, a
 * medication stopped after it is still running, a revocation after it has not happened, and a
 * visit after it has not happened either (a booked visit is never a completed one).
 */
export function factsAsOf(f: PatientCareFacts, asOf: LocalDate): PatientCareFacts {
  const upTo = <T>(xs: readonly T[], date: (x: T) => LocalDate) => xs.filter((x) => date(x) <= asOf);
  return {
    patientId: f.patientId,
    clinicians: upTo(f.clinicians, (c) => c.since),
    medications: upTo(f.medications, (m) => m.startedOn).map((m) =>
      m.stoppedOn !== null && m.stoppedOn > asOf ? { ...m, stoppedOn: null } : m,
    ),
    ltotDecisions: upTo(f.ltotDecisions, (d) => d.decidedOn),
    pegs: upTo(f.pegs, (r) => r.on),
    phq9s: upTo(f.phq9s, (r) => r.on),
    udts: upTo(f.udts, (r) => r.collectedOn),
    agreements: upTo(f.agreements, (a) => a.signedOn).map((a) =>
      a.revokedOn !== null && a.revokedOn > asOf ? { ...a, revokedOn: null } : a,
    ),
    pdmpChecks: upTo(f.pdmpChecks, (r) => r.on),
    naloxoneOffers: upTo(f.naloxoneOffers, (r) => r.on),
    riskHistory: upTo(f.riskHistory, (r) => r.recordedOn),
    doseIncreases: upTo(f.doseIncreases, (d) => d),
    visits: upTo(f.visits, (v) => v.on),
    inPersonEvaluations: upTo(f.inPersonEvaluations, (r) => r.on),
  };
}

/** Taken on `date`: started on or before it and not yet stopped (the stop date is the first day without). */
export function isActiveOn(m: Pick<CareMedication, "startedOn" | "stoppedOn">, date: LocalDate): boolean {
  return m.startedOn <= date && (m.stoppedOn === null || m.stoppedOn > date);
}

export function activeOn(meds: readonly CareMedication[], date: LocalDate): CareMedication[] {
  return meds.filter((m) => isActiveOn(m, date));
}

export const isOpioid = (m: CareMedication) => drugProfile(m.drugKey).opioid;
export const isBenzodiazepine = (m: CareMedication) => drugProfile(m.drugKey).benzodiazepine;
export const isNaloxone = (m: CareMedication) => drugProfile(m.drugKey).naloxone;

/** Total MME/day of the opioids taken on `date` (totalMme: buprenorphine is counted as excluded). */
export function mmeOn(meds: readonly CareMedication[], date: LocalDate): MmeTotal {
  return totalMme(
    activeOn(meds, date)
      .filter(isOpioid)
      .map((m) => m.mme),
  );
}

/** Dates on which a medication starts or stops: between them the list does not change. */
export function medicationChangeDates(meds: readonly CareMedication[]): LocalDate[] {
  return meds.flatMap((m) => (m.stoppedOn === null ? [m.startedOn] : [m.startedOn, m.stoppedOn]));
}

/**
 * The first day of the unbroken run of days, ending on `asOf`, on which `holds` is true, given
 * that its answer can only change on one of `changeDates`. Null when it does not hold on `asOf`.
 * A state that held before the earliest change date is dated from that date (the earliest record).
 */
export function heldSince(
  holds: (date: LocalDate) => boolean,
  changeDates: Iterable<LocalDate>,
  asOf: LocalDate,
): LocalDate | null {
  if (!holds(asOf)) return null;
  const points = [...new Set(changeDates)]
    .filter((d) => d <= asOf)
    .sort()
    .reverse();
  if (points.length === 0) return null;
  for (let i = 0; i < points.length; i++) {
    const start = points[i]!;
    if (!holds(addDays(start, -1))) return start;
  }
  return points[points.length - 1]!;
}

/** The medication list between two change dates: from `from` up to the next segment's `from`. */
export type MedicationSegment = {
  from: LocalDate;
  active: readonly CareMedication[];
  opioid: boolean;
  benzodiazepine: boolean;
  naloxone: boolean;
  /** Total MME/day of the opioids in the segment. */
  mme: MmeTotal;
  /**
   * Start of the continuous opioid use this segment belongs to: the earliest start of a chain of
   * opioid rows with no day uncovered (a row that starts on the day another stops continues the
   * chain, as a dose change written as a new row does). Null when no opioid is taken.
   */
  opioidSince: LocalDate | null;
};

/**
 * The medication list as constant segments, computed once so that every rule can ask "what was
 * taken on this date" cheaply. Before the first segment nothing is taken. A segment on a date
 * D describes D exactly as the list stood (a medication stopped after D is still running on D),
 * so one timeline built from the whole list answers for every date.
 */
export type MedicationTimeline = { segments: readonly MedicationSegment[] };

const NOTHING: MedicationSegment = {
  from: "0000-01-01",
  active: [],
  opioid: false,
  benzodiazepine: false,
  naloxone: false,
  mme: totalMme([]),
  opioidSince: null,
};

export function medicationTimeline(meds: readonly CareMedication[]): MedicationTimeline {
  const froms = [...new Set(medicationChangeDates(meds))].sort();
  const profiled = meds.map((m) => ({ m, p: drugProfile(m.drugKey) }));
  const segments: MedicationSegment[] = [];
  let prev: MedicationSegment = NOTHING;
  for (const from of froms) {
    const here = profiled.filter(({ m }) => isActiveOn(m, from));
    const opioid = here.some(({ p }) => p.opioid);
    const seg: MedicationSegment = {
      from,
      active: here.map(({ m }) => m),
      opioid,
      benzodiazepine: here.some(({ p }) => p.benzodiazepine),
      naloxone: here.some(({ p }) => p.naloxone),
      mme: totalMme(here.filter(({ p }) => p.opioid).map(({ m }) => m.mme)),
      opioidSince: opioid ? (prev.opioid ? prev.opioidSince : from) : null,
    };
    segments.push(seg);
    prev = seg;
  }
  return { segments };
}

function segmentIndexOn(t: MedicationTimeline, date: LocalDate): number {
  const s = t.segments;
  let lo = 0;
  let hi = s.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (s[mid]!.from <= date) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

/** The segment that holds `date` (binary search; the empty list before the first change). */
export function segmentOn(t: MedicationTimeline, date: LocalDate): MedicationSegment {
  const i = segmentIndexOn(t, date);
  return i < 0 ? NOTHING : t.segments[i]!;
}

/**
 * Walking back from the segment holding `asOf`: the first day of the unbroken run of segments on
 * which `holds` is true. Null when it does not hold on `asOf`.
 */
export function segmentHeldSince(
  t: MedicationTimeline,
  holds: (s: MedicationSegment) => boolean,
  asOf: LocalDate,
): LocalDate | null {
  let i = segmentIndexOn(t, asOf);
  if (i < 0 || !holds(t.segments[i]!)) return null;
  while (i > 0 && holds(t.segments[i - 1]!)) i--;
  return t.segments[i]!.from;
}

/**
 * The start of the patient's current continuous opioid use (naloxone is not an opioid here), or
 * null when no opioid is taken on `asOf`. One uncovered day starts a new run.
 */
export function opioidEpisodeStart(
  meds: readonly CareMedication[] | MedicationTimeline,
  asOf: LocalDate,
): LocalDate | null {
  const t = "segments" in meds ? meds : medicationTimeline(meds);
  return segmentOn(t, asOf).opioidSince;
}

/**
 * Days on which the opioid total rose compared with the day before (an opioid started, or a row
 * replaced by a higher dose) - the medication list's own "starting or raising a dose"
 * (docs/clinical-reference.md#gap-follow-up-due). Buprenorphine has no MME, so its changes do
 * not show here; document them as dose increases instead.
 */
export function mmeIncreaseDates(meds: readonly CareMedication[] | MedicationTimeline, asOf: LocalDate): LocalDate[] {
  const t = "segments" in meds ? meds : medicationTimeline(meds);
  const out: LocalDate[] = [];
  let before = 0;
  for (const s of t.segments) {
    if (s.from > asOf) break;
    if (s.mme.total > before) out.push(s.from);
    before = s.mme.total;
  }
  return out;
}

/** The latest dose increase on or before `asOf`, documented or read from the medication list. */
export function latestDoseIncrease(
  f: PatientCareFacts,
  asOf: LocalDate,
  timeline: MedicationTimeline = medicationTimeline(f.medications),
): LocalDate | null {
  return latest([...f.doseIncreases.filter((d) => d <= asOf), ...mmeIncreaseDates(timeline, asOf)]);
}

/** A date before every record: the `since` of a patient's first clinician. */
export const BEFORE_ANY_RECORD: LocalDate = "0001-01-01";

/** The clinician responsible on `date` (the latest change on or before it; of two on one day, the later). */
export function clinicianOn(f: PatientCareFacts, date: LocalDate): string | null {
  let best: PatientCareFacts["clinicians"][number] | null = null;
  for (const c of f.clinicians) if (c.since <= date && (best === null || c.since >= best.since)) best = c;
  return best?.clinicianId ?? null;
}

/** Last completed visit on or before `asOf`, and the next booked visit on or after it (for the registry row). */
export function visitSummary(
  f: PatientCareFacts,
  asOf: LocalDate,
): { lastVisitOn: LocalDate | null; nextVisitOn: LocalDate | null } {
  const last = latest(f.visits.filter((v) => v.status === "COMPLETED" && v.on <= asOf).map((v) => v.on));
  let next: LocalDate | null = null;
  for (const v of f.visits) if (v.status === "BOOKED" && v.on >= asOf && (next === null || v.on < next)) next = v.on;
  return { lastVisitOn: last, nextVisitOn: next };
}
