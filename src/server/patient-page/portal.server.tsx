import "server-only";
import { createElement } from "react";
import { getPageLanguage, type PageLanguage } from "@/i18n/request-locale.server";
import type { Actor } from "@/modules/identity/core/roles";
import { getOwnPagePreferences } from "@/modules/patients/index.server";
import { requireActor } from "@/server/auth/actor";
import { isAccessDenied } from "@/server/errors";
import { PortalMessage } from "./portal-message";
import { PortalNav, type PortalSection } from "./portal-nav";
import { pathOf, patientPage } from "./render.server";

/**
 * The signed-in patient portal on the patient page shell (docs/decisions/patient-pages-rendering.md):
 * `openPortal` is the first line of every /me route handler. Not signed in: requireActor audits
 * it and redirects to /login?callbackUrl=<this page>. Signed in as staff: requireActor audits the
 * refusal and this answers the 403 page (translated) instead of Next's empty 403. An account not
 * linked to a patient record gets a page saying so. Otherwise the page is in the patient's
 * language (the switch, then their preferred language), with the portal navigation.
 */
export type Portal = {
  actor: Actor;
  patientId: string;
  timeZone: string;
  language: PageLanguage;
  /** This page as a response: the shell, the portal navigation and the body. */
  page: (input: { title: string; body: React.ReactNode; section?: PortalSection; status?: number }) => Response;
};

export async function openPortal(request: Request): Promise<Portal | Response> {
  let actor: Actor;
  try {
    actor = await requireActor(["PATIENT"]);
  } catch (e) {
    if (!isAccessDenied(e)) throw e;
    const language = getPageLanguage(request);
    return patientPage({
      language,
      title: language.t("portal.forbidden.title"),
      returnPath: pathOf(request),
      status: 403,
      body: createElement(PortalMessage, {
        title: language.t("portal.forbidden.title"),
        body: language.t("portal.forbidden.body"),
        link: { href: "/", text: language.t("error.home") },
      }),
    });
  }
  const prefs = await getOwnPagePreferences(actor);
  const language = getPageLanguage(request, prefs.preferredLanguage);
  const page: Portal["page"] = ({ title, body, section, status }) =>
    patientPage({
      language,
      title,
      body,
      status,
      returnPath: pathOf(request),
      nav: createElement(PortalNav, { t: language.t, current: section }),
    });
  if (!actor.patientId) {
    return page({
      title: language.t("portal.unlinked.title"),
      body: createElement(PortalMessage, {
        title: language.t("portal.unlinked.title"),
        body: language.t("portal.unlinked.body"),
      }),
    });
  }
  return { actor, patientId: actor.patientId, timeZone: prefs.timeZone, language, page };
}

/** A form that is not this patient's to fill now (sent already, closed, another's): 404 with the way to the list. */
export function formGone(portal: Portal): Response {
  const { t } = portal.language;
  return portal.page({
    title: t("portal.formGone.title"),
    section: "forms",
    status: 404,
    body: createElement(PortalMessage, {
      title: t("portal.formGone.title"),
      body: t("portal.formGone.body"),
      link: { href: "/me/forms", text: t("portal.formGone.link") },
    }),
  });
}

/** Nothing to show at this address for this patient (unknown, or another patient's): 404, with the way home. */
export function notFoundPage(portal: Portal): Response {
  const { t } = portal.language;
  return portal.page({
    title: t("portal.notFound.title"),
    status: 404,
    body: createElement(PortalMessage, {
      title: t("portal.notFound.title"),
      body: t("portal.notFound.body"),
      link: { href: "/me", text: t("portal.back") },
    }),
  });
}
