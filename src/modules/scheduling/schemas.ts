import { z } from "zod";
import { INT4_MAX, multiline } from "@/lib/input";
import { normalizeUsPhone } from "../patients/core/format";
import { hhmmToMinute, isIsoDate } from "./core/time";
import { visitStatuses, visitTransitions } from "./core/visit-lifecycle";
import { usStateCodes } from "../care-program/core/licensure";

/** zod schemas shared by the scheduling forms and their server actions / routes. */
const uuid = (msg: string) => z.string({ message: msg }).trim().uuid(msg);
const isoDate = (label: string) =>
  z
    .string({ message: `Enter the ${label} as YYYY-MM-DD` })
    .trim()
    .refine(isIsoDate, `Enter the ${label} as a real date (YYYY-MM-DD)`);
export const modalitySchema = z.enum(["VIDEO", "PHONE"], { message: "Choose video or phone" });

const instant = z
  .string({ message: "Choose a time" })
  .trim()
  .min(1, "Choose a time")
  .max(40, "Choose a time from the list")
  .refine(
    (v) =>
      /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/.test(v) && !Number.isNaN(Date.parse(v)),
    "Choose a time from the list",
  )
  .transform((v) => new Date(v));

/** Empty -> null (use the patient's number); otherwise a valid US number, stored E.164. */
export const optionalPhone = z
  .string()
  .trim()
  .max(30, "Phone number is too long")
  .optional()
  .transform((v, ctx) => {
    if (!v) return null;
    const n = normalizeUsPhone(v);
    if (!n) {
      ctx.addIssue({ code: "custom", message: "Enter a 10-digit US phone number, e.g. (206) 555-0150" });
      return z.NEVER;
    }
    return n;
  });

const reasonText = (label: string, max = 500) =>
  z
    .string({ message: `Enter the ${label}` })
    .trim()
    .min(1, `Enter the ${label}`)
    .max(max, `The ${label} must be at most ${max} characters`);

export const bookVisitSchema = z
  .object({
    patientId: uuid("Choose a patient"),
    clinicianId: uuid("Choose a clinician"),
    visitTypeId: uuid("Choose a visit type"),
    modality: modalitySchema,
    startsAt: instant,
    reason: multiline(reasonText("reason for the visit")),
    phoneNumber: optionalPhone,
    idempotencyKey: uuid("The form expired; reload the page and try again"),
    repeatEveryWeeks: z.coerce
      .number({ message: "Choose how often" })
      .int()
      .min(0, "Choose how often")
      .max(12, "At most every 12 weeks")
      .optional()
      .default(0),
    repeatCount: z.coerce
      .number({ message: "Enter how many visits" })
      .int()
      .min(1, "At least 1 visit")
      .max(12, "At most 12 visits at once")
      .optional()
      .default(1),
  })
  .strict()
  .refine((v) => v.repeatEveryWeeks > 0 || v.repeatCount === 1, {
    path: ["repeatEveryWeeks"],
    message: "Choose how often the visits repeat",
  });
export type BookVisitInput = z.infer<typeof bookVisitSchema>;

export const slotSearchSchema = z
  .object({
    patientId: uuid("Choose a patient"),
    clinicianId: z
      .union([z.literal(""), z.literal("all"), uuid("Choose a clinician")])
      .optional()
      .transform((v) => (v && v !== "all" ? v : null)),
    visitTypeId: uuid("Choose a visit type"),
    modality: modalitySchema.optional().default("VIDEO"),
    from: isoDate("first date"),
    to: isoDate("last date"),
  })
  .strict()
  .refine((v) => v.to >= v.from, { path: ["to"], message: "The last date must be on or after the first date" })
  .refine((v) => Date.parse(v.to) - Date.parse(v.from) <= 35 * 86_400_000, {
    path: ["to"],
    message: "Search at most 5 weeks at a time",
  });
export type SlotSearchInput = z.infer<typeof slotSearchSchema>;

export const rescheduleSchema = z
  .object({
    startsAt: instant,
    expectedSequence: z.coerce.number().int().min(0).max(INT4_MAX),
    reason: reasonText("reason for the change").optional().default("Rescheduled"),
  })
  .strict();

export const cancelSchema = z
  .object({
    reason: multiline(reasonText("reason for cancelling")),
    expectedSequence: z.coerce.number().int().min(0).max(INT4_MAX).optional(),
  })
  .strict();

export const transitionSchema = z
  .object({
    transition: z.enum(visitTransitions, { message: "Choose an action" }),
    reason: z
      .string()
      .trim()
      .max(500, "The reason must be at most 500 characters")
      .optional()
      .transform((v) => (v ? v : null)),
    // Asked at check-in: the state the patient is in for this visit (licensure). Absent: left as
    // it is; empty: not known yet.
    patientLocationState: z
      .string()
      .trim()
      .toUpperCase()
      .refine(
        (v) => v === "" || (usStateCodes as readonly string[]).includes(v),
        'Patient\'s state right now: choose a US state, or "Not known yet"',
      )
      .optional()
      .transform((v) => (v === undefined ? undefined : v === "" ? null : v)),
  })
  .strict();

