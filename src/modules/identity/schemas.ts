import { z } from "zod";
import { roles } from "./core/roles";

/** Passwords: 8-128 characters, no composition rules (ASVS 6.2.1, 6.2.9). */
export const passwordSchema = z
  .string()
  .min(8, "Use at least 8 characters")
  .max(128, "Use at most 128 characters");

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
    from: z.union([z.literal(""), z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "Use YYYY-MM-DD")]).optional().default(""),
    to: z.union([z.literal(""), z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "Use YYYY-MM-DD")]).optional().default(""),
    before: z.union([z.literal(""), z.string().regex(/^\d+$/)]).optional().default(""),
  })
  .strict();
export type AuditFilter = z.infer<typeof auditFilterSchema>;
