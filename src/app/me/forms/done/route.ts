import { createElement } from "react";
import { getSubmissionOutcome } from "@/modules/assessments/index.server";
import { SubmissionConfirmation } from "@/modules/assessments/components/patient-forms";
import { isAppError } from "@/server/errors";
import { isUuid } from "@/server/page-data";
import { formGone, openPortal } from "@/server/patient-page/portal.server";
import { patientRoute, seeOther } from "@/server/patient-page/render.server";
import { getRequestContext } from "@/server/request-context";

/**
 * The confirmation after a portal form (server HTML, no script), with the crisis resources at
 * once when PHQ-9 item 9 calls for them, in the patient's language.
 */
export const GET = patientRoute(async (request: Request) => {
  const portal = await openPortal(request);
  if (portal instanceof Response) return portal;
  const r = new URL(request.url).searchParams.get("r");
  if (!r || !isUuid(r)) return seeOther("/me/forms");
  let outcome;
  try {
    outcome = await getSubmissionOutcome({ kind: "portal", actor: portal.actor }, r, await getRequestContext());
  } catch (e) {
    if (isAppError(e) && e.code === "NOT_FOUND") return formGone(portal);
    throw e;
  }
  const { t } = portal.language;
  return portal.page({
    title: t("done.pageTitle"),
    section: "forms",
    body: createElement(SubmissionConfirmation, { outcome, basePath: "/me/forms", t }),
  });
});
