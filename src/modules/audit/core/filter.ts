import { z } from "zod";
import { isCalendarDate } from "@/lib/input";
import { auditActions, auditOutcomes, ENTITY_TYPE_RE } from "./vocabulary";

/**
 * The audit log's filters (page and CSV export), as query parameters. Every message names what
 * to do; the page shows it beside the field with the field's label, the export returns it per
 * field. Pure.
 */
export const auditFilterLabels = {
  actor: "User email contains",
  entityType: "Record type",
  action: "Action",
  outcome: "Outcome",
  mrn: "Patient MRN",
  patientId: "Patient id",
  from: "From (UTC date)",
  to: "To (UTC date)",
  before: "Older events link",
} as const;
export type AuditFilterKey = keyof typeof auditFilterLabels;
export const auditFilterKeys = Object.keys(auditFilterLabels) as AuditFilterKey[];

const date = (field: string) =>
  z
    .union([z.literal(""), z.string().refine(isCalendarDate, `${field}: use YYYY-MM-DD (a real calendar date)`)])
    .optional()
    .default("");

export const auditFilterSchema = z
  .object({
    actor: z.string().trim().max(254, "User email: use at most 254 characters").optional().default(""),
    entityType: z
      .union([z.literal(""), z.string().trim().regex(ENTITY_TYPE_RE, "Record type: choose one from the list")])
      .optional()
      .default(""),
    action: z
      .enum(["", ...auditActions], { message: "Action: choose one from the list" })
      .optional()
      .default(""),
    outcome: z
      .enum(["", ...auditOutcomes], { message: "Outcome: choose one from the list" })
      .optional()
      .default(""),
    // Exact MRN, as on the patient's chart (patients/schemas.ts: letters, digits and dashes, 20 at most).
    mrn: z
      .string()
      .trim()
      .max(20, "Patient MRN: use at most 20 characters")
      .regex(/^[A-Za-z0-9-]*$/, "Patient MRN: use only letters, digits and dashes, exactly as on the chart")
      .optional()
      .default(""),
    patientId: z
      .union([
        z.literal(""),
        z.string().trim().uuid("Patient id: paste the full id (a UUID), or filter by MRN instead"),
      ])
      .optional()
      .default(""),
    from: date("From"),
    to: date("To"),
    // An audit row id (bigint): digits within Postgres's bigint range, or the page link is broken.
    before: z
      .union([
        z.literal(""),
        z
          .string()
          .regex(/^\d{1,19}$/, "Use the Older events link")
          .refine((v) => BigInt(v) <= 9_223_372_036_854_775_807n, "Use the Older events link"),
      ])
      .optional()
      .default(""),
  })
  .strict()
  .superRefine((f, ctx) => {
    if (f.from && f.to && f.from > f.to)
      ctx.addIssue({ code: "custom", path: ["to"], message: "To: choose a date on or after From" });
    if (f.mrn && f.patientId)
      ctx.addIssue({ code: "custom", path: ["mrn"], message: "Patient MRN: give the MRN or the patient id, not both" });
  });
export type AuditFilter = z.infer<typeof auditFilterSchema>;

export const emptyAuditFilter: AuditFilter = {
  actor: "",
  entityType: "",
  action: "",
  outcome: "",
  mrn: "",
  patientId: "",
  from: "",
  to: "",
  before: "",
};

/** The filters in use, for links (Older events, CSV) and audit details (names only, never values). */
export function activeFilters(f: AuditFilter): Partial<Record<AuditFilterKey, string>> {
  const out: Partial<Record<AuditFilterKey, string>> = {};
  for (const k of auditFilterKeys) if (f[k]) out[k] = f[k];
  return out;
}

/** [from, to) in UTC for the date filters (both days included), or nothing. */
export function utcRange(f: Pick<AuditFilter, "from" | "to">): { gte?: Date; lt?: Date } | null {
  if (!f.from && !f.to) return null;
  return {
    ...(f.from ? { gte: new Date(`${f.from}T00:00:00Z`) } : {}),
    ...(f.to ? { lt: new Date(new Date(`${f.to}T00:00:00Z`).getTime() + 86_400_000) } : {}),
  };
}

/** "Fix these filters: From (UTC date), Patient MRN." for the page's notice. */
export function filterProblemSummary(errors: Record<string, string[]>): string {
  const names = Object.keys(errors).map((k) =>
    k in auditFilterLabels ? auditFilterLabels[k as AuditFilterKey] : `"${k}" (not a filter)`,
  );
  return names.length
    ? `Fix these filters: ${names.join(", ")}. Nothing was searched.`
    : "Fix the filters. Nothing was searched.";
}
