import { z } from "zod";
import { multiline } from "@/lib/input";
import { isValidTimeZone, languages, usStates } from "./core/reference";
import { normalizeUsPhone } from "./core/format";

/** One schema shared by the patient form (field names, limits) and the server action. */
const optionalText = (max: number, label: string) =>
  z
    .string()
    .trim()
    .max(max, `${label} must be at most ${max} characters`)
    .transform((v) => (v === "" ? null : v))
    .nullable()
    .optional()
    .transform((v) => v ?? null);

export const patientInputSchema = z
  .object({
    mrn: z
      .string()
      .trim()
      .min(1, "Enter the medical record number (MRN)")
      .max(20, "MRN must be at most 20 characters")
      .regex(/^[A-Za-z0-9-]+$/, "MRN may contain only letters, digits and dashes"),
    givenName: z.string().trim().min(1, "Enter the first name").max(100, "First name must be at most 100 characters"),
    familyName: z.string().trim().min(1, "Enter the last name").max(100, "Last name must be at most 100 characters"),
    birthDate: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/, "Enter the date of birth as YYYY-MM-DD")
      .refine(
        (v) => !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) && new Date(`${v}T00:00:00Z`).toISOString().startsWith(v),
        "Enter a real calendar date",
      )
      .refine((v) => v >= "1900-01-01", "Date of birth must be after 1900")
      .refine((v) => v <= new Date().toISOString().slice(0, 10), "Date of birth cannot be in the future"),
    phone: z
      .string()
      .trim()
      .max(30, "Phone number is too long")
      .transform((v, ctx) => {
        if (v === "") return null;
        const n = normalizeUsPhone(v);
        if (!n) {
          ctx.addIssue({ code: "custom", message: "Enter a 10-digit US phone number, e.g. (555) 201-1234" });
          return z.NEVER;
        }
        return n;
      })
      .optional()
      .transform((v) => v ?? null),
    email: z
      .string()
      .trim()
      .max(254, "Email must be at most 254 characters")
      .transform((v) => (v === "" ? null : v.toLowerCase()))
      .pipe(z.string().email("Enter a valid email address").nullable())
      .optional()
      .transform((v) => v ?? null),
    timeZone: z.string().trim().refine(isValidTimeZone, "Choose a valid time zone"),
    preferredLanguage: z.enum(Object.keys(languages) as [keyof typeof languages], { message: "Choose a language" }),
    stateOfResidence: z.enum(Object.keys(usStates) as [keyof typeof usStates], {
      message: "Choose the state where the patient lives",
    }),
    canDoVideo: z
      .union([z.literal("on"), z.literal("true"), z.literal("false"), z.boolean()])
      .optional()
      .transform((v) => v === true || v === "on" || v === "true"),
    allergies: multiline(optionalText(500, "Allergies")),
    primaryClinicianId: z
      .string()
      .transform((v) => (v === "" ? null : v))
      .pipe(z.string().uuid("Choose a clinician from the list").nullable())
      .optional()
      .transform((v) => v ?? null),
  })
  .strict();

export type PatientInput = z.infer<typeof patientInputSchema>;

export const patientSearchSchema = z
  .object({
    q: z.string().trim().max(100, "Search is at most 100 characters").optional().default(""),
    page: z.coerce.number().int().min(1).max(10_000).optional().default(1),
  })
  .strict();
