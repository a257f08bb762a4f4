import { z } from "zod";
import { INT4_MAX, multiline } from "@/lib/input";
import { referralStatuses } from "./core/referral-states";

const uuid = (msg: string) => z.string().uuid(msg);
const idempotencyKey = z.string().uuid("The form is out of date: reload the page and try again");

export const createReferralSchema = z
  .object({
    patientId: uuid("Unknown patient"),
    kind: z.enum(["PHYSICAL_THERAPY", "BEHAVIORAL_THERAPY", "OTHER"], { message: "Choose the kind of referral" }),
    detail: z.string().trim().max(200, "Details must be at most 200 characters").optional().default(""),
    telehealth: z
      .union([z.literal("on"), z.literal("")])
      .optional()
      .transform((v) => v === "on"),
    note: multiline(z.string().trim().max(1000, "Note must be at most 1000 characters").optional().default("")),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (v.kind === "OTHER" && !v.detail)
      ctx.addIssue({ code: "custom", path: ["detail"], message: "Say what the referral is for" });
  });

export const advanceReferralSchema = z
  .object({
    referralId: uuid("Unknown referral"),
    to: z.enum(referralStatuses, { message: "Choose the new status" }),
    version: z.coerce
      .number()
      .int()
      .min(1, "The form is out of date: reload the page")
      .max(INT4_MAX, "The form is out of date: reload the page"),
    note: multiline(z.string().trim().max(1000, "Note must be at most 1000 characters").optional().default("")),
  })
  .strict();

export const recommendResourceSchema = z
  .object({
    patientId: uuid("Unknown patient"),
    resourceId: uuid("Choose a resource from the list"),
    note: multiline(z.string().trim().max(500, "Note must be at most 500 characters").optional().default("")),
  })
  .strict();

export const resourceFeedbackSchema = z
  .object({
    recommendationId: uuid("Unknown recommendation"),
    tried: z.enum(["yes", "no"], { message: "Tell us if you tried it" }),
    helped: z.enum(["YES", "SOMEWHAT", "NO", ""], { message: "Tell us if it helped" }).optional().default(""),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (v.tried === "yes" && !v.helped)
      ctx.addIssue({ code: "custom", path: ["helped"], message: "Tell us if it helped" });
  });

export const resourceInputSchema = z
  .object({
    name: z.string().trim().min(1, "Enter the name").max(100, "Name must be at most 100 characters"),
    purpose: multiline(z.string().trim().min(1, "Say what it is for").max(500, "At most 500 characters")),
    url: z
      .string()
      .trim()
      .url("Enter a full web address starting with https://")
      .max(500)
      .refine((u) => /^https?:\/\//.test(u), "Enter a web address starting with https://"),
  })
  .strict();

export const verbalConsentSchema = z
  .object({
    patientId: uuid("Unknown patient"),
    kind: z.enum(["VIDEO", "PHONE"], { message: "Choose video or phone" }),
    textId: uuid("Choose the consent text that was read"),
    witnessName: z.string().trim().max(100, "Witness name must be at most 100 characters").optional().default(""),
    idempotencyKey,
  })
  .strict();

/**
 * The full name a patient types to sign electronically: one rule for every signed patient
 * document (telehealth e-consent here, the opioid agreement in consent/schemas.ts).
 */
export const typedNameSchema = z
  .string()
  .trim()
  .min(2, "Type your full name to sign")
  .max(100, "At most 100 characters");

export const electronicConsentSchema = z
  .object({
    kind: z.enum(["VIDEO", "PHONE"], { message: "Choose video or phone" }),
    textId: uuid("The consent text changed: reload the page"),
    typedName: typedNameSchema,
    agree: z.literal("on", { message: "Check the box to agree" }),
    idempotencyKey,
  })
  .strict();

export const revokeConsentSchema = z
  .object({
    consentId: uuid("Unknown consent"),
    reason: multiline(z.string().trim().min(3, "Say why the consent is revoked").max(500, "At most 500 characters")),
  })
  .strict();

export const consentTextSchema = z
  .object({
    kind: z.enum(["VIDEO", "PHONE", "OPIOID_AGREEMENT"], {
      message: "Choose video, phone or the opioid treatment agreement",
    }),
    title: z.string().trim().min(1, "Enter a title").max(200),
    body: multiline(
      z.string().trim().min(20, "The consent text is too short").max(10_000, "At most 10,000 characters"),
    ),
  })
  .strict();
