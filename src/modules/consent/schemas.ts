import { z } from "zod";
import { multiline } from "@/lib/input";
import type { StartConsentChoice } from "./core/start-consent";

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

const emergencyReason = multiline(z.string().trim().min(5, "Say why the visit goes ahead without consent (at least 5 characters)").max(500, "Keep the reason under 500 characters"));
const textId = z.uuid({ message: "The consent text changed: reload the page and read the current one" });

/** A form (Today, the visit page): verbal consent confirmed, or the emergency reason. */
export const startConsentFormSchema = z.discriminatedUnion(
  "consent",
  [
    z.object({ consent: z.literal("verbal"), textId, agreed: z.literal("on", { message: "Tick the box to confirm the patient agreed out loud" }) }).strict(),
    z.object({ consent: z.literal("emergency"), reason: emergencyReason }).strict(),
  ],
  { message: "Choose verbal consent or an emergency start" },
);

/** The same in JSON (the room's admit route). */
export const startConsentJsonSchema = z.discriminatedUnion(
  "method",
  [
    z.object({ method: z.literal("verbal"), textId, agreed: z.literal(true, { message: "Confirm the patient agreed out loud" }) }).strict(),
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
