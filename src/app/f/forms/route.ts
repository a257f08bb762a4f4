import { createElement } from "react";
import { getPageLanguage } from "@/i18n/request-locale.server";
import { linkRespondent, listPendingForms } from "@/modules/assessments/index.server";
import { PendingFormsList } from "@/modules/assessments/components/patient-forms";
import { readLinkSession } from "@/modules/patient-access/index.server";
import { pathOf, patientPage, patientRoute, seeOther } from "@/server/patient-page/render.server";
import { getRequestContext } from "@/server/request-context";

/** The forms a link's patient has to fill (server HTML, no script; docs/decisions/patient-pages-rendering.md). */
export const GET = patientRoute(async (request: Request) => {
  const session = await readLinkSession("forms");
  if (!session) return seeOther("/link-expired?reason=session");
  const { forms, timeZone, preferredLanguage } = await listPendingForms(
    linkRespondent(session),
    await getRequestContext(),
  );
  const { t, locale, supported } = getPageLanguage(request, preferredLanguage);
  return patientPage({
    language: { t, locale, supported },
    title: t("forms.listPageTitle"),
    returnPath: pathOf(request),
    body: createElement(
      "div",
      { className: "flex flex-col gap-4" },
      createElement("h1", { className: "text-2xl font-bold" }, t("forms.listTitleLink")),
      createElement(PendingFormsList, { forms, basePath: "/f/forms", timeZone, t, locale }),
    ),
  });
});
