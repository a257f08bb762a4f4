import { createElement } from "react";
import { listPendingForms } from "@/modules/assessments/index.server";
import { PendingFormsList } from "@/modules/assessments/components/patient-forms";
import { openPortal } from "@/server/patient-page/portal.server";
import { patientRoute } from "@/server/patient-page/render.server";
import { getRequestContext } from "@/server/request-context";

/** The signed-in patient's forms to fill (server HTML, no script; docs/decisions/patient-pages-rendering.md). */
export const GET = patientRoute(async (request: Request) => {
  const portal = await openPortal(request);
  if (portal instanceof Response) return portal;
  const { forms, timeZone } = await listPendingForms(
    { kind: "portal", actor: portal.actor },
    await getRequestContext(),
  );
  const { t, locale } = portal.language;
  return portal.page({
    title: t("forms.listPageTitle"),
    section: "forms",
    body: createElement(
      "div",
      { className: "flex flex-col gap-4" },
      createElement("h1", { className: "text-2xl font-bold" }, t("forms.listTitlePortal")),
      createElement(PendingFormsList, { forms, basePath: "/me/forms", timeZone, t, locale }),
    ),
  });
});
