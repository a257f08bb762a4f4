import { randomUUID } from "node:crypto";
import { createElement } from "react";
import { formDataToObject, type FormState } from "@/lib/forms";
import {
  getApprovedTranslation,
  getFormToFill,
  parseAndSubmitPatientForm,
  type Respondent,
} from "@/modules/assessments/index.server";
import { LinkFormStep } from "@/modules/assessments/components/link-form-step";
import { instrumentTitleKey } from "@/modules/assessments/components/patient-forms";
import { isAppError } from "@/server/errors";
import { isUuid } from "@/server/page-data";
import { formGone, openPortal, type Portal } from "@/server/patient-page/portal.server";
import { patientRoute, seeOther } from "@/server/patient-page/render.server";
import { getRequestContext } from "@/server/request-context";

/**
 * A signed-in patient's form, the same plain HTML form as the secure-link one (LinkFormStep: no
 * script, the instrument's approved wording or the English original with a note), posting to this
 * same URL. Errors re-render with the answers kept and each question's message beside it (400);
 * success is a 303 to the next form or the confirmation (crisis resources at once when PHQ-9 item
 * 9 calls for them). The module functions authorize (the form must be this patient's) and audit.
 */
type Ctx = { params: Promise<{ requestId: string }> };

async function renderForm(portal: Portal, requestId: string, state: FormState, status: number) {
  const respondent: Respondent = { kind: "portal", actor: portal.actor };
  try {
    const form = await getFormToFill(respondent, requestId, await getRequestContext());
    const { t, locale } = portal.language;
    const translation = locale === "en" ? null : await getApprovedTranslation(form.instrument, locale);
    return portal.page({
      title: t(instrumentTitleKey[form.instrument]),
      section: "forms",
      status,
      body: createElement(LinkFormStep, { form, idempotencyKey: randomUUID(), state, t, locale, translation }),
    });
  } catch (e) {
    // Done already, another patient's id, or unknown: a 404 page pointing to the list.
    if (isAppError(e) && e.code === "NOT_FOUND") return formGone(portal);
    throw e;
  }
}

export const GET = patientRoute(async (request: Request, { params }: Ctx) => {
  const portal = await openPortal(request);
  if (portal instanceof Response) return portal;
  const { requestId } = await params;
  if (!isUuid(requestId)) return seeOther("/me/forms");
  return renderForm(portal, requestId, { status: "idle" }, 200);
});

export const POST = patientRoute(async (request: Request, { params }: Ctx) => {
  const portal = await openPortal(request);
  if (portal instanceof Response) return portal;
  const { requestId } = await params;
  if (!isUuid(requestId)) return seeOther("/me/forms");
  let values: Record<string, string>;
  try {
    values = formDataToObject(await request.formData());
  } catch {
    return renderForm(portal, requestId, { status: "error", message: portal.language.t("forms.unreadable") }, 400);
  }
  const result = await parseAndSubmitPatientForm(
    { kind: "portal", actor: portal.actor },
    values,
    "/me/forms",
    await getRequestContext(),
  );
  if (result.ok) return seeOther(result.next);
  return renderForm(portal, requestId, result.state, 400);
});
