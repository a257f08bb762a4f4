import "server-only";
import { cookies } from "next/headers";
import { secureCookiesEnabled } from "@/server/env";
import type { Respondent } from "./assessments.server";
import { endFormLinkSession, getFormLinkSession, LINK_SESSION_MINUTES } from "./form-links.server";

import { LINK_COOKIE } from "./link-cookie";

export { LINK_COOKIE };

export async function setLinkCookie(sessionToken: string): Promise<void> {
  const jar = await cookies();
  jar.set(LINK_COOKIE, sessionToken, { httpOnly: true, sameSite: "lax", secure: secureCookiesEnabled(), path: "/f", maxAge: LINK_SESSION_MINUTES * 60 });
}

/** The link respondent for this request, or null when there is no live link session. */
export async function getLinkRespondent(): Promise<Respondent | null> {
  const jar = await cookies();
  const s = await getFormLinkSession(jar.get(LINK_COOKIE)?.value);
  return s ? { kind: "link", patientId: s.patientId, sessionId: s.sessionId } : null;
}

export async function clearLinkSession(): Promise<void> {
  const jar = await cookies();
  await endFormLinkSession(jar.get(LINK_COOKIE)?.value);
  jar.delete({ name: LINK_COOKIE, path: "/f" });
}
