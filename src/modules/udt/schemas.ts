import { z } from "zod";
import { INT4_MAX, multiline } from "@/lib/input";
import { drugKeys, type DrugKey } from "./core/medication-catalog";
import { panelCodes, type PanelCode } from "./core/substances";

/** zod schemas shared by the forms and the server actions. All strict: unknown fields are refused. */

const isoDate = (label: string) =>
  z
    .string({ message: `Enter the ${label}` })
    .regex(/^\d{4}-\d{2}-\d{2}$/, `Enter the ${label} as YYYY-MM-DD`)
    .refine(
      (v) => !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) && new Date(`${v}T00:00:00Z`).toISOString().startsWith(v),
      `Enter a real calendar date for the ${label}`,
    );

const text = (label: string, max: number) =>
  z
    .string({ message: `Enter ${label}` })
    .trim()
    .min(1, `Enter ${label}`)
    .max(max, `${label[0]!.toUpperCase()}${label.slice(1)} must be at most ${max} characters`);
const optionalText = (label: string, max: number) =>
  z
    .string()
    .trim()
    .max(max, `${label} must be at most ${max} characters`)
    .optional()
    .transform((v) => (v ? v : null));

const positive = (label: string, max: number) =>
  z.coerce
    .number({ message: `Enter the ${label} as a number` })
    .refine((n) => Number.isFinite(n), `Enter the ${label} as a number`)
    .refine((n) => n > 0, `The ${label} must be more than 0`)
    .refine((n) => n <= max, `The ${label} must be at most ${max}`);

export const medicationRoutes = [
  "ORAL",
  "TRANSDERMAL",
  "SUBLINGUAL",
  "BUCCAL",
  "INTRAVENOUS",
  "INTRAMUSCULAR",
  "SUBCUTANEOUS",
  "INTRANASAL",
  "RECTAL",
  "OTHER",
] as const;
export type MedicationRoute = (typeof medicationRoutes)[number];

export const addMedicationSchema = z
  .object({
    drugKey: z.enum(drugKeys as [DrugKey, ...DrugKey[]], { message: "Choose the medication from the list" }),
    name: text("the name as prescribed", 200),
    doseAmount: positive("dose", 10_000),
    timesPerDay: positive("number of doses a day", 24),
    route: z.enum(medicationRoutes, { message: "Choose how it is taken" }),
    startedOn: isoDate("start date"),
    prescriber: text("the prescriber", 120),
  })
  .strict();
export type AddMedicationInput = z.infer<typeof addMedicationSchema>;

export const stopMedicationSchema = z
  .object({
    medicationId: z.string().uuid("Choose a medication from the list"),
    stoppedOn: isoDate("stop date"),
    stopReason: text("why it was stopped", 300),
  })
  .strict();
export type StopMedicationInput = z.infer<typeof stopMedicationSchema>;

export const udtReasons = ["SAFETY_CONCERN", "NONE_IN_PAST_12_MONTHS"] as const;
export const collectionMethods = ["LAB_PSC", "HOME_KIT_VIDEO_OBSERVED"] as const;

export const createUdtOrderSchema = z
  .object({
    reasonCode: z.enum(udtReasons, { message: "Choose why the test is needed now" }),
    reasonNote: multiline(optionalText("Reason details", 1000)),
    panelCode: z.enum(panelCodes as [PanelCode, ...PanelCode[]], { message: "Choose a panel" }),
    collectionMethod: z.enum(collectionMethods, { message: "Choose how the sample is collected" }),
    windowHours: z
      .union([
        z.literal(""),
        z.coerce
          .number()
          .int("Enter whole hours")
          .min(1, "The window must be at least 1 hour")
          .max(168, "The window must be at most 168 hours (7 days)"),
      ])
      .optional()
      .transform((v) => (v === "" || v === undefined ? null : v)),
  })
  .strict()
  .refine((v) => v.reasonCode !== "SAFETY_CONCERN" || v.reasonNote, {
    message: "Describe the patient-safety concern",
    path: ["reasonNote"],
  });
export type CreateUdtOrderInput = z.infer<typeof createUdtOrderSchema>;

export const instructionChannels = ["PHONE", "VIDEO", "PORTAL_MESSAGE", "TEXT_MESSAGE", "IN_PERSON"] as const;
export const instructionChannelLabels: Record<(typeof instructionChannels)[number], string> = {
  PHONE: "Phone call",
  VIDEO: "Video visit",
  PORTAL_MESSAGE: "Portal message",
  TEXT_MESSAGE: "Text message",
  IN_PERSON: "In person",
};
export const confirmationMethods = ["GC_MS", "LC_MS"] as const;
export const confirmationMethodLabels: Record<(typeof confirmationMethods)[number], string> = {
  GC_MS: "GC-MS (gas chromatography-mass spectrometry)",
  LC_MS: "LC-MS/MS (liquid chromatography-tandem mass spectrometry)",
};

