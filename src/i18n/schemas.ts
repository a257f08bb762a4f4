import { z } from "zod";

/** The language switch's form (POST /language). */
export const languageSwitchSchema = z
  .object({
    lang: z.string({ message: "Choose a language" }).regex(/^[a-z]{2,3}$/, "Choose a language"),
    back: z.string().max(2000, "The page address is too long").optional(),
  })
  .strict();
