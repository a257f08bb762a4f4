import { z } from "zod";
import { multiline } from "@/lib/input";
import { instrumentCodes, instruments, type InstrumentCode } from "./core/instruments";

/** Form field name of an item's answer. */
export const answerField = (itemId: string) => `q_${itemId}`;

const uuid = (what: string) => z.string().uuid(`${what} is not valid`);

/**
 * One answer field per item, built from the instrument's own data: the value must be one of the
 * item's option values; required items must be answered (message names the question number).
 */
function answerShape(code: InstrumentCode) {
  const shape: Record<string, z.ZodType<number | undefined>> = {};
  for (const item of instruments[code].items) {
    const allowed = item.options.map((o) => String(o.value));
    const msg = `Please choose an answer for question ${item.number}`;
    const field = z
      .string({ message: msg })
      .refine((v) => v === "" || allowed.includes(v), `That is not one of the choices for question ${item.number}`)
      .transform((v) => (v === "" ? undefined : Number(v)));
    shape[answerField(item.id)] = item.required
      ? field.refine((v) => v !== undefined, msg).transform((v) => v as number)
      : field.optional().transform((v) => v);
  }
  return shape;
}

/** Stored answers keyed by item id, from the parsed q_* fields. */
export function toAnswers(code: InstrumentCode, data: Record<string, unknown>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const item of instruments[code].items) {
    const v = data[answerField(item.id)];
    if (typeof v === "number") out[item.id] = v;
  }
  return out;
}

export const instrumentSchema = z.enum(instrumentCodes, { message: "Choose a form" });

/** Idempotency key: rendered into the form once, so a double submit maps to one response. */
const idempotencyKey = uuid("The form");

/** Patient (portal or secure link) submitting one requested instrument. */
export function patientResponseSchema(code: InstrumentCode) {
  return z
    .object({
      instrument: z.literal(code),
      requestId: uuid("The form request"),
      idempotencyKey,
      /** The language of the page the form was shown on (docs/decisions/i18n.md). */
      pageLanguage: z
        .string()
        .regex(/^[a-z]{2,3}$/, "The page language is not valid")
        .optional(),
      /** The approved translation the wording came from (checked on the server before it is recorded). */
      translationVersion: z.string().min(1).max(100, "The translation version is not valid").optional(),
      ...answerShape(code),
    })
    .strict();
}

export const administrationModes = ["PHONE", "VIDEO"] as const;

/** Staff entering answers read aloud during a phone or video visit. */
export function staffResponseSchema(code: InstrumentCode) {
  return z
    .object({
      instrument: z.literal(code),
      requestId: z
        .string()
        .transform((v) => (v === "" ? null : v))
        .pipe(uuid("The form request").nullable())
        .optional()
        .transform((v) => v ?? null),
      mode: z.enum(administrationModes, { message: "Choose how the answers were given: phone or video" }),
      idempotencyKey,
      ...answerShape(code),
    })
    .strict();
}

/** A correction is a new version with a reason; the earlier version stays. */
export function correctionSchema(code: InstrumentCode) {
  return z
    .object({
      instrument: z.literal(code),
      idempotencyKey,
      reason: multiline(
        z
          .string()
          .trim()
          .min(5, "Say why the answers are being corrected (at least 5 characters)")
          .max(500, "Reason must be at most 500 characters"),
      ),
      ...answerShape(code),
    })
    .strict();
}

/** Reads the instrument field first so the right strict schema can be chosen. */
export const instrumentPickSchema = z.object({ instrument: instrumentSchema }).passthrough();

/** At most this many alerts closed by one follow-up (a patient has a handful at most). */
export const ALERTS_PER_FOLLOW_UP_MAX = 100;
const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const resolveAlertSchema = z
  .object({
    assessmentDone: z.literal("on", { message: "Confirm that the suicide-risk assessment was done" }),
    plan: multiline(
      z
        .string()
        .trim()
        .min(10, "Write the follow-up plan (at least 10 characters)")
        .max(2000, "Plan must be at most 2000 characters"),
    ),
    // The patient's open alerts the clinician was shown (hidden field, comma-separated ids): the
    // follow-up closes those, so an alert raised after the page was shown stays open.
    alertIds: z
      .string()
      .max(ALERTS_PER_FOLLOW_UP_MAX * 37, "Reload the page: the list of alerts is too long")
      .optional()
      .default("")
      .transform((v) =>
        v
          .split(",")
          .map((s) => s.trim())
          .filter(Boolean),
      )
      .refine(
        (ids) => ids.length <= ALERTS_PER_FOLLOW_UP_MAX && ids.every((id) => UUID_RE.test(id)),
        "Reload the page: the list of alerts is not valid",
      ),
  })
  .strict();

export const addRequestSchema = z
  .object({
    instrument: instrumentSchema,
    visitId: z
      .string()
      .transform((v) => (v === "" ? null : v))
      .pipe(uuid("The visit").nullable())
      .optional()
      .transform((v) => v ?? null),
    dueInDays: z.coerce
      .number({ message: "Choose when it is due" })
      .int()
      .min(0, "Choose when it is due")
      .max(30, "Due within 30 days"),
  })
  .strict();

export const cancelRequestSchema = z
  .object({
    requestId: uuid("The form request"),
    reason: multiline(
      z.string().trim().min(3, "Say why it is removed").max(300, "Reason must be at most 300 characters"),
    ),
  })
  .strict();

export const reminderSchema = z.object({ patientId: uuid("The patient") }).strict();

export const settingsSchema = z
  .object({
    instrument_PEG: z.literal("on").optional(),
    instrument_PHQ9: z.literal("on").optional(),
    dueMinutesBefore: z.coerce
      .number({ message: "Enter minutes" })
      .int("Enter whole minutes")
      .min(0, "At least 0 minutes")
      .max(10_080, "At most 7 days (10080 minutes)"),
    linkTtlHours: z.coerce
      .number({ message: "Enter hours" })
      .int("Enter whole hours")
      .min(1, "At least 1 hour")
      .max(336, "At most 14 days (336 hours)"),
  })
  .strict()
  .transform((v) => ({
    preVisitInstruments: instrumentCodes.filter((c) => v[`instrument_${c}`] === "on"),
    dueMinutesBefore: v.dueMinutesBefore,
    linkTtlHours: v.linkTtlHours,
  }));
export type SettingsInput = z.infer<typeof settingsSchema>;
