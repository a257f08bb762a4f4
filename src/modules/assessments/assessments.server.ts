import "server-only";
import { userNamesById } from "@/modules/identity/index.server";
import { Prisma } from "@/generated/prisma/client";
import { auditNotFound, writeAudit, type AuditActor } from "@/server/audit";
import { authorize, denyAccess } from "@/server/auth/actor";
import { db, type Tx } from "@/server/db";
import { getEnv } from "@/server/env";
import { AppError, pgErrorCode } from "@/server/errors";
import type { RequestContext } from "@/server/request-context";
import { issuePatientLink, linkSessionAudit, type LinkSession } from "../patient-access/index.server";
import type { Actor } from "../identity/core/roles";
import { fullName } from "../patients/core/format";
import { comparePegToBaseline } from "./core/change";
import { instrumentCodes, instruments, type InstrumentCode } from "./core/instruments";
import { computeReadiness, isPastDue, preVisitDueAt, requestState, standaloneDueAt, type FormReadiness } from "./core/readiness";
import { phq9Severity, problemMessage, scoreResponse, formatTenths, type Phq9Severity } from "./core/scoring";
import { canAssessments, canFillFor } from "./policy";
import { answerField, type SettingsInput } from "./schemas";

/**
 * Who is filling a form: a signed-in patient (portal) or someone holding a link session for one
 * patient (no account). Every query below is scoped to `respondentPatientId` in its where clause.
 */
export type Respondent = { kind: "portal"; actor: Actor } | { kind: "link"; patientId: string; sessionId: string };

/** The respondent a link session stands for (a forms link, or a join link from the waiting room). */
export function linkRespondent(session: LinkSession): Respondent {
  return { kind: "link", patientId: session.patientId, sessionId: session.sessionId };
}

async function respondentPatientId(r: Respondent, entityId: string | null): Promise<string> {
  switch (r.kind) {
    case "portal":
      if (!r.actor.patientId || !canFillFor(r.actor, r.actor.patientId)) {
        await denyAccess(r.actor, { entityType: "FormRequest", entityId, action: "ACCESS" });
      }
      return r.actor.patientId as string;
    case "link":
      return r.patientId;
  }
}

/** A form request's patient, for a refusal's audit row only. */
async function patientOfRequest(requestId: string): Promise<string | null> {
  return (await db.formRequest.findUnique({ where: { id: requestId }, select: { patientId: true } }))?.patientId ?? null;
}

function auditActorOf(r: Respondent): AuditActor {
  return r.kind === "portal" ? { userId: r.actor.userId, role: r.actor.role } : null;
}
function viaOf(r: Respondent): Record<string, string> {
  return r.kind === "portal" ? { via: "portal" } : linkSessionAudit({ sessionId: r.sessionId });
}
const staff = (a: Actor): AuditActor => ({ userId: a.userId, role: a.role });

// ---------------------------------------------------------------------------------------------
// Clinic settings
// ---------------------------------------------------------------------------------------------

export type FormSettings = { preVisitInstruments: InstrumentCode[]; dueMinutesBefore: number; linkTtlHours: number; updatedAt: string };

export const settingsDefaults = { preVisitInstruments: ["PEG", "PHQ9"] as InstrumentCode[], dueMinutesBefore: 120, linkTtlHours: 72 };

async function readSettings(client: Tx | typeof db = db): Promise<Omit<FormSettings, "updatedAt"> & { updatedAt: Date | null }> {
  const s = await client.assessmentSettings.findUnique({ where: { id: 1 }, select: { preVisitInstruments: true, dueMinutesBefore: true, linkTtlHours: true, updatedAt: true } });
  return s ?? { ...settingsDefaults, updatedAt: null };
}

export async function getFormSettings(actor: Actor): Promise<FormSettings> {
  await authorize(actor, canAssessments(actor.role, "settings.read"), { entityType: "AssessmentSettings", action: "READ" });
  const s = await readSettings();
  return { ...s, updatedAt: s.updatedAt?.toISOString() ?? "" };
}

export async function updateFormSettings(actor: Actor, input: SettingsInput, ctx: RequestContext): Promise<void> {
  await authorize(actor, canAssessments(actor.role, "settings.update"), { entityType: "AssessmentSettings", action: "UPDATE" });
  await db.$transaction(async (tx) => {
    const data = { preVisitInstruments: input.preVisitInstruments, dueMinutesBefore: input.dueMinutesBefore, linkTtlHours: input.linkTtlHours, updatedById: actor.userId };
    await tx.assessmentSettings.upsert({ where: { id: 1 }, create: { id: 1, ...data }, update: data, select: { id: true } });
    await writeAudit({ actor: staff(actor), action: "UPDATE", entityType: "AssessmentSettings", entityId: "1", outcome: "SUCCESS", ctx, details: { ...input } }, tx);
  });
}

