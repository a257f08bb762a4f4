import "server-only";
import type { Resource } from "@medplum/fhirtypes";
import { db } from "@/server/db";
import { isUuid } from "@/server/uuid";
import { MRN_SYSTEM } from "./core/common";
import { toConsent } from "./core/consent";
import { toMedicationStatement } from "./core/medication";
import { toPatient, toPractitioner } from "./core/patient";
import { toAppointment, toEncounter, type VisitRow } from "./core/visit";
import { allQuestionnaires } from "./core/questionnaire";
import { toQuestionnaireResponse, toSurveyObservations, type ResponseRow } from "./core/questionnaire-response";
import {
  diagnosticReports,
  documentReferences,
  labObservations,
  loadFlags,
  serviceRequests,
} from "./load-clinical-resources.server";
import { observationSources } from "./core/observation-sources";
import {
  matchesDates,
  matchesToken,
  page,
  rangeConditions,
  tokenValues,
  type DateBound,
  type ResourceType,
  type SearchQuery,
} from "./core/search";

/**
 * The FHIR resources of one search page, by type: one query per search (never one per row), then
 * the pure mappers of core/. Types whose rows are 1:1 with resources page in the database; the
 * assessment types need the latest version of each answer and derive several Observations from
 * one row, so they load the asked patients' rows and page in memory (a search of these types
 * always names patients or ids: core/search.ts).
 */
export type Page = { matches: Resource[]; more: boolean };

const uuids = (ids: string[] | undefined) => ids?.filter(isUuid);
/** The asked patients' rows (a clinical search always names its patients or ids). */
const ofPatients = (q: SearchQuery) => (q.patients ? { patientId: { in: uuids(q.patients) } } : {});
/** The asked patients' rows, or the asked ids. */
const inScope = (q: SearchQuery) => ({ ...ofPatients(q), ...(q.ids ? { id: { in: uuids(q.ids) } } : {}) });
const dateAnd = (field: string, bounds: DateBound[] | undefined) =>
  rangeConditions(bounds).map((c) => ({ [field]: c }));
const inMemory = <T extends Resource>(all: T[], q: SearchQuery): Page => {
  const p = page(all, q);
  return { matches: p.items, more: p.more };
};

export async function loadPage(type: ResourceType, q: SearchQuery, baseUrl: string): Promise<Page> {
  switch (type) {
    case "Patient":
      return loadPatients(q);
    case "Practitioner":
      return loadPractitioners(q);
    case "Questionnaire":
      return inMemory(
        allQuestionnaires(baseUrl).filter((r) => !q.ids || q.ids.includes(r.id!)),
        q,
      );
    case "QuestionnaireResponse":
      return inMemory(
        (await latestResponses(q))
          .filter(
            (r) => matchesDates(r.answeredAt, q.dates.authored) && matchesDates(r.createdAt, q.dates._lastUpdated),
          )
          .filter((r) => !q.ids || q.ids.includes(r.seriesId))
          .map((r) => toQuestionnaireResponse(r, baseUrl)),
        q,
      );
    case "Observation": {
      // Survey (assessments) and laboratory (drug tests) Observations: a table is read only when
      // the query can match its rows (observationSources), so a PHQ-9 search reads one table.
      const from = observationSources(q);
      const [survey, lab] = await Promise.all([
        from.survey ? latestResponses(q) : [],
        from.lab ? labObservations(q) : [],
      ]);
      return inMemory(
        [...survey.flatMap(toSurveyObservations), ...lab]
          .filter(
            (o) =>
              (!q.ids || q.ids.includes(o.id!)) &&
              matchesDates(new Date(o.effectiveDateTime!), q.dates.date) &&
              matchesDates(new Date(o.meta!.lastUpdated!), q.dates._lastUpdated) &&
              o.code.coding!.some((c) => matchesToken(q.tokens.code, c.system, c.code!)) &&
              o.category!.some((cat) => cat.coding!.some((c) => matchesToken(q.tokens.category, c.system, c.code!))),
          )
          .sort((a, b) => b.effectiveDateTime!.localeCompare(a.effectiveDateTime!)),
        q,
      );
    }
    case "ServiceRequest":
      return inMemory(await serviceRequests(q), q);
    case "DiagnosticReport":
      return inMemory(await diagnosticReports(q), q);
    case "DocumentReference":
      return inMemory(await documentReferences(q, baseUrl), q);
    case "Binary":
      // Read by id only, in serve-fhir.server.ts (the PDF is rendered there, never in a search).
      return { matches: [], more: false };
    case "Appointment":
      return inMemory(
        (await loadVisits(q))
          .filter((v) => matchesDates(v.startsAt, q.dates.date) && matchesDates(v.updatedAt, q.dates._lastUpdated))
          .map(toAppointment)
          .filter((a) => matchesToken(q.tokens.status, undefined, a.status)),
        q,
      );
    case "Encounter":
      return inMemory(
        (await loadVisits(q))
          .filter((v) => matchesDates(v.updatedAt, q.dates._lastUpdated))
          .flatMap((v) => toEncounter(v) ?? [])
          .filter(
            (e) =>
              matchesToken(q.tokens.status, undefined, e.status) &&
              matchesDates(new Date(e.period!.start!), q.dates.date),
          ),
        q,
      );
    case "Consent":
      return loadConsents(q);
    case "MedicationStatement":
      return loadMedications(q);
    case "Flag":
      return loadFlags(q);
  }
}