export const switchModalitySchema = z
  .object({
    modality: modalitySchema,
    phoneNumber: optionalPhone,
    reason: reasonText("reason for the switch"),
  })
  .strict();

export const visitListFilterSchema = z
  .object({
    clinicianId: z
      .union([z.literal(""), z.literal("all"), uuid("Choose a clinician")])
      .optional()
      .transform((v) => (v && v !== "all" ? v : null)),
    status: z
      .union([z.literal(""), z.enum(visitStatuses)])
      .optional()
      .transform((v) => v || null),
    modality: z
      .union([z.literal(""), modalitySchema])
      .optional()
      .transform((v) => v || null),
    from: isoDate("first date").optional(),
    to: isoDate("last date").optional(),
    page: z.coerce.number().int().min(1).max(1000).optional().default(1),
  })
  .strict();
export type VisitListFilter = z.infer<typeof visitListFilterSchema>;

export const calendarQuerySchema = z
  .object({
    view: z.enum(["day", "week"]).optional().default("week"),
    date: isoDate("date").optional(),
    clinicianId: z
      .union([z.literal(""), z.literal("all"), uuid("Choose a clinician")])
      .optional()
      .transform((v) => (v && v !== "all" ? v : null)),
  })
  .strict();

export const visitTypeSchema = z
  .object({
    name: z.string().trim().min(1, "Enter a name").max(80, "The name must be at most 80 characters"),
    durationMinutes: z.coerce
      .number({ message: "Enter the length in minutes" })
      .int("Whole minutes only")
      .min(5, "At least 5 minutes")
      .max(240, "At most 240 minutes")
      .refine((v) => v % 5 === 0, "Use steps of 5 minutes"),
    active: z
      .union([z.literal("on"), z.literal("true"), z.literal("false")])
      .optional()
      .transform((v) => v === "on" || v === "true"),
  })
  .strict();

const hhmm = z
  .string()
  .trim()
  .max(5)
  .optional()
  .transform((v, ctx) => {
    if (!v) return null;
    const m = hhmmToMinute(v);
    if (m === null) {
      ctx.addIssue({ code: "custom", message: "Use a time like 09:00" });
      return z.NEVER;
    }
    return m;
  });

/** One working window per weekday (start_1/end_1 = Monday ... start_7/end_7 = Sunday). */
export const weeklyHoursSchema = z
  .object(
    Object.fromEntries(
      [1, 2, 3, 4, 5, 6, 7].flatMap((d) => [
        [`start_${d}`, hhmm],
        [`end_${d}`, hhmm],
      ]),
    ) as Record<`start_${number}` | `end_${number}`, typeof hhmm>,
  )
  .strict()
  .superRefine((v, ctx) => {
    for (let d = 1; d <= 7; d++) {
      const s = v[`start_${d}`];
      const e = v[`end_${d}`];
      if ((s === null) !== (e === null))
        ctx.addIssue({
          code: "custom",
          path: [s === null ? `start_${d}` : `end_${d}`],
          message: "Enter both a start and an end, or neither",
        });
      else if (s !== null && e !== null && e! <= s!)
        ctx.addIssue({ code: "custom", path: [`end_${d}`], message: "The end must be after the start" });
    }
  })
  .transform((v) => {
    const out: { weekday: number; startMinute: number; endMinute: number }[] = [];
    for (let d = 1; d <= 7; d++) {
      const s = v[`start_${d}`];
      const e = v[`end_${d}`];
      if (s != null && e != null) out.push({ weekday: d, startMinute: s, endMinute: e });
    }
    return out;
  });

export const availabilityExceptionSchema = z
  .object({
    kind: z.enum(["TIME_OFF", "EXTRA_HOURS"], { message: "Choose time off or extra hours" }),
    date: isoDate("date"),
    startTime: z
      .string()
      .trim()
      .refine((v) => hhmmToMinute(v) !== null, "Use a time like 09:00"),
    endTime: z
      .string()
      .trim()
      .refine((v) => hhmmToMinute(v) !== null, "Use a time like 17:00"),
    note: z
      .string()
      .trim()
      .max(200, "The note must be at most 200 characters")
      .optional()
      .transform((v) => v || null),
  })
  .strict()
  .refine((v) => (hhmmToMinute(v.endTime) ?? 0) > (hhmmToMinute(v.startTime) ?? 0), {
    path: ["endTime"],
    message: "The end must be after the start",
  });

/** The JSON booking API (POST /api/visits) takes the same fields as the form. */
export const bookVisitApiSchema = bookVisitSchema;
