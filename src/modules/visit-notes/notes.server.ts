import "server-only";
import { noteParticipants } from "../video/core/room-rules";
import { userNamesById } from "../identity/users.server";
import { writeAudit } from "@/server/audit";
import { denyAccess } from "@/server/auth/actor";
import { db } from "@/server/db";
import { getEnv } from "@/server/env";
import { AppError, pgErrorCode } from "@/server/errors";
import type { RequestContext } from "@/server/request-context";
import { suggestBilling, type BillingSuggestion } from "../billing/core/billing-rules";
import { getPatientConsents } from "../consent/consent.server";
import type { ConsentStatus } from "../consent/core/consent-rules";
import type { Actor } from "../identity/core/roles";
import { wallClockAt, zonedToUtc } from "../scheduling/core/time";
import { problemsBeforeSigning, totalMinutes, type AudioOnlyReason, type Participant } from "./core/note-rules";
import type { NoteInput } from "./schemas";

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
    examLimits: string | null;
    homeObservations: string | null;
    assessment: string | null;
    plan: string | null;
    payer: "MEDICARE" | "COMMERCIAL";
    newPatient: boolean;
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
  addenda: { id: string; author: string; text: string; at: string }[];
  modalitySwitchReason: string | null;
  assessments: { instrument: "PEG" | "PHQ9"; display: string; answeredAt: string; safetyFlag: boolean }[];
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
      id: true, patientId: true, clinicianId: true, startsAt: true, endsAt: true, modality: true, status: true, reason: true, phoneNumber: true, startedAt: true, completedAt: true,
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
  const [consents, prior, responses] = await Promise.all([
    getPatientConsents(actor, v.patientId, ctx),
    db.visit.count({ where: { patientId: v.patientId, status: "COMPLETED", startsAt: { lt: v.startsAt } } }),
    db.formResponse.findMany({
      where: { patientId: v.patientId, request: { visitId: v.id } },
      orderBy: [{ answeredAt: "asc" }, { version: "desc" }],
      select: { seriesId: true, version: true, instrument: true, scoreTenths: true, answeredAt: true, safetyFlag: true },
    }),
  ]);
  const latestBySeries = new Map<string, (typeof responses)[number]>();
  for (const r of responses) if (!latestBySeries.has(r.seriesId)) latestBySeries.set(r.seriesId, r);
  const nameOf = await userNamesById([n?.authorId, n?.signedById, ...(n?.addenda ?? []).map((a) => a.authorId)]);
  const startedAt = n?.startedAt ?? v.startedAt;
  const endedAt = n?.endedAt ?? v.completedAt;
  const payer = n?.payer ?? "COMMERCIAL";
  const newPatient = n ? n.newPatient : prior === 0;
  const billing = suggestBilling({ modality: modalityUsed, newPatient, totalMinutes: totalMinutes(startedAt, endedAt), payer, patientAtHome: n?.patientAtHome ?? true });
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
      patientState: n ? n.patientState : v.patient.stateOfResidence,
      patientLocation: n?.patientLocation ?? null,
      patientAtHome: n?.patientAtHome ?? true,
      clinicianLocation: n?.clinicianLocation ?? null,
      // Guests who were in the video call (caregiver, interpreter) until the note is first saved.
      participants: (n?.participants as Participant[] | undefined) ?? noteParticipants(v.videoParticipants),
      startedAt: startedAt?.toISOString() ?? null,
      endedAt: endedAt?.toISOString() ?? null,
      examLimits: n?.examLimits ?? null,
      homeObservations: n?.homeObservations ?? null,
      assessment: n?.assessment ?? null,
      plan: n?.plan ?? null,
      payer,
      newPatient,
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
    addenda: (n?.addenda ?? []).map((a) => ({ id: a.id, author: nameOf.get(a.authorId) ?? "Staff", text: a.text, at: a.createdAt.toISOString() })),
    modalitySwitchReason: v.events[0]?.reason ?? null,
    assessments: [...latestBySeries.values()].map((r) => ({ instrument: r.instrument, display: r.instrument === "PEG" ? (r.scoreTenths / 10).toFixed(1) : String(r.scoreTenths / 10), answeredAt: r.answeredAt.toISOString(), safetyFlag: r.safetyFlag })),
    timeZone: tz,
  };
}

function switchReasonCode(modality: "VIDEO" | "PHONE", details: unknown): AudioOnlyReason | null {
  if (modality !== "PHONE" || !details || typeof details !== "object") return null;
  const code = (details as { reasonCode?: unknown }).reasonCode;
  return code === "VIDEO_FAILED" || code === "PATIENT_LACKS_VIDEO" || code === "PATIENT_DECLINED_VIDEO" ? code : null;
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
 * Saves the draft, or signs it. Signing validates completeness, stores the billing decision and
 * locks the note (a trigger then refuses any change). Optimistic version guard against two tabs.
 */
export async function saveVisitNote(actor: Actor, input: NoteInput, ctx: RequestContext): Promise<SaveResult> {
  if (!canWriteNotes(actor)) await denyAccess(actor, { entityType: "VisitNote", entityId: input.visitId, action: "UPDATE" });
  const tz = getEnv().CLINIC_TIME_ZONE;
  const visit = await db.visit.findUnique({ where: { id: input.visitId }, select: { id: true, patientId: true, status: true, note: { select: { id: true, status: true, version: true } } } });
  if (!visit) throw new AppError("NOT_FOUND");
  if (visit.note?.status === "SIGNED") throw new AppError("CONFLICT", "This note is signed and locked. Add an addendum instead.");
  if ((visit.note?.version ?? 0) !== input.version) throw new AppError("CONFLICT", "This note was changed in another window. Reload the page to see the latest version.");
  const startedAt = toUtc(input.startedAt, tz);
  const endedAt = toUtc(input.endedAt, tz);
  const billing = suggestBilling({ modality: input.modalityUsed, newPatient: input.newPatient, totalMinutes: totalMinutes(startedAt, endedAt), payer: input.payer, patientAtHome: input.patientAtHome });
  const signing = input.intent === "sign";
  if (signing) {
    const consents = await getPatientConsents(actor, visit.patientId, ctx);
    const consent = input.modalityUsed === "AUDIO_VIDEO" ? consents.video : consents.phone;
    const problems = problemsBeforeSigning(
      { ...input, startedAt, endedAt, audioOnlyReason: input.audioOnlyReason, suggestedCode: billing.code },
      consent.state === "valid",
    );
    if (problems.length) return { ok: false, problems };
  }
  const consentRecordId = signing ? await currentConsentId(visit.patientId, input.modalityUsed === "AUDIO_VIDEO" ? "VIDEO" : "PHONE") : null;
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
    examLimits: input.examLimits,
    homeObservations: input.homeObservations,
    assessment: input.assessment,
    plan: input.plan,
    payer: input.payer,
    newPatient: input.newPatient,
    billingCode: input.billingCode,
    billingOverrideReason: input.billingCode !== billing.code ? input.billingOverrideReason : null,
    ...(signing
      ? { status: "SIGNED" as const, signedAt: new Date(), signedById: actor.userId, consentRecordId, placeOfService: billing.placeOfService, billingModifier: billing.modifier, billingRule: billing.rules.join(" ") }
      : {}),
  };
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
      await writeAudit({ actor: who(actor), action: signing ? "UPDATE" : visit.note ? "UPDATE" : "CREATE", entityType: "VisitNote", entityId: noteId, patientId: visit.patientId, outcome: "SUCCESS", ctx, details: { signed: signing } }, tx);
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
