import "server-only";
import { writeAudit, type AuditActor } from "@/server/audit";
import { authorize } from "@/server/auth/actor";
import { db, type Tx } from "@/server/db";
import { getEnv } from "@/server/env";
import { AppError, pgErrorCode } from "@/server/errors";
import type { RequestContext } from "@/server/request-context";
import { canCarePlan } from "../care-plan/policy";
import type { Actor } from "../identity/core/roles";
import { consentExpiry, type ConsentKind, type ConsentRecordKind } from "./core/consent-rules";
import { assertCurrentText } from "./consent-texts.server";

const who = (a: Actor) => ({ userId: a.userId, role: a.role });

/** Staff record verbal consent read to the patient (who, when, which version, optional witness). */
export async function captureVerbalConsent(
  actor: Actor,
  input: { patientId: string; kind: ConsentKind; textId: string; witnessName: string; idempotencyKey: string },
  ctx: RequestContext,
): Promise<{ id: string }> {
  await authorize(actor, canCarePlan(actor.role, "consent.captureVerbal"), {
    entityType: "ConsentRecord",
    patientId: input.patientId,
    action: "CREATE",
  });
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
  await authorize(actor, canCarePlan(actor.role, "consent.giveOwn") && !!actor.patientId, {
    entityType: "ConsentRecord",
    action: "CREATE",
  });
  await assertCurrentText(input.textId, input.kind);
  return writeConsent({
    patientId: actor.patientId!,
    kind: input.kind,
    textId: input.textId,
    method: "ELECTRONIC",
    capturedById: null,
    witnessName: null,
    typedName: input.typedName,
    idempotencyKey: input.idempotencyKey,
    actor,
    ctx,
  });
}

type ConsentWrite = {
  patientId: string;
  kind: ConsentRecordKind;
  textId: string;
  method: "VERBAL" | "ELECTRONIC" | "PAPER";
  capturedById: string | null;
  witnessName: string | null;
  typedName: string | null;
  idempotencyKey: string;
  actor: Actor | null;
  ctx: RequestContext;
  /** Verbal consent captured while starting a visit: which visit (audit details only). */
  visitId?: string;
  /** Who wrote it when there is no account (a secure link): null actor, audit details say how. */
  auditActor?: AuditActor;
  auditDetails?: Record<string, string>;
  /** The record's expiry from the time it is written (default: CONSENT_VALID_MONTHS, telehealth consent). */
  expiry?: (now: Date) => Date;
};

/** The one insert of a consent record, verbal or electronic, with its audit row, in the caller's transaction. */
export async function insertConsent(tx: Tx, a: ConsentWrite, now: Date): Promise<{ id: string }> {
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
      expiresAt: a.expiry ? a.expiry(now) : consentExpiry(now, getEnv().CONSENT_VALID_MONTHS),
      idempotencyKey: a.idempotencyKey,
    },
    select: { id: true },
  });
  await writeAudit(
    {
      actor: a.auditActor !== undefined ? a.auditActor : a.actor ? who(a.actor) : null,
      action: "CREATE",
      entityType: "ConsentRecord",
      entityId: r.id,
      patientId: a.patientId,
      outcome: "SUCCESS",
      ctx: a.ctx,
      details: {
        kind: a.kind,
        method: a.method,
        ...(a.visitId ? { visitId: a.visitId, at: "visit_start" } : {}),
        ...a.auditDetails,
      },
    },
    tx,
  );
  return r;
}

/** Idempotent write of one consent record (any kind) with its audit row: the one way records are written outside a visit start. */
export async function writeConsent(a: ConsentWrite): Promise<{ id: string }> {
  const existing = await db.consentRecord.findUnique({
    where: { idempotencyKey: a.idempotencyKey },
    select: { id: true, patientId: true },
  });
  if (existing) {
    if (existing.patientId !== a.patientId)
      throw new AppError("CONFLICT", "This form was already used. Reload the page.");
    return { id: existing.id };
  }
  try {
    return await db.$transaction((tx) => insertConsent(tx, a, new Date()));
  } catch (e) {
    if (pgErrorCode(e) === "23505") {
      const again = await db.consentRecord.findUnique({
        where: { idempotencyKey: a.idempotencyKey },
        select: { id: true },
      });
      if (again) return again;
    }
    throw e;
  }
}
