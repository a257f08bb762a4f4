import "server-only";
import type { VisitEventSubscriber } from "../scheduling/visit-events";
import { randomUUID } from "node:crypto";
import { userNamesById } from "@/modules/identity/index.server";
import { auditNotFound, writeAudit } from "@/server/audit";
import { authorize, denyAccess } from "@/server/auth/actor";
import { db, type Tx } from "@/server/db";
import { getEnv } from "@/server/env";
import { AppError, pgErrorCode } from "@/server/errors";
import type { RequestContext } from "@/server/request-context";
import { canCarePlan } from "../care-plan/policy";
import type { Actor } from "../identity/core/roles";
import { consentExpiry, consentKindFor, consentStatus, PATIENT_WITHDRAWAL_REASON, type ConsentKind, type ConsentStatus } from "./core/consent-rules";
import { CONSENT_EXCEPTION_EVENT, CONSENT_REQUIRED, consentRequiredMessage, decideStartConsent, type StartConsentChoice } from "./core/start-consent";

export type ConsentTextDto = { id: string; kind: ConsentKind; version: number; title: string; body: string; createdAt: string };
export type ConsentRecordDto = {
  id: string;
  kind: ConsentKind;
  method: "VERBAL" | "ELECTRONIC";
  textVersion: number;
  textTitle: string;
  capturedAt: string;
  capturedBy: string | null;
  witnessName: string | null;
  typedName: string | null;
  expiresAt: string;
  revokedAt: string | null;
  revokedReason: string | null;
  /** Who revoked it: a staff member, or the patient themselves (withdrawn in the portal). */
  revokedBy: { kind: "patient" } | { kind: "staff"; name: string } | null;
};
export type PatientConsents = { video: ConsentStatus; phone: ConsentStatus; records: ConsentRecordDto[] };

const who = (a: Actor) => ({ userId: a.userId, role: a.role });

/** The current (highest) version of each consent text. Not PHI. */
export async function getCurrentConsentTexts(): Promise<Record<ConsentKind, ConsentTextDto | null>> {
  const texts = await db.consentText.findMany({ orderBy: [{ kind: "asc" }, { version: "desc" }], distinct: ["kind"] });
  const pick = (k: ConsentKind) => {
    const t = texts.find((x) => x.kind === k);
    return t ? { id: t.id, kind: t.kind, version: t.version, title: t.title, body: t.body, createdAt: t.createdAt.toISOString() } : null;
  };
  return { VIDEO: pick("VIDEO"), PHONE: pick("PHONE") };
}

export async function listConsentTexts(actor: Actor): Promise<ConsentTextDto[]> {
  await authorize(actor, canCarePlan(actor.role, "consent.manageTexts"), { entityType: "ConsentText", action: "LIST" });
  const rows = await db.consentText.findMany({ orderBy: [{ kind: "asc" }, { version: "desc" }] });
  return rows.map((t) => ({ id: t.id, kind: t.kind, version: t.version, title: t.title, body: t.body, createdAt: t.createdAt.toISOString() }));
}

/** A new version; earlier versions (and the records pointing at them) are never changed. */
export async function publishConsentText(actor: Actor, input: { kind: ConsentKind; title: string; body: string }, ctx: RequestContext): Promise<{ id: string; version: number }> {
  await authorize(actor, canCarePlan(actor.role, "consent.manageTexts"), { entityType: "ConsentText", action: "CREATE" });
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      return await db.$transaction(async (tx) => {
        const last = await tx.consentText.findFirst({ where: { kind: input.kind }, orderBy: { version: "desc" }, select: { version: true } });
        const t = await tx.consentText.create({ data: { kind: input.kind, title: input.title, body: input.body, version: (last?.version ?? 0) + 1, createdById: actor.userId }, select: { id: true, version: true } });
        await writeAudit({ actor: who(actor), action: "CREATE", entityType: "ConsentText", entityId: t.id, outcome: "SUCCESS", ctx, details: { kind: input.kind, version: t.version } }, tx);
        return t;
      });
    } catch (e) {
      if (pgErrorCode(e) !== "23505") throw e; // a concurrent publish took the version: retry
    }
  }
  throw new AppError("CONFLICT", "Another version was published at the same time. Try again.");
}

