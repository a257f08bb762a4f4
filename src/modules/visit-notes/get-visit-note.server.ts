import "server-only";
import { noteParticipants } from "../video/core/room-rules";
import { userNamesById } from "@/modules/identity/index.server";
import { writeAudit } from "@/server/audit";
import { denyAccess } from "@/server/auth/actor";
import { db } from "@/server/db";
import { getEnv } from "@/server/env";
import { AppError } from "@/server/errors";
import type { RequestContext } from "@/server/request-context";
import { suggestBilling, type BillingSuggestion } from "../billing/core/billing-rules";
import type { PatientStatus } from "../billing/core/patient-status";
import { getPatientConsents } from "@/modules/consent/index.server";
import { readReviewedBeforeVisit } from "../care-program/index.server";
import type { ReviewedBeforeVisit } from "../care-program/core/huddle";
import type { ConsentStatus } from "../consent/core/consent-rules";
import type { Actor } from "../identity/core/roles";
import {
  totalMinutes,
  visitStepOnSigning,
  type AudioOnlyReason,
  type NoteModalityFields,
  type Participant,
  type VisitStepOnSigning,
} from "./core/note-rules";
import { timeSource, type RecordedTimes, type TimeSource } from "./core/note-times";
import { visitLicensureUnaudited, type VisitLicensureView } from "../care-program/index.server";
import { canReadNotes, patientStatusFor, patientStatusLine, recordedCallTimes } from "./note-facts.server";

