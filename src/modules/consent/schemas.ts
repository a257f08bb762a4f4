import { z } from "zod";
import { multiline } from "@/lib/input";
import type { StartConsentChoice } from "./core/start-consent";
import { typedNameSchema } from "../care-plan/schemas";

/**
 * Input of the consent steps this module owns besides the chart's forms (those are in
 * care-plan/schemas.ts): the patient withdrawing consent, and the consent given with a start.
 */
export const withdrawConsentSchema = z
  .object({
    consentId: z.uuid({ message: "We could not find that consent. Go back to your consent page." }),
    /** Optional, in the patient's own words. */
    note: multiline(z.string().trim().max(500, "Please keep this under 500 characters").optional().default("")),
  })
  .strict();

const emergencyReason = multiline(
  z
    .string()
    .trim()
    .min(5, "Say why the visit goes ahead without consent (at least 5 characters)")
    .max(500, "Keep the reason under 500 characters"),
);
const textId = z.uuid({ message: "The consent text changed: reload the page and read the current one" });

/** A form (Today, the visit page): verbal consent confirmed, or the emergency reason. */
export const startConsentFormSchema = z.discriminatedUnion(
  "consent",
  [
    z
      .object({
        consent: z.literal("verbal"),
        textId,
        agreed: z.literal("on", { message: "Tick the box to confirm the patient agreed out loud" }),
      })
      .strict(),
    z.object({ consent: z.literal("emergency"), reason: emergencyReason }).strict(),
  ],
  { message: "Choose verbal consent or an emergency start" },
);

/** The same in JSON (the room's admit route). */
export const startConsentJsonSchema = z.discriminatedUnion(
  "method",
  [
    z
      .object({
        method: z.literal("verbal"),
        textId,
        agreed: z.literal(true, { message: "Confirm the patient agreed out loud" }),
      })
      .strict(),
    z.object({ method: z.literal("emergency"), reason: emergencyReason }).strict(),
  ],
  { message: "Choose verbal consent or an emergency start" },
);

export function startChoiceFromForm(v: z.infer<typeof startConsentFormSchema>): StartConsentChoice {
  return v.consent === "verbal" ? { method: "verbal", textId: v.textId } : { method: "emergency", reason: v.reason };
}

export function startChoiceFromJson(v: z.infer<typeof startConsentJsonSchema> | undefined): StartConsentChoice {
  if (!v) return null;
  return v.method === "verbal" ? { method: "verbal", textId: v.textId } : { method: "emergency", reason: v.reason };
}

// ---------------------------------------------------------------------------------------------
// Patient agreements for opioid therapy (sign- and revoke-agreement.server.ts)
// ---------------------------------------------------------------------------------------------

const agreementTextId = z.uuid({ message: "The agreement was updated: reload the page and read the current one" });
const idempotencyKey = z.uuid({ message: "The form is out of date: reload the page and try again" });
const agreementId = z.uuid({ message: "We could not find that agreement. Reload the page." });

/** The patient signs (portal or secure link): the typed-name rule of e-consent. */
export const signAgreementSchema = z
  .object({
    textId: agreementTextId,
    typedName: typedNameSchema,
    agree: z.literal("on", { message: "Check the box to agree" }),
    idempotencyKey,
  })
  .strict();

/** Staff record an agreement signed on paper, or agreed verbally (a witness is then required). */
export const recordAgreementSchema = z
  .object({
    patientId: z.uuid({ message: "Unknown patient" }),
    textId: agreementTextId,
    method: z.enum(["PAPER", "VERBAL"], { message: "Choose signed on paper or agreed verbally" }),
    witnessName: z.string().trim().max(100, "Witness name must be at most 100 characters").optional().default(""),
    idempotencyKey,
  })
  .strict()
  .superRefine((v, ctx) => {
    if (v.method === "VERBAL" && v.witnessName.length < 2)
      ctx.addIssue({ code: "custom", path: ["witnessName"], message: "Name the witness who heard the patient agree" });
  });

export const revokeAgreementSchema = z
  .object({
    agreementId,
    reason: multiline(z.string().trim().min(3, "Say why the agreement is revoked").max(500, "At most 500 characters")),
  })
  .strict();

export const revokeOwnAgreementSchema = z
  .object({
    agreementId,
    note: multiline(z.string().trim().max(500, "Please keep this under 500 characters").optional().default("")),
  })
  .strict();
