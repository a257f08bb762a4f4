import "server-only";
import { auditNotFound, writeAudit } from "@/server/audit";
import { db } from "@/server/db";
import { AppError, pgErrorCode } from "@/server/errors";
import type { RequestContext } from "@/server/request-context";
import { instruments, type InstrumentCode } from "./core/instruments";
import { isPastDue } from "./core/readiness";
import { auditActorOf, patientOfRequest, respondentPatientId, viaOf, type Respondent } from "./respondent.server";
import { remainingFor, replayByKey, scoreOrThrow, writeResponse } from "./write-response.server";

/** The patient side (portal or a forms link): the pending list, one form to fill, the submit and its confirmation. */

export type PendingForm = {
  requestId: string;
  instrument: InstrumentCode;
  title: string;
  minutes: number;
  dueAt: string;
  overdue: boolean;
};

export async function listPendingForms(
  r: Respondent,
  ctx: RequestContext,
  now = new Date(),
): Promise<{ forms: PendingForm[]; timeZone: string; preferredLanguage: string | null }> {
  const patientId = await respondentPatientId(r, null);
  const patient = await db.patient.findUnique({
    where: { id: patientId },
    select: { timeZone: true, preferredLanguage: true },
  });
  const rows = await db.formRequest.findMany({
    where: { patientId, status: "PENDING" },
    select: { id: true, instrument: true, dueAt: true },
    // PEG first: it is short, and finishing something early keeps people going.
    orderBy: [{ dueAt: "asc" }, { instrument: "asc" }, { id: "asc" }],
    take: 20,
  });
  await writeAudit({
    actor: auditActorOf(r),
    action: "LIST",
    entityType: "FormRequest",
    patientId,
    outcome: "SUCCESS",
    ctx,
    details: { ...viaOf(r), results: rows.length },
  });
  const forms = rows.map((x) => ({
    requestId: x.id,
    instrument: x.instrument,
    title: instruments[x.instrument].patientTitle,
    minutes: instruments[x.instrument].minutesToComplete,
    dueAt: x.dueAt.toISOString(),
    overdue: isPastDue(x.dueAt, now),
  }));
  return { forms, timeZone: patient?.timeZone ?? "UTC", preferredLanguage: patient?.preferredLanguage ?? null };
}

export type FormToFill = {
  requestId: string;
  instrument: InstrumentCode;
  step: number;
  steps: number;
  dueAt: string;
  /** The patient's preferred language (the page's language unless the patient switched). */
  preferredLanguage: string | null;
};

/** The respondent's patient's preferred language (read with the page's own audited read). */
async function preferredLanguageOf(patientId: string): Promise<string | null> {
  const p = await db.patient.findUnique({ where: { id: patientId }, select: { preferredLanguage: true } });
  return p?.preferredLanguage ?? null;
}

/** One pending request of the respondent's patient, with its place among the pending ones. */
export async function getFormToFill(r: Respondent, requestId: string, ctx: RequestContext): Promise<FormToFill> {
  const patientId = await respondentPatientId(r, requestId);
  // Progress counts forms finished in this sitting too ("Form 2 of 2" after the first is sent).
  const sittingStart = new Date(Date.now() - 2 * 3_600_000);
  const [set, preferredLanguage] = await Promise.all([
    db.formRequest.findMany({
      where: { patientId, OR: [{ status: "PENDING" }, { status: "COMPLETED", completedAt: { gte: sittingStart } }] },
      select: { id: true, instrument: true, dueAt: true, status: true },
      orderBy: [
        { completedAt: { sort: "asc", nulls: "last" } },
        { dueAt: "asc" },
        { instrument: "asc" },
        { id: "asc" },
      ],
      take: 20,
    }),
    preferredLanguageOf(patientId),
  ]);
  const index = set.findIndex((p) => p.id === requestId);
  const req = set[index]?.status === "PENDING" ? set[index] : undefined;
  if (!req) {
    await auditNotFound(
      auditActorOf(r),
      { action: "READ", entityType: "FormRequest", entityId: requestId, details: viaOf(r) },
      ctx,
      () => patientOfRequest(requestId),
      patientId,
    );
    throw new AppError("NOT_FOUND", "This form is already done or is not available.");
  }
  await writeAudit({
    actor: auditActorOf(r),
    action: "READ",
    entityType: "FormRequest",
    entityId: requestId,
    patientId,
    outcome: "SUCCESS",
    ctx,
    details: viaOf(r),
  });
  return {
    requestId: req.id,
    instrument: req.instrument,
    step: index + 1,
    steps: set.length,
    dueAt: req.dueAt.toISOString(),
    preferredLanguage,
  };
}