// ---------------------------------------------------------------------------------------------
// Requests: created at booking, added/removed by staff, reminded
// ---------------------------------------------------------------------------------------------

export type FormRequestRow = {
  id: string;
  instrument: InstrumentCode;
  instrumentName: string;
  visitId: string | null;
  dueAt: string;
  state: "done" | "pending" | "overdue" | "cancelled";
  completedAt: string | null;
  reminderCount: number;
  lastRemindedAt: string | null;
  cancelReason: string | null;
};

const requestSelect = {
  id: true, instrument: true, visitId: true, dueAt: true, status: true, completedAt: true, reminderCount: true, lastRemindedAt: true, cancelReason: true,
} satisfies Prisma.FormRequestSelect;

function toRequestRow(r: Prisma.FormRequestGetPayload<{ select: typeof requestSelect }>, now: Date): FormRequestRow {
  return {
    id: r.id,
    instrument: r.instrument,
    instrumentName: instruments[r.instrument].name,
    visitId: r.visitId,
    dueAt: r.dueAt.toISOString(),
    state: requestState(r, now),
    completedAt: r.completedAt?.toISOString() ?? null,
    reminderCount: r.reminderCount,
    lastRemindedAt: r.lastRemindedAt?.toISOString() ?? null,
    cancelReason: r.cancelReason,
  };
}

/** A patient's form requests for staff (newest due first). */
export async function listPatientRequests(actor: Actor, patientId: string, ctx: RequestContext, now = new Date()): Promise<FormRequestRow[]> {
  await authorize(actor, canAssessments(actor.role, "formRequest.manage"), { entityType: "FormRequest", patientId, action: "LIST" });
  const rows = await db.formRequest.findMany({ where: { patientId }, select: requestSelect, orderBy: [{ dueAt: "desc" }, { id: "asc" }], take: 100 });
  await writeAudit({ actor: staff(actor), action: "LIST", entityType: "FormRequest", patientId, outcome: "SUCCESS", ctx, details: { results: rows.length } });
  return rows.map((r) => toRequestRow(r, now));
}

async function assertPatientExists(patientId: string) {
  const p = await db.patient.findUnique({ where: { id: patientId }, select: { id: true } });
  if (!p) throw new AppError("NOT_FOUND");
}

/**
 * A coordinator adds one instrument: to a visit's set (due by the same rule as the visit's other
 * forms, `preVisitDueAt`, asked for now), or on its own (due by the end of a clinic day,
 * `standaloneDueAt`). Adding one that is already active for that visit is a clear conflict, not a
 * duplicate; a visit that has already begun takes no more pre-visit forms.
 */
export async function addFormRequest(
  actor: Actor,
  patientId: string,
  input: { instrument: InstrumentCode; visitId: string | null; dueInDays: number },
  ctx: RequestContext,
  now = new Date(),
): Promise<{ id: string }> {
  await authorize(actor, canAssessments(actor.role, "formRequest.manage"), { entityType: "FormRequest", patientId, action: "CREATE" });
  await assertPatientExists(patientId);
  try {
    return await db.$transaction(async (tx) => {
      let dueAt = standaloneDueAt(now, input.dueInDays, getEnv().CLINIC_TIME_ZONE);
      if (input.visitId) {
        const sibling = await tx.formRequest.findFirst({ where: { patientId, visitId: input.visitId }, select: { dueAt: true }, orderBy: { createdAt: "asc" } });
        if (!sibling) throw new AppError("VALIDATION", undefined, { visitId: ["That visit has no forms for this patient"] });
        const visit = await tx.visit.findFirst({ where: { id: input.visitId, patientId }, select: { startsAt: true } });
        if (visit && visit.startsAt.getTime() <= now.getTime()) {
          throw new AppError("VALIDATION", undefined, { visitId: ["That visit has already started. Choose \"No visit (on its own)\" and when it is due."] });
        }
        // Requests for a visit the schedule does not hold (demo data) keep their set's due time.
        dueAt = visit ? preVisitDueAt(visit.startsAt, now, await readSettings(tx)) : sibling.dueAt;
      }
      const r = await tx.formRequest.create({ data: { patientId, visitId: input.visitId, instrument: input.instrument, dueAt, createdById: actor.userId }, select: { id: true } });
      await writeAudit({ actor: staff(actor), action: "CREATE", entityType: "FormRequest", entityId: r.id, patientId, outcome: "SUCCESS", ctx, details: { instrument: input.instrument, visitId: input.visitId } }, tx);
      return r;
    });
  } catch (e) {
    if (pgErrorCode(e) === "23505") throw new AppError("CONFLICT", "That form is already requested for this visit.", { instrument: ["Already requested for this visit"] });
    throw e;
  }
}

