import "server-only";
import { parseInput } from "@/lib/input";
import type { RequestContext } from "@/server/request-context";
import { parseBirthDate, type BirthDateField } from "./core/birth-date";
import type { LinkPurpose } from "./core/purposes";
import { redeemPatientLink } from "./redeem.server";
import { openLinkSchema } from "./schemas";
import { setLinkCookie } from "./sessions.server";

export type OpenLinkOutcome =
  /** The session cookie is set: go on (303) to the page the link is for. */
  | { kind: "opened"; next: string }
  /** Ask (again) on the landing page: a box to fix, a wrong date, or a date the page did not ask for yet. */
  | {
      kind: "ask";
      purpose: LinkPurpose | null;
      problem: { field: BirthDateField; missing: boolean } | { wrong: true; triesLeft: number } | null;
      values: Partial<Record<BirthDateField, string>>;
    }
  /** The one expired page, with this reason. */
  | { kind: "ended"; reason: string };

/**
 * The button on a link's landing page (POST /l/<token>). The form's fields go through
 * parseInput; the token in the form must be the one in the address. Success sets the session
 * cookie (so the token leaves the address bar with the 303); a check to answer or a wrong answer
 * stays on the landing page (no answer is ever put in a URL); anything else is the expired page.
 */
export async function openPatientLink(
  pathToken: string,
  fields: Record<string, string>,
  ctx: RequestContext,
): Promise<OpenLinkOutcome> {
  const parsed = parseInput(openLinkSchema, fields);
  if (!parsed.success || parsed.data.token !== pathToken) return { kind: "ended", reason: "invalid" };
  const { token, check, month = "", day = "", year = "" } = parsed.data;
  const values = { month, day, year };
  let birthDate: string | null = null;
  if (check === "birth-date") {
    const typed = parseBirthDate(values, new Date());
    if (!typed.ok)
      return {
        kind: "ask",
        purpose: null,
        problem: { field: typed.error.field, missing: !(month || day || year) },
        values,
      };
    birthDate = typed.date;
  }
  const r = await redeemPatientLink(token, { birthDate }, ctx);
  if (r.ok) {
    await setLinkCookie(r.purpose, r.sessionSecret, r.cookieExpiresAt);
    return { kind: "opened", next: r.landingPath };
  }
  if (r.reason === "needs_birth_date") return { kind: "ask", purpose: r.purpose ?? null, problem: null, values: {} };
  if (r.reason === "wrong_birth_date")
    return {
      kind: "ask",
      purpose: r.purpose ?? null,
      problem: { wrong: true, triesLeft: r.triesLeft ?? 0 },
      values: {},
    };
  // An agreement link that has nothing left to sign says so in its own words (not "your forms").
  return { kind: "ended", reason: r.reason === "done" && r.purpose === "agreement" ? "signed" : r.reason };
}
