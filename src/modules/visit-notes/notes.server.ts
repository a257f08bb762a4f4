import "server-only";
import { noteParticipants } from "../video/core/room-rules";
import { userNamesById } from "@/modules/identity/index.server";
import { writeAudit } from "@/server/audit";
import { denyAccess } from "@/server/auth/actor";
import { db } from "@/server/db";
import { getEnv } from "@/server/env";
import { AppError, pgErrorCode } from "@/server/errors";
import type { RequestContext } from "@/server/request-context";
import { suggestBilling, type BillingSuggestion } from "../billing/core/billing-rules";
import { derivePatientStatus, patientStatusRule, professionalServiceStatuses, type PatientStatus } from "../billing/core/patient-status";
import { getConsentException, getPatientConsents } from "@/modules/consent/index.server";
import { readReviewedBeforeVisit } from "../care-program/index.server";
import type { ReviewedBeforeVisit } from "../care-program/core/huddle";
import type { ConsentStatus } from "../consent/core/consent-rules";
import type { Actor } from "../identity/core/roles";
import { wallClockAt, zonedToUtc } from "../scheduling/core/time";
import type { VisitStatus } from "../scheduling/core/visit-lifecycle";
import { transitionVisitInTx } from "@/modules/scheduling/index.server";
import { problemsBeforeSigning, totalMinutes, visitStepOnSigning, type AudioOnlyReason, type Participant, type VisitStepOnSigning } from "./core/note-rules";
import { checkNoteTimes, timeSource, type RecordedTimes, type TimeSource } from "./core/note-times";
import type { NoteInput } from "./schemas";
import { visitLicensureUnaudited, type VisitLicensureView } from "../care-program/index.server";

export type NoteView = {
  visit: { id: string; patientId: string; patientName: string; mrn: string; birthDate: string; clinicianId: string; clinicianName: string; startsAt: string; endsAt: string; modality: "VIDEO" | "PHONE"; status: string; reason: string; phoneNumber: string | null };
  note: {
    exists: boolean;
    status: "DRAFT" | "SIGNED";
    version: number;
    modalityUsed: "AUDIO_VIDEO" | "AUDIO_ONLY";
    platform: string | null;
    audioOnlyReason: AudioOnlyReason | null;
    virtualReasons: string[];
    virtualReasonOther: string | null;
    patientState: string | null;
    patientLocation: string | null;
    patientAtHome: boolean;
    clinicianLocation: string | null;
    participants: Participant[];
    startedAt: string | null;
    endedAt: string | null;
    /** The call times the app recorded (for a signed note: as they were at signing). */
    recordedStartedAt: string | null;
    recordedEndedAt: string | null;
    /** Where each time came from; null when unknown (notes signed before times were checked). */
    startSource: TimeSource | null;
    endSource: TimeSource | null;
    timesReason: string | null;
    examLimits: string | null;
    homeObservations: string | null;
    assessment: string | null;
    plan: string | null;
    payer: "MEDICARE" | "COMMERCIAL";
    newPatient: boolean;
    /** New or established from the clinic's history, in words (for a signed note: at signing). */
    patientStatusBasis: string | null;
    newPatientOverrideReason: string | null;
    billingCode: string | null;
    billingOverrideReason: string | null;
    placeOfService: string | null;
    billingModifier: string | null;
    billingRule: string | null;
    signedAt: string | null;
    signedBy: string | null;
    authorName: string | null;
  };
  consent: ConsentStatus;
  consentKind: "VIDEO" | "PHONE";
  billing: BillingSuggestion;
  /** The clinic-history derivation for a draft (null for a signed note: see note.patientStatusBasis). */
  patientStatus: PatientStatus | null;
  /** What signing will do to the visit (complete it), or why it cannot be signed. */
  visitStep: VisitStepOnSigning;
  addenda: { id: string; author: string; text: string; at: string }[];
  modalitySwitchReason: string | null;
  /** The licensure check of the visit (the patient's state at the visit against the clinician's licenses). */
  licensure: VisitLicensureView | null;
  assessments: { instrument: "PEG" | "PHQ9"; display: string; answeredAt: string; safetyFlag: boolean }[];
  /** "Reviewed before the visit": what the pre-visit huddle documented for this visit (care-program). */
  reviewed: ReviewedBeforeVisit;
  timeZone: string;
};