async function loadConsents(patientId: string): Promise<PatientConsents> {
  const rows = await db.consentRecord.findMany({
    where: { patientId },
    orderBy: { capturedAt: "desc" },
    select: { id: true, kind: true, method: true, capturedAt: true, capturedById: true, witnessName: true, typedName: true, expiresAt: true, revokedAt: true, revokedById: true, revokedReason: true, text: { select: { version: true, title: true } } },
    take: 100,
  });
  const nameOf = await userNamesById(rows.map((r) => r.capturedById));
  const revokers = await revokersById(rows.map((r) => r.revokedById));
  const now = new Date();
  return {
    video: consentStatus(rows, "VIDEO", now),
    phone: consentStatus(rows, "PHONE", now),
    records: rows.map((r) => ({
      id: r.id,
      kind: r.kind,
      method: r.method,
      textVersion: r.text.version,
      textTitle: r.text.title,
      capturedAt: r.capturedAt.toISOString(),
      capturedBy: r.capturedById ? (nameOf.get(r.capturedById) ?? "Staff") : null,
      witnessName: r.witnessName,
      typedName: r.typedName,
      expiresAt: r.expiresAt.toISOString(),
      revokedAt: r.revokedAt?.toISOString() ?? null,
      revokedReason: r.revokedReason,
      revokedBy: r.revokedAt ? (revokers.get(r.revokedById ?? "") ?? { kind: "staff", name: "Staff" }) : null,
    })),
  };
}

/** Who revoked: the patient's own account (withdrawn in the portal) or a staff member. */
async function revokersById(ids: readonly (string | null)[]): Promise<Map<string, NonNullable<ConsentRecordDto["revokedBy"]>>> {
  const unique = [...new Set(ids.filter((x): x is string => !!x))];
  if (unique.length === 0) return new Map();
  const users = await db.user.findMany({ where: { id: { in: unique } }, select: { id: true, name: true, role: true } });
  return new Map(users.map((u) => [u.id, u.role === "PATIENT" ? { kind: "patient" as const } : { kind: "staff" as const, name: u.name }]));
}

export async function getPatientConsents(actor: Actor, patientId: string, ctx: RequestContext): Promise<PatientConsents> {
  const own = actor.role === "PATIENT" && actor.patientId === patientId;
  if (!own && !canCarePlan(actor.role, "consent.read")) await denyAccess(actor, { entityType: "ConsentRecord", patientId, action: "READ" });
  const result = await loadConsents(patientId);
  await writeAudit({ actor: who(actor), action: "READ", entityType: "ConsentRecord", patientId, outcome: "SUCCESS", ctx, details: { records: result.records.length } });
  return result;
}

async function assertCurrentText(textId: string, kind: ConsentKind, client: Tx | typeof db = db) {
  const current = await client.consentText.findFirst({ where: { kind }, orderBy: { version: "desc" }, select: { id: true } });
  if (current?.id !== textId) {
    throw new AppError("CONFLICT", "The consent text has a newer version. Reload the page and read the current one.", { textId: ["A newer version exists"] });
  }
}

/** Staff record verbal consent read to the patient (who, when, which version, optional witness). */
export async function captureVerbalConsent(
  actor: Actor,
  input: { patientId: string; kind: ConsentKind; textId: string; witnessName: string; idempotencyKey: string },
  ctx: RequestContext,
): Promise<{ id: string }> {
  await authorize(actor, canCarePlan(actor.role, "consent.captureVerbal"), { entityType: "ConsentRecord", patientId: input.patientId, action: "CREATE" });
  const patient = await db.patient.findUnique({ where: { id: input.patientId }, select: { id: true } });
  if (!patient) throw new AppError("NOT_FOUND");
  await assertCurrentText(input.textId, input.kind);
  return writeConsent({
    patientId: input.patientId,
    kind: input.kind,
    textId: input.textId,
    method: "VERBAL",
    capturedById: actor.userId,
    witnessName: input.witnessName || null,
    typedName: null,
    idempotencyKey: input.idempotencyKey,
    actor,
    ctx,
  });
}