/** Removes a pending request (with a reason). Scoped by patient in the where clause. */
export async function cancelFormRequest(actor: Actor, patientId: string, requestId: string, reason: string, ctx: RequestContext): Promise<void> {
  await authorize(actor, canAssessments(actor.role, "formRequest.manage"), { entityType: "FormRequest", entityId: requestId, patientId, action: "UPDATE" });
  await db.$transaction(async (tx) => {
    const r = await tx.formRequest.updateMany({
      where: { id: requestId, patientId, status: "PENDING" },
      data: { status: "CANCELLED", cancelledAt: new Date(), cancelledById: actor.userId, cancelReason: reason },
    });
    if (r.count !== 1) throw new AppError("NOT_FOUND", "That form is not pending any more (already done or removed).");
    await writeAudit({ actor: staff(actor), action: "UPDATE", entityType: "FormRequest", entityId: requestId, patientId, outcome: "SUCCESS", ctx, details: { change: "cancelled" } }, tx);
  });
}

/**
 * A reminder: a fresh secure link for the patient's pending forms. There is no SMS/email
 * integration yet, so the link is returned once for staff to send; only its hash is kept.
 */
export async function sendFormReminder(actor: Actor, patientId: string, ctx: RequestContext, now = new Date()): Promise<{ url: string; expiresAt: Date; pending: number }> {
  await authorize(actor, canAssessments(actor.role, "formRequest.manage"), { entityType: "PatientLink", patientId, action: "CREATE" });
  await assertPatientExists(patientId);
  return db.$transaction(async (tx) => {
    const settings = await readSettings(tx);
    const pending = await tx.formRequest.updateMany({ where: { patientId, status: "PENDING" }, data: { reminderCount: { increment: 1 }, lastRemindedAt: now } });
    if (pending.count === 0) throw new AppError("VALIDATION", "This patient has no pending forms to remind about.");
    const link = await issuePatientLink(tx, { patientId, purpose: "forms", subjectId: null, expiresAt: new Date(now.getTime() + settings.linkTtlHours * 3_600_000), by: staff(actor), ctx, now });
    return { url: link.url, expiresAt: link.expiresAt, pending: pending.count };
  });
}

// ---------------------------------------------------------------------------------------------
// Patient side: list and fill
// ---------------------------------------------------------------------------------------------

export type PendingForm = { requestId: string; instrument: InstrumentCode; title: string; minutes: number; dueAt: string; overdue: boolean };

export async function listPendingForms(r: Respondent, ctx: RequestContext, now = new Date()): Promise<{ forms: PendingForm[]; timeZone: string }> {
  const patientId = await respondentPatientId(r, null);
  const patient = await db.patient.findUnique({ where: { id: patientId }, select: { timeZone: true } });
  const rows = await db.formRequest.findMany({
    where: { patientId, status: "PENDING" },
    select: { id: true, instrument: true, dueAt: true },
    // PEG first: it is short, and finishing something early keeps people going.
    orderBy: [{ dueAt: "asc" }, { instrument: "asc" }, { id: "asc" }],
    take: 20,
  });
  await writeAudit({ actor: auditActorOf(r), action: "LIST", entityType: "FormRequest", patientId, outcome: "SUCCESS", ctx, details: { ...viaOf(r), results: rows.length } });
  const forms = rows.map((x) => ({
    requestId: x.id,
    instrument: x.instrument,
    title: instruments[x.instrument].patientTitle,
    minutes: instruments[x.instrument].minutesToComplete,
    dueAt: x.dueAt.toISOString(),
    overdue: isPastDue(x.dueAt, now),
  }));
  return { forms, timeZone: patient?.timeZone ?? "UTC" };
}

export type FormToFill = { requestId: string; instrument: InstrumentCode; step: number; steps: number; dueAt: string };