const who = (a: Actor) => ({ userId: a.userId, role: a.role });

function canWriteNotes(actor: Actor) {
  return actor.role === "CLINICIAN";
}
function canReadNotes(actor: Actor) {
  return actor.role === "CLINICIAN" || actor.role === "COORDINATOR";
}

/** The note for a visit, or a draft pre-filled with what the app knows. */
export async function getVisitNote(actor: Actor, visitId: string, ctx: RequestContext): Promise<NoteView> {
  if (!canReadNotes(actor)) await denyAccess(actor, { entityType: "VisitNote", entityId: visitId, action: "READ" });
  const v = await db.visit.findUnique({
    where: { id: visitId },
    select: {
      id: true, patientId: true, clinicianId: true, startsAt: true, endsAt: true, modality: true, status: true, reason: true, phoneNumber: true, startedAt: true, completedAt: true, patientLocationState: true,
      patient: { select: { givenName: true, familyName: true, mrn: true, birthDate: true, stateOfResidence: true } },
      clinician: { select: { name: true } },
      note: { include: { addenda: { orderBy: { createdAt: "asc" } } } },
      events: { where: { kind: { contains: "MODALITY" } }, orderBy: { at: "desc" }, take: 1, select: { reason: true, details: true } },
      videoParticipants: { select: { role: true, displayName: true, admittedAt: true } },
    },
  });
  if (!v) throw new AppError("NOT_FOUND");
  const tz = getEnv().CLINIC_TIME_ZONE;
  const n = v.note;
  const modalityUsed = n?.modalityUsed ?? (v.modality === "VIDEO" ? "AUDIO_VIDEO" : "AUDIO_ONLY");
  const consentKind = modalityUsed === "AUDIO_VIDEO" ? "VIDEO" : "PHONE";
  const signed = n?.status === "SIGNED";
  const [consents, derived, responses, reviewed, licensure] = await Promise.all([
    getPatientConsents(actor, v.patientId, ctx),
    signed ? null : patientStatusFor(v, tz),
    db.formResponse.findMany({
      where: { patientId: v.patientId, request: { visitId: v.id } },
      orderBy: [{ answeredAt: "asc" }, { version: "desc" }],
      select: { seriesId: true, version: true, instrument: true, scoreTenths: true, answeredAt: true, safetyFlag: true },
    }),
    readReviewedBeforeVisit(v.id, new Date(), { signedAt: signed ? n?.signedAt : null }),
    visitLicensureUnaudited(v.id),
  ]);
  const latestBySeries = new Map<string, (typeof responses)[number]>();
  for (const r of responses) if (!latestBySeries.has(r.seriesId)) latestBySeries.set(r.seriesId, r);
  const nameOf = await userNamesById([n?.authorId, n?.signedById, ...(n?.addenda ?? []).map((a) => a.authorId)]);
  // The note's times default to the call times the app recorded.
  const recorded: RecordedTimes = signed ? { startedAt: n.recordedStartedAt, endedAt: n.recordedEndedAt } : recordedCallTimes(v);
  const startedAt = n?.startedAt ?? recorded.startedAt;
  const endedAt = n?.endedAt ?? recorded.endedAt;
  // Notes signed before the times were checked carry no recorded snapshot (nor a status basis).
  const checkedNote = !signed || n.patientStatusBasis !== null;
  const payer = n?.payer ?? "COMMERCIAL";
  // A draft saved by this form keeps the clinician's choice; otherwise the clinic's history decides.
  const newPatient = signed || (n && n.patientStatusBasis !== null) ? n.newPatient : derived!.newPatient;
  const suggestion = suggestBilling({ modality: modalityUsed, newPatient, totalMinutes: totalMinutes(startedAt, endedAt), payer, patientAtHome: n?.patientAtHome ?? true });
  const billing = derived ? { ...suggestion, rules: [patientStatusLine(derived, newPatient), ...suggestion.rules] } : suggestion;
  await writeAudit({ actor: who(actor), action: "READ", entityType: "VisitNote", entityId: n?.id ?? visitId, patientId: v.patientId, outcome: "SUCCESS", ctx });
  return {
    visit: {
      id: v.id, patientId: v.patientId, patientName: `${v.patient.givenName} ${v.patient.familyName}`, mrn: v.patient.mrn, birthDate: v.patient.birthDate.toISOString().slice(0, 10),
      clinicianId: v.clinicianId, clinicianName: v.clinician.name, startsAt: v.startsAt.toISOString(), endsAt: v.endsAt.toISOString(), modality: v.modality, status: v.status, reason: v.reason, phoneNumber: v.phoneNumber,
    },
    note: {
      exists: !!n,
      status: n?.status ?? "DRAFT",
      version: n?.version ?? 0,
      modalityUsed,
      platform: n ? n.platform : modalityUsed === "AUDIO_VIDEO" ? "Virtual Pain Clinic video (browser, peer-to-peer)" : null,
      // A video that fell back to phone in the room records why; the draft starts from it.
      audioOnlyReason: (n?.audioOnlyReason as AudioOnlyReason | null) ?? (n ? null : switchReasonCode(v.modality, v.events[0]?.details)),
      virtualReasons: n?.virtualReasons ?? [],
      virtualReasonOther: n?.virtualReasonOther ?? null,
      // The state the patient is in for this visit: as recorded for the visit (check-in, the room,
      // or this header when saved), else the draft's, else the home state as a suggestion.
      patientState: signed ? n.patientState : (v.patientLocationState?.trim() || n?.patientState || v.patient.stateOfResidence),
      patientLocation: n?.patientLocation ?? null,
      patientAtHome: n?.patientAtHome ?? true,
      clinicianLocation: n?.clinicianLocation ?? null,
      // Guests who were in the video call (caregiver, interpreter) until the note is first saved.
      participants: (n?.participants as Participant[] | undefined) ?? noteParticipants(v.videoParticipants),
      startedAt: startedAt?.toISOString() ?? null,
      endedAt: endedAt?.toISOString() ?? null,
      recordedStartedAt: recorded.startedAt?.toISOString() ?? null,
      recordedEndedAt: recorded.endedAt?.toISOString() ?? null,
      startSource: checkedNote ? timeSource(startedAt, recorded.startedAt) : null,
      endSource: checkedNote ? timeSource(endedAt, recorded.endedAt) : null,
      timesReason: n?.timesReason ?? null,
      examLimits: n?.examLimits ?? null,
      homeObservations: n?.homeObservations ?? null,
      assessment: n?.assessment ?? null,
      plan: n?.plan ?? null,
      payer,
      newPatient,
      patientStatusBasis: signed ? n.patientStatusBasis : derived!.summary,
      newPatientOverrideReason: n?.newPatientOverrideReason ?? null,
      billingCode: n?.billingCode ?? billing.code,
      billingOverrideReason: n?.billingOverrideReason ?? null,
      placeOfService: n?.placeOfService ?? null,
      billingModifier: n?.billingModifier ?? null,
      billingRule: n?.billingRule ?? null,
      signedAt: n?.signedAt?.toISOString() ?? null,
      signedBy: n?.signedById ? (nameOf.get(n.signedById) ?? null) : null,
      authorName: n ? (nameOf.get(n.authorId) ?? null) : null,
    },
    consent: consentKind === "VIDEO" ? consents.video : consents.phone,
    consentKind,
    billing,
    patientStatus: derived,
    visitStep: visitStepOnSigning(v.status),
    addenda: (n?.addenda ?? []).map((a) => ({ id: a.id, author: nameOf.get(a.authorId) ?? "Staff", text: a.text, at: a.createdAt.toISOString() })),
    modalitySwitchReason: v.events[0]?.reason ?? null,
    reviewed,
    licensure,
    assessments: [...latestBySeries.values()].map((r) => ({ instrument: r.instrument, display: r.instrument === "PEG" ? (r.scoreTenths / 10).toFixed(1) : String(r.scoreTenths / 10), answeredAt: r.answeredAt.toISOString(), safetyFlag: r.safetyFlag })),
    timeZone: tz,
  };
}

