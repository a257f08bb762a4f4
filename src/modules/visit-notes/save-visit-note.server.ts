import "server-only";
import { writeAudit } from "@/server/audit";
import { denyAccess } from "@/server/auth/actor";
import { db } from "@/server/db";
import { getEnv } from "@/server/env";
import { AppError, pgErrorCode } from "@/server/errors";
import type { RequestContext } from "@/server/request-context";
import { suggestBilling } from "../billing/core/billing-rules";
import { patientStatusRule } from "../billing/core/patient-status";
import { getConsentException, getPatientConsents } from "@/modules/consent/index.server";
import type { Actor } from "../identity/core/roles";
import type { VisitStatus } from "../scheduling/core/visit-lifecycle";
import { transitionVisitInTx } from "@/modules/scheduling/index.server";
import { problemsBeforeSigning, totalMinutes, visitStepOnSigning } from "./core/note-rules";
import { checkNoteTimes } from "./core/note-times";
import { canWriteNotes, patientStatusFor, patientStatusLine, recordedCallTimes, toUtc } from "./note-facts.server";
import type { NoteInput } from "./schemas";

const who = (a: Actor) => ({ userId: a.userId, role: a.role });

type SaveResult = { ok: true; signed: boolean } | { ok: false; problems: { field: string; message: string }[] };

/**
 * Saves the draft, or signs it. Signing validates completeness (times against the recorded call
 * times, new or established against the clinic's history, each difference with its reason),
 * stores the billing decision, locks the note (a trigger then refuses any change) and completes
 * a visit still in progress, all in one transaction. Optimistic version guard against two tabs.
 */