/** One pending request of the respondent's patient, with its place among the pending ones. */
export async function getFormToFill(r: Respondent, requestId: string, ctx: RequestContext): Promise<FormToFill> {
  const patientId = await respondentPatientId(r, requestId);
  // Progress counts forms finished in this sitting too ("Form 2 of 2" after the first is sent).
  const sittingStart = new Date(Date.now() - 2 * 3_600_000);
  const set = await db.formRequest.findMany({
    where: { patientId, OR: [{ status: "PENDING" }, { status: "COMPLETED", completedAt: { gte: sittingStart } }] },
    select: { id: true, instrument: true, dueAt: true, status: true },
    orderBy: [{ completedAt: { sort: "asc", nulls: "last" } }, { dueAt: "asc" }, { instrument: "asc" }, { id: "asc" }],
    take: 20,
  });
  const index = set.findIndex((p) => p.id === requestId);
  const req = set[index]?.status === "PENDING" ? set[index] : undefined;
  if (!req) {
    await auditNotFound(auditActorOf(r), { action: "READ", entityType: "FormRequest", entityId: requestId, details: viaOf(r) }, ctx, () => patientOfRequest(requestId), patientId);
    throw new AppError("NOT_FOUND", "This form is already done or is not available.");
  }
  await writeAudit({ actor: auditActorOf(r), action: "READ", entityType: "FormRequest", entityId: requestId, patientId, outcome: "SUCCESS", ctx, details: viaOf(r) });
  return { requestId: req.id, instrument: req.instrument, step: index + 1, steps: set.length, dueAt: req.dueAt.toISOString() };
}

export type SubmitResult = { responseId: string; safetyFlag: boolean; remaining: number; nextRequestId: string | null };

function scoreOrThrow(code: InstrumentCode, answers: Record<string, number>) {
  const scored = scoreResponse(code, answers);
  if (!scored.ok) {
    const fieldErrors: Record<string, string[]> = {};
    for (const p of scored.problems) (fieldErrors[answerField(p.itemId)] ??= []).push(problemMessage(instruments[code], p));
    throw new AppError("VALIDATION", "Please answer every question.", fieldErrors);
  }
  return scored;
}

async function remainingFor(patientId: string) {
  const rest = await db.formRequest.findMany({ where: { patientId, status: "PENDING" }, select: { id: true }, orderBy: [{ dueAt: "asc" }, { instrument: "asc" }, { id: "asc" }], take: 20 });
  return { remaining: rest.length, nextRequestId: rest[0]?.id ?? null };
}

/** Finds the response a previous submit with this key created (double submit -> same result). */
async function replayByKey(idempotencyKey: string, patientId: string) {
  return db.formResponse.findFirst({ where: { idempotencyKey, patientId }, select: { id: true, safetyFlag: true } });
}

/**
 * A patient's answers to one requested instrument. One transaction writes the response, marks
 * the request completed, and - when PHQ-9 item 9 is above 0 - opens the safety alert, so the
 * alert can never be lost while the response is kept (docs/clinical-reference.md#phq-9-item-9-safety-event).
 */
export async function submitPatientResponse(
  r: Respondent,
  input: { requestId: string; instrument: InstrumentCode; idempotencyKey: string; answers: Record<string, number> },
  ctx: RequestContext,
  now = new Date(),
): Promise<SubmitResult> {
  const patientId = await respondentPatientId(r, input.requestId);
  const replay = await replayByKey(input.idempotencyKey, patientId);
  if (replay) return { responseId: replay.id, safetyFlag: replay.safetyFlag, ...(await remainingFor(patientId)) };
  const scored = scoreOrThrow(input.instrument, input.answers);
  try {
    const created = await db.$transaction(async (tx) => {
      const done = await tx.formRequest.updateMany({
        where: { id: input.requestId, patientId, status: "PENDING", instrument: input.instrument },
        data: { status: "COMPLETED", completedAt: now },
      });
      if (done.count !== 1) throw new AppError("NOT_FOUND", "This form is already done or is not available.");
      return writeResponse(tx, {
        patientId,
        requestId: input.requestId,
        instrument: input.instrument,
        scored,
        mode: r.kind === "portal" ? "PORTAL" : "SECURE_LINK",
        enteredById: r.kind === "portal" ? r.actor.userId : null,
        answeredAt: now,
        idempotencyKey: input.idempotencyKey,
        audit: { actor: auditActorOf(r), ctx, details: viaOf(r) },
      });
    });
    return { ...created, ...(await remainingFor(patientId)) };
  } catch (e) {
    // A concurrent submit with the same key either hit the unique key (23505) or waited on the
    // request row and found it completed: both mean "already saved" - return that response.
    if (pgErrorCode(e) === "23505" || (e instanceof AppError && e.code === "NOT_FOUND")) {
      const again = await replayByKey(input.idempotencyKey, patientId);
      if (again) return { responseId: again.id, safetyFlag: again.safetyFlag, ...(await remainingFor(patientId)) };
    }
    if (pgErrorCode(e) === "23505") throw new AppError("CONFLICT", "This form was already sent from another window.");
    if (e instanceof AppError && e.code === "NOT_FOUND") {
      await auditNotFound(auditActorOf(r), { action: "CREATE", entityType: "FormResponse", entityId: input.requestId, details: viaOf(r) }, ctx, () => patientOfRequest(input.requestId), patientId);
    }
    throw e;
  }
}

