import { z } from "zod";
import { isCalendarDate, multiline } from "@/lib/input";
import { instrumentCodes, type InstrumentCode } from "@/modules/assessments/core/instruments";
import { usStates } from "@/modules/patients/core/reference";

/**
 * zod schemas of the pre-visit huddle's forms, shared by the forms and their actions (strict:
 * unknown fields are refused). The urine drug test forms reuse the UDT module's order schema
 * (udt/schemas.ts createUdtOrderSchema). Dates are clinic calendar dates; whether one has
 * happened yet is checked on the server against the clinic's today (core/huddle.ts).
 */
const date = (label: string) =>
  z
    .string({ message: `Enter the ${label} (YYYY-MM-DD)` })
    .trim()
    .refine(isCalendarDate, { message: `Enter the ${label} as a real date (YYYY-MM-DD)` });

const note = (max: number) =>
  multiline(
    z
      .string()
      .trim()
      .max(max, `Note must be at most ${max} characters`)
      .optional()
      .transform((v) => (v ? v : null)),
  );

export const pdmpCheckSchema = z
  .object({
    checkedOn: date("date of the check"),
    state: z
      .string({ message: "Choose the state whose PDMP was checked" })
      .trim()
      .toUpperCase()
      .refine((s) => Object.hasOwn(usStates, s), { message: "Choose the state whose PDMP was checked" }),
    finding: z.enum(["CONSISTENT", "CONCERNS"], { message: "Choose what the PDMP showed: consistent, or concerns" }),
    note: note(1000),
  })
  .strict()
  .refine((v) => v.finding !== "CONCERNS" || v.note, {
    path: ["note"],
    message: "Describe the concerns the PDMP showed",
  });
export type PdmpCheckInput = z.infer<typeof pdmpCheckSchema>;

export const naloxoneSchema = z
  .object({
    offeredOn: date("date"),
    outcome: z.enum(["OFFERED", "PRESCRIBED", "DECLINED"], { message: "Choose offered, prescribed or declined" }),
    note: note(1000),
  })
  .strict();
export type NaloxoneInput = z.infer<typeof naloxoneSchema>;

export const riskHistorySchema = z
  .object({
    kind: z.enum(["OVERDOSE", "SUBSTANCE_USE_DISORDER"], { message: "Choose overdose or substance use disorder" }),
    recordedOn: date("date it was recorded"),
    note: note(1000),
  })
  .strict();
export type RiskHistoryInput = z.infer<typeof riskHistorySchema>;

/** "PEG,PHQ9": the forms to request for the visit (one button sends every open form gap's form). */
export const sendFormsSchema = z
  .object({
    instruments: z
      .string({ message: "Choose at least one form" })
      .trim()
      .transform((s) => [
        ...new Set(
          s
            .split(",")
            .map((x) => x.trim())
            .filter(Boolean),
        ),
      ])
      .pipe(
        z
          .array(z.enum(instrumentCodes, { message: "Choose PEG or PHQ-9" }))
          .min(1, "Choose at least one form")
          .max(instrumentCodes.length),
      ),
  })
  .strict();
export type SendFormsInput = { instruments: InstrumentCode[] };

/** Ordering from the huddle: the queued request to order, when there is one (else a new order). */
export const orderRequestIdSchema = z
  .union([z.literal(""), z.string().trim().uuid("The queued test is not valid: reload the page")])
  .optional()
  .transform((v) => (v ? v : null));
