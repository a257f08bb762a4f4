import "server-only";
import { userNamesById } from "../identity/users.server";
import { writeAudit } from "@/server/audit";
import { authorize, denyAccess } from "@/server/auth/actor";
import { db } from "@/server/db";
import { getEnv } from "@/server/env";
import { AppError, pgErrorCode } from "@/server/errors";
import type { RequestContext } from "@/server/request-context";
import { canCarePlan } from "../care-plan/policy";
import type { Actor } from "../identity/core/roles";
import { consentExpiry, consentStatus, type ConsentKind, type ConsentStatus } from "./core/consent-rules";

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
    select: { id: true, kind: true, method: true, capturedAt: true, capturedById: true, witnessName: true, typedName: true, expiresAt: true, revokedAt: true, revokedReason: true, text: { select: { version: true, title: true } } },
    take: 100,
  });
  const nameOf = await userNamesById(rows.map((r) => r.capturedById));
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
    })),
  };
}

export async function getPatientConsents(actor: Actor, patientId: string, ctx: RequestContext): Promise<PatientConsents> {
  const own = actor.role === "PATIENT" && actor.patientId === patientId;
  if (!own && !canCarePlan(actor.role, "consent.read")) await denyAccess(actor, { entityType: "ConsentRecord", patientId, action: "READ" });
  const result = await loadConsents(patientId);
  await writeAudit({ actor: who(actor), action: "READ", entityType: "ConsentRecord", patientId, outcome: "SUCCESS", ctx, details: { records: result.records.length } });
  return result;
}

async function assertCurrentText(textId: string, kind: ConsentKind) {
  const current = await getCurrentConsentTexts();
  if (current[kind]?.id !== textId) {
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

async function writeConsent(a: {
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
}): Promise<{ id: string }> {
  const existing = await db.consentRecord.findUnique({ where: { idempotencyKey: a.idempotencyKey }, select: { id: true, patientId: true } });
  if (existing) {
    if (existing.patientId !== a.patientId) throw new AppError("CONFLICT", "This form was already used. Reload the page.");
    return { id: existing.id };
  }
  const now = new Date();
  try {
    return await db.$transaction(async (tx) => {
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
      await writeAudit({ actor: who(a.actor), action: "CREATE", entityType: "ConsentRecord", entityId: r.id, patientId: a.patientId, outcome: "SUCCESS", ctx: a.ctx, details: { kind: a.kind, method: a.method } }, tx);
      return r;
    });
  } catch (e) {
    if (pgErrorCode(e) === "23505") {
      const again = await db.consentRecord.findUnique({ where: { idempotencyKey: a.idempotencyKey }, select: { id: true } });
      if (again) return again;
    }
    throw e;
  }
}

export async function revokeConsent(actor: Actor, input: { consentId: string; reason: string }, ctx: RequestContext): Promise<void> {
  await authorize(actor, canCarePlan(actor.role, "consent.revoke"), { entityType: "ConsentRecord", entityId: input.consentId, action: "UPDATE" });
  await db.$transaction(async (tx) => {
    const r = await tx.consentRecord.findUnique({ where: { id: input.consentId }, select: { id: true, patientId: true, revokedAt: true } });
    if (!r) throw new AppError("NOT_FOUND");
    if (r.revokedAt) throw new AppError("CONFLICT", "This consent was already revoked.");
    await tx.consentRecord.update({ where: { id: r.id }, data: { revokedAt: new Date(), revokedById: actor.userId, revokedReason: input.reason }, select: { id: true } });
    await writeAudit({ actor: who(actor), action: "UPDATE", entityType: "ConsentRecord", entityId: r.id, patientId: r.patientId, outcome: "SUCCESS", ctx, details: { changed: ["revokedAt"] } }, tx);
  });
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