type Scored = Extract<ReturnType<typeof scoreResponse>, { ok: true }>;

async function writeResponse(
  tx: Tx,
  w: {
    patientId: string;
    requestId: string | null;
    instrument: InstrumentCode;
    scored: Scored;
    mode: "PORTAL" | "SECURE_LINK" | "PHONE" | "VIDEO";
    enteredById: string | null;
    answeredAt: Date;
    idempotencyKey: string;
    series?: { seriesId: string; version: number; reason: string; alertExists: boolean };
    audit: { actor: AuditActor; ctx: RequestContext; details: Record<string, string> };
  },
): Promise<{ responseId: string; safetyFlag: boolean }> {
  const score = w.scored.score;
  const safetyFlag = score.instrument === "PHQ9" && score.safetyFlag;
  const id = crypto.randomUUID();
  await tx.formResponse.create({
    data: {
      id,
      patientId: w.patientId,
      requestId: w.requestId,
      instrument: w.instrument,
      instrumentVersion: instruments[w.instrument].version,
      answers: w.scored.answers,
      scoreTenths: score.scoreTenths,
      safetyFlag,
      mode: w.mode,
      enteredById: w.enteredById,
      answeredAt: w.answeredAt,
      idempotencyKey: w.idempotencyKey,
      seriesId: w.series?.seriesId ?? id,
      version: w.series?.version ?? 1,
      correctionReason: w.series?.reason ?? null,
    },
    select: { id: true },
  });
  const audits: Parameters<typeof writeAudit>[0] = [
    { actor: w.audit.actor, action: "CREATE", entityType: "FormResponse", entityId: id, patientId: w.patientId, outcome: "SUCCESS", ctx: w.audit.ctx, details: { ...w.audit.details, instrument: w.instrument, mode: w.mode, version: w.series?.version ?? 1 } },
  ];
  if (safetyFlag && score.instrument === "PHQ9" && !w.series?.alertExists) {
    const alert = await tx.safetyAlert.create({ data: { patientId: w.patientId, responseId: id, item9Answer: score.item9 }, select: { id: true } });
    audits.push({ actor: w.audit.actor, action: "CREATE", entityType: "SafetyAlert", entityId: alert.id, patientId: w.patientId, outcome: "SUCCESS", ctx: w.audit.ctx, details: { kind: "phq9_item9" } });
  }
  await writeAudit(audits, tx);
  return { responseId: id, safetyFlag };
}

// ---------------------------------------------------------------------------------------------
// Staff entry and corrections
// ---------------------------------------------------------------------------------------------

/** Answers read aloud in a phone or video visit, recorded as staff-administered with the mode. */
export async function enterStaffResponse(
  actor: Actor,
  patientId: string,
  input: { instrument: InstrumentCode; mode: "PHONE" | "VIDEO"; requestId: string | null; idempotencyKey: string; answers: Record<string, number> },
  ctx: RequestContext,
  now = new Date(),
): Promise<{ responseId: string; safetyFlag: boolean }> {
  await authorize(actor, canAssessments(actor.role, "assessment.enterByStaff"), { entityType: "FormResponse", patientId, action: "CREATE" });
  const replay = await replayByKey(input.idempotencyKey, patientId);
  if (replay) return { responseId: replay.id, safetyFlag: replay.safetyFlag };
  await assertPatientExists(patientId);
  const scored = scoreOrThrow(input.instrument, input.answers);
  try {
    return await db.$transaction(async (tx) => {
      if (input.requestId) {
        const done = await tx.formRequest.updateMany({ where: { id: input.requestId, patientId, status: "PENDING", instrument: input.instrument }, data: { status: "COMPLETED", completedAt: now } });
        if (done.count !== 1) throw new AppError("VALIDATION", "That request is not pending for this patient.", { requestId: ["Choose a pending request of this patient, or none"] });
      }
      return writeResponse(tx, {
        patientId, requestId: input.requestId, instrument: input.instrument, scored, mode: input.mode, enteredById: actor.userId, answeredAt: now, idempotencyKey: input.idempotencyKey,
        audit: { actor: staff(actor), ctx, details: { via: "staff_entry" } },
      });
    });
  } catch (e) {
    if (pgErrorCode(e) === "23505" || (e instanceof AppError && e.code === "VALIDATION" && input.requestId)) {
      const again = await replayByKey(input.idempotencyKey, patientId);
      if (again) return { responseId: again.id, safetyFlag: again.safetyFlag };
    }
    if (pgErrorCode(e) === "23505") throw new AppError("CONFLICT", "That request was answered meanwhile.");
    throw e;
  }
}

