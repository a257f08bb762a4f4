import "server-only";
import { writeAudit, type AuditActor } from "@/server/audit";
import { db, type Tx } from "@/server/db";
import { AppError } from "@/server/errors";
import type { RequestContext } from "@/server/request-context";
import { instruments, type InstrumentCode } from "./core/instruments";
import { problemMessage, scoreResponse } from "./core/scoring";
import { answerField } from "./schemas";

/**
 * Writing one answer, shared by the patient's submit, staff entry and corrections: scoring (or
 * the form's errors), the idempotency replay, the response row with its audit row and - for a
 * PHQ-9 item 9 answer above 0 - the safety alert, all in the caller's transaction.
 */

export function scoreOrThrow(code: InstrumentCode, answers: Record<string, number>) {
  const scored = scoreResponse(code, answers);
  if (!scored.ok) {
    const fieldErrors: Record<string, string[]> = {};
    for (const p of scored.problems)
      (fieldErrors[answerField(p.itemId)] ??= []).push(problemMessage(instruments[code], p));
    throw new AppError("VALIDATION", "Please answer every question.", fieldErrors);
  }
  return scored;
}

export async function remainingFor(patientId: string) {
  const rest = await db.formRequest.findMany({
    where: { patientId, status: "PENDING" },
    select: { id: true },
    orderBy: [{ dueAt: "asc" }, { instrument: "asc" }, { id: "asc" }],
    take: 20,
  });
  return { remaining: rest.length, nextRequestId: rest[0]?.id ?? null };
}

/** Finds the response a previous submit with this key created (double submit -> same result). */
export async function replayByKey(idempotencyKey: string, patientId: string) {
  return db.formResponse.findFirst({ where: { idempotencyKey, patientId }, select: { id: true, safetyFlag: true } });
}

type Scored = Extract<ReturnType<typeof scoreResponse>, { ok: true }>;

export async function writeResponse(
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
    /** The page's language when the patient filled it; none for staff entry. */
    pageLanguage?: string | null;
    /** The wording's language and approved translation version; the original English when absent. */
    wording?: { language: string; translationVersion: string | null };
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
      // docs/decisions/i18n.md, "Instrument translations".
      language: w.wording?.language ?? "en",
      translationVersion: w.wording?.translationVersion ?? null,
      pageLanguage: w.pageLanguage ?? null,
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
    {
      actor: w.audit.actor,
      action: "CREATE",
      entityType: "FormResponse",
      entityId: id,
      patientId: w.patientId,
      outcome: "SUCCESS",
      ctx: w.audit.ctx,
      details: { ...w.audit.details, instrument: w.instrument, mode: w.mode, version: w.series?.version ?? 1 },
    },
  ];
  if (safetyFlag && score.instrument === "PHQ9" && !w.series?.alertExists) {
    const alert = await tx.safetyAlert.create({
      data: { patientId: w.patientId, responseId: id, item9Answer: score.item9 },
      select: { id: true },
    });
    audits.push({
      actor: w.audit.actor,
      action: "CREATE",
      entityType: "SafetyAlert",
      entityId: alert.id,
      patientId: w.patientId,
      outcome: "SUCCESS",
      ctx: w.audit.ctx,
      details: { kind: "phq9_item9" },
    });
  }
  await writeAudit(audits, tx);
  return { responseId: id, safetyFlag };
}
