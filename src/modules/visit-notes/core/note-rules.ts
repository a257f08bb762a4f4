/**
 * What a virtual-visit note must hold before it can be signed (docs/clinical-reference.md#telehealth-documentation):
 * consent on file for the modality used; why the visit is virtual;
 * modality and platform; for audio-only, why; the patient's location (at least the state) and the
 * clinician's; participants; start and end time; limits of the remote exam. Pure and tested.
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

export type NoteDraft = {
  modalityUsed: "AUDIO_VIDEO" | "AUDIO_ONLY";
  platform: string | null;
  audioOnlyReason: AudioOnlyReason | null;
  virtualReasons: string[];
  virtualReasonOther: string | null;
  patientState: string | null;
  clinicianLocation: string | null;
  startedAt: Date | null;
  endedAt: Date | null;
  examLimits: string | null;
  assessment: string | null;
  plan: string | null;
  billingCode: string | null;
  suggestedCode: string | null;
  billingOverrideReason: string | null;
};

export type SignProblem = { field: string; message: string };

export function problemsBeforeSigning(n: NoteDraft, consentOnFile: boolean): SignProblem[] {
  const p: SignProblem[] = [];
  if (!consentOnFile) p.push({ field: "consent", message: `No valid ${n.modalityUsed === "AUDIO_ONLY" ? "telephone" : "video"} consent is on file: record the patient's consent first` });
  if (n.modalityUsed === "AUDIO_ONLY" && !n.audioOnlyReason) p.push({ field: "audioOnlyReason", message: "Say why the visit was audio-only" });
  if (n.modalityUsed === "AUDIO_VIDEO" && !n.platform) p.push({ field: "platform", message: "Name the video platform" });
  if (n.virtualReasons.length === 0 && !n.virtualReasonOther) p.push({ field: "virtualReasons", message: "Say why the visit is virtual" });
  if (!n.patientState) p.push({ field: "patientState", message: "Record the state the patient is in today" });
  if (!n.clinicianLocation) p.push({ field: "clinicianLocation", message: "Record where you are" });
  if (!n.startedAt || !n.endedAt) p.push({ field: "endedAt", message: "Record the start and end time" });
  else if (n.endedAt.getTime() <= n.startedAt.getTime()) p.push({ field: "endedAt", message: "The end time must be after the start time" });
  if (!n.examLimits) p.push({ field: "examLimits", message: "Describe the limits of the remote exam" });
  if (!n.assessment) p.push({ field: "assessment", message: "Write the assessment" });
  if (!n.plan) p.push({ field: "plan", message: "Write the plan" });
  if (!n.billingCode) p.push({ field: "billingCode", message: "Choose a billing code" });
  else if (n.billingCode !== n.suggestedCode && !n.billingOverrideReason) p.push({ field: "billingOverrideReason", message: "Give a reason for changing the suggested code" });
  return p;
}

export function totalMinutes(startedAt: Date | null, endedAt: Date | null): number {
  if (!startedAt || !endedAt) return 0;
  return Math.max(0, Math.round((endedAt.getTime() - startedAt.getTime()) / 60_000));
}