/** A correction: a new version of the series with a reason. The earlier versions stay as they were. */
export async function correctResponse(
  actor: Actor,
  patientId: string,
  seriesId: string,
  input: { instrument: InstrumentCode; idempotencyKey: string; reason: string; answers: Record<string, number> },
  ctx: RequestContext,
): Promise<{ responseId: string; safetyFlag: boolean; version: number }> {
  await authorize(actor, canAssessments(actor.role, "assessment.correct"), { entityType: "FormResponse", entityId: seriesId, patientId, action: "UPDATE" });
  const replay = await db.formResponse.findFirst({ where: { idempotencyKey: input.idempotencyKey, patientId }, select: { id: true, safetyFlag: true, version: true } });
  if (replay) return { responseId: replay.id, safetyFlag: replay.safetyFlag, version: replay.version };
  const scored = scoreOrThrow(input.instrument, input.answers);
  try {
    return await db.$transaction(async (tx) => {
      const versions = await tx.formResponse.findMany({
        where: { seriesId, patientId },
        select: { id: true, version: true, instrument: true, requestId: true, mode: true, answeredAt: true, alert: { select: { id: true } } },
        orderBy: { version: "desc" },
      });
      const latest = versions[0];
      if (!latest) throw new AppError("NOT_FOUND");
      if (latest.instrument !== input.instrument) throw new AppError("VALIDATION", "The form does not match the answer being corrected.");
      const version = latest.version + 1;
      const w = await writeResponse(tx, {
        patientId, requestId: latest.requestId, instrument: latest.instrument, scored, mode: latest.mode, enteredById: actor.userId,
        answeredAt: latest.answeredAt, idempotencyKey: input.idempotencyKey,
        series: { seriesId, version, reason: input.reason, alertExists: versions.some((v) => v.alert) },
        audit: { actor: staff(actor), ctx, details: { via: "correction", correctsId: latest.id } },
      });
      return { ...w, version };
    });
  } catch (e) {
    // Two people correcting at once: (seriesId, version) is unique, so one of them is told to reload.
    if (pgErrorCode(e) === "23505") throw new AppError("CONFLICT", "Someone corrected this answer meanwhile. Reload and check the latest version.");
    throw e;
  }
}

// ---------------------------------------------------------------------------------------------
// Results for clinicians
// ---------------------------------------------------------------------------------------------

export type ItemAnswer = { itemId: string; number: number; text: string; value: number | null; label: string };

export type ResponseView = {
  id: string;
  seriesId: string;
  version: number;
  versions: number;
  instrument: InstrumentCode;
  instrumentVersion: string;
  answeredAt: string;
  recordedAt: string;
  mode: "PORTAL" | "SECURE_LINK" | "PHONE" | "VIDEO";
  enteredByName: string | null;
  scoreTenths: number;
  display: string;
  severity: Phq9Severity | null;
  safetyFlag: boolean;
  correctionReason: string | null;
  items: ItemAnswer[];
};

export type PegPoint = { t: number; responseId: string; scoreTenths: number; display: string; drop30Percent: boolean; drop1Point: boolean; percentChange: number | null };
export type Phq9Point = { t: number; responseId: string; total: number; severity: Phq9Severity; safetyFlag: boolean };

export type AssessmentResults = {
  patientId: string;
  peg: { latest: ResponseView | null; baseline: PegPoint | null; points: PegPoint[] };
  phq9: { latest: ResponseView | null; points: Phq9Point[] };
  /** Latest version of every answer, newest first. */
  recent: ResponseView[];
};

const responseSelect = {
  id: true, seriesId: true, version: true, instrument: true, instrumentVersion: true, answeredAt: true, createdAt: true, mode: true, enteredById: true,
  scoreTenths: true, safetyFlag: true, correctionReason: true, answers: true,
} satisfies Prisma.FormResponseSelect;
type ResponseRow = Prisma.FormResponseGetPayload<{ select: typeof responseSelect }>;

