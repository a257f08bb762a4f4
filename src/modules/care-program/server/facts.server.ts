import "server-only";
import { Prisma } from "@/generated/prisma/client";
import { db, type Tx } from "@/server/db";
import { clinicDate, type LocalDate } from "../core/dates";
import {
  BEFORE_ANY_RECORD,
  emptyFacts,
  toCareMedication,
  type AgreementRecord,
  type PatientCareFacts,
  type VisitRecord,
} from "../core/facts";

type Client = Tx | typeof db;

/** The medication columns the care program's rules read (toCareMedication). */
export const careMedicationSelect = {
  id: true,
  patientId: true,
  drugKey: true,
  name: true,
  doseAmount: true,
  timesPerDay: true,
  startedOn: true,
  stoppedOn: true,
} as const;

/** Which patients to load: every patient (registry, measures) or a few (huddle, chart). */
export type CareFactsScope = { patientIds?: readonly string[] };

/** A `@db.Date` column as Prisma returns it (UTC midnight) -> YYYY-MM-DD. */
const dateOnly = (d: Date): LocalDate => d.toISOString().slice(0, 10);

/**
 * Every fact the care program's rules read (src/modules/care-program/core/facts.ts), for the
 * patients in scope, in a fixed number of statements whatever the number of patients (one per
 * kind of record), so the registry's statement count does not grow with its rows. Instants are
 * turned into the clinic's calendar dates here, once. A data function: the caller authorizes and
 * audits the read.
 */