/** The patient agrees electronically in the portal: typed full name, time, IP and user agent. */
export async function giveElectronicConsent(
  actor: Actor,
  input: { kind: ConsentKind; textId: string; typedName: string; idempotencyKey: string },
  ctx: RequestContext,
): Promise<{ id: string }> {
  await authorize(actor, canCarePlan(actor.role, "consent.giveOwn") && !!actor.patientId, { entityType: "ConsentRecord", action: "CREATE" });
  await assertCurrentText(input.textId, input.kind);
  return writeConsent({ patientId: actor.patientId!, kind: input.kind, textId: input.textId, method: "ELECTRONIC", capturedById: null, witnessName: null, typedName: input.typedName, idempotencyKey: input.idempotencyKey, actor, ctx });
}

type ConsentWrite = {
  patientId: string;
  kind: ConsentKind;
  textId: string;
  method: "VERBAL" | "ELECTRONIC";
  capturedById: string | null;
  witnessName: string | null;
  typedName: string | null;
  idempotencyKey: string;
  actor: Actor;
  ctx: RequestContext;
  /** Verbal consent captured while starting a visit: which visit (audit details only). */
  visitId?: string;
};

/** The one insert of a consent record, verbal or electronic, with its audit row, in the caller's transaction. */
async function insertConsent(tx: Tx, a: ConsentWrite, now: Date): Promise<{ id: string }> {
  const r = await tx.consentRecord.create({
    data: {
      patientId: a.patientId,
      kind: a.kind,
      textId: a.textId,
      method: a.method,
      capturedById: a.capturedById,
      capturedAt: now,
      witnessName: a.witnessName,
      typedName: a.typedName,
      ip: a.method === "ELECTRONIC" ? a.ctx.ip : null,
      userAgent: a.method === "ELECTRONIC" ? a.ctx.userAgent : null,
      expiresAt: consentExpiry(now, getEnv().CONSENT_VALID_MONTHS),
      idempotencyKey: a.idempotencyKey,
    },
    select: { id: true },
  });
  await writeAudit(
    { actor: who(a.actor), action: "CREATE", entityType: "ConsentRecord", entityId: r.id, patientId: a.patientId, outcome: "SUCCESS", ctx: a.ctx, details: { kind: a.kind, method: a.method, ...(a.visitId ? { visitId: a.visitId, at: "visit_start" } : {}) } },
    tx,
  );
  return r;
}

async function writeConsent(a: ConsentWrite): Promise<{ id: string }> {
  const existing = await db.consentRecord.findUnique({ where: { idempotencyKey: a.idempotencyKey }, select: { id: true, patientId: true } });
  if (existing) {
    if (existing.patientId !== a.patientId) throw new AppError("CONFLICT", "This form was already used. Reload the page.");
    return { id: existing.id };
  }
  try {
    return await db.$transaction((tx) => insertConsent(tx, a, new Date()));
  } catch (e) {
    if (pgErrorCode(e) === "23505") {
      const again = await db.consentRecord.findUnique({ where: { idempotencyKey: a.idempotencyKey }, select: { id: true } });
      if (again) return again;
    }
    throw e;
  }
}

/**
 * The one revocation: staff revoking on the chart and the patient withdrawing in the portal both
 * end here. The record stays (revocation fields only); the newest record of the kind now reads
 * "revoked", so every visit of that modality needs consent again before it starts.
 */
async function revokeRecord(tx: Tx, r: { id: string; patientId: string }, a: { actor: Actor; reason: string; by: "staff" | "patient"; ctx: RequestContext; now: Date }): Promise<void> {
  const u = await tx.consentRecord.updateMany({ where: { id: r.id, revokedAt: null }, data: { revokedAt: a.now, revokedById: a.actor.userId, revokedReason: a.reason } });
  if (u.count !== 1) throw new AppError("CONFLICT", a.by === "patient" ? "This consent was already withdrawn." : "This consent was already revoked.");
  await writeAudit({ actor: who(a.actor), action: "UPDATE", entityType: "ConsentRecord", entityId: r.id, patientId: r.patientId, outcome: "SUCCESS", ctx: a.ctx, details: { changed: ["revokedAt"], by: a.by } }, tx);
}

