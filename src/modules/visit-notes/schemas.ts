import { z } from "zod";
import { INT4_MAX, multiline } from "@/lib/input";
import { usStates } from "../patients/core/reference";
import { audioOnlyReasons, participantRoles, virtualReasons } from "./core/note-rules";

const text = (max: number, label: string) =>
  z
    .string()
    .trim()
    .max(max, `${label} must be at most ${max} characters`)
    .optional()
    .transform((v) => (v ? v : null));
/** A wall-clock time from <input type="datetime-local">, in the clinic's time zone. */
const localDateTime = (label: string) =>
  z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (!v) return null;
      if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(v)) {
        ctx.addIssue({ code: "custom", message: `${label}: enter a date and time` });
        return z.NEVER;
      }
      return v;
    });

/** The note form (draft save and sign share it). Participant rows come as name_N / role_N pairs. */
export const noteInputSchema = z
  .object({
    visitId: z.string().uuid("Unknown visit"),
    version: z.coerce
      .number()
      .int()
      .min(0, "Reload the page: the form is out of date")
      .max(INT4_MAX, "Reload the page: the form is out of date"),
    intent: z.enum(["save", "sign"], { message: "Choose save or sign" }),
    modalityUsed: z.enum(["AUDIO_VIDEO", "AUDIO_ONLY"], { message: "Choose audio-video or audio-only" }),
    platform: text(100, "Platform"),
    audioOnlyReason: z
      .enum(["", ...(Object.keys(audioOnlyReasons) as (keyof typeof audioOnlyReasons)[])], {
        message: "Choose why the visit was audio-only",
      })
      .optional()
      .transform((v) => (v ? v : null)),
    virtualReasons: z
      .array(z.enum(Object.keys(virtualReasons) as [keyof typeof virtualReasons], { message: "Unknown reason" }))
      .max(6)
      .default([]),
    virtualReasonOther: text(200, "Other reason"),
    patientState: z
      .union([
        z.literal(""),
        z.enum(Object.keys(usStates) as [keyof typeof usStates], { message: "Choose the patient's state" }),
      ])
      .optional()
      .transform((v) => (v ? v : null)),
    patientLocation: text(200, "Patient location"),
    patientAtHome: z
      .union([z.literal("on"), z.literal("")])
      .optional()
      .transform((v) => v === "on"),
    clinicianLocation: text(200, "Clinician location"),
    startedAt: localDateTime("Start time"),
    endedAt: localDateTime("End time"),
    timesReason: text(300, "Reason for the times"),
    examLimits: multiline(text(2000, "Exam limits")),
    homeObservations: multiline(text(2000, "Home setting")),
    assessment: multiline(text(10_000, "Assessment")),
    plan: multiline(text(10_000, "Plan")),
    payer: z.enum(["MEDICARE", "COMMERCIAL"], { message: "Choose the payer profile" }),
    // New or established: derived from the clinic's history on the server; a choice sent here
    // that differs from it needs newPatientOverrideReason. Omitted: take the derived one.
    patientStatus: z
      .enum(["", "NEW", "ESTABLISHED"], { message: "Choose new or established patient" })
      .optional()
      .transform((v) => (v ? v : null)),
    newPatientOverrideReason: text(300, "Reason for new or established"),
    billingCode: text(10, "Billing code"),
    billingOverrideReason: text(500, "Override reason"),
    participants: z
      .array(
        z.object({
          name: z.string().trim().min(1).max(100),
          role: z.enum(Object.keys(participantRoles) as [keyof typeof participantRoles]),
        }),
      )
      .max(10)
      .default([]),
  })
  .strict();
export type NoteInput = z.infer<typeof noteInputSchema>;

export const addendumSchema = z
  .object({
    visitId: z.string().uuid("Unknown visit"),
    text: multiline(z.string().trim().min(3, "Write the addendum").max(5000, "At most 5000 characters")),
  })
  .strict();

/** FormData -> the shape above: repeated checkboxes become an array, participant rows a list. */
export function noteFormToObject(fd: FormData): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const participants: { name: string; role: string }[] = [];
  for (const [k, v] of fd.entries()) {
    if (k.startsWith("$ACTION") || typeof v !== "string") continue;
    if (k === "virtualReasons") out.virtualReasons = [...((out.virtualReasons as string[] | undefined) ?? []), v];
    else if (/^participantName_\d$/.test(k)) {
      const i = Number(k.slice(-1));
      const role = fd.get(`participantRole_${i}`);
      if (v.trim()) participants.push({ name: v, role: typeof role === "string" ? role : "other" });
    } else if (/^participantRole_\d$/.test(k)) continue;
    else out[k] = v;
  }
  out.participants = participants;
  return out;
}
