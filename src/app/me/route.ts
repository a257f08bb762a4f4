import { createElement } from "react";
import { listPendingForms } from "@/modules/assessments/index.server";
import { getPatient } from "@/modules/patients/index.server";
import { getOwnVisitView, listVisitsForPatient } from "@/modules/scheduling/index.server";
import { listMyUdtTests } from "@/modules/udt/index.server";
import { orNotFound } from "@/server/page-data";
import { openPortal } from "@/server/patient-page/portal.server";
import { patientRoute } from "@/server/patient-page/render.server";
import { getRequestContext } from "@/server/request-context";
import { PortalHome } from "./home";

/**
 * The portal's home page (server HTML, no script; docs/decisions/patient-pages-rendering.md): the
 * next visit, the other visits, links to the care plan, consent and agreement, forms to fill, the
 * patient's details and a urine drug test to do. Each module function authorizes and audits.
 */
export const GET = patientRoute(async (request: Request) => {
  const portal = await openPortal(request);
  if (portal instanceof Response) return portal;
  const { actor, patientId } = portal;
  const ctx = await getRequestContext();
  const [me, visits, pending, tests] = await Promise.all([
    orNotFound(getPatient(actor, patientId, ctx)),
    listVisitsForPatient(actor, patientId, ctx, { upcomingOnly: true, take: 10 }),
    listPendingForms({ kind: "portal", actor }, ctx),
    listMyUdtTests(actor, ctx),
  ]);
  const next = visits[0] ? await getOwnVisitView(actor, visits[0].id, ctx) : null;
  const { t, locale } = portal.language;
  return portal.page({
    title: t("portal.home.pageTitle"),
    section: "home",
    body: createElement(PortalHome, { me, next, visits, forms: pending.forms, tests, t, locale }),
  });
});