export async function revokeConsent(actor: Actor, input: { consentId: string; reason: string }, ctx: RequestContext): Promise<void> {
  await authorize(actor, canCarePlan(actor.role, "consent.revoke"), { entityType: "ConsentRecord", entityId: input.consentId, action: "UPDATE" });
  await db.$transaction(async (tx) => {
    const r = await tx.consentRecord.findUnique({ where: { id: input.consentId }, select: { id: true, patientId: true } });
    if (!r) throw new AppError("NOT_FOUND");
    await revokeRecord(tx, r, { actor, reason: input.reason, by: "staff", ctx, now: new Date() });
  });
}

/**
 * The patient withdraws their own consent in the portal (the consent text says they may change
 * their mind at any time). Recorded as a revocation, by the same code as staff revoking it; their
 * own words, if they give any, follow the standard reason.
 */
export async function withdrawOwnConsent(actor: Actor, input: { consentId: string; note: string }, ctx: RequestContext): Promise<{ kind: ConsentKind }> {
  await authorize(actor, canCarePlan(actor.role, "consent.withdrawOwn") && !!actor.patientId, { entityType: "ConsentRecord", entityId: input.consentId, action: "UPDATE" });
  const r = await db.consentRecord.findUnique({ where: { id: input.consentId }, select: { id: true, patientId: true, kind: true } });
  if (!r || r.patientId !== actor.patientId) {
    await auditNotFound(who(actor), { action: "UPDATE", entityType: "ConsentRecord", entityId: input.consentId }, ctx, async () => r?.patientId, actor.patientId);
    throw new AppError("NOT_FOUND", "We could not find that consent. Go back to your consent page and try again.");
  }
  const reason = input.note ? `${PATIENT_WITHDRAWAL_REASON}: ${input.note}` : PATIENT_WITHDRAWAL_REASON;
  await db.$transaction((tx) => revokeRecord(tx, r, { actor, reason, by: "patient", ctx, now: new Date() }));
  return { kind: r.kind };
}

// ---------------------------------------------------------------------------------------------
// Consent before a visit starts (core/start-consent.ts)
// ---------------------------------------------------------------------------------------------

/** A start refused for want of consent: 409 with code CONSENT_REQUIRED in the room's API. */
export class ConsentRequiredError extends AppError {
  readonly reason = CONSENT_REQUIRED;
  constructor(
    readonly consentKind: ConsentKind,
    readonly consentState: "missing" | "expired" | "revoked",
  ) {
    super("CONFLICT", consentRequiredMessage(consentKind, consentState));
  }
}

export function isConsentRequired(e: unknown): e is ConsentRequiredError {
  return e instanceof ConsentRequiredError;
}

export type StartConsentOutcome = { basis: "on_file" | "exception_on_file" | "verbal_recorded" | "exception_recorded"; consentRecordId: string | null };

/**
 * Called by the visit lifecycle inside the transaction that starts a visit (the
 * visit.starting event, src/modules/scheduling/visit-events.ts): consent on file, or the verbal consent / emergency reason the
 * clinician gives with the start, or the start is refused (and the refusal audited). Verbal
 * consent is written by the same insert as the chart's "Record verbal consent".
 */
