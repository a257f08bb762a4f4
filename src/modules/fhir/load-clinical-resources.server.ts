import "server-only";
import type { DiagnosticReport, DocumentReference, Observation, ServiceRequest } from "@medplum/fhirtypes";
import { db } from "@/server/db";
import { isUuid } from "@/server/uuid";
import type { Page } from "./load-resources.server";
import { toDocumentReference } from "./core/document";
import { toFlag } from "./core/flag";
import { toReferralServiceRequest } from "./core/referral";
import { matchesDates, matchesToken, page, type SearchQuery } from "./core/search";
import { toUdtDiagnosticReports, toUdtObservations, toUdtServiceRequest, type UdtOrderRow } from "./core/udt";

/**
 * Loaders for the drug-test, referral and signed-note resources (docs/decisions/fhir-api.md):
 * one query per table for the asked patients or ids, then the pure mappers of core/ and the
 * in-memory filters, as load-resources.server.ts does for the other clinical types.
 */
const uuids = (ids: string[] | undefined) => ids?.filter(isUuid);
const ofPatients = (q: SearchQuery) => (q.patients ? { patientId: { in: uuids(q.patients) } } : {});
/** Ids "<orderId>-screen" / "<orderId>-confirm" (reports) name their order. */
const orderIdsOf = (ids: string[]) => [...new Set(ids.map((i) => i.slice(0, 36)).filter(isUuid))];
const codings = (c: { coding?: { system?: string; code?: string }[] }[] | undefined) =>
  (c ?? []).flatMap((cc) => cc.coding ?? []);
const tokenMatch = (values: string[] | undefined, c: { coding?: { system?: string; code?: string }[] }[] | undefined) =>
  !values || codings(c).some((x) => matchesToken(values, x.system, x.code!));

/** The asked patients' (or orders') drug-test orders with their findings, newest first (one query). */
async function loadUdtOrders(q: SearchQuery, idFilter: "order" | "finding" | "report"): Promise<UdtOrderRow[]> {
  const ids = q.ids
    ? idFilter === "finding"
      ? { findings: { some: { id: { in: uuids(q.ids) } } } }
      : { id: { in: orderIdsOf(q.ids) } }
    : {};
  return db.udtOrder.findMany({
    where: { ...ofPatients(q), ...ids },
    select: {
      id: true,
      patientId: true,
      state: true,
      reasonCode: true,
      panelCode: true,
      collectionMethod: true,
      windowStart: true,
      windowEnd: true,
      orderedById: true,
      collectedAt: true,
      resultedAt: true,
      confirmationResultedAt: true,
      createdAt: true,
      updatedAt: true,
      findings: {
        select: {
          id: true,
          kind: true,
          substance: true,
          detected: true,
          interpretation: true,
          why: true,
          createdAt: true,
        },
        orderBy: [{ kind: "desc" }, { substance: "asc" }],
      },
    },
    orderBy: [{ createdAt: "desc" }, { id: "asc" }],
  });
}

/** Lab Observations (one per substance finding) of the asked patients or finding ids. */
export async function labObservations(q: SearchQuery): Promise<Observation[]> {
  return (await loadUdtOrders(q, "finding")).flatMap(toUdtObservations).filter((o) => !q.ids || q.ids.includes(o.id!));
}

export async function diagnosticReports(q: SearchQuery): Promise<DiagnosticReport[]> {
  return (await loadUdtOrders(q, "report"))
    .flatMap(toUdtDiagnosticReports)
    .filter(
      (r) =>
        (!q.ids || q.ids.includes(r.id!)) &&
        tokenMatch(q.tokens.category, r.category) &&
        tokenMatch(q.tokens.code, [r.code]) &&
        matchesToken(q.tokens.status, undefined, r.status) &&
        matchesDates(new Date(r.effectiveDateTime!), q.dates.date) &&
        matchesDates(new Date(r.meta!.lastUpdated!), q.dates._lastUpdated),
    );
}

/** Drug-test orders and referrals, newest first (two queries: one per table). */
export async function serviceRequests(q: SearchQuery): Promise<ServiceRequest[]> {
  const now = new Date();
  const [orders, referrals] = await Promise.all([
    loadUdtOrders(q, "order"),
    db.referral.findMany({
      where: { ...ofPatients(q), ...(q.ids ? { id: { in: uuids(q.ids) } } : {}) },
      select: {
        id: true,
        patientId: true,
        kind: true,
        detail: true,
        telehealth: true,
        status: true,
        note: true,
        createdById: true,
        createdAt: true,
        updatedAt: true,
      },
      orderBy: [{ createdAt: "desc" }, { id: "asc" }],
    }),
  ]);
  return [...orders.map((o) => toUdtServiceRequest(o, now)), ...referrals.map(toReferralServiceRequest)]
    .sort((a, b) => b.authoredOn!.localeCompare(a.authoredOn!))
    .filter(
      (r) =>
        tokenMatch(q.tokens.category, r.category) &&
        tokenMatch(q.tokens.code, [r.code!]) &&
        matchesToken(q.tokens.status, undefined, r.status) &&
        matchesDates(new Date(r.authoredOn!), q.dates.authored) &&
        matchesDates(new Date(r.meta!.lastUpdated!), q.dates._lastUpdated),
    );
}

/** Signed notes as DocumentReferences (drafts are never served). */
export async function documentReferences(q: SearchQuery, baseUrl: string): Promise<DocumentReference[]> {
  const rows = await db.visitNote.findMany({
    where: { ...ofPatients(q), ...(q.ids ? { id: { in: uuids(q.ids) } } : {}), status: "SIGNED" },
    select: {
      id: true,
      visitId: true,
      patientId: true,
      signedAt: true,
      signedById: true,
      startedAt: true,
      endedAt: true,
      updatedAt: true,
      _count: { select: { addenda: true } },
    },
    orderBy: [{ signedAt: "desc" }, { id: "asc" }],
  });
  return rows
    .flatMap(({ _count, signedAt, ...n }) =>
      signedAt ? [toDocumentReference({ ...n, signedAt, addenda: _count.addenda }, baseUrl)] : [],
    )
    .filter(
      (d) =>
        tokenMatch(q.tokens.category, d.category) &&
        tokenMatch(q.tokens.type, [d.type!]) &&
        matchesToken(q.tokens.status, undefined, d.status) &&
        matchesDates(new Date(d.date!), q.dates.date) &&
        matchesDates(new Date(d.meta!.lastUpdated!), q.dates._lastUpdated),
    );
}

/** Item-9 safety alerts as Flags. */
export async function loadFlags(q: SearchQuery): Promise<Page> {
  const statuses = q.tokens.status?.flatMap((s) =>
    s === "active" ? ["OPEN" as const] : s === "inactive" ? ["RESOLVED" as const] : [],
  );
  const rows = await db.safetyAlert.findMany({
    where: {
      ...ofPatients(q),
      ...(q.ids ? { id: { in: uuids(q.ids) } } : {}),
      ...(statuses ? { status: { in: statuses } } : {}),
    },
    select: { id: true, patientId: true, status: true, createdAt: true, resolvedAt: true },
    orderBy: [{ createdAt: "desc" }, { id: "asc" }],
  });
  const p = page(rows.filter((r) => matchesDates(r.resolvedAt ?? r.createdAt, q.dates._lastUpdated)).map(toFlag), q);
  return { matches: p.items, more: p.more };
}