function toView(r: ResponseRow, names: Map<string, string>, versions: number): ResponseView {
  const inst = instruments[r.instrument];
  const answers = (r.answers ?? {}) as Record<string, number>;
  return {
    id: r.id,
    seriesId: r.seriesId,
    version: r.version,
    versions,
    instrument: r.instrument,
    instrumentVersion: r.instrumentVersion,
    answeredAt: r.answeredAt.toISOString(),
    recordedAt: r.createdAt.toISOString(),
    mode: r.mode,
    enteredByName: r.enteredById ? (names.get(r.enteredById) ?? null) : null,
    scoreTenths: r.scoreTenths,
    display: r.instrument === "PEG" ? formatTenths(r.scoreTenths) : String(r.scoreTenths / 10),
    severity: r.instrument === "PHQ9" ? phq9Severity(r.scoreTenths / 10) : null,
    safetyFlag: r.safetyFlag,
    correctionReason: r.correctionReason,
    items: inst.items.map((item) => {
      const value = typeof answers[item.id] === "number" ? answers[item.id]! : null;
      return { itemId: item.id, number: item.number, text: item.text, value, label: value === null ? "Not answered" : (item.options.find((o) => o.value === value)?.label ?? String(value)) };
    }),
  };
}

/** Latest scores, item answers and trends for one patient (chart and visit workspace). */
export async function getAssessmentResults(actor: Actor, patientId: string, ctx: RequestContext): Promise<AssessmentResults> {
  await authorize(actor, canAssessments(actor.role, "assessment.readResults"), { entityType: "FormResponse", patientId, action: "READ" });
  const rows = await db.formResponse.findMany({ where: { patientId }, select: responseSelect, orderBy: [{ answeredAt: "asc" }, { version: "asc" }] });
  const bySeries = new Map<string, ResponseRow[]>();
  for (const r of rows) {
    const list = bySeries.get(r.seriesId) ?? [];
    list.push(r);
    bySeries.set(r.seriesId, list);
  }
  const current = [...bySeries.values()].map((vs) => ({ row: vs.reduce((a, b) => (b.version > a.version ? b : a)), versions: vs.length }));
  current.sort((a, b) => a.row.answeredAt.getTime() - b.row.answeredAt.getTime() || a.row.id.localeCompare(b.row.id));
  const names = await userNamesById(current.map((c) => c.row.enteredById));
  const views = current.map((c) => toView(c.row, names, c.versions));

  const pegViews = views.filter((v) => v.instrument === "PEG");
  const base = pegViews[0];
  const pegPoints: PegPoint[] = pegViews.map((v) => {
    const c = comparePegToBaseline(base!.scoreTenths, v.scoreTenths);
    return { t: Date.parse(v.answeredAt), responseId: v.id, scoreTenths: v.scoreTenths, display: v.display, drop30Percent: c.drop30Percent, drop1Point: c.drop1Point, percentChange: c.percentChange };
  });
  const phqViews = views.filter((v) => v.instrument === "PHQ9");
  await writeAudit({ actor: staff(actor), action: "READ", entityType: "FormResponse", patientId, outcome: "SUCCESS", ctx, details: { scope: "results", responses: views.length } });
  return {
    patientId,
    peg: { latest: pegViews.at(-1) ?? null, baseline: pegPoints[0] ?? null, points: pegPoints },
    phq9: {
      latest: phqViews.at(-1) ?? null,
      points: phqViews.map((v) => ({ t: Date.parse(v.answeredAt), responseId: v.id, total: v.scoreTenths / 10, severity: v.severity!, safetyFlag: v.safetyFlag })),
    },
    recent: [...views].reverse(),
  };
}

/** Every version of one answer, newest first: a correction never hides what was there before. */
export async function getResponseHistory(actor: Actor, patientId: string, seriesId: string, ctx: RequestContext): Promise<ResponseView[]> {
  await authorize(actor, canAssessments(actor.role, "assessment.readResults"), { entityType: "FormResponse", entityId: seriesId, patientId, action: "READ" });
  const rows = await db.formResponse.findMany({ where: { seriesId, patientId }, select: responseSelect, orderBy: { version: "desc" } });
  if (rows.length === 0) throw new AppError("NOT_FOUND");
  const names = await userNamesById(rows.map((r) => r.enteredById));
  await writeAudit({ actor: staff(actor), action: "READ", entityType: "FormResponse", entityId: seriesId, patientId, outcome: "SUCCESS", ctx, details: { scope: "history", versions: rows.length } });
  return rows.map((r) => toView(r, names, rows.length));
}

