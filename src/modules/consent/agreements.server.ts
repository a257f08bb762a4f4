import "server-only";
import { readCareProgramSettings } from "../care-program/index.server";
import { canCarePlan } from "../care-plan/policy";
import type { Actor } from "../identity/core/roles";
import { userNamesById } from "@/modules/identity/index.server";
import { issuePatientLink, linkSessionAudit, type LinkSession } from "../patient-access/index.server";
import { auditNotFound, writeAudit, type AuditActor } from "@/server/audit";
import { authorize, denyAccess } from "@/server/auth/actor";
import { db } from "@/server/db";
import { getEnv } from "@/server/env";
import { AppError } from "@/server/errors";
import type { RequestContext } from "@/server/request-context";
import {
  AGREEMENT_KIND,
  AGREEMENT_LINK_TTL_DAYS,
  agreementExpiry,
  agreementNeedsSignature,
  agreementStatus,
  PATIENT_AGREEMENT_REVOCATION_REASON,
  type AgreementMethod,
  type AgreementStatus,
} from "./core/agreement-rules";
import { assertCurrentText } from "./consent-texts.server";
import { revokersById } from "./patient-consents.server";
import { writeConsent } from "./record-consent.server";
import { revokeRecord } from "./revoke-consent.server";

/**
 * Patient agreements for long-term opioid therapy (docs/clinical-reference.md#patient-agreements),
 * on the consent records mechanism: the text is a ConsentText of kind OPIOID_AGREEMENT (versioned,
 * admin-managed), each signature a ConsentRecord of that kind (immutable; revoked on the row),
 * written by the same insert as telehealth consent with its audit row. What differs is only the
 * expiry (the renewal date from the care program's `agreementRenewalMonths`, in the clinic's
 * calendar), who may record it (staff: on paper or verbally with a witness) and where the patient
 * signs (the portal, or a secure link of purpose "agreement").
 */

export type AgreementTextDto = { id: string; version: number; title: string; body: string };
export type AgreementRecordDto = {
  id: string;
  method: AgreementMethod;
  textVersion: number;
  textTitle: string;
  signedAt: string;
  /** Staff who recorded a paper or verbal agreement; null when the patient signed electronically. */
  recordedBy: string | null;
  witnessName: string | null;
  typedName: string | null;
  renewBy: string;
  revokedAt: string | null;
  revokedReason: string | null;
  revokedBy: { kind: "patient" } | { kind: "staff"; name: string } | null;
};
export type AgreementView = {
  status: AgreementStatus;
  needsSignature: boolean;
  records: AgreementRecordDto[];
  /** The current text (what a new signature is given to), or null when none is published. */
  text: AgreementTextDto | null;
  renewalMonths: number;
};

const who = (a: Actor) => ({ userId: a.userId, role: a.role });
const timeZone = () => getEnv().CLINIC_TIME_ZONE;

/** The current (highest) version of the agreement text. Not PHI. */
export async function getCurrentAgreementText(): Promise<AgreementTextDto | null> {
  const t = await db.consentText.findFirst({
    where: { kind: AGREEMENT_KIND },
    orderBy: { version: "desc" },
    select: { id: true, version: true, title: true, body: true },
  });
  return t;
}

async function loadAgreement(patientId: string, now: Date): Promise<AgreementView> {
  const [rows, text, settings] = await Promise.all([
    db.consentRecord.findMany({
      where: { patientId, kind: AGREEMENT_KIND },
      orderBy: { capturedAt: "desc" },
      take: 50,
      select: {
        id: true,
        kind: true,
        method: true,
        capturedAt: true,
        capturedById: true,
        witnessName: true,
        typedName: true,
        expiresAt: true,
        revokedAt: true,
        revokedById: true,
        revokedReason: true,
        text: { select: { version: true, title: true } },
      },
    }),
    getCurrentAgreementText(),
    readCareProgramSettings(),
  ]);
  const [names, revokers] = await Promise.all([
    userNamesById(rows.map((r) => r.capturedById)),
    revokersById(rows.map((r) => r.revokedById)),
  ]);
  const status = agreementStatus(rows, now);
  return {
    status,
    needsSignature: agreementNeedsSignature(status),
    text,
    renewalMonths: settings.agreementRenewalMonths,
    records: rows.map((r) => ({
      id: r.id,
      method: r.method,
      textVersion: r.text.version,
      textTitle: r.text.title,
      signedAt: r.capturedAt.toISOString(),
      recordedBy: r.capturedById ? (names.get(r.capturedById) ?? "Staff") : null,
      witnessName: r.witnessName,
      typedName: r.typedName,
      renewBy: r.expiresAt.toISOString(),
      revokedAt: r.revokedAt?.toISOString() ?? null,
      revokedReason: r.revokedReason,
      revokedBy: r.revokedAt ? (revokers.get(r.revokedById ?? "") ?? { kind: "staff" as const, name: "Staff" }) : null,
    })),
  };
}

