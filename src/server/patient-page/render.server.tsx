import "server-only";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { createRequire } from "node:module";
import { headers } from "next/headers";
import { unstable_rethrow } from "next/navigation";
import { appCatalogs } from "@/i18n/catalogs";
import { makeTranslator } from "@/i18n/translator";
import { getPageLanguage, type PageLanguage } from "@/i18n/request-locale.server";
import { getEnv } from "@/server/env";
import { isDatabaseUnavailable } from "@/server/errors";
import { logger } from "@/server/logger";
import { ErrorBody } from "./error-body";
import { PatientDocument } from "./document";

/**
 * The one rendering path of patient pages (docs/decisions/patient-pages-rendering.md): a route
 * handler builds the page's React body and this renders the whole document to static markup,
 * with no framework script. `patientRoute` wraps each handler (cross-site POSTs refused, errors
 * answered with the translated error page).
 */

// Next refuses a static import of react-dom/server under app/ (it wants Server Components);
// these pages are complete documents without the App Router's scripts, so load it at run time.
type StaticRenderer = { renderToStaticMarkup: (el: React.ReactElement) => string };
let renderer: StaticRenderer | undefined;
function toStaticMarkup(el: React.ReactElement): string {
  renderer ??= createRequire(import.meta.url)("react-dom/server") as StaticRenderer;
  return renderer.renderToStaticMarkup(el);
}

let cssCache: string[] | undefined;
/** The global stylesheet(s) as built by Next (Tailwind, under .next/static/chunks). */
function globalCssHrefs(): string[] {
  if (cssCache) return cssCache;
  try {
    const dir = join(process.cwd(), ".next", "static", "chunks");
    cssCache = readdirSync(dir)
      .filter((f) => f.endsWith(".css"))
      .sort()
      .map((f) => `/_next/static/chunks/${f}`);
  } catch {
    cssCache = [];
  }
  return cssCache;
}

const NO_STORE = { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" };

export type PatientPageInput = {
  language: PageLanguage;
  title: string;
  body: React.ReactNode;
  /** This page's own path and query, where the language switch comes back to. */
  returnPath: string;
  status?: number;
};

/** The page's whole HTML document. */
export function patientPageHtml({ language, title, body, returnPath }: PatientPageInput): string {
  const catalogs = appCatalogs();
  const otherLanguages = language.supported
    .filter((c) => c !== language.locale)
    .map((code) => ({ code, name: makeTranslator(code, catalogs)("shell.languageName") }));
  return `<!DOCTYPE html>${toStaticMarkup(
    <PatientDocument
      locale={language.locale}
      t={language.t}
      title={title}
      clinicName={getEnv().CLINIC_NAME}
      cssHrefs={globalCssHrefs()}
      returnPath={returnPath}
      otherLanguages={otherLanguages}
    >
      {body}
    </PatientDocument>,
  )}`;
}

/** The page as a response (never cached: patient pages may hold PHI). */
export function patientPage(input: PatientPageInput): Response {
  return new Response(patientPageHtml(input), { status: input.status ?? 200, headers: NO_STORE });
}

export function seeOther(location: string): Response {
  return new Response(null, { status: 303, headers: { location, "cache-control": "no-store" } });
}

/** This request's path and query (what the language switch returns to). */
export function pathOf(request: Request): string {
  const u = new URL(request.url);
  return `${u.pathname}${u.search}`;
}

function sameHost(origin: string, host: string | null): boolean {
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}

type Handler<C> = (request: Request, context: C) => Promise<Response>;

/**
 * Wraps a patient page's route handler: a POST whose Origin is another host is refused (403), as
 * Next does for server actions (the session cookies are SameSite=Lax as well); Next's
 * redirect()/notFound()/forbidden() pass through; any other error is logged by Next and answered
 * with the translated error page, whose only detail is the request id.
 */
export function patientRoute<C>(handler: Handler<C>): Handler<C> {
  return async (request, context) => {
    if (request.method === "POST") {
      const origin = request.headers.get("origin");
      if (origin !== null && !sameHost(origin, request.headers.get("host"))) {
        return new Response("Cross-site request refused", { status: 403 });
      }
    }
    try {
      return await handler(request, context);
    } catch (e) {
      unstable_rethrow(e);
      const unavailable = isDatabaseUnavailable(e);
      const language = getPageLanguage(request);
      const reference = (await headers()).get("x-request-id") ?? "";
      // No message text: it may hold PHI (docs/security-model.md#application-logs).
      logger.error("patient_page_failed", {
        path: new URL(request.url).pathname,
        error: (e as Error)?.name,
        requestId: reference,
      });
      const page = patientPage({
        language,
        title: language.t("error.pageTitle"),
        body: <ErrorBody t={language.t} reference={reference} />,
        returnPath: "/",
        // The database out of reach (an outage, a restart): a retryable 503 with Retry-After, as
        // the API answers (src/server/api-route.ts), not a 500. The page says "try again" either way.
        status: unavailable ? 503 : 500,
      });
      if (unavailable) page.headers.set("Retry-After", "5");
      return page;
    }
  };
}
