"use server";

import { redirect } from "next/navigation";
import { formDataToObject } from "@/lib/forms";
import { parseInput } from "@/lib/input";
import { getRequestContext } from "@/server/request-context";
import { parseBirthDate } from "./core/birth-date";
import { redeemPatientLink } from "./redeem.server";
import { openLinkSchema } from "./schemas";
import { setLinkCookie } from "./sessions.server";

/**
 * The button on a link's landing page (/l/<token>). A plain form POST, so it works without
 * JavaScript. Success: the session cookie is set and the browser is sent on (303), so the token
 * leaves the address bar. A check to answer or a wrong answer: back to the landing page with a
 * message code (no answer is ever put in a URL). Anything else: the one expired page.
 */
export async function openLinkAction(formData: FormData): Promise<void> {
  const parsed = parseInput(openLinkSchema, formDataToObject(formData));
  if (!parsed.success) redirect("/link-expired?reason=invalid");
  const { token, check, month = "", day = "", year = "" } = parsed.data;
  let birthDate: string | null = null;
  if (check === "birth-date") {
    const typed = parseBirthDate({ month, day, year }, new Date());
    if (!typed.ok)
      redirect(`/l/${token}?check=birth-date&field=${typed.error.field}${month || day || year ? "" : "&missing=1"}`);
    birthDate = typed.date;
  }
  const r = await redeemPatientLink(token, { birthDate }, await getRequestContext());
  if (r.ok) {
    await setLinkCookie(r.purpose, r.sessionSecret, r.cookieExpiresAt);
    redirect(r.landingPath);
  }
  if (r.reason === "needs_birth_date") redirect(`/l/${token}?check=birth-date`);
  if (r.reason === "wrong_birth_date") redirect(`/l/${token}?check=birth-date&wrong=1&left=${r.triesLeft ?? 0}`);
  // An agreement link that has nothing left to sign says so in its own words (not "your forms").
  redirect(`/link-expired?reason=${r.reason === "done" && r.purpose === "agreement" ? "signed" : r.reason}`);
}