function switchReasonCode(modality: "VIDEO" | "PHONE", details: unknown): AudioOnlyReason | null {
  if (modality !== "PHONE" || !details || typeof details !== "object") return null;
  const code = (details as { reasonCode?: unknown }).reasonCode;
  return code === "VIDEO_FAILED" || code === "PATIENT_LACKS_VIDEO" || code === "PATIENT_DECLINED_VIDEO" ? code : null;
}

/**
 * The call times the app records: the visit started (the patient admitted to the video room, or
 * "Call" for a phone visit) and completed (the call ended). A visit in progress has no end yet.
 */
function recordedCallTimes(v: { startedAt: Date | null; completedAt: Date | null }): RecordedTimes {
  return { startedAt: v.startedAt, endedAt: v.completedAt };
}

/**
 * New or established from the clinic's own history (billing/core/patient-status.ts): the most
 * recent visit of this patient before this one that took place, with any of the clinic's
 * clinicians (the clinic records no specialty).
 */
async function patientStatusFor(v: { id: string; patientId: string; startsAt: Date }, tz: string): Promise<PatientStatus> {
  const prior = await db.visit.findMany({
    where: { patientId: v.patientId, id: { not: v.id }, startsAt: { lt: v.startsAt }, status: { in: [...professionalServiceStatuses] } },
    orderBy: { startsAt: "desc" },
    take: 1,
    select: { startsAt: true, startedAt: true, status: true, clinician: { select: { name: true } } },
  });
  return derivePatientStatus({
    visitDate: wallClockAt(v.startsAt, tz).date,
    priorVisits: prior.map((p) => ({ date: wallClockAt(p.startedAt ?? p.startsAt, tz).date, clinicianName: p.clinician.name, status: p.status })),
  });
}