async function loadConsents(q: SearchQuery): Promise<Page> {
  const rows = await db.consentRecord.findMany({
    where: {
      ...inScope(q),
    },
    select: {
      id: true,
      patientId: true,
      kind: true,
      method: true,
      text: { select: { title: true, version: true } },
      capturedAt: true,
      expiresAt: true,
      revokedAt: true,
    },
    orderBy: [{ capturedAt: "desc" }, { id: "asc" }],
  });
  const now = new Date();
  return inMemory(
    rows
      .filter((c) => matchesDates(c.revokedAt ?? c.capturedAt, q.dates._lastUpdated))
      .map(({ text, ...c }) => toConsent({ ...c, textTitle: text.title, textVersion: text.version }, now))
      .filter((c) => matchesToken(q.tokens.status, undefined, c.status)),
    q,
  );
}

async function loadMedications(q: SearchQuery): Promise<Page> {
  const rows = await db.medication.findMany({
    where: {
      ...inScope(q),
      AND: dateAnd("updatedAt", q.dates._lastUpdated),
    },
    select: {
      id: true,
      patientId: true,
      name: true,
      doseAmount: true,
      doseUnit: true,
      timesPerDay: true,
      route: true,
      startedOn: true,
      stoppedOn: true,
      stopReason: true,
      prescriber: true,
      updatedAt: true,
    },
    orderBy: [{ startedOn: "desc" }, { id: "asc" }],
  });
  return inMemory(
    rows
      .map((m) => toMedicationStatement({ ...m, doseAmount: Number(m.doseAmount), timesPerDay: Number(m.timesPerDay) }))
      .filter((m) => matchesToken(q.tokens.status, undefined, m.status)),
    q,
  );
}

/** The asked patients' (or ids') visits, newest first, with their type's name (one query). */
async function loadVisits(q: SearchQuery): Promise<VisitRow[]> {
  const rows = await db.visit.findMany({
    where: {
      ...inScope(q),
    },
    select: {
      id: true,
      patientId: true,
      clinicianId: true,
      visitType: { select: { name: true } },
      startsAt: true,
      endsAt: true,
      modality: true,
      status: true,
      reason: true,
      cancelReason: true,
      startedAt: true,
      completedAt: true,
      updatedAt: true,
    },
    orderBy: [{ startsAt: "desc" }, { id: "asc" }],
  });
  return rows.map(({ visitType, ...v }) => ({ ...v, visitTypeName: visitType.name }));
}

async function loadPatients(q: SearchQuery): Promise<Page> {
  const mrns = tokenValues(q.tokens.identifier, MRN_SYSTEM);
  const rows = await db.patient.findMany({
    where: {
      ...(q.ids ? { id: { in: uuids(q.ids) } } : {}),
      ...(mrns ? { mrn: { in: mrns } } : {}),
      AND: dateAnd("updatedAt", q.dates._lastUpdated),
    },
    select: {
      id: true,
      mrn: true,
      givenName: true,
      familyName: true,
      birthDate: true,
      phone: true,
      email: true,
      preferredLanguage: true,
      stateOfResidence: true,
      updatedAt: true,
    },
    orderBy: { id: "asc" },
    skip: q.offset,
    take: q.count + 1,
  });
  return { matches: rows.slice(0, q.count).map(toPatient), more: rows.length > q.count };
}

async function loadPractitioners(q: SearchQuery): Promise<Page> {
  const rows = await db.user.findMany({
    where: {
      role: { in: ["CLINICIAN", "COORDINATOR"] },
      ...(q.ids ? { id: { in: uuids(q.ids) } } : {}),
      AND: dateAnd("updatedAt", q.dates._lastUpdated),
    },
    select: { id: true, name: true, email: true, active: true, updatedAt: true },
    orderBy: { id: "asc" },
    skip: q.offset,
    take: q.count + 1,
  });
  return { matches: rows.slice(0, q.count).map(toPractitioner), more: rows.length > q.count };
}

/** The FormResponse columns a QuestionnaireResponse (and its Observations) is made from. */
export const responseSelect = {
  id: true,
  seriesId: true,
  version: true,
  patientId: true,
  instrument: true,
  answers: true,
  scoreTenths: true,
  mode: true,
  answeredAt: true,
  createdAt: true,
} as const;

/** Observation ids are "<seriesId>-<suffix>": the series to load for an _id search. */
const seriesOf = (ids: string[]) => ids.map((i) => i.slice(0, 36)).filter(isUuid);

/** The latest version of every answer of the asked patients (or ids), newest answer first. */
async function latestResponses(q: SearchQuery): Promise<ResponseRow[]> {
  const rows = await db.formResponse.findMany({
    where: {
      ...ofPatients(q),
      ...(q.ids ? { seriesId: { in: seriesOf(q.ids) } } : {}),
    },
    select: responseSelect,
    orderBy: [{ answeredAt: "desc" }, { seriesId: "asc" }, { version: "desc" }],
  });
  const seen = new Set<string>();
  const latest: ResponseRow[] = [];
  for (const r of rows) {
    if (seen.has(r.seriesId)) continue;
    seen.add(r.seriesId);
    latest.push({ ...r, answers: r.answers as Record<string, number> });
  }
  return latest;
}
