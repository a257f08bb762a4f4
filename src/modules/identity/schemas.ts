import { z } from "zod";
import { isCalendarDate } from "@/lib/input";
import { PASSWORD_MAX, PASSWORD_MIN, passwordProblem } from "./core/password-policy";
import { roles } from "./core/roles";

/**
 * New passwords (accounts, resets, changes): 8-128 characters, no composition rules (ASVS 6.2.1,
 * 6.2.9), and not a common or breached password (core/password-policy.ts, ASVS 6.2.4).
 */
export const passwordSchema = z
  .string()
  .min(PASSWORD_MIN, `Use at least ${PASSWORD_MIN} characters`)
  .max(PASSWORD_MAX, `Use at most ${PASSWORD_MAX} characters`)
  .superRefine((v, ctx) => {
    const problem = passwordProblem(v);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  });

export const createUserSchema = z
  .object({
    name: z.string().trim().min(1, "Enter the person's name").max(100, "Name must be at most 100 characters"),
    email: z.string().trim().toLowerCase().max(254, "Email must be at most 254 characters").email("Enter a valid email address"),
    role: z.enum(roles, { message: "Choose a role" }),
    password: passwordSchema,
    patientMrn: z.string().trim().max(20, "MRN must be at most 20 characters").optional().default(""),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (v.role === "PATIENT" && !v.patientMrn) {
      ctx.addIssue({ code: "custom", path: ["patientMrn"], message: "A patient account must be linked to a patient record: enter the MRN" });
    }
    if (v.role !== "PATIENT" && v.patientMrn) {
      ctx.addIssue({ code: "custom", path: ["patientMrn"], message: "Only patient accounts are linked to a patient record" });
    }
  });

export const updateUserSchema = z
  .object({
    name: z.string().trim().min(1, "Enter the person's name").max(100, "Name must be at most 100 characters"),
    role: z.enum(roles, { message: "Choose a role" }),
    patientMrn: z.string().trim().max(20, "MRN must be at most 20 characters").optional().default(""),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (v.role === "PATIENT" && !v.patientMrn) {
      ctx.addIssue({ code: "custom", path: ["patientMrn"], message: "A patient account must be linked to a patient record: enter the MRN" });
    }
    if (v.role !== "PATIENT" && v.patientMrn) {
      ctx.addIssue({ code: "custom", path: ["patientMrn"], message: "Only patient accounts are linked to a patient record" });
    }
  });

export const resetPasswordSchema = z.object({ password: passwordSchema }).strict();

export const changeOwnPasswordSchema = z
  .object({ currentPassword: z.string().min(1, "Enter your current password").max(128), newPassword: passwordSchema })
  .strict();

export const auditFilterSchema = z
  .object({
    actor: z.string().trim().max(254).optional().default(""),
    entityType: z.string().trim().max(50).optional().default(""),
    action: z.string().trim().max(20).optional().default(""),
    outcome: z.enum(["", "SUCCESS", "DENIED", "FAILURE"]).optional().default(""),
    patientId: z.union([z.literal(""), z.string().uuid("Patient id must be a UUID")]).optional().default(""),
    from: z.union([z.literal(""), z.string().refine(isCalendarDate, "Use YYYY-MM-DD (a real calendar date)")]).optional().default(""),
    to: z.union([z.literal(""), z.string().refine(isCalendarDate, "Use YYYY-MM-DD (a real calendar date)")]).optional().default(""),
    // An audit row id (bigint): digits within Postgres's bigint range, or the page link is broken.
    before: z
      .union([z.literal(""), z.string().regex(/^\d{1,19}$/, "Use the Older events link").refine((v) => BigInt(v) <= 9_223_372_036_854_775_807n, "Use the Older events link")])
      .optional()
      .default(""),
  })
  .strict();
export type AuditFilter = z.infer<typeof auditFilterSchema>;

/** The account-linking lookup on the Add account page: an exact MRN, or an email (has "@"). */
export const linkLookupSchema = z
  .object({ lookup: z.string().trim().max(254, "At most 254 characters").optional().default("") })
  .strict()
  .transform((v) => (v.lookup === "" ? null : v.lookup.includes("@") ? { email: v.lookup } : { mrn: v.lookup }));
