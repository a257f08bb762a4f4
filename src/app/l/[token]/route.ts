import { createElement } from "react";
import { getPageLanguage } from "@/i18n/request-locale.server";
import { isLocaleCode } from "@/i18n/locales";
import { formDataToObject } from "@/lib/forms";
import { parseInput } from "@/lib/input";
import { landingTitle, LinkLanding, type LandingProblem } from "@/modules/patient-access/components/link-landing";
import {
  describeLanding,
  linkPurposes,
  openPatientLink,
  type LinkPurpose,
} from "@/modules/patient-access/index.server";
import { linkTokenSchema } from "@/modules/patient-access/schemas";
import { patientPage, patientRoute, seeOther } from "@/server/patient-page/render.server";
import { getRequestContext } from "@/server/request-context";

/**
 * Every link the clinic sends: /l/<token>, server HTML with no script
 * (docs/decisions/patient-pages-rendering.md). Opening it (GET) changes nothing (mail scanners
 * and link previews open links too) and shows no patient data; the button POSTs to this same
 * address, and only that makes a session (303 on), or shows the page again with the box to fix
 * (400). A browser that already holds a live session of this same link goes straight on.
 *
 * Language (docs/decisions/i18n.md): no patient is known before the POST, so the switch's
 * cookie, then the language the link was sent in (`?lang=`, on links in a message written in
 * that language), then the browser's.
 */
type Ctx = { params: Promise<{ token: string }> };
type View = {
  purpose: LinkPurpose | null;
  askBirthDate: boolean;
  problem: LandingProblem;
  values?: Record<string, string>;
};

function pageFor(request: Request, token: string, view: View, status = 200): Response {
  const url = new URL(request.url);
  const hint = url.searchParams.get("lang");
  const language = getPageLanguage(request, isLocaleCode(hint) ? hint : undefined);
  return patientPage({
    language,
    title: landingTitle(language.t, view.purpose, view.askBirthDate),
    returnPath: `${url.pathname}${url.search}`,
    status,
    body: createElement(LinkLanding, {
      token,
      ...view,
      action: `/l/${token}${isLocaleCode(hint) ? `?lang=${hint}` : ""}`,
      t: language.t,
    }),
  });
}

export const GET = patientRoute(async (request: Request, { params }: Ctx) => {
  const { token } = await params;
  if (!parseInput(linkTokenSchema, token).success) return seeOther("/link-expired?reason=invalid");
  const landing = await describeLanding(token);
  if (landing.continueTo) return seeOther(landing.continueTo);
  // An older link whose purpose we cannot read asks for the birth date once the POST says so.
  const check = new URL(request.url).searchParams.get("check");
  const askBirthDate = (landing.purpose ? linkPurposes[landing.purpose].check : check) === "birth-date";
  return pageFor(request, token, { purpose: landing.purpose, askBirthDate, problem: null });
});

export const POST = patientRoute(async (request: Request, { params }: Ctx) => {
  const { token } = await params;
  if (!parseInput(linkTokenSchema, token).success) return seeOther("/link-expired?reason=invalid");
  let fields: Record<string, string>;
  try {
    fields = formDataToObject(await request.formData());
  } catch {
    return seeOther("/link-expired?reason=invalid");
  }
  const r = await openPatientLink(token, fields, await getRequestContext());
  if (r.kind === "opened") return seeOther(r.next);
  if (r.kind === "ended") return seeOther(`/link-expired?reason=${r.reason}`);
  const purpose = r.purpose ?? (await describeLanding(token)).purpose;
  return pageFor(request, token, { purpose, askBirthDate: true, problem: r.problem, values: r.values }, 400);
});
