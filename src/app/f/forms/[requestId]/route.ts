import { randomUUID } from "node:crypto";
import { createElement } from "react";
import { getPageLanguage } from "@/i18n/request-locale.server";
import { formDataToObject, type FormState } from "@/lib/forms";
import {
  getApprovedTranslation,
  getFormToFill,
  linkRespondent,
  type Respondent,
  parseAndSubmitPatientForm,
} from "@/modules/assessments/index.server";
import { LinkFormStep } from "@/modules/assessments/components/link-form-step";
import { instrumentTitleKey } from "@/modules/assessments/components/patient-forms";
import { readLinkSession } from "@/modules/patient-access/index.server";
import { isAppError } from "@/server/errors";
import { isUuid } from "@/server/page-data";
import { pathOf, patientPage, patientRoute, seeOther } from "@/server/patient-page/render.server";
import { getRequestContext } from "@/server/request-context";

/**
 * The secure-link patient form with NO JavaScript (docs/decisions/assessments-zero-js-patient-form.md),
 * on the patient page shell in the patient's language (docs/decisions/i18n.md). GET renders the
 * form; it POSTs to this same URL; errors re-render with the answers kept (400); success is a 303
 * to the next form or the confirmation. Authorization: the link session cookie (HttpOnly,
 * SameSite=Lax, so never sent on a cross-site POST) scopes every query to one patient;
 * patientRoute refuses cross-site posts as server actions do.
 */
type Ctx = { params: Promise<{ requestId: string }> };

async function load(requestId: string): Promise<Respondent | Response> {
  const session = await readLinkSession("forms");
  if (!session) return seeOther("/link-expired?reason=session");
  if (!isUuid(requestId)) return seeOther("/f/forms");
  return linkRespondent(session);
}

async function renderForm(
  request: Request,
  respondent: Respondent,
  requestId: string,
  state: FormState,
  status: number,
) {
  try {
    const form = await getFormToFill(respondent, requestId, await getRequestContext());
    const language = getPageLanguage(request, form.preferredLanguage);
    const { t, locale } = language;
    const translation = locale === "en" ? null : await getApprovedTranslation(form.instrument, locale);
    return patientPage({
      language,
      title: t(instrumentTitleKey[form.instrument]),
      returnPath: pathOf(request),
      status,
      body: createElement(LinkFormStep, { form, idempotencyKey: randomUUID(), state, t, locale, translation }),
    });
  } catch (e) {
    // Done already, another patient's id, or unknown: back to the list, which says what is left.
    if (isAppError(e) && e.code === "NOT_FOUND") return seeOther("/f/forms");
    throw e;
  }
}

export const GET = patientRoute(async (request: Request, { params }: Ctx) => {
  const { requestId } = await params;
  const r = await load(requestId);
  if (r instanceof Response) return r;
  return renderForm(request, r, requestId, { status: "idle" }, 200);
});

export const POST = patientRoute(async (request: Request, { params }: Ctx) => {
  const { requestId } = await params;
  const r = await load(requestId);
  if (r instanceof Response) return r;
  let values: Record<string, string>;
  try {
    values = formDataToObject(await request.formData());
  } catch {
    return renderForm(
      request,
      r,
      requestId,
      { status: "error", message: "This form could not be read. Please try again." },
      400,
    );
  }
  const result = await parseAndSubmitPatientForm(r, values, "/f/forms", await getRequestContext());
  if (result.ok) return seeOther(result.next);
  return renderForm(request, r, requestId, result.state, 400);
});
