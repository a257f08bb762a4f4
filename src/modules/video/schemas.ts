import { z } from "zod";
import { multiline } from "@/lib/input";
import { optionalPhone } from "../scheduling/schemas";
import { startConsentJsonSchema } from "../consent/schemas";

/**
 * Every message a browser sends into a room, validated before it is stored or relayed.
 * Peer messages (offer, answer, candidate) go to one admitted participant; "media" (mute and
 * camera state) goes to everyone in the call.
 */
// SDP is lines ending in CRLF (RFC 8866): line breaks are its syntax, so the one input entry
// (parseInput) must allow them here, as in a textarea; other control characters stay refused.
const sdp = multiline(
  z
    .string()
    .max(20_000, "SDP is too long")
    .refine((s) => s.startsWith("v=0"), "Not an SDP description"),
);

export const signalSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("offer"), to: z.uuid(), data: z.object({ sdp }).strict() }).strict(),
  z.object({ kind: z.literal("answer"), to: z.uuid(), data: z.object({ sdp }).strict() }).strict(),
  z
    .object({
      kind: z.literal("candidate"),
      to: z.uuid(),
      data: z
        .object({
          candidate: z
            .string()
            .max(1000)
            .refine((c) => c === "" || c.startsWith("candidate:"), "Not an ICE candidate"),
          sdpMid: z.string().max(64).nullable(),
          sdpMLineIndex: z.number().int().min(0).max(64).nullable(),
        })
        .strict(),
    })
    .strict(),
  z
    .object({
      kind: z.literal("media"),
      to: z.null().optional(),
      data: z.object({ audio: z.boolean(), video: z.boolean() }).strict(),
    })
    .strict(),
]);
export type SignalInput = z.infer<typeof signalSchema>;

export const joinSchema = z
  .object({
    via: z.enum(["account", "link", "guest"], { message: "Say how you are joining" }),
    hasCamera: z.boolean().default(true),
  })
  .strict();

/**
 * Admit: who, and (letting the patient in starts the visit) the consent given with it when none
 * is on file: verbal consent confirmed in the room, or an emergency reason.
 */
export const admitSchema = z
  .object({ participantId: z.uuid({ message: "Choose who to let in" }), consent: startConsentJsonSchema.optional() })
  .strict();

export const removeSchema = z
  .object({ participantId: z.uuid({ message: "Choose who to take out of the room" }) })
  .strict();

export const audioOnlyReasons = {
  VIDEO_FAILED: "Video failed (connection or device problem)",
  PATIENT_LACKS_VIDEO: "Patient has no working camera or video device",
  PATIENT_DECLINED_VIDEO: "Patient prefers a phone call",
} as const;
export type AudioOnlyReasonCode = keyof typeof audioOnlyReasons;

export const phoneFallbackSchema = z
  .object({
    reason: z.enum(Object.keys(audioOnlyReasons) as [AudioOnlyReasonCode, ...AudioOnlyReasonCode[]], {
      message: "Choose why the visit moves to phone",
    }),
    detail: z.string().trim().max(300, "Keep the detail under 300 characters").optional(),
    /** Empty: call the number on the visit or the patient's chart. */
    phoneNumber: optionalPhone,
  })
  .strict();

export const inviteSchema = z
  .object({
    role: z.enum(["CAREGIVER", "INTERPRETER"], { message: "Choose caregiver or interpreter" }),
    displayName: z
      .string()
      .trim()
      .min(2, "Enter the guest's name (at least 2 characters)")
      .max(80, "Keep the name under 80 characters"),
  })
  .strict();

export const endSchema = z.object({}).strict();
