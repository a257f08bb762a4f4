import { z } from "zod";

/** The token as it appears in a link: 43 base64url characters (core/token.ts). */
export const linkTokenSchema = z.string().regex(/^[A-Za-z0-9_-]{43}$/, "This link is not valid");

const part = (max: number) => z.string().max(max, "Too long").optional();

/**
 * The landing page's one form (a plain POST, works without JavaScript): the token, and the
 * three birth-date boxes when the page asked for them (`check=birth-date`).
 */
export const openLinkSchema = z
  .object({
    token: linkTokenSchema,
    check: z.enum(["birth-date"]).optional(),
    month: part(4),
    day: part(4),
    year: part(6),
  })
  .strict();
export type OpenLinkInput = z.infer<typeof openLinkSchema>;