/**
 * The wording the answers were given to: an approved translation into the page's language when
 * the form says it showed one (and it is approved), else the original English.
 */
async function wordingOf(
  instrument: InstrumentCode,
  pageLanguage: string | null,
  translationVersion: string | null,
): Promise<{ language: string; translationVersion: string | null }> {
  if (!pageLanguage || !translationVersion) return { language: "en", translationVersion: null };
  const ok = await db.instrumentTranslation.findFirst({
    where: { instrument, language: pageLanguage, version: translationVersion, approvedAt: { not: null } },
    select: { id: true },
  });
  if (!ok) throw new AppError("VALIDATION", "This form changed while it was open. Please open it again.");
  return { language: pageLanguage, translationVersion };
}

type SubmitResult = { responseId: string; safetyFlag: boolean; remaining: number; nextRequestId: string | null };

/**
 * A patient's answers to one requested instrument. One transaction writes the response, marks
 * the request completed, and - when PHQ-9 item 9 is above 0 - opens the safety alert, so the
 * alert can never be lost while the response is kept (docs/clinical-reference.md#phq-9-item-9-safety-event).
 */
export async function submitPatientResponse(
  r: Respondent,
  input: {
    requestId: string;
    instrument: InstrumentCode;
    idempotencyKey: string;
    answers: Record<string, number>;
    pageLanguage?: string | null;
    /** The approved translation the form showed; recorded only when it is approved for that language. */
    translationVersion?: string | null;
  },
  ctx: RequestContext,
  now = new Date(),
): Promise<SubmitResult> {
  const patientId = await respondentPatientId(r, input.requestId);
  const replay = await replayByKey(input.idempotencyKey, patientId);
  if (replay) return { responseId: replay.id, safetyFlag: replay.safetyFlag, ...(await remainingFor(patientId)) };
  const scored = scoreOrThrow(input.instrument, input.answers);
  const wording = await wordingOf(input.instrument, input.pageLanguage ?? null, input.translationVersion ?? null);
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
        pageLanguage: input.pageLanguage ?? null,
        wording,
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
      await auditNotFound(
        auditActorOf(r),
        { action: "CREATE", entityType: "FormResponse", entityId: input.requestId, details: viaOf(r) },
        ctx,
        () => patientOfRequest(input.requestId),
        patientId,
      );
    }
    throw e;
  }
}

export type SubmissionOutcome = {
  instrument: InstrumentCode;
  safetyFlag: boolean;
  remaining: number;
  nextRequestId: string | null;
  preferredLanguage: string | null;
};

/** What the confirmation page needs about a just-submitted response, scoped to the respondent's patient. */
export async function getSubmissionOutcome(
  r: Respondent,
  responseId: string,
  ctx: RequestContext,
): Promise<SubmissionOutcome> {
  const patientId = await respondentPatientId(r, responseId);
  const row = await db.formResponse.findFirst({
    where: { id: responseId, patientId },
    select: { instrument: true, safetyFlag: true },
  });
  if (!row) throw new AppError("NOT_FOUND");
  await writeAudit({
    actor: auditActorOf(r),
    action: "READ",
    entityType: "FormResponse",
    entityId: responseId,
    patientId,
    outcome: "SUCCESS",
    ctx,
    details: { ...viaOf(r), scope: "confirmation" },
  });
  const [remaining, preferredLanguage] = await Promise.all([remainingFor(patientId), preferredLanguageOf(patientId)]);
  return { instrument: row.instrument, safetyFlag: row.safetyFlag, ...remaining, preferredLanguage };
}
