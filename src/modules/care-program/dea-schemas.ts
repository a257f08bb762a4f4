import { z } from "zod";
import { isCalendarDate, multiline } from "@/lib/input";
import { usStateCodes } from "./core/licensure";

/**
 * Inputs of the DEA / licensure / clinic-settings forms (parsed only through parseInput). The
 * clinic settings themselves use the core schema (core/settings.ts): one definition of each
 * threshold and its bounds.
 */
const stateCode = (label: string) =>
  z.preprocess(
    (v) => (typeof v === "string" ? v.trim().toUpperCase() : v),
    z.enum(usStateCodes, { error: `${label}: choose a US state` }),
  );

const optionalDate = (label: string) =>
  z
    .string()
    .trim()
    .optional()
    .default("")
    .refine((v) => v === "" || isCalendarDate(v), {
      error: `${label}: enter a real date (YYYY-MM-DD) or leave it empty`,
    })
    .transform((v) => (v === "" ? null : v));

export const clinicianLicenseSchema = z
  .object({
    state: stateCode("State"),
    licenseNumber: z
      .string()
      .trim()
      .max(40, { error: "License number: at most 40 characters" })
      .optional()
      .default("")
      .transform((v) => (v === "" ? null : v)),
    expiresOn: optionalDate("Expires on"),
  })
  .strict();
export type ClinicianLicenseInput = z.output<typeof clinicianLicenseSchema>;

export const removeLicenseSchema = z.object({ licenseId: z.string().uuid({ error: "Unknown license" }) }).strict();

export const inPersonEvaluationSchema = z
  .object({
    seenOn: z
      .string({ error: "Date seen: enter a date" })
      .trim()
      .refine(isCalendarDate, { error: "Date seen: enter a real date (YYYY-MM-DD)" }),
    clinicianId: z
      .string({ error: "Clinician: choose who saw the patient" })
      .uuid({ error: "Clinician: choose who saw the patient" }),
    note: multiline(
      z.string().trim().max(500, { error: "Note: at most 500 characters" }).optional().default(""),
    ).transform((v) => (v === "" ? null : v)),
  })
  .strict();
export type InPersonEvaluationInput = z.output<typeof inPersonEvaluationSchema>;

/** Withdrawing an in-person evaluation entered in error: which one, and why (required). */
export const withdrawInPersonSchema = z
  .object({
    evaluationId: z.string({ error: "Unknown in-person evaluation" }).uuid({ error: "Unknown in-person evaluation" }),
    reason: z
      .string({ error: "Reason: say why this record is wrong" })
      .trim()
      .min(3, { error: "Reason: say why this record is wrong (at least 3 characters)" })
      .max(300, { error: "Reason: at most 300 characters" }),
  })
  .strict();
export type WithdrawInPersonInput = z.output<typeof withdrawInPersonSchema>;

/** The patient's state at a visit: a state code, or empty for "not known yet". */
export const patientLocationStateField = z
  .string()
  .trim()
  .toUpperCase()
  .optional()
  .default("")
  .refine((v) => v === "" || (usStateCodes as readonly string[]).includes(v), {
    error: 'Patient\'s state for this visit: choose a US state, or "Not known yet"',
  })
  .transform((v) => (v === "" ? null : v));

export const visitLocationSchema = z.object({ patientLocationState: patientLocationStateField }).strict();
