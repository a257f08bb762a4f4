import { randomUUID } from "node:crypto";
import { createElement } from "react";
import { getPageLanguage, type PageLanguage } from "@/i18n/request-locale.server";
import { formDataToObject } from "@/lib/forms";
import { parseInput } from "@/lib/input";
import { LinkAgreementView, type LinkAgreementForm } from "@/modules/consent/components/link-agreement-view";
import { getLinkAgreement, signAgreementByLink } from "@/modules/consent/index.server";
import { signAgreementSchema } from "@/modules/consent/schemas";
import { readLinkSession, type LinkSession } from "@/modules/patient-access/index.server";
import { getEnv } from "@/server/env";
import { isAppError } from "@/server/errors";
import { pathOf, patientPage, patientRoute, seeOther } from "@/server/patient-page/render.server";
import { getRequestContext } from "@/server/request-context";

/**
 * The treatment agreement from the clinic's secure link (purpose "agreement", behind the
 * patient's date of birth): server HTML with no script, in the patient's language
 * (docs/decisions/patient-pages-rendering.md, docs/decisions/i18n.md). GET shows it; the form
 * POSTs here (parseInput; each bad field named in the page's language, 400 with the name kept);
 * a signature is a 303 to `?signed=1` (Post/Redirect/Get). The link session cookie is the only
 * authority; patientRoute refuses cross-site posts.
 */
async function render(
  request: Request,
  session: LinkSession,
  /** A failed POST: what to say, worded once the page's language is known. */
  opts: { form: ((t: PageLanguage["t"]) => LinkAgreementForm) | null; status: number },
): Promise<Response> {
  const view = await getLinkAgreement(session, await getRequestContext());
  const language = getPageLanguage(request, view.preferredLanguage);
  return patientPage({
    language,
    title: language.t("agreementLink.pageTitle"),
    returnPath: pathOf(request),
    status: opts.status,
    body: createElement(LinkAgreementView, {
      view,
      timeZone: getEnv().CLINIC_TIME_ZONE,
      idempotencyKey: randomUUID(),
      signedNotice: new URL(request.url).searchParams.get("signed") === "1",
      form: opts.form ? opts.form(language.t) : null,
      locale: language.locale,
      t: language.t,
    }),
  });
}

/** The bad fields, each in its own words in the page's language (zod's English stays on the server). */
function fieldErrors(t: PageLanguage["t"], fields: string[]): LinkAgreementForm["errors"] {
  const errors: LinkAgreementForm["errors"] = {};
  for (const f of fields) {
    if (f === "agree") errors.agree = t("agreementLink.errors.agree");
    else if (f === "typedName") errors.typedName = t("agreementLink.errors.typedName");
    else errors.form = t("agreementLink.errors.outOfDate");
  }
  return errors;
}

export const GET = patientRoute(async (request: Request) => {
  const session = await readLinkSession("agreement");
  if (!session) return seeOther("/link-expired?reason=session");
  return render(request, session, { form: null, status: 200 });
});

export const POST = patientRoute(async (request: Request) => {
  const session = await readLinkSession("agreement");
  if (!session) return seeOther("/link-expired?reason=session");
  let values: Record<string, string> = {};
  try {
    values = formDataToObject(await request.formData());
  } catch {
    values = {};
  }
  const kept = { typedName: values.typedName?.slice(0, 100) };
  const parsed = parseInput(signAgreementSchema, values);
  if (!parsed.success) {
    const fields = [...new Set(parsed.error.issues.map((i) => String(i.path[0] ?? "form")))];
    return render(request, session, {
      form: (t) => ({ errors: fieldErrors(t, fields), values: kept }),
      status: 400,
    });
  }
  try {
    await signAgreementByLink(session, parsed.data, await getRequestContext());
  } catch (e) {
    if (!isAppError(e)) throw e;
    const conflict = e.code === "CONFLICT";
    return render(request, session, {
      form: (t) => ({
        errors: { form: conflict ? t("agreementLink.errors.outOfDate") : t("agreementLink.errors.failed") },
        values: kept,
      }),
      status: 400,
    });
  }
  return seeOther("/a/agreement?signed=1");
});
