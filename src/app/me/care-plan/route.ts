import { createElement } from "react";
import { formDataToObject } from "@/lib/forms";
import { parseInput } from "@/lib/input";
import { type FeedbackProblem, PortalCarePlan } from "@/modules/care-plan/components/portal-care-plan";
import { answerResourceFeedback, getCarePlan } from "@/modules/care-plan/index.server";
import { resourceFeedbackSchema } from "@/modules/care-plan/schemas";
import { isAppError } from "@/server/errors";
import { isUuid } from "@/server/page-data";
import { notFoundPage, openPortal, type Portal } from "@/server/patient-page/portal.server";
import { patientRoute, seeOther } from "@/server/patient-page/render.server";
import { getRequestContext } from "@/server/request-context";

/**
 * The signed-in patient's care plan (server HTML, no script), in their language. The resource
 * feedback ("did you try it / did it help") is a plain form posting here: validated with
 * parseInput, a missing answer comes back (400) with the answers kept and the message beside the
 * question; success is a 303 back to this page with a thank-you beside that resource.
 * getCarePlan and answerResourceFeedback authorize (only the patient's own) and audit.
 */
async function render(portal: Portal, answered: string | null, problem: FeedbackProblem | null, status = 200) {
  const plan = await getCarePlan(portal.actor, portal.patientId, await getRequestContext());
  const { t } = portal.language;
  return portal.page({
    title: t("portal.carePlan.pageTitle"),
    section: "carePlan",
    status,
    body: createElement(PortalCarePlan, { plan, t, answered, problem }),
  });
}

export const GET = patientRoute(async (request: Request) => {
  const portal = await openPortal(request);
  if (portal instanceof Response) return portal;
  const answered = new URL(request.url).searchParams.get("answered");
  return render(portal, answered && isUuid(answered) ? answered : null, null);
});

export const POST = patientRoute(async (request: Request) => {
  const portal = await openPortal(request);
  if (portal instanceof Response) return portal;
  let values: Record<string, string> = {};
  try {
    values = formDataToObject(await request.formData());
  } catch {
    // Unreadable: shown as the form's own problem below.
  }
  const recommendationId = isUuid(values.recommendationId ?? "") ? values.recommendationId! : "";
  const parsed = parseInput(resourceFeedbackSchema, values);
  if (!parsed.success) {
    const fields = new Set(parsed.error.issues.map((i) => String(i.path[0] ?? "")));
    const errors = { tried: fields.has("tried"), helped: fields.has("helped") };
    return render(
      portal,
      null,
      { recommendationId, values, errors: { ...errors, form: !errors.tried && !errors.helped } },
      400,
    );
  }
  try {
    await answerResourceFeedback(
      portal.actor,
      {
        recommendationId: parsed.data.recommendationId,
        tried: parsed.data.tried === "yes",
        helped: parsed.data.helped || null,
      },
      await getRequestContext(),
    );
  } catch (e) {
    // Not one of this patient's recommendations (refused and audited by the module): the 404 page.
    if (isAppError(e) && e.code === "NOT_FOUND") return notFoundPage(portal);
    throw e;
  }
  const id = parsed.data.recommendationId;
  return seeOther(`/me/care-plan?answered=${id}#rec-${id}`);
});