/** The chart's agreement section (care team) or the patient's own page. Audited as a read. */
export async function getPatientAgreement(
  actor: Actor,
  patientId: string,
  ctx: RequestContext,
  now = new Date(),
): Promise<AgreementView> {
  const own = actor.role === "PATIENT" && actor.patientId === patientId;
  if (!own && !canCarePlan(actor.role, "agreement.read"))
    await denyAccess(actor, { entityType: "ConsentRecord", patientId, action: "READ" });
  const view = await loadAgreement(patientId, now);
  await writeAudit({
    actor: who(actor),
    action: "READ",
    entityType: "ConsentRecord",
    patientId,
    outcome: "SUCCESS",
    ctx,
    details: { scope: "agreement", records: view.records.length },
  });
  return view;
}

/** The agreement page of a secure link: only the link's patient, audited with the link session. */
export async function getLinkAgreement(
  session: LinkSession,
  ctx: RequestContext,
  now = new Date(),
): Promise<AgreementView> {
  const view = await loadAgreement(session.patientId, now);
  await writeAudit({
    actor: null,
    action: "READ",
    entityType: "ConsentRecord",
    patientId: session.patientId,
    outcome: "SUCCESS",
    ctx,
    details: { scope: "agreement", records: view.records.length, ...linkSessionAudit(session) },
  });
  return view;
}

type Signature = { textId: string; typedName: string; idempotencyKey: string };

async function writeAgreement(a: {
  patientId: string;
  textId: string;
  method: AgreementMethod;
  recordedBy: Actor | null;
  witnessName: string | null;
  typedName: string | null;
  idempotencyKey: string;
  auditActor: AuditActor;
  auditDetails: Record<string, string>;
  ctx: RequestContext;
}): Promise<{ id: string; renewBy: Date }> {
  await assertCurrentText(a.textId, AGREEMENT_KIND).catch((e: unknown) => {
    throw e instanceof AppError && e.code === "CONFLICT"
      ? new AppError("CONFLICT", "The agreement was updated. Reload the page and read the current version.", {
          textId: ["A newer version exists"],
        })
      : e;
  });
  const months = (await readCareProgramSettings()).agreementRenewalMonths;
  const tz = timeZone();
  const r = await writeConsent({
    patientId: a.patientId,
    kind: AGREEMENT_KIND,
    textId: a.textId,
    method: a.method,
    capturedById: a.recordedBy?.userId ?? null,
    witnessName: a.witnessName,
    typedName: a.typedName,
    idempotencyKey: a.idempotencyKey,
    actor: a.recordedBy,
    auditActor: a.auditActor,
    auditDetails: a.auditDetails,
    ctx: a.ctx,
    expiry: (now) => agreementExpiry(now, months, tz),
  });
  const row = await db.consentRecord.findUniqueOrThrow({ where: { id: r.id }, select: { expiresAt: true } });
  return { id: r.id, renewBy: row.expiresAt };
}

/** The patient signs in the portal: typed full name, time, IP and browser (like e-consent). */
export async function signOwnAgreement(
  actor: Actor,
  input: Signature,
  ctx: RequestContext,
): Promise<{ id: string; renewBy: Date }> {
  await authorize(actor, canCarePlan(actor.role, "agreement.signOwn") && !!actor.patientId, {
    entityType: "ConsentRecord",
    action: "CREATE",
  });
  return writeAgreement({
    patientId: actor.patientId!,
    textId: input.textId,
    method: "ELECTRONIC",
    recordedBy: null,
    witnessName: null,
    typedName: input.typedName,
    idempotencyKey: input.idempotencyKey,
    auditActor: who(actor),
    auditDetails: { via: "portal" },
    ctx,
  });
}

/** The patient signs from the clinic's secure link: the link session's patient, nobody else. */
export async function signAgreementByLink(
  session: LinkSession,
  input: Signature,
  ctx: RequestContext,
): Promise<{ id: string; renewBy: Date }> {
  return writeAgreement({
    patientId: session.patientId,
    textId: input.textId,
    method: "ELECTRONIC",
    recordedBy: null,
    witnessName: null,
    typedName: input.typedName,
    idempotencyKey: input.idempotencyKey,
    auditActor: null,
    auditDetails: linkSessionAudit(session),
    ctx,
  });
}

