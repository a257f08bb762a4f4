import "server-only";
import { readCareProgramSettings } from "../care-program/index.server";
import { canCarePlan } from "../care-plan/policy";
import type { Actor } from "../identity/core/roles";
import { linkSessionAudit, type LinkSession } from "../patient-access/index.server";
import type { AuditActor } from "@/server/audit";
import { authorize } from "@/server/auth/actor";
import { db } from "@/server/db";
import { getEnv } from "@/server/env";
import { AppError } from "@/server/errors";
import type { RequestContext } from "@/server/request-context";
import { AGREEMENT_KIND, agreementExpiry, type AgreementMethod } from "./core/agreement-rules";
import { assertCurrentText } from "./consent-texts.server";
import { writeConsent } from "./record-consent.server";

/** Signing a patient agreement: by the patient (portal or secure link) or recorded by staff (paper, verbal). */

const who = (a: Actor) => ({ userId: a.userId, role: a.role });
const timeZone = () => getEnv().CLINIC_TIME_ZONE;

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
