import { createElement } from "react";
import { getPageLanguage } from "@/i18n/request-locale.server";
import { getSubmissionOutcome, linkRespondent } from "@/modules/assessments/index.server";
import { SubmissionConfirmation } from "@/modules/assessments/components/patient-forms";
import { endLinkSession, readLinkSession } from "@/modules/patient-access/index.server";
import { isAppError } from "@/server/errors";
import { isUuid } from "@/server/page-data";
import { pathOf, patientPage, patientRoute, seeOther } from "@/server/patient-page/render.server";
import { getRequestContext } from "@/server/request-context";

/**
 * The confirmation after a link form (server HTML, no script), with the crisis resources at once
 * when PHQ-9 item 9 calls for them, in the patient's language. POST is "I am done": it ends the
 * forms-link session (a join-link session goes on: the waiting room); harmless for anyone.
 */
export const GET = patientRoute(async (request: Request) => {
  const session = await readLinkSession("forms");
  if (!session) return seeOther("/link-expired?reason=session");
  const r = new URL(request.url).searchParams.get("r");
  if (!r || !isUuid(r)) return seeOther("/f/forms");
  let outcome;
  try {
    outcome = await getSubmissionOutcome(linkRespondent(session), r, await getRequestContext());
  } catch (e) {
    if (isAppError(e) && e.code === "NOT_FOUND") return seeOther("/f/forms");
    throw e;
  }
  const language = getPageLanguage(request, outcome.preferredLanguage);
  return patientPage({
    language,
    title: language.t("done.pageTitle"),
    returnPath: pathOf(request),
    body: createElement(SubmissionConfirmation, {
      outcome,
      basePath: "/f/forms",
      finishPath: outcome.remaining === 0 ? "/f/forms/done" : undefined,
      t: language.t,
    }),
  });
});

export const POST = patientRoute(async () => {
  await endLinkSession("forms");
  return seeOther("/link-expired?reason=finished");
});
