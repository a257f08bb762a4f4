import { createElement } from "react";
import { PortalTests } from "@/modules/udt/components/portal-tests";
import { listMyUdtTests } from "@/modules/udt/index.server";
import { openPortal } from "@/server/patient-page/portal.server";
import { patientRoute } from "@/server/patient-page/render.server";
import { getRequestContext } from "@/server/request-context";

/** The signed-in patient's urine drug tests (server HTML, no script); listMyUdtTests authorizes and audits. */
export const GET = patientRoute(async (request: Request) => {
  const portal = await openPortal(request);
  if (portal instanceof Response) return portal;
  const tests = await listMyUdtTests(portal.actor, await getRequestContext());
  const { t, locale } = portal.language;
  return portal.page({
    title: t("portal.tests.pageTitle"),
    section: "tests",
    body: createElement(
      "div",
      { className: "flex flex-col gap-6" },
      createElement("h1", { className: "text-2xl font-bold" }, t("portal.tests.title")),
      createElement(PortalTests, { tests, timeZone: portal.timeZone, t, locale }),
      createElement(
        "p",
        null,
        createElement("a", { href: "/me", className: "underline underline-offset-2" }, t("portal.back")),
      ),
    ),
  });
});
