import { statusLabels, type VisitStatus } from "../../scheduling/core/visit-lifecycle";
import { checkNoteTimes, type RecordedTimes } from "./note-times";

/**
 * What a virtual-visit note must hold before it can be signed (docs/clinical-reference.md#telehealth-documentation):
 * consent on file for the modality used; why the visit is virtual;
 * modality and platform; for audio-only, why; the patient's location (at least the state) and the
 * clinician's; participants; start and end time (checked against the recorded call times,
 * ./note-times.ts); limits of the remote exam; a billing code, and a reason for any change from
 * what the app derived (the suggested code, new or established patient). Pure and tested.
 */
export const virtualReasons = {
  TRANSPORTATION: "No transportation",
  DISTANCE: "Long distance / travel time",
  PATIENT_PREFERENCE: "Patient preference",
  SAFETY: "Safety (infection risk, weather)",
  MOBILITY: "Mobility or pain limits travel",
  HOME_SETTING: "To see the home setting",
} as const;
export type VirtualReason = keyof typeof virtualReasons;

export const audioOnlyReasons = {
  PATIENT_LACKS_VIDEO: "Patient does not have video capability",
  VIDEO_FAILED: "Video was attempted and failed",
  PATIENT_DECLINED_VIDEO: "Patient declined video",
} as const;
export type AudioOnlyReason = keyof typeof audioOnlyReasons;

export const participantRoles = { caregiver: "Caregiver", interpreter: "Interpreter", other: "Other" } as const;
export type Participant = { name: string; role: keyof typeof participantRoles };

/** How and why the visit was virtual, and where the patient was: the same fields on a draft and on the note page. */
export type NoteModalityFields = {
  modalityUsed: "AUDIO_VIDEO" | "AUDIO_ONLY";
  platform: string | null;
  audioOnlyReason: AudioOnlyReason | null;
  virtualReasons: string[];
  virtualReasonOther: string | null;
  patientState: string | null;
};

export type NoteDraft = NoteModalityFields & {
  clinicianLocation: string | null;
  startedAt: Date | null;
  endedAt: Date | null;
  timesReason: string | null;
  examLimits: string | null;
  assessment: string | null;
  plan: string | null;
  billingCode: string | null;
  suggestedCode: string | null;
  billingOverrideReason: string | null;
  newPatient: boolean;
  newPatientOverrideReason: string | null;
};

/** What the app knows beside the note: the consent, the visit's status and recorded times, the clinic's history. */
export type SigningFacts = {
  consentOnFile: boolean;
  /**
   * The visit started under a recorded emergency exception (no consent, a reason given at the
   * start, docs/decisions/visit-documentation.md): its note can be signed, and shows the reason.
   */
  consentException?: boolean;
  visitStatus: VisitStatus;
  recorded: RecordedTimes;
  now: Date;
  /** New or established as derived from the clinic's history (billing/core/patient-status.ts). */
  derivedNewPatient: boolean;
};

export type SignProblem = { field: string; message: string };

/**
 * What signing does to the visit. Signing documents a visit that took place, so it completes a
 * visit still in progress (through the lifecycle's own COMPLETE step, in the same transaction);
 * a completed visit stays as it is; a visit that never started, was cancelled or missed cannot
 * be completed, so its note cannot be signed, and the clinician is told why and what to do.
 */
export type VisitStepOnSigning = { ok: true; complete: boolean } | { ok: false; message: string };

export function visitStepOnSigning(status: VisitStatus): VisitStepOnSigning {
  switch (status) {
    case "IN_PROGRESS":
      return { ok: true, complete: true };
    case "COMPLETED":
      return { ok: true, complete: false };
    case "SCHEDULED":
    case "CHECKED_IN":
      return {
        ok: false,
        message: `This visit has not started (status: ${statusLabels[status].label}), so signing cannot complete it. Start it from the visit page first; if the call happened outside the app, enter its real times and the reason`,
      };
    case "CANCELLED":
    case "NO_SHOW":
      return {
        ok: false,
        message: `This visit is marked ${statusLabels[status].label.toLowerCase()}, so it cannot be completed and its note cannot be signed. If the patient was in fact seen, ask a coordinator to book the visit that took place`,
      };
  }
}

export function problemsBeforeSigning(n: NoteDraft, facts: SigningFacts): SignProblem[] {
  const p: SignProblem[] = [];
  const step = visitStepOnSigning(facts.visitStatus);
  if (!step.ok) p.push({ field: "visit", message: step.message });
  if (!facts.consentOnFile && !facts.consentException)
    p.push({
      field: "consent",
      message: `No valid ${n.modalityUsed === "AUDIO_ONLY" ? "telephone" : "video"} consent is on file: record the patient's consent first`,
    });
  if (n.modalityUsed === "AUDIO_ONLY" && !n.audioOnlyReason)
    p.push({ field: "audioOnlyReason", message: "Say why the visit was audio-only" });
  if (n.modalityUsed === "AUDIO_VIDEO" && !n.platform)
    p.push({ field: "platform", message: "Name the video platform" });
  if (n.virtualReasons.length === 0 && !n.virtualReasonOther)
    p.push({ field: "virtualReasons", message: "Say why the visit is virtual" });
  if (!n.patientState) p.push({ field: "patientState", message: "Record the state the patient is in today" });
  if (!n.clinicianLocation) p.push({ field: "clinicianLocation", message: "Record where you are" });
  p.push(
    ...checkNoteTimes({
      startedAt: n.startedAt,
      endedAt: n.endedAt,
      recorded: facts.recorded,
      reason: n.timesReason,
      now: facts.now,
    }).problems,
  );
  if (!n.examLimits) p.push({ field: "examLimits", message: "Describe the limits of the remote exam" });
  if (!n.assessment) p.push({ field: "assessment", message: "Write the assessment" });
  if (!n.plan) p.push({ field: "plan", message: "Write the plan" });
  if (!n.billingCode) p.push({ field: "billingCode", message: "Choose a billing code" });
  else if (n.billingCode !== n.suggestedCode && !n.billingOverrideReason)
    p.push({ field: "billingOverrideReason", message: "Give a reason for changing the suggested code" });
  if (n.newPatient !== facts.derivedNewPatient && !n.newPatientOverrideReason?.trim()) {
    p.push({
      field: "newPatientOverrideReason",
      message: `The clinic's history makes this ${facts.derivedNewPatient ? "a new" : "an established"} patient: give a reason to bill as ${n.newPatient ? "new" : "established"}`,
    });
  }
  return p;
}

export function totalMinutes(startedAt: Date | null, endedAt: Date | null): number {
  if (!startedAt || !endedAt) return 0;
  return Math.max(0, Math.round((endedAt.getTime() - startedAt.getTime()) / 60_000));
}