export async function loadCareFacts(
  scope: CareFactsScope,
  timeZone: string,
  client: Client = db,
): Promise<PatientCareFacts[]> {
  const ids = scope.patientIds ? [...new Set(scope.patientIds)] : null;
  if (ids && ids.length === 0) return [];
  const byPatient = ids ? { patientId: { in: ids } } : {};
  const idFilter = ids ? Prisma.sql`AND r."patientId" = ANY(${ids}::uuid[])` : Prisma.empty;

  const [
    patients,
    clinicianChanges,
    meds,
    decisions,
    answers,
    udts,
    agreements,
    pdmp,
    naloxone,
    risks,
    visits,
    inPerson,
  ] = await Promise.all([
    client.patient.findMany({
      where: ids ? { id: { in: ids } } : {},
      select: { id: true },
      orderBy: { id: "asc" },
    }),
    // The responsible clinician over time (recorded by a trigger on every change).
    client.primaryClinicianChange.findMany({
      where: byPatient,
      select: { patientId: true, clinicianId: true, changedAt: true, fromStart: true },
      orderBy: [{ changedAt: "asc" }, { id: "asc" }],
    }),
    client.medication.findMany({
      where: byPatient,
      select: careMedicationSelect,
    }),
    client.ltotDecision.findMany({
      where: byPatient,
      select: { patientId: true, kind: true, reason: true, decidedOn: true, recordedAt: true },
    }),
    // The current version of each answer set (a correction is a new version of the same series).
    client.$queryRaw<
      { patientId: string; instrument: "PEG" | "PHQ9"; answeredAt: Date; scoreTenths: number; answers: unknown }[]
    >(Prisma.sql`
      SELECT DISTINCT ON (r."seriesId") r."patientId", r."instrument"::text AS "instrument", r."answeredAt", r."scoreTenths", r."answers"
      FROM "FormResponse" r WHERE TRUE ${idFilter}
      ORDER BY r."seriesId", r."version" DESC`),
    client.udtOrder.findMany({
      where: { ...byPatient, collectedAt: { not: null } },
      select: { patientId: true, collectedAt: true, interpretation: true },
    }),
    // Patient agreements are consent records of their own kind (one mechanism for signed patient documents).
    client.consentRecord.findMany({
      where: { ...byPatient, kind: "OPIOID_AGREEMENT" },
      select: { patientId: true, capturedAt: true, expiresAt: true, revokedAt: true },
    }),
    client.pdmpCheck.findMany({ where: byPatient, select: { patientId: true, checkedOn: true, finding: true } }),
    client.naloxoneOffer.findMany({ where: byPatient, select: { patientId: true, offeredOn: true, outcome: true } }),
    client.riskHistoryEntry.findMany({ where: byPatient, select: { patientId: true, kind: true, recordedOn: true } }),
    client.visit.findMany({
      where: { ...byPatient, status: { in: ["SCHEDULED", "CHECKED_IN", "IN_PROGRESS", "COMPLETED"] } },
      select: { patientId: true, status: true, startsAt: true, completedAt: true },
    }),
    // A withdrawn evaluation was entered in error: it never counted, for any month.
    client.inPersonEvaluation.findMany({
      where: { ...byPatient, withdrawnAt: null },
      select: { patientId: true, seenOn: true },
    }),
  ]);

  const facts = new Map<string, PatientCareFacts>();
  for (const p of patients) facts.set(p.id, emptyFacts(p.id));
  const of = (patientId: string) => facts.get(patientId);
  const day = (instant: Date) => clinicDate(instant, timeZone);

  // In the order they were made: on a day with two changes the later one holds (clinicianOn).
  for (const c of clinicianChanges)
    of(c.patientId)?.clinicians.push({
      clinicianId: c.clinicianId,
      since: c.fromStart ? BEFORE_ANY_RECORD : day(c.changedAt),
    });

  for (const m of meds) {
    of(m.patientId)?.medications.push(
      toCareMedication({
        id: m.id,
        drugKey: m.drugKey,
        name: m.name,
        doseAmount: Number(m.doseAmount),
        timesPerDay: Number(m.timesPerDay),
        startedOn: dateOnly(m.startedOn),
        stoppedOn: m.stoppedOn ? dateOnly(m.stoppedOn) : null,
      }),
    );
  }
  for (const d of decisions)
    of(d.patientId)?.ltotDecisions.push({
      kind: d.kind,
      reason: d.reason,
      decidedOn: dateOnly(d.decidedOn),
      recordedAt: d.recordedAt,
    });
  for (const a of answers) {
    const f = of(a.patientId);
    if (!f) continue;
    if (a.instrument === "PEG") f.pegs.push({ on: day(a.answeredAt), scoreTenths: a.scoreTenths });
    else f.phq9s.push({ on: day(a.answeredAt), total: Math.round(a.scoreTenths / 10), item9: item9Of(a.answers) });
  }
  for (const u of udts)
    if (u.collectedAt)
      of(u.patientId)?.udts.push({
        collectedOn: day(u.collectedAt),
        interpretation: u.interpretation === "EXPECTED" || u.interpretation === "UNEXPECTED" ? u.interpretation : null,
      });
  for (const a of agreements) of(a.patientId)?.agreements.push(agreementRecord(a, day));
  for (const c of pdmp) of(c.patientId)?.pdmpChecks.push({ on: dateOnly(c.checkedOn), finding: c.finding });
  for (const n of naloxone) of(n.patientId)?.naloxoneOffers.push({ on: dateOnly(n.offeredOn), outcome: n.outcome });
  for (const r of risks) of(r.patientId)?.riskHistory.push({ kind: r.kind, recordedOn: dateOnly(r.recordedOn) });
  for (const v of visits) of(v.patientId)?.visits.push(visitRecord(v, day));
  for (const e of inPerson) of(e.patientId)?.inPersonEvaluations.push({ on: dateOnly(e.seenOn) });

  return [...facts.values()];
}

/** PHQ-9 item 9 from a stored answer set (item ids "1".."10", src/modules/assessments/core/instruments.ts); 0 when absent. */
function item9Of(answers: unknown): number {
  if (answers && typeof answers === "object" && !Array.isArray(answers)) {
    const v = (answers as Record<string, unknown>)["9"];
    if (typeof v === "number" && Number.isInteger(v)) return v;
  }
  return 0;
}

function agreementRecord(
  a: { capturedAt: Date; expiresAt: Date; revokedAt: Date | null },
  day: (d: Date) => LocalDate,
): AgreementRecord {
  return { signedOn: day(a.capturedAt), renewBy: day(a.expiresAt), revokedOn: a.revokedAt ? day(a.revokedAt) : null };
}

function visitRecord(
  v: { status: string; startsAt: Date; completedAt: Date | null },
  day: (d: Date) => LocalDate,
): VisitRecord {
  return v.status === "COMPLETED"
    ? { on: day(v.completedAt ?? v.startsAt), status: "COMPLETED" }
    : { on: day(v.startsAt), status: "BOOKED" };
}