/** Staff record an agreement the patient signed on paper, or agreed to verbally (with a witness). */
export async function recordAgreement(
  actor: Actor,
  input: { patientId: string; textId: string; method: "PAPER" | "VERBAL"; witnessName: string; idempotencyKey: string },
  ctx: RequestContext,
): Promise<{ id: string; renewBy: Date }> {
  await authorize(actor, canCarePlan(actor.role, "agreement.record"), {
    entityType: "ConsentRecord",
    patientId: input.patientId,
    action: "CREATE",
  });
  if (input.method === "VERBAL" && input.witnessName.trim().length < 2)
    throw new AppError("VALIDATION", "Name the witness who heard the patient agree.", {
      witnessName: ["Name the witness who heard the patient agree"],
    });
  const patient = await db.patient.findUnique({ where: { id: input.patientId }, select: { id: true } });
  if (!patient) throw new AppError("NOT_FOUND");
  return writeAgreement({
    patientId: input.patientId,
    textId: input.textId,
    method: input.method,
    recordedBy: actor,
    witnessName: input.witnessName || null,
    typedName: null,
    idempotencyKey: input.idempotencyKey,
    auditActor: who(actor),
    auditDetails: { via: "staff" },
    ctx,
  });
}

/** Staff revoke an agreement (with the reason). The record stays; the chart shows it revoked. */
export async function revokeAgreement(
  actor: Actor,
  input: { agreementId: string; reason: string },
  ctx: RequestContext,
): Promise<{ patientId: string }> {
  await authorize(actor, canCarePlan(actor.role, "agreement.revoke"), {
    entityType: "ConsentRecord",
    entityId: input.agreementId,
    action: "UPDATE",
  });
  return db.$transaction(async (tx) => {
    const r = await tx.consentRecord.findUnique({
      where: { id: input.agreementId },
      select: { id: true, patientId: true, kind: true },
    });
    if (!r || r.kind !== AGREEMENT_KIND)
      throw new AppError("NOT_FOUND", "We could not find that agreement. Reload the page.");
    await revokeRecord(tx, r, {
      actor,
      reason: input.reason,
      by: "staff",
      ctx,
      now: new Date(),
      alreadyMessage: "This agreement was already revoked.",
    });
    return { patientId: r.patientId };
  });
}

/** The patient revokes their own agreement in the portal (their own words may follow the standard reason). */
export async function revokeOwnAgreement(
  actor: Actor,
  input: { agreementId: string; note: string },
  ctx: RequestContext,
): Promise<void> {
  await authorize(actor, canCarePlan(actor.role, "agreement.revokeOwn") && !!actor.patientId, {
    entityType: "ConsentRecord",
    entityId: input.agreementId,
    action: "UPDATE",
  });
  const r = await db.consentRecord.findUnique({
    where: { id: input.agreementId },
    select: { id: true, patientId: true, kind: true },
  });
  if (!r || r.patientId !== actor.patientId || r.kind !== AGREEMENT_KIND) {
    await auditNotFound(
      who(actor),
      { action: "UPDATE", entityType: "ConsentRecord", entityId: input.agreementId },
      ctx,
      async () => r?.patientId,
      actor.patientId,
    );
    throw new AppError("NOT_FOUND", "We could not find that agreement. Go back to your agreement page and try again.");
  }
  const reason = input.note
    ? `${PATIENT_AGREEMENT_REVOCATION_REASON}: ${input.note}`
    : PATIENT_AGREEMENT_REVOCATION_REASON;
  await db.$transaction((tx) =>
    revokeRecord(tx, r, {
      actor,
      reason,
      by: "patient",
      ctx,
      now: new Date(),
      alreadyMessage: "This agreement was already revoked.",
    }),
  );
}

/**
 * A secure link for the patient to read and sign the agreement (no portal account needed). There
 * is no SMS/email integration yet: the link is returned once for staff to send; only its hash is
 * kept. A newer link supersedes older ones; it stops working once the agreement is signed.
 */
export async function sendAgreementLink(
  actor: Actor,
  patientId: string,
  ctx: RequestContext,
  now = new Date(),
): Promise<{ url: string; expiresAt: Date }> {
  await authorize(actor, canCarePlan(actor.role, "agreement.sendLink"), {
    entityType: "PatientLink",
    patientId,
    action: "CREATE",
  });
  const patient = await db.patient.findUnique({ where: { id: patientId }, select: { id: true } });
  if (!patient) throw new AppError("NOT_FOUND");
  if (!(await getCurrentAgreementText()))
    throw new AppError(
      "VALIDATION",
      "No agreement text is published yet: an administrator adds one under Consent texts.",
    );
  const link = await db.$transaction((tx) =>
    issuePatientLink(tx, {
      patientId,
      purpose: "agreement",
      subjectId: null,
      expiresAt: new Date(now.getTime() + AGREEMENT_LINK_TTL_DAYS * 86_400_000),
      by: who(actor),
      ctx,
      supersede: true,
      now,
    }),
  );
  return { url: link.url, expiresAt: link.expiresAt };
}