export type NoteView = {
  visit: {
    id: string;
    patientId: string;
    patientName: string;
    mrn: string;
    birthDate: string;
    clinicianId: string;
    clinicianName: string;
    startsAt: string;
    endsAt: string;
    modality: "VIDEO" | "PHONE";
    status: string;
    reason: string;
    phoneNumber: string | null;
  };
  note: NoteModalityFields & {
    exists: boolean;
    status: "DRAFT" | "SIGNED";
    version: number;
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

type Consents = Awaited<ReturnType<typeof getPatientConsents>>;

/** The note for a visit, or a draft pre-filled with what the app knows. */
export async function getVisitNote(actor: Actor, visitId: string, ctx: RequestContext): Promise<NoteView> {
  if (!canReadNotes(actor)) await denyAccess(actor, { entityType: "VisitNote", entityId: visitId, action: "READ" });
  const { view, noteId } = await buildNoteView(visitId, (patientId) => getPatientConsents(actor, patientId, ctx));
  await writeAudit({
    actor: who(actor),
    action: "READ",
    entityType: "VisitNote",
    entityId: noteId ?? visitId,
    patientId: view.visit.patientId,
    outcome: "SUCCESS",
    ctx,
  });
  return view;
}

/**
 * The note view without authorization or audit: the caller does both (getVisitNote above; the
 * FHIR API's Binary read, signed-note-pdf.server.ts). `consentsOf` loads the patient's consents.
 */
export async function buildNoteView(
  visitId: string,
  consentsOf: (patientId: string) => Promise<Consents>,
): Promise<{ view: NoteView; noteId: string | null }> {
  const v = await db.visit.findUnique({
    where: { id: visitId },
    select: {
      id: true,
      patientId: true,
      clinicianId: true,
      startsAt: true,
      endsAt: true,
      modality: true,
      status: true,
      reason: true,
      phoneNumber: true,
      startedAt: true,
      completedAt: true,
      patientLocationState: true,
      patient: { select: { givenName: true, familyName: true, mrn: true, birthDate: true, stateOfResidence: true } },
      clinician: { select: { name: true } },
      note: { include: { addenda: { orderBy: { createdAt: "asc" } } } },
      events: {
        where: { kind: { contains: "MODALITY" } },
        orderBy: { at: "desc" },
        take: 1,
        select: { reason: true, details: true },
      },
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
    consentsOf(v.patientId),
    signed ? null : patientStatusFor(v, tz),
    db.formResponse.findMany({
      where: { patientId: v.patientId, request: { visitId: v.id } },
      orderBy: [{ answeredAt: "asc" }, { version: "desc" }],
      select: {
        seriesId: true,
        version: true,
        instrument: true,
        scoreTenths: true,
        answeredAt: true,
        safetyFlag: true,
      },
    }),
    readReviewedBeforeVisit(v.id, new Date(), { signedAt: signed ? n?.signedAt : null }),
    visitLicensureUnaudited(v.id),
  ]);
  const latestBySeries = new Map<string, (typeof responses)[number]>();
  for (const r of responses) if (!latestBySeries.has(r.seriesId)) latestBySeries.set(r.seriesId, r);
  const nameOf = await userNamesById([n?.authorId, n?.signedById, ...(n?.addenda ?? []).map((a) => a.authorId)]);
  // The note's times default to the call times the app recorded.
  const recorded: RecordedTimes = signed
    ? { startedAt: n.recordedStartedAt, endedAt: n.recordedEndedAt }
    : recordedCallTimes(v);
  const startedAt = n?.startedAt ?? recorded.startedAt;
  const endedAt = n?.endedAt ?? recorded.endedAt;
  // Notes signed before the times were checked carry no recorded snapshot (nor a status basis).
  const checkedNote = !signed || n.patientStatusBasis !== null;
  const payer = n?.payer ?? "COMMERCIAL";
  // A draft saved by this form keeps the clinician's choice; otherwise the clinic's history decides.
  const newPatient = signed || (n && n.patientStatusBasis !== null) ? n.newPatient : derived!.newPatient;
  const suggestion = suggestBilling({
    modality: modalityUsed,
    newPatient,
    totalMinutes: totalMinutes(startedAt, endedAt),
    payer,
    patientAtHome: n?.patientAtHome ?? true,
  });
  const billing = derived
    ? { ...suggestion, rules: [patientStatusLine(derived, newPatient), ...suggestion.rules] }
    : suggestion;
  const view: NoteView = {
    visit: {
      id: v.id,
      patientId: v.patientId,
      patientName: `${v.patient.givenName} ${v.patient.familyName}`,
      mrn: v.patient.mrn,
      birthDate: v.patient.birthDate.toISOString().slice(0, 10),
      clinicianId: v.clinicianId,
      clinicianName: v.clinician.name,
      startsAt: v.startsAt.toISOString(),
      endsAt: v.endsAt.toISOString(),
      modality: v.modality,
      status: v.status,
      reason: v.reason,
      phoneNumber: v.phoneNumber,
    },
    note: {
      exists: !!n,
      status: n?.status ?? "DRAFT",
      version: n?.version ?? 0,
      modalityUsed,
      platform: n
        ? n.platform
        : modalityUsed === "AUDIO_VIDEO"
          ? "Virtual Pain Clinic video (browser, peer-to-peer)"
          : null,
      // A video that fell back to phone in the room records why; the draft starts from it.
      audioOnlyReason:
        (n?.audioOnlyReason as AudioOnlyReason | null) ??
        (n ? null : switchReasonCode(v.modality, v.events[0]?.details)),
      virtualReasons: n?.virtualReasons ?? [],
      virtualReasonOther: n?.virtualReasonOther ?? null,
      // The state the patient is in for this visit: as recorded for the visit (check-in, the room,
      // or this header when saved), else the draft's, else the home state as a suggestion.
      patientState: signed
        ? n.patientState
        : v.patientLocationState?.trim() || n?.patientState || v.patient.stateOfResidence,
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
    addenda: (n?.addenda ?? []).map((a) => ({
      id: a.id,
      author: nameOf.get(a.authorId) ?? "Staff",
      text: a.text,
      at: a.createdAt.toISOString(),
    })),
    modalitySwitchReason: v.events[0]?.reason ?? null,
    reviewed,
    licensure,
    assessments: [...latestBySeries.values()].map((r) => ({
      instrument: r.instrument,
      display: r.instrument === "PEG" ? (r.scoreTenths / 10).toFixed(1) : String(r.scoreTenths / 10),
      answeredAt: r.answeredAt.toISOString(),
      safetyFlag: r.safetyFlag,
    })),
    timeZone: tz,
  };
  return { view, noteId: n?.id ?? null };
}

function switchReasonCode(modality: "VIDEO" | "PHONE", details: unknown): AudioOnlyReason | null {
  if (modality !== "PHONE" || !details || typeof details !== "object") return null;
  const code = (details as { reasonCode?: unknown }).reasonCode;
  return code === "VIDEO_FAILED" || code === "PATIENT_LACKS_VIDEO" || code === "PATIENT_DECLINED_VIDEO" ? code : null;
}