export async function settleConsentToStart(
  tx: Tx,
  a: { visitId: string; patientId: string; modality: "VIDEO" | "PHONE"; actor: Actor; choice: StartConsentChoice; ctx: RequestContext; now: Date },
): Promise<StartConsentOutcome> {
  const kind: ConsentKind = consentKindFor(a.modality);
  const records = await tx.consentRecord.findMany({ where: { patientId: a.patientId, kind }, select: { id: true, kind: true, capturedAt: true, expiresAt: true, revokedAt: true } });
  const status = consentStatus(records, kind, a.now);
  const exceptionRecorded = status.state === "valid" ? false : (await tx.visitEvent.count({ where: { visitId: a.visitId, kind: CONSENT_EXCEPTION_EVENT } })) > 0;
  const d = decideStartConsent(status, a.choice, { exceptionRecorded });
  switch (d.action) {
    case "proceed":
      return { basis: d.basis, consentRecordId: status.state === "valid" ? status.recordId : null };
    case "refuse":
      // Written outside the transaction (which rolls back): one row says the start was refused and why.
      await writeAudit({ actor: who(a.actor), action: "UPDATE", entityType: "Visit", entityId: a.visitId, patientId: a.patientId, outcome: "FAILURE", ctx: a.ctx, details: { event: "start_refused", reason: "consent_required", consentKind: kind, consentState: d.state } });
      throw new ConsentRequiredError(kind, d.state);
    case "record_verbal": {
      if (!canCarePlan(a.actor.role, "consent.captureVerbal")) await denyAccess(a.actor, { entityType: "ConsentRecord", patientId: a.patientId, action: "CREATE" });
      await assertCurrentText(d.textId, kind, tx);
      const r = await insertConsent(
        tx,
        { patientId: a.patientId, kind, textId: d.textId, method: "VERBAL", capturedById: a.actor.userId, witnessName: null, typedName: null, idempotencyKey: randomUUID(), actor: a.actor, ctx: a.ctx, visitId: a.visitId },
        a.now,
      );
      return { basis: "verbal_recorded", consentRecordId: r.id };
    }
    case "record_exception":
      await tx.visitEvent.create({ data: { visitId: a.visitId, actorUserId: a.actor.userId, kind: CONSENT_EXCEPTION_EVENT, reason: d.reason, at: a.now, details: { consentKind: kind, consentState: status.state } } });
      await writeAudit({ actor: who(a.actor), action: "UPDATE", entityType: "Visit", entityId: a.visitId, patientId: a.patientId, outcome: "SUCCESS", ctx: a.ctx, details: { event: "consent_exception", consentKind: kind, consentState: status.state } }, tx);
      return { basis: "exception_recorded", consentRecordId: null };
  }
}

export type ConsentExceptionView = { at: string; reason: string; byName: string | null; consentKind: ConsentKind };

/** The emergency exception a visit started under, if any (shown on the visit and its note). Audited as a read. */
export async function getConsentException(actor: Actor, visitId: string, ctx: RequestContext): Promise<ConsentExceptionView | null> {
  await authorize(actor, canCarePlan(actor.role, "consent.read"), { entityType: "Visit", entityId: visitId, action: "READ" });
  const e = await db.visitEvent.findFirst({ where: { visitId, kind: CONSENT_EXCEPTION_EVENT }, orderBy: { at: "asc" }, select: { at: true, reason: true, actorUserId: true, details: true, visit: { select: { patientId: true } } } });
  if (!e) return null;
  const names = await userNamesById([e.actorUserId]);
  await writeAudit({ actor: who(actor), action: "READ", entityType: "Visit", entityId: visitId, patientId: e.visit.patientId, outcome: "SUCCESS", ctx, details: { scope: "consent_exception" } });
  const kind: ConsentKind = (e.details as { consentKind?: unknown } | null)?.consentKind === "PHONE" ? "PHONE" : "VIDEO";
  return { at: e.at.toISOString(), reason: e.reason ?? "", byName: e.actorUserId ? (names.get(e.actorUserId) ?? null) : null, consentKind: kind };
}

/** What a start button needs for one visit: the consent status for its modality and the current text to read aloud. */
export type StartConsentView = { kind: ConsentKind; status: ConsentStatus; text: { id: string; version: number; title: string; body: string } | null };

