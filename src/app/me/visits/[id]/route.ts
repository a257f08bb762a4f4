import { createElement } from "react";
import { buttonClass } from "@/components/ui/button-class";
import { PortalVisitDetails } from "@/modules/scheduling/components/portal-visit-details";
import { getOwnVisitView } from "@/modules/scheduling/index.server";
import { isAppError } from "@/server/errors";
import { isUuid } from "@/server/page-data";
import { notFoundPage, openPortal } from "@/server/patient-page/portal.server";
import { patientRoute } from "@/server/patient-page/render.server";
import { getRequestContext } from "@/server/request-context";

/**
 * One of the signed-in patient's visits (server HTML, no script), with the way into the video
 * room (/me/visits/[id]/video stays an App Router page: it needs client code for WebRTC).
 * getOwnVisitView authorizes (only the patient's own visit) and audits.
 */
type Ctx = { params: Promise<{ id: string }> };

export const GET = patientRoute(async (request: Request, { params }: Ctx) => {
  const portal = await openPortal(request);
  if (portal instanceof Response) return portal;
  const { id } = await params;
  if (!isUuid(id)) return notFoundPage(portal);
  let visit;
  try {
    visit = await getOwnVisitView(portal.actor, id, await getRequestContext());
  } catch (e) {
    // Not this patient's visit, or none: the same 404 page (nothing says which).
    if (isAppError(e) && e.code === "NOT_FOUND") return notFoundPage(portal);
    throw e;
  }
  const { t, locale } = portal.language;
  const joinable = visit.modality === "VIDEO" && ["SCHEDULED", "CHECKED_IN", "IN_PROGRESS"].includes(visit.status);
  return portal.page({
    title: t("portal.visit.pageTitle"),
    section: "home",
    body: createElement(
      "div",
      { className: "flex flex-col gap-4" },
      createElement("h1", { className: "text-2xl font-bold" }, t("portal.visit.pageTitle")),
      createElement(
        "section",
        { className: "rounded-xl border border-slate-200 bg-white p-4" },
        createElement(PortalVisitDetails, { visit, t, locale }),
        joinable
          ? createElement(
              "div",
              { className: "mt-3 flex flex-col gap-2 rounded-md border border-slate-300 p-3" },
              createElement("p", null, t("portal.visit.roomNote")),
              createElement(
                "p",
                null,
                createElement(
                  "a",
                  { href: `/me/visits/${visit.id}/video`, className: buttonClass("primary") },
                  t("portal.visit.join"),
                ),
              ),
            )
          : null,
      ),
      createElement("a", { href: "/me", className: "underline" }, t("portal.back")),
    ),
  });
});