function patientStatusLine(s: PatientStatus, billedAsNew: boolean): string {
  return billedAsNew === s.newPatient ? s.summary : `${s.summary} Billed as ${billedAsNew ? "new" : "established"} instead (reason on the note).`;
}

function toUtc(local: string | null, tz: string): Date | null {
  if (!local) return null;
  const [date, time] = local.split("T") as [string, string];
  const [h, m] = time.split(":").map(Number) as [number, number];
  return zonedToUtc(date, h * 60 + m, tz);
}

/** YYYY-MM-DDTHH:mm in the clinic zone, for <input type="datetime-local">. */
export function toLocalInput(iso: string | null, tz: string): string {
  if (!iso) return "";
  const w = wallClockAt(new Date(iso), tz);
  const hh = String(Math.floor(w.minute / 60)).padStart(2, "0");
  const mm = String(w.minute % 60).padStart(2, "0");
  return `${w.date}T${hh}:${mm}`;
}

export type SaveResult = { ok: true; signed: boolean } | { ok: false; problems: { field: string; message: string }[] };

/**
 * Saves the draft, or signs it. Signing validates completeness (times against the recorded call
 * times, new or established against the clinic's history, each difference with its reason),
 * stores the billing decision, locks the note (a trigger then refuses any change) and completes
 * a visit still in progress, all in one transaction. Optimistic version guard against two tabs.
 */
