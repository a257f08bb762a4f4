import { createElement } from "react";
import { getPageLanguage } from "@/i18n/request-locale.server";
import { isEndedReason, LinkEnded } from "@/modules/patient-access/components/link-ended";
import { pathOf, patientPage, patientRoute } from "@/server/patient-page/render.server";

/**
 * The one page for every link that cannot be used (any purpose) and every ended link session.
 * Server HTML with no script (docs/decisions/patient-pages-rendering.md); no patient is known
 * here, so the language is the switch's or the browser's (docs/decisions/i18n.md).
 */
export const GET = patientRoute(async (request: Request) => {
  const reasonParam = new URL(request.url).searchParams.get("reason");
  const reason = isEndedReason(reasonParam) ? reasonParam : "expired";
  const language = getPageLanguage(request);
  return patientPage({
    language,
    title: language.t("linkEnded.pageTitle"),
    body: createElement(LinkEnded, { reason, t: language.t }),
    returnPath: pathOf(request),
  });
});
