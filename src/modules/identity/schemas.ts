import { z } from "zod";
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

/** A patient account must name its patient record's MRN; other roles must not name one. */
function checkPatientMrn(v: { role: string; patientMrn: string }, ctx: z.RefinementCtx) {
  if (v.role === "PATIENT" && !v.patientMrn) {
    ctx.addIssue({
      code: "custom",
      path: ["patientMrn"],
      message: "A patient account must be linked to a patient record: enter the MRN",
    });
  }
  if (v.role !== "PATIENT" && v.patientMrn) {
    ctx.addIssue({
      code: "custom",
      path: ["patientMrn"],
      message: "Only patient accounts are linked to a patient record",
    });
  }
}

export const createUserSchema = z
  .object({
    name: z.string().trim().min(1, "Enter the person's name").max(100, "Name must be at most 100 characters"),
    email: z
      .string()
      .trim()
      .toLowerCase()
      .max(254, "Email must be at most 254 characters")
      .email("Enter a valid email address"),
    role: z.enum(roles, { message: "Choose a role" }),
    password: passwordSchema,
    patientMrn: z.string().trim().max(20, "MRN must be at most 20 characters").optional().default(""),
  })
  .strict()
  .superRefine(checkPatientMrn);

export const updateUserSchema = z
  .object({
    name: z.string().trim().min(1, "Enter the person's name").max(100, "Name must be at most 100 characters"),
    role: z.enum(roles, { message: "Choose a role" }),
    patientMrn: z.string().trim().max(20, "MRN must be at most 20 characters").optional().default(""),
  })
  .strict()
  .superRefine(checkPatientMrn);

export const resetPasswordSchema = z.object({ password: passwordSchema }).strict();

export const changeOwnPasswordSchema = z
  .object({ currentPassword: z.string().min(1, "Enter your current password").max(128), newPassword: passwordSchema })
  .strict();

// The audit log's filters: src/modules/audit/core/filter.ts.

/** The account-linking lookup on the Add account page: an exact MRN, or an email (has "@"). */
export const linkLookupSchema = z
  .object({ lookup: z.string().trim().max(254, "At most 254 characters").optional().default("") })
  .strict()
  .transform((v) => (v.lookup === "" ? null : v.lookup.includes("@") ? { email: v.lookup } : { mrn: v.lookup }));