/** Pending requests of one patient, for the staff entry form's "answers a request" choice. */
export async function listPendingRequestsForStaff(actor: Actor, patientId: string): Promise<{ id: string; instrument: InstrumentCode; dueAt: string }[]> {
  await authorize(actor, canAssessments(actor.role, "assessment.enterByStaff"), { entityType: "FormRequest", patientId, action: "LIST" });
  const rows = await db.formRequest.findMany({ where: { patientId, status: "PENDING" }, select: { id: true, instrument: true, dueAt: true }, orderBy: { dueAt: "asc" } });
  return rows.map((r) => ({ id: r.id, instrument: r.instrument, dueAt: r.dueAt.toISOString() }));
}

// ---------------------------------------------------------------------------------------------
// Visit readiness and the coordinator's queue
// ---------------------------------------------------------------------------------------------

/**
 * Pre-visit form status per visit for the Today list and coordinator views. Returns statuses
 * only (no PHI); the caller has already authorized the visits it lists. Visits without
 * requests map to "none".
 */
export async function getFormStatusForVisits(visitIds: readonly string[], now = new Date()): Promise<Record<string, FormReadiness>> {
  const out: Record<string, FormReadiness> = {};
  if (visitIds.length === 0) return out;
  const rows = await db.formRequest.findMany({ where: { visitId: { in: [...visitIds] } }, select: { visitId: true, status: true, dueAt: true } });
  for (const id of visitIds) out[id] = computeReadiness(rows.filter((r) => r.visitId === id), now);
  return out;
}

export type QueueRow = {
  requestId: string;
  patientId: string;
  patientName: string;
  mrn: string;
  phone: string | null;
  instrument: InstrumentCode;
  visitId: string | null;
  dueAt: string;
  state: "pending" | "overdue";
  reminderCount: number;
  lastRemindedAt: string | null;
};

/** Coordinator work queue: pending and overdue forms, overdue first (soonest due first). */
export async function listFormQueue(actor: Actor, ctx: RequestContext, now = new Date()): Promise<{ rows: QueueRow[]; overdue: number; pending: number }> {
  await authorize(actor, canAssessments(actor.role, "formRequest.listQueue"), { entityType: "FormRequest", action: "LIST" });
  const rows = await db.formRequest.findMany({
    where: { status: "PENDING" },
    select: { id: true, patientId: true, instrument: true, visitId: true, dueAt: true, reminderCount: true, lastRemindedAt: true, patient: { select: { givenName: true, familyName: true, mrn: true, phone: true } } },
    orderBy: [{ dueAt: "asc" }, { id: "asc" }],
    take: 500,
  });
  const out: QueueRow[] = rows.map((r) => ({
    requestId: r.id,
    patientId: r.patientId,
    patientName: fullName(r.patient),
    mrn: r.patient.mrn,
    phone: r.patient.phone,
    instrument: r.instrument,
    visitId: r.visitId,
    dueAt: r.dueAt.toISOString(),
    state: isPastDue(r.dueAt, now) ? "overdue" : "pending",
    reminderCount: r.reminderCount,
    lastRemindedAt: r.lastRemindedAt?.toISOString() ?? null,
  }));
  await writeAudit({ actor: staff(actor), action: "LIST", entityType: "FormRequest", outcome: "SUCCESS", ctx, details: { scope: "queue", results: out.length } });
  const overdue = out.filter((r) => r.state === "overdue").length;
  return { rows: out, overdue, pending: out.length - overdue };
}

export { instrumentCodes };

export type SubmissionOutcome = { instrument: InstrumentCode; safetyFlag: boolean; remaining: number; nextRequestId: string | null };

/** What the confirmation page needs about a just-submitted response, scoped to the respondent's patient. */
export async function getSubmissionOutcome(r: Respondent, responseId: string, ctx: RequestContext): Promise<SubmissionOutcome> {
  const patientId = await respondentPatientId(r, responseId);
  const row = await db.formResponse.findFirst({ where: { id: responseId, patientId }, select: { instrument: true, safetyFlag: true } });
  if (!row) throw new AppError("NOT_FOUND");
  await writeAudit({ actor: auditActorOf(r), action: "READ", entityType: "FormResponse", entityId: responseId, patientId, outcome: "SUCCESS", ctx, details: { ...viaOf(r), scope: "confirmation" } });
  return { instrument: row.instrument, safetyFlag: row.safetyFlag, ...(await remainingFor(patientId)) };
}