const findingSchema = z.object({ substance: z.string().trim().min(1).max(80), detected: z.boolean() }).strict();
const base = {
  version: z.coerce
    .number({ message: "Reload the page: the order version is missing" })
    .int()
    .min(1, "Reload the page: the order version is missing")
    .max(INT4_MAX, "Reload the page: the order version is missing"),
  notes: multiline(optionalText("Notes", 2000)),
};

/** One schema per workflow step; the form posts `event` to pick it. */
export const advanceUdtSchema = z.discriminatedUnion(
  "event",
  [
    z
      .object({
        event: z.literal("INSTRUCT"),
        ...base,
        channel: z.enum(instructionChannels, { message: "Choose how the patient was told" }),
        instructionText: multiline(optionalText("What the patient was told", 2000)),
      })
      .strict(),
    z.object({ event: z.literal("RECORD_COLLECTION"), ...base }).strict(),
    z
      .object({
        event: z.literal("REOPEN_WINDOW"),
        ...base,
        windowHours: z.coerce
          .number()
          .int("Enter whole hours")
          .min(1, "The window must be at least 1 hour")
          .max(168, "The window must be at most 168 hours")
          .optional(),
      })
      .strict(),
    z
      .object({
        event: z.literal("RECORD_RESULT"),
        ...base,
        findings: z.array(findingSchema).max(60, "Too many findings"),
      })
      .strict(),
    z
      .object({
        event: z.literal("ORDER_CONFIRMATION"),
        ...base,
        method: z.enum(confirmationMethods, { message: "Choose GC-MS or LC-MS" }),
      })
      .strict(),
    z
      .object({
        event: z.literal("RECORD_CONFIRMATION"),
        ...base,
        findings: z.array(findingSchema).max(60, "Too many findings"),
      })
      .strict(),
    z.object({ event: z.literal("REVIEW"), ...base, reviewNote: multiline(text("the review note", 4000)) }).strict(),
    z
      .object({
        event: z.literal("DISCUSS"),
        ...base,
        discussionNote: multiline(text("what was discussed", 4000)),
        plan: multiline(text("the plan", 4000)),
      })
      .strict(),
    z.object({ event: z.literal("CLOSE"), ...base }).strict(),
    z
      .object({ event: z.literal("CANCEL"), ...base, cancelReason: multiline(text("the reason for cancelling", 1000)) })
      .strict(),
  ],
  { error: () => "Choose a workflow step" },
);
export type AdvanceUdtInput = z.infer<typeof advanceUdtSchema>;

/**
 * Form fields -> the advance schema's shape: radio groups named finding_<substance> (detected /
 * not_detected) and a free-text "otherSubstances" list (detected), so an unknown name reaches
 * the catalog check and is refused by name instead of being dropped.
 */
export function findingsFromForm(values: Record<string, string>): {
  rest: Record<string, string>;
  findings: { substance: string; detected: boolean }[];
} {
  const rest: Record<string, string> = {};
  const findings: { substance: string; detected: boolean }[] = [];
  for (const [k, v] of Object.entries(values)) {
    if (k.startsWith("finding_")) {
      if (v === "detected" || v === "not_detected")
        findings.push({ substance: k.slice("finding_".length), detected: v === "detected" });
      continue;
    }
    if (k === "otherSubstances") {
      for (const name of v
        .split(/[,;\n]/)
        .map((s) => s.trim())
        .filter(Boolean))
        findings.push({ substance: name, detected: true });
      continue;
    }
    rest[k] = v;
  }
  return { rest, findings };
}

export const udtSettingsSchema = z
  .object({
    collectionWindowHours: z.coerce
      .number({ message: "Enter hours" })
      .int("Enter whole hours")
      .min(1, "At least 1 hour")
      .max(168, "At most 168 hours"),
    monitoringIntervalDays: z.coerce
      .number({ message: "Enter days" })
      .int("Enter whole days")
      .min(30, "At least 30 days")
      .max(730, "At most 730 days"),
  })
  .strict();
export type UdtSettingsInput = z.infer<typeof udtSettingsSchema>;

export const udtQueueSchema = z
  .object({
    page: z.coerce.number().int().min(1).max(10_000).optional().default(1),
    pageSize: z.coerce.number().int().min(10).max(200).optional().default(50),
  })
  .strict();