export async function saveVisitNote(actor: Actor, input: NoteInput, ctx: RequestContext, now = new Date()): Promise<SaveResult> {
  if (!canWriteNotes(actor)) await denyAccess(actor, { entityType: "VisitNote", entityId: input.visitId, action: "UPDATE" });
  const tz = getEnv().CLINIC_TIME_ZONE;
  const visit = await db.visit.findUnique({
    where: { id: input.visitId },
    select: { id: true, patientId: true, status: true, startsAt: true, startedAt: true, completedAt: true, note: { select: { id: true, status: true, version: true } } },
  });
  if (!visit) throw new AppError("NOT_FOUND");
  if (visit.note?.status === "SIGNED") throw new AppError("CONFLICT", "This note is signed and locked. Add an addendum instead.");
  if ((visit.note?.version ?? 0) !== input.version) throw new AppError("CONFLICT", "This note was changed in another window. Reload the page to see the latest version.");
  const startedAt = toUtc(input.startedAt, tz);
  const endedAt = toUtc(input.endedAt, tz);
  const recorded = recordedCallTimes(visit);
  const times = checkNoteTimes({ startedAt, endedAt, recorded, reason: input.timesReason, now });
  const derived = await patientStatusFor(visit, tz);
  const newPatient = input.patientStatus ? input.patientStatus === "NEW" : derived.newPatient;
  const newPatientOverridden = newPatient !== derived.newPatient;
  const suggestion = suggestBilling({ modality: input.modalityUsed, newPatient, totalMinutes: totalMinutes(startedAt, endedAt), payer: input.payer, patientAtHome: input.patientAtHome });
  const billing = { ...suggestion, rules: [patientStatusLine(derived, newPatient), ...suggestion.rules] };
  const signing = input.intent === "sign";
  const step = visitStepOnSigning(visit.status as VisitStatus);
  if (signing) {
    const consents = await getPatientConsents(actor, visit.patientId, ctx);
    const consent = input.modalityUsed === "AUDIO_VIDEO" ? consents.video : consents.phone;
    const exception = consent.state === "valid" ? null : await getConsentException(actor, visit.id, ctx);
    const problems = problemsBeforeSigning(
      { ...input, startedAt, endedAt, newPatient, audioOnlyReason: input.audioOnlyReason, suggestedCode: billing.code },
      { consentOnFile: consent.state === "valid", consentException: exception !== null, visitStatus: visit.status as VisitStatus, recorded, now, derivedNewPatient: derived.newPatient },
    );
    if (problems.length) return { ok: false, problems };
  }
  const consentRecordId = signing ? await currentConsentId(visit.patientId, input.modalityUsed === "AUDIO_VIDEO" ? "VIDEO" : "PHONE") : null;
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
        const created = await tx.visitNote.create({ data: { ...data, visitId: visit.id, patientId: visit.patientId, authorId: actor.userId }, select: { id: true } });
        noteId = created.id;
      } else {
        const res = await tx.visitNote.updateMany({ where: { id: visit.note.id, version: input.version, status: "DRAFT" }, data: { ...data, version: { increment: 1 } } });
        if (res.count !== 1) throw new AppError("CONFLICT", "This note was changed in another window. Reload the page to see the latest version.");
        noteId = visit.note.id;
      }
      // The note header's "Patient's state today" is the visit's state for the licensure check: one value.
      if (input.patientState) await tx.visit.update({ where: { id: visit.id }, data: { patientLocationState: input.patientState } });
      // Which overrides were made, never their text (reasons stay on the note).
      const details = { signed: signing, ...(signing ? { visitCompleted: completeVisit, timesChanged: times.needsReason, timesEntered: times.start === "entered" || times.end === "entered", newPatientOverridden } : {}) };
      await writeAudit({ actor: who(actor), action: visit.note ? "UPDATE" : "CREATE", entityType: "VisitNote", entityId: noteId, patientId: visit.patientId, outcome: "SUCCESS", ctx, details }, tx);
      // Signing documents a visit that took place: one still in progress is completed with it,
      // through the lifecycle's own step (history row, reminders, links, room, forms, audit).
      if (completeVisit) await transitionVisitInTx(tx, actor, visit.id, "COMPLETE", "Visit note signed", ctx, now);
    });
  } catch (e) {
    if (pgErrorCode(e) === "23505") throw new AppError("CONFLICT", "This note was started in another window. Reload the page.");
    throw e;
  }
  return { ok: true, signed: signing };
}

async function currentConsentId(patientId: string, kind: "VIDEO" | "PHONE"): Promise<string | null> {
  const r = await db.consentRecord.findFirst({ where: { patientId, kind, revokedAt: null, expiresAt: { gt: new Date() } }, orderBy: { capturedAt: "desc" }, select: { id: true } });
  return r?.id ?? null;
}

export async function addAddendum(actor: Actor, input: { visitId: string; text: string }, ctx: RequestContext): Promise<void> {
  if (!canWriteNotes(actor)) await denyAccess(actor, { entityType: "NoteAddendum", entityId: input.visitId, action: "CREATE" });
  const note = await db.visitNote.findUnique({ where: { visitId: input.visitId }, select: { id: true, status: true, patientId: true } });
  if (!note) throw new AppError("NOT_FOUND");
  if (note.status !== "SIGNED") throw new AppError("VALIDATION", "Addenda are for signed notes: edit the draft instead.", { text: ["The note is not signed yet"] });
  await db.$transaction(async (tx) => {
    const a = await tx.noteAddendum.create({ data: { noteId: note.id, authorId: actor.userId, text: input.text }, select: { id: true } });
    await writeAudit({ actor: who(actor), action: "CREATE", entityType: "NoteAddendum", entityId: a.id, patientId: note.patientId, outcome: "SUCCESS", ctx }, tx);
  });
}
