import "server-only";
import { readCareProgramSettings } from "../care-program/index.server";
import { canCarePlan } from "../care-plan/policy";
import type { Actor } from "../identity/core/roles";
import { userNamesById } from "@/modules/identity/index.server";
import { linkSessionAudit, type LinkSession } from "../patient-access/index.server";
import { writeAudit } from "@/server/audit";
import { denyAccess } from "@/server/auth/actor";
import { db } from "@/server/db";
import type { RequestContext } from "@/server/request-context";
import {
  AGREEMENT_KIND,
  agreementNeedsSignature,
  agreementStatus,
  type AgreementMethod,
  type AgreementStatus,
} from "./core/agreement-rules";
import { revokersById } from "./patient-consents.server";

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
): Promise<AgreementView & { preferredLanguage: string | null }> {
  const [view, patient] = await Promise.all([
    loadAgreement(session.patientId, now),
    // The page's language (docs/decisions/i18n.md).
    db.patient.findUnique({ where: { id: session.patientId }, select: { preferredLanguage: true } }),
  ]);
  await writeAudit({
    actor: null,
    action: "READ",
    entityType: "ConsentRecord",
    patientId: session.patientId,
    outcome: "SUCCESS",
    ctx,
    details: { scope: "agreement", records: view.records.length, ...linkSessionAudit(session) },
  });
  return { ...view, preferredLanguage: patient?.preferredLanguage ?? null };
}
