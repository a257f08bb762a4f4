import "server-only";
import type { VisitEventSubscriber } from "../scheduling/visit-events";
import { randomUUID } from "node:crypto";
import { userNamesById } from "@/modules/identity/index.server";
import { writeAudit } from "@/server/audit";
import { authorize, denyAccess } from "@/server/auth/actor";
import { db, type Tx } from "@/server/db";
import { AppError } from "@/server/errors";
import type { RequestContext } from "@/server/request-context";
import { canCarePlan } from "../care-plan/policy";
import type { Actor } from "../identity/core/roles";
import { consentKindFor, consentStatus, type ConsentKind, type ConsentStatus } from "./core/consent-rules";
import {
  CONSENT_EXCEPTION_EVENT,
  CONSENT_REQUIRED,
  consentRequiredMessage,
  decideStartConsent,
  type StartConsentChoice,
} from "./core/start-consent";
import { assertCurrentText, getCurrentConsentTexts } from "./consent-texts.server";
import { insertConsent } from "./record-consent.server";

const who = (a: Actor) => ({ userId: a.userId, role: a.role });

// ---------------------------------------------------------------------------------------------
// Consent before a visit starts (core/start-consent.ts)
// ---------------------------------------------------------------------------------------------

/** A start refused for want of consent: 409 with code CONSENT_REQUIRED in the room's API. */
class ConsentRequiredError extends AppError {
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

type StartConsentOutcome = {
  basis: "on_file" | "exception_on_file" | "verbal_recorded" | "exception_recorded";
  consentRecordId: string | null;
};

/**
 * Called by the visit lifecycle inside the transaction that starts a visit (the
 * visit.starting event, src/modules/scheduling/visit-events.ts): consent on file, or the verbal consent / emergency reason the
 * clinician gives with the start, or the start is refused (and the refusal audited). Verbal
 * consent is written by the same insert as the chart's "Record verbal consent".
 */
async function settleConsentToStart(
  tx: Tx,
  a: {
    visitId: string;
    patientId: string;
    modality: "VIDEO" | "PHONE";
    actor: Actor;
    choice: StartConsentChoice;
    ctx: RequestContext;
    now: Date;
  },
): Promise<StartConsentOutcome> {
  const kind: ConsentKind = consentKindFor(a.modality);
  const records = await tx.consentRecord.findMany({
    where: { patientId: a.patientId, kind },
    select: { id: true, kind: true, capturedAt: true, expiresAt: true, revokedAt: true },
  });
  const status = consentStatus(records, kind, a.now);
  const exceptionRecorded =
    status.state === "valid"
      ? false
      : (await tx.visitEvent.count({ where: { visitId: a.visitId, kind: CONSENT_EXCEPTION_EVENT } })) > 0;
  const d = decideStartConsent(status, a.choice, { exceptionRecorded });
  switch (d.action) {
    case "proceed":
      return { basis: d.basis, consentRecordId: status.state === "valid" ? status.recordId : null };
    case "refuse":
      // Written outside the transaction (which rolls back): one row says the start was refused and why.
      await writeAudit({
        actor: who(a.actor),
        action: "UPDATE",
        entityType: "Visit",
        entityId: a.visitId,
        patientId: a.patientId,
        outcome: "FAILURE",
        ctx: a.ctx,
        details: { event: "start_refused", reason: "consent_required", consentKind: kind, consentState: d.state },
      });
      throw new ConsentRequiredError(kind, d.state);
    case "record_verbal": {
      if (!canCarePlan(a.actor.role, "consent.captureVerbal"))
        await denyAccess(a.actor, { entityType: "ConsentRecord", patientId: a.patientId, action: "CREATE" });
      await assertCurrentText(d.textId, kind, tx);
      const r = await insertConsent(
        tx,
        {
          patientId: a.patientId,
          kind,
          textId: d.textId,
          method: "VERBAL",
          capturedById: a.actor.userId,
          witnessName: null,
          typedName: null,
          idempotencyKey: randomUUID(),
          actor: a.actor,
          ctx: a.ctx,
          visitId: a.visitId,
        },
        a.now,
      );
      return { basis: "verbal_recorded", consentRecordId: r.id };
    }
    case "record_exception":
      await tx.visitEvent.create({
        data: {
          visitId: a.visitId,
          actorUserId: a.actor.userId,
          kind: CONSENT_EXCEPTION_EVENT,
          reason: d.reason,
          at: a.now,
          details: { consentKind: kind, consentState: status.state },
        },
      });
      await writeAudit(
        {
          actor: who(a.actor),
          action: "UPDATE",
          entityType: "Visit",
          entityId: a.visitId,
          patientId: a.patientId,
          outcome: "SUCCESS",
          ctx: a.ctx,
          details: { event: "consent_exception", consentKind: kind, consentState: status.state },
        },
        tx,
      );
      return { basis: "exception_recorded", consentRecordId: null };
  }
}

export type ConsentExceptionView = { at: string; reason: string; byName: string | null; consentKind: ConsentKind };

/** The emergency exception a visit started under, if any (shown on the visit and its note). Audited as a read. */
export async function getConsentException(
  actor: Actor,
  visitId: string,
  ctx: RequestContext,
): Promise<ConsentExceptionView | null> {
  await authorize(actor, canCarePlan(actor.role, "consent.read"), {
    entityType: "Visit",
    entityId: visitId,
    action: "READ",
  });
  const e = await db.visitEvent.findFirst({
    where: { visitId, kind: CONSENT_EXCEPTION_EVENT },
    orderBy: { at: "asc" },
    select: { at: true, reason: true, actorUserId: true, details: true, visit: { select: { patientId: true } } },
  });
  if (!e) return null;
  const names = await userNamesById([e.actorUserId]);
  await writeAudit({
    actor: who(actor),
    action: "READ",
    entityType: "Visit",
    entityId: visitId,
    patientId: e.visit.patientId,
    outcome: "SUCCESS",
    ctx,
    details: { scope: "consent_exception" },
  });
  const kind: ConsentKind =
    (e.details as { consentKind?: unknown } | null)?.consentKind === "PHONE" ? "PHONE" : "VIDEO";
  return {
    at: e.at.toISOString(),
    reason: e.reason ?? "",
    byName: e.actorUserId ? (names.get(e.actorUserId) ?? null) : null,
    consentKind: kind,
  };
}

/** What a start button needs for one visit: the consent status for its modality and the current text to read aloud. */
export type StartConsentView = {
  kind: ConsentKind;
  status: ConsentStatus;
  text: { id: string; version: number; title: string; body: string } | null;
};

/** Start-consent views for a set of visits (Today, the visit page, the room): two queries for the lot, one audit row. */
export async function startConsentForVisits(
  actor: Actor,
  visits: readonly { id: string; patientId: string; modality: "VIDEO" | "PHONE" }[],
  ctx: RequestContext,
  now = new Date(),
): Promise<Record<string, StartConsentView>> {
  await authorize(actor, canCarePlan(actor.role, "consent.read"), { entityType: "ConsentRecord", action: "LIST" });
  if (visits.length === 0) return {};
  const patientIds = [...new Set(visits.map((v) => v.patientId))];
  const [records, texts] = await Promise.all([
    db.consentRecord.findMany({
      where: { patientId: { in: patientIds } },
      select: { id: true, patientId: true, kind: true, capturedAt: true, expiresAt: true, revokedAt: true },
    }),
    getCurrentConsentTexts(),
  ]);
  const out: Record<string, StartConsentView> = {};
  for (const v of visits) {
    const kind = consentKindFor(v.modality);
    const t = texts[kind];
    out[v.id] = {
      kind,
      status: consentStatus(
        records.filter((r) => r.patientId === v.patientId),
        kind,
        now,
      ),
      text: t ? { id: t.id, version: t.version, title: t.title, body: t.body } : null,
    };
  }
  await writeAudit({
    actor: who(actor),
    action: "LIST",
    entityType: "ConsentRecord",
    outcome: "SUCCESS",
    ctx,
    details: { scope: "start_consent", visits: visits.length, patients: patientIds.length },
  });
  return out;
}

/** How consent follows the visit lifecycle (src/modules/scheduling/visit-events.ts): no start without it. */
export const consentVisitSubscriber: VisitEventSubscriber = {
  name: "consent",
  on: {
    "visit.starting": async (tx, e) => {
      await settleConsentToStart(tx, {
        visitId: e.visitId,
        patientId: e.patientId,
        modality: e.modality,
        actor: e.actor,
        choice: e.consent,
        ctx: e.ctx,
        now: e.now,
      });
    },
  },
};