export async function saveVisitNote(
  actor: Actor,
  input: NoteInput,
  ctx: RequestContext,
  now = new Date(),
): Promise<SaveResult> {
  if (!canWriteNotes(actor))
    await denyAccess(actor, { entityType: "VisitNote", entityId: input.visitId, action: "UPDATE" });
  const tz = getEnv().CLINIC_TIME_ZONE;
  const visit = await db.visit.findUnique({
    where: { id: input.visitId },
    select: {
      id: true,
      patientId: true,
      status: true,
      startsAt: true,
      startedAt: true,
      completedAt: true,
      note: { select: { id: true, status: true, version: true } },
    },
  });
  if (!visit) throw new AppError("NOT_FOUND");
  if (visit.note?.status === "SIGNED")
    throw new AppError("CONFLICT", "This note is signed and locked. Add an addendum instead.");
  if ((visit.note?.version ?? 0) !== input.version)
    throw new AppError(
      "CONFLICT",
      "This note was changed in another window. Reload the page to see the latest version.",
    );
  const startedAt = toUtc(input.startedAt, tz);
  const endedAt = toUtc(input.endedAt, tz);
  const recorded = recordedCallTimes(visit);
  const times = checkNoteTimes({ startedAt, endedAt, recorded, reason: input.timesReason, now });
  const derived = await patientStatusFor(visit, tz);
  const newPatient = input.patientStatus ? input.patientStatus === "NEW" : derived.newPatient;
  const newPatientOverridden = newPatient !== derived.newPatient;
  const suggestion = suggestBilling({
    modality: input.modalityUsed,
    newPatient,
    totalMinutes: totalMinutes(startedAt, endedAt),
    payer: input.payer,
    patientAtHome: input.patientAtHome,
  });
  const billing = { ...suggestion, rules: [patientStatusLine(derived, newPatient), ...suggestion.rules] };
  const signing = input.intent === "sign";
  const step = visitStepOnSigning(visit.status as VisitStatus);
  if (signing) {
    const consents = await getPatientConsents(actor, visit.patientId, ctx);
    const consent = input.modalityUsed === "AUDIO_VIDEO" ? consents.video : consents.phone;
    const exception = consent.state === "valid" ? null : await getConsentException(actor, visit.id, ctx);
    const problems = problemsBeforeSigning(
      { ...input, startedAt, endedAt, newPatient, audioOnlyReason: input.audioOnlyReason, suggestedCode: billing.code },
      {
        consentOnFile: consent.state === "valid",
        consentException: exception !== null,
        visitStatus: visit.status as VisitStatus,
        recorded,
        now,
        derivedNewPatient: derived.newPatient,
      },
    );
    if (problems.length) return { ok: false, problems };
  }
  const consentRecordId = signing
    ? await currentConsentId(visit.patientId, input.modalityUsed === "AUDIO_VIDEO" ? "VIDEO" : "PHONE")
    : null;
  // A reason is kept where it explains something: a time not as recorded, a status against the history.
  const timesExplained = times.start !== "recorded" || times.end !== "recorded";
  const data = {
    modalityUsed: input.modalityUsed,
    platform: input.modalityUsed === "AUDIO_VIDEO" ? input.platform : null,
    audioOnlyReason: input.modalityUsed === "AUDIO_ONLY" ? input.audioOnlyReason : null,
    virtualReasons: input.virtualReasons,
    virtualReasonOther: input.virtualReasonOther,
    patientState: input.patientState,
    patientLocation: input.patientLocation,
    patientAtHome: input.patientAtHome,
    clinicianLocation: input.clinicianLocation,
    participants: input.participants,
    startedAt,
    endedAt,
    timesReason: timesExplained ? input.timesReason : null,
    examLimits: input.examLimits,
    homeObservations: input.homeObservations,
    assessment: input.assessment,
    plan: input.plan,
    payer: input.payer,
    newPatient,
    patientStatusBasis: derived.summary,
    newPatientOverrideReason: newPatientOverridden ? input.newPatientOverrideReason : null,
    billingCode: input.billingCode,
    billingOverrideReason: input.billingCode !== billing.code ? input.billingOverrideReason : null,
    ...(signing
      ? {
          status: "SIGNED" as const,
          signedAt: now,
          signedById: actor.userId,
          consentRecordId,
          recordedStartedAt: recorded.startedAt,
          recordedEndedAt: recorded.endedAt,
          placeOfService: billing.placeOfService,
          billingModifier: billing.modifier,
          billingRule: [...billing.rules, patientStatusRule].join(" "),
        }
      : {}),
  };
  const completeVisit = signing && step.ok && step.complete;
  try {
    await db.$transaction(async (tx) => {
      let noteId: string;
      if (!visit.note) {
        const created = await tx.visitNote.create({
          data: { ...data, visitId: visit.id, patientId: visit.patientId, authorId: actor.userId },
          select: { id: true },
        });
        noteId = created.id;
      } else {
        const res = await tx.visitNote.updateMany({
          where: { id: visit.note.id, version: input.version, status: "DRAFT" },
          data: { ...data, version: { increment: 1 } },
        });
        if (res.count !== 1)
          throw new AppError(
            "CONFLICT",
            "This note was changed in another window. Reload the page to see the latest version.",
          );
        noteId = visit.note.id;
      }
      // The note header's "Patient's state today" is the visit's state for the licensure check: one value.
      if (input.patientState)
        await tx.visit.update({ where: { id: visit.id }, data: { patientLocationState: input.patientState } });
      // Which overrides were made, never their text (reasons stay on the note).
      const details = {
        signed: signing,
        ...(signing
          ? {
              visitCompleted: completeVisit,
              timesChanged: times.needsReason,
              timesEntered: times.start === "entered" || times.end === "entered",
              newPatientOverridden,
            }
          : {}),
      };
      await writeAudit(
        {
          actor: who(actor),
          action: visit.note ? "UPDATE" : "CREATE",
          entityType: "VisitNote",
          entityId: noteId,
          patientId: visit.patientId,
          outcome: "SUCCESS",
          ctx,
          details,
        },
        tx,
      );
      // Signing documents a visit that took place: one still in progress is completed with it,
      // through the lifecycle's own step (history row, reminders, links, room, forms, audit).
      if (completeVisit) await transitionVisitInTx(tx, actor, visit.id, "COMPLETE", "Visit note signed", ctx, now);
    });
  } catch (e) {
    if (pgErrorCode(e) === "23505")
      throw new AppError("CONFLICT", "This note was started in another window. Reload the page.");
    throw e;
  }
  return { ok: true, signed: signing };
}

async function currentConsentId(patientId: string, kind: "VIDEO" | "PHONE"): Promise<string | null> {
  const r = await db.consentRecord.findFirst({
    where: { patientId, kind, revokedAt: null, expiresAt: { gt: new Date() } },
    orderBy: { capturedAt: "desc" },
    select: { id: true },
  });
  return r?.id ?? null;
}
