import { formDataToObject } from "@/lib/forms";
import {
  getFormToFill,
  linkRespondent,
  type Respondent,
  parseAndSubmitPatientForm,
  renderLinkFormPage,
} from "@/modules/assessments/index.server";
import { readLinkSession } from "@/modules/patient-access/index.server";
import { isAppError } from "@/server/errors";
import { isUuid } from "@/server/page-data";
import { getRequestContext } from "@/server/request-context";

/**
 * The secure-link patient form with NO JavaScript (docs/decisions/assessments-zero-js-patient-form.md):
 * every App Router page ships ~130 kB gzip of framework script, the whole budget, and this form
 * needs none. GET renders the form; it POSTs to this same URL; errors re-render with the answers
 * kept (400); success is a 303 to the next form or the confirmation. Authorization: the link
 * session cookie (HttpOnly, SameSite=Lax, so never sent on a cross-site POST) scopes every query
 * to one patient; the Origin check below refuses cross-site posts as server actions do.
 */
const html = (body: string, status = 200) =>
  new Response(body, { status, headers: { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" } });
const redirect303 = (location: string) =>
  new Response(null, { status: 303, headers: { location, "cache-control": "no-store" } });

async function load(requestId: string) {
  const session = await readLinkSession("forms");
  if (!session) return { redirect: "/link-expired?reason=session" as string, respondent: null };
  const respondent = linkRespondent(session);
  if (!isUuid(requestId)) return { redirect: "/f/forms" as string, respondent: null };
  return { redirect: null, respondent };
}

async function renderForm(
  respondent: Respondent,
  requestId: string,
  state: Parameters<typeof renderLinkFormPage>[1],
  status: number,
) {
  try {
    const form = await getFormToFill(respondent, requestId, await getRequestContext());
    return html(renderLinkFormPage(form, state), status);
  } catch (e) {
    // Done already, another patient's id, or unknown: back to the list, which says what is left.
    if (isAppError(e) && e.code === "NOT_FOUND") return redirect303("/f/forms");
    throw e;
  }
}

function sameHost(origin: string, host: string | null): boolean {
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}

export async function GET(_request: Request, { params }: { params: Promise<{ requestId: string }> }) {
  const { requestId } = await params;
  const l = await load(requestId);
  if (!l.respondent) return redirect303(l.redirect ?? "/f/forms");
  return renderForm(l.respondent, requestId, { status: "idle" }, 200);
}

export async function POST(request: Request, { params }: { params: Promise<{ requestId: string }> }) {
  const { requestId } = await params;
  const origin = request.headers.get("origin");
  const host = request.headers.get("host");
  if (origin !== null && !sameHost(origin, host)) {
    return new Response("Cross-site request refused", { status: 403 });
  }
  const l = await load(requestId);
  if (!l.respondent) return redirect303(l.redirect ?? "/f/forms");
  let values: Record<string, string>;
  try {
    values = formDataToObject(await request.formData());
  } catch {
    return renderForm(
      l.respondent,
      requestId,
      { status: "error", message: "This form could not be read. Please try again." },
      400,
    );
  }
  const r = await parseAndSubmitPatientForm(l.respondent, values, "/f/forms", await getRequestContext());
  if (r.ok) return redirect303(r.next);
  return renderForm(l.respondent, requestId, r.state, 400);
}
