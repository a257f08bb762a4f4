import { z } from "zod";
import { multiline } from "@/lib/input";
import { isMonth } from "./core/dates";
import { measureDefinitions, type MeasureId } from "./core/measures";
import { defaultRegistryQuery, mmeBands, registrySortColumns, type RegistryQuery } from "./core/registry";
import { careGapRuleIds } from "./core/rules";
import type { CareGapRuleId } from "./core/rules";

/**
 * The registry's filters as query parameters (the shared URL contract:
 * /registry?clinician=&gap=&mme=&dueWithin=&sort=&dir=&page=&measure=&month=&set=), for the page
 * and the CSV export alike. Every message names the filter and says what to do; an empty value
 * means "not filtered". Strict: an unknown parameter is refused, not ignored.
 */
export const registryFilterLabels = {
  clinician: "Clinician",
  gap: "Care gap",
  mme: "MME/day band",
  dueWithin: "Due within (days)",
  sort: "Sort by",
  dir: "Sort direction",
  page: "Page",
  measure: "Measure",
  month: "Measure month",
  set: "Measure patients",
} as const;
export type RegistryFilterKey = keyof typeof registryFilterLabels;
export const registryFilterKeys = Object.keys(registryFilterLabels) as RegistryFilterKey[];

const measureIds = measureDefinitions.map((d) => d.id) as [MeasureId, ...MeasureId[]];
const empty = z.literal("");
const opt = <T extends z.ZodType>(s: T) => z.union([empty, s]).optional().default("");
// An enum with "" for "not filtered" (a union would report "Invalid input" without the field's message).
const choice = <const T extends readonly [string, ...string[]]>(values: T, message: string) =>
  z.enum(values, { message }).optional().default("");

export const registryFilterSchema = z
  .object({
    clinician: opt(z.string().trim().uuid("Clinician: choose one from the list")),
    gap: choice(["", ...careGapRuleIds] as ["", ...CareGapRuleId[]], "Care gap: choose one from the list"),
    mme: choice(["", ...mmeBands] as ["", "lt50", "50to90", "ge90"], "MME/day band: choose one from the list"),
    dueWithin: opt(
      z
        .string()
        .trim()
        .regex(/^\d{1,4}$/, "Due within: enter a whole number of days from 0 to 3650")
        .refine((v) => Number(v) <= 3650, "Due within: at most 3650 days"),
    ),
    sort: choice(["", ...registrySortColumns], "Sort by: choose a column from the list"),
    dir: choice(["", "asc", "desc"], "Sort direction: ascending or descending"),
    page: opt(
      z
        .string()
        .trim()
        .regex(/^\d{1,6}$/, "Page: use the page links")
        .refine((v) => Number(v) >= 1, "Page: use the page links"),
    ),
    measure: choice(["", ...measureIds] as ["", ...MeasureId[]], "Measure: use a link from the measures dashboard"),
    month: opt(z.string().trim().refine(isMonth, "Measure month: use YYYY-MM")),
    set: choice(["", "numerator", "denominator"], "Measure patients: numerator or denominator"),
  })
  .strict()
  .superRefine((f, ctx) => {
    const parts = [f.measure, f.month, f.set].filter((v) => v !== "").length;
    if (parts > 0 && parts < 3) {
      for (const k of ["measure", "month", "set"] as const)
        if (!f[k])
          ctx.addIssue({
            code: "custom",
            path: [k],
            message: `${registryFilterLabels[k]}: a measure link needs measure, month and set together`,
          });
    }
  });
export type RegistryFilterInput = z.infer<typeof registryFilterSchema>;

export type RegistryMeasureFilter = { measure: MeasureId; month: string; set: "numerator" | "denominator" };
export type RegistryRequest = { query: RegistryQuery; measure: RegistryMeasureFilter | null };

/** Parsed filters -> the core's query (defaults filled in). */
export function toRegistryRequest(f: RegistryFilterInput): RegistryRequest {
  return {
    query: {
      clinician: f.clinician || null,
      gap: f.gap || null,
      mme: f.mme || null,
      dueWithin: f.dueWithin === "" ? null : Number(f.dueWithin),
      sort: f.sort || defaultRegistryQuery.sort,
      dir: f.dir || (f.sort ? "asc" : defaultRegistryQuery.dir),
      page: f.page === "" ? 1 : Number(f.page),
    },
    measure: f.measure && f.month && f.set ? { measure: f.measure, month: f.month, set: f.set } : null,
  };
}

/** The names of the filters in use (audit details: names and the count, never values that could identify a patient). */
export function activeRegistryFilters(f: RegistryFilterInput): RegistryFilterKey[] {
  return registryFilterKeys.filter((k) => f[k] !== "");
}

/** "Fix these filters: Care gap, Page. Nothing was shown." */
export function registryProblemSummary(errors: Record<string, string[]>): string {
  const names = Object.keys(errors).map((k) =>
    k in registryFilterLabels ? registryFilterLabels[k as RegistryFilterKey] : `"${k}" (not a filter)`,
  );
  return names.length
    ? `Fix these filters: ${names.join(", ")}. Nothing was listed.`
    : "Fix the filters. Nothing was listed.";
}

/** A clinician's registry decision from the chart: include or exclude (a reason is required), or clear. */
export const ltotDecisionSchema = z
  .object({
    kind: z.enum(["INCLUDE", "EXCLUDE", "CLEAR"], { message: "Decision: choose include, exclude or clear" }),
    reason: multiline(z.string().trim().max(500, "Reason: at most 500 characters")).optional().default(""),
  })
  .strict()
  .superRefine((d, ctx) => {
    if (d.kind !== "CLEAR" && d.reason.length < 3)
      ctx.addIssue({
        code: "custom",
        path: ["reason"],
        message: "Reason: say why (at least 3 characters), for the record and the care team",
      });
  });
export type LtotDecisionInput = z.infer<typeof ltotDecisionSchema>;
