import { z } from "zod";

/** The dashboard's and the export's filter: the clinic (no clinician) or one clinician. */
export const measuresFilterSchema = z
  .object({
    clinician: z
      .union([z.literal(""), z.uuid({ error: "Clinician: choose a clinician from the list" })])
      .optional()
      .transform((v) => (v ? v.toLowerCase() : null)),
  })
  .strict();

export type MeasuresFilter = z.output<typeof measuresFilterSchema>;
export const measuresFilterKeys = ["clinician"] as const;