/** Start-consent views for a set of visits (Today, the visit page, the room): two queries for the lot, one audit row. */
export async function startConsentForVisits(actor: Actor, visits: readonly { id: string; patientId: string; modality: "VIDEO" | "PHONE" }[], ctx: RequestContext, now = new Date()): Promise<Record<string, StartConsentView>> {
  await authorize(actor, canCarePlan(actor.role, "consent.read"), { entityType: "ConsentRecord", action: "LIST" });
  if (visits.length === 0) return {};
  const patientIds = [...new Set(visits.map((v) => v.patientId))];
  const [records, texts] = await Promise.all([
    db.consentRecord.findMany({ where: { patientId: { in: patientIds } }, select: { id: true, patientId: true, kind: true, capturedAt: true, expiresAt: true, revokedAt: true } }),
    getCurrentConsentTexts(),
  ]);
  const out: Record<string, StartConsentView> = {};
  for (const v of visits) {
    const kind = consentKindFor(v.modality);
    const t = texts[kind];
    out[v.id] = { kind, status: consentStatus(records.filter((r) => r.patientId === v.patientId), kind, now), text: t ? { id: t.id, version: t.version, title: t.title, body: t.body } : null };
  }
  await writeAudit({ actor: who(actor), action: "LIST", entityType: "ConsentRecord", outcome: "SUCCESS", ctx, details: { scope: "start_consent", visits: visits.length, patients: patientIds.length } });
  return out;
}

export type MissingConsentRow = {
  visitId: string;
  startsAt: string;
  modality: "VIDEO" | "PHONE";
  patientId: string;
  patientName: string;
  mrn: string;
  clinicianName: string;
  state: "missing" | "expired" | "revoked";
};

/**
 * Coordinator work list: upcoming visits (next `days` days, not cancelled) whose patient has no
 * valid consent for the visit's modality. Two queries whatever the number of visits.
 */
export async function listVisitsMissingConsent(actor: Actor, ctx: RequestContext, opts: { days?: number; now?: Date } = {}): Promise<MissingConsentRow[]> {
  await authorize(actor, canCarePlan(actor.role, "consent.read"), { entityType: "ConsentRecord", action: "LIST" });
  const now = opts.now ?? new Date();
  const until = new Date(now.getTime() + (opts.days ?? 14) * 86_400_000);
  const visits = await db.visit.findMany({
    where: { startsAt: { gte: new Date(now.getTime() - 60 * 60_000), lt: until }, status: { in: ["SCHEDULED", "CHECKED_IN", "IN_PROGRESS"] } },
    orderBy: { startsAt: "asc" },
    take: 500,
    select: { id: true, startsAt: true, modality: true, patientId: true, patient: { select: { givenName: true, familyName: true, mrn: true } }, clinician: { select: { name: true } } },
  });
  const patientIds = [...new Set(visits.map((v) => v.patientId))];
  const records = patientIds.length
    ? await db.consentRecord.findMany({ where: { patientId: { in: patientIds } }, select: { id: true, patientId: true, kind: true, capturedAt: true, expiresAt: true, revokedAt: true } })
    : [];
  const byPatient = new Map<string, typeof records>();
  for (const r of records) byPatient.set(r.patientId, [...(byPatient.get(r.patientId) ?? []), r]);
  const rows: MissingConsentRow[] = [];
  for (const v of visits) {
    const status = consentStatus(byPatient.get(v.patientId) ?? [], v.modality, v.startsAt > now ? v.startsAt : now);
    if (status.state === "valid") continue;
    rows.push({ visitId: v.id, startsAt: v.startsAt.toISOString(), modality: v.modality, patientId: v.patientId, patientName: `${v.patient.givenName} ${v.patient.familyName}`, mrn: v.patient.mrn, clinicianName: v.clinician.name, state: status.state });
  }
  await writeAudit({ actor: who(actor), action: "LIST", entityType: "ConsentRecord", outcome: "SUCCESS", ctx, details: { scope: "missing_for_upcoming_visits", results: rows.length } });
  return rows;
}

/** How consent follows the visit lifecycle (src/modules/scheduling/visit-events.ts): no start without it. */
export const consentVisitSubscriber: VisitEventSubscriber = {
  name: "consent",
  on: {
    "visit.starting": async (tx, e) => {
      await settleConsentToStart(tx, { visitId: e.visitId, patientId: e.patientId, modality: e.modality, actor: e.actor, choice: e.consent, ctx: e.ctx, now: e.now });
    },
  },
};
