import { appCatalogs } from "@/i18n/catalogs";
import { LOCALE_COOKIE } from "@/i18n/locales";
import { languageSwitchSchema } from "@/i18n/schemas";
import { formDataToObject } from "@/lib/forms";
import { parseInput } from "@/lib/input";
import { getEnv } from "@/server/env";
import { appOrigin } from "@/server/env-schema";
import { sameOriginPath } from "@/lib/safe-redirect";
import { patientRoute, seeOther } from "@/server/patient-page/render.server";

/**
 * The language switch on every patient page (docs/decisions/i18n.md): remembers the language in
 * a cookie for this browser (the portal or link session) and sends the patient back to the page
 * they were on (a path on this site only). Open to anyone: it reads and writes no record.
 */
export const POST = patientRoute(async (request: Request) => {
  let raw: Record<string, string> = {};
  try {
    raw = formDataToObject(await request.formData());
  } catch {
    raw = {};
  }
  const parsed = parseInput(languageSwitchSchema, raw);
  if (!parsed.success || !Object.hasOwn(appCatalogs(), parsed.data.lang)) {
    return new Response("lang: Choose a language", { status: 400, headers: { "content-type": "text/plain" } });
  }
  const res = seeOther(sameOriginPath(parsed.data.back, appOrigin()));
  const secure = getEnv().NEXTAUTH_URL?.startsWith("https://") ? "; Secure" : "";
  res.headers.append(
    "set-cookie",
    `${LOCALE_COOKIE}=${parsed.data.lang}; Path=/; Max-Age=31536000; HttpOnly; SameSite=Lax${secure}`,
  );
  return res;
});
