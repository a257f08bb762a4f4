import { randomUUID } from "node:crypto";
import { describe, expect, it, vi } from "vitest";
import { GET as formsList } from "@/app/me/forms/route";
import { GET as formPage, POST as submitForm } from "@/app/me/forms/[requestId]/route";
import { GET as donePage } from "@/app/me/forms/done/route";
import { POST as signOut } from "@/app/me/sign-out/route";
import { GET as home } from "@/app/me/route";
import { GET as testsPage } from "@/app/me/tests/route";
import { GET as visitPage } from "@/app/me/visits/[id]/route";
import { instruments } from "@/modules/assessments/core/instruments";
import { db } from "@/server/db";
import { makePatient, makeUser } from "../factories";
import { beginRequest, outcomeOf, requestFor, SESSION_COOKIE, sessionCookieFor } from "../factories/next-request";

vi.mock("next/headers", async () => (await import("../factories/next-request")).nextHeadersModule);

/**
 * The signed-in portal on the patient page shell (docs/decisions/patient-pages-rendering.md): server
 * HTML in the patient's language with `lang`, no script, the portal navigation with a sign-out
 * form; POSTs validated with the message beside the question; cross-site POSTs refused.
 */
const text = (html: string) => html.replace(/<[^>]+>/g, " ").replace(/\s+/g, " ");
type H = (r: Request, c: { params: Promise<Record<string, string>> }) => Promise<Response>;

async function spanishPatient(instrument: "PHQ9" | "PEG" = "PEG") {
  const p = await makePatient({ preferredLanguage: "es" });
  const user = await makeUser("PATIENT", { patientId: p.id });
  const request = await db.formRequest.create({
    data: { patientId: p.id, instrument, dueAt: new Date(Date.now() + 86_400_000) },
    select: { id: true },
  });
  return { patientId: p.id, user, requestId: request.id, cookies: { [SESSION_COOKIE]: await sessionCookieFor(user) } };
}

async function call(
  handler: H,
  path: string,
  cookies: Record<string, string>,
  opts: { params?: Record<string, string>; init?: RequestInit } = {},
) {
  beginRequest({ cookies, path });
  return handler(requestFor(path, opts.init), { params: Promise.resolve(opts.params ?? {}) });
}

describe("the portal's forms for a patient who prefers Spanish", () => {
  it("the list is Spanish (lang=es), has no script, the portal navigation and a sign-out form", async () => {
    const { cookies } = await spanishPatient();
    const res = await call(formsList as H, "/me/forms", cookies);
    const html = await res.text();
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(html).toMatch(/^<!DOCTYPE html><html lang="es">/);
    expect(html).not.toMatch(/<script/i);
    expect(text(html)).toContain("Antes de su cita");
    expect(html).toMatch(/<a href="\/me\/forms" aria-current="page"[^>]*>.*Formularios<\/a>/);
    expect(html).toMatch(/<a href="\/me\/care-plan"[^>]*><svg[^]*?<\/svg>Plan de cuidado<\/a>/);
    expect(html).toMatch(
      /<form [^>]*action="\/me\/sign-out" method="post"><button type="submit"[^>]*>.*Salir<\/button>/,
    );
  });

  it("the form is Spanish with the instrument's note; a missing answer comes back naming the question (400)", async () => {
    const { cookies, requestId } = await spanishPatient("PEG");
    const page = await call(formPage as H, `/me/forms/${requestId}`, cookies, { params: { requestId } });
    const html = await page.text();
    expect(page.status).toBe(200);
    expect(html).toMatch(/<html lang="es">/);
    expect(html).not.toMatch(/<script/i);
    expect(text(html)).toContain("Todavía no hay una versión en español de este formulario que se haya probado");
    expect(html).toMatch(/<form [^>]*method="post"/);

    const body = new URLSearchParams({ instrument: "PEG", requestId, idempotencyKey: randomUUID(), q_p: "6" });
    const res = await call(submitForm as H, `/me/forms/${requestId}`, cookies, {
      params: { requestId },
      init: { method: "POST", body },
    });
    const again = await res.text();
    expect(res.status).toBe(400);
    expect(text(again)).toContain("Conteste todas las preguntas");
    expect(text(again)).toContain("Elija una respuesta para la pregunta 2");
    expect(again).toMatch(/name="q_p" checked="" value="6"/);
    expect(await db.formResponse.count({ where: { requestId } })).toBe(0);
  });

  it("PHQ-9 item 9 above 0: 303 to the confirmation, which shows the crisis resources in Spanish", async () => {
    const { cookies, requestId } = await spanishPatient("PHQ9");
    const answers = Object.fromEntries(instruments.PHQ9.items.map((i) => [`q_${i.id}`, i.required ? "1" : ""]));
    const body = new URLSearchParams({
      instrument: "PHQ9",
      requestId,
      idempotencyKey: randomUUID(),
      pageLanguage: "es",
      ...answers,
    });
    const res = await call(submitForm as H, `/me/forms/${requestId}`, cookies, {
      params: { requestId },
      init: { method: "POST", body },
    });
    expect(res.status).toBe(303);
    const next = res.headers.get("location")!;
    expect(next).toMatch(/^\/me\/forms\/done\?r=/);
    const done = await (await call(donePage as H, next, cookies)).text();
    expect(done).toMatch(/<html lang="es">/);
    expect(done).not.toMatch(/<script/i);
    const t = text(done);
    expect(t).toContain("Llame al 988 y marque 2");
    expect(t).toContain("Mande AYUDA por mensaje de texto al 988");
    expect(t).toContain("Llame al 911");
    // Sent already: the form is no longer open (a 404 page pointing to the list, in Spanish).
    const gone = await call(formPage as H, `/me/forms/${requestId}`, cookies, { params: { requestId } });
    expect(gone.status).toBe(404);
    expect(text(await gone.text())).toContain("Este formulario no está abierto");
  });

  it("a cross-site POST is refused before anything is read or written", async () => {
    const { cookies, requestId } = await spanishPatient("PEG");
    const body = new URLSearchParams({ instrument: "PEG", requestId, idempotencyKey: randomUUID() });
    const res = await call(submitForm as H, `/me/forms/${requestId}`, cookies, {
      params: { requestId },
      init: { method: "POST", body, headers: { origin: "https://evil.example" } },
    });
    expect(res.status).toBe(403);
    const out = await call(signOut as H, "/me/sign-out", cookies, {
      init: { method: "POST", headers: { origin: "https://evil.example" } },
    });
    expect(out.status).toBe(403);
  });
});

describe("the portal's other pages in Spanish", () => {
  it("home, tests and an unknown visit: lang=es, no script, Spanish words", async () => {
    const { cookies } = await spanishPatient();
    const h = await call(home as H, "/me", cookies);
    const html = await h.text();
    expect(h.status).toBe(200);
    expect(html).toMatch(/<html lang="es">/);
    expect(html).not.toMatch(/<script/i);
    expect(text(html)).toMatch(/Hola, \S+/);
    expect(text(html)).toContain("Ahora no tiene citas");
    expect(text(html)).toContain("1 formulario corto para llenar");
    expect(text(html)).toContain("Sus datos");
    expect(text(html)).toContain("español");
    expect(html).toMatch(/<a href="\/me" aria-current="page"/);

    const tp = await (await call(testsPage as H, "/me/tests", cookies)).text();
    expect(tp).not.toMatch(/<script/i);
    expect(text(tp)).toContain("No tiene pruebas de drogas en la orina.");

    const id = randomUUID();
    const v = await call(visitPage as H, `/me/visits/${id}`, cookies, { params: { id } });
    expect(v.status).toBe(404);
    expect(text(await v.text())).toContain("No encontramos esa página");
  });
});

describe("who may open the portal", () => {
  it("no session: the sign-in page with this page to come back to", async () => {
    const o = await outcomeOf(() => call(formsList as H, "/me/forms", {}));
    expect(o).toEqual({ kind: "redirect", location: "/login?callbackUrl=%2Fme%2Fforms" });
  });

  it("staff: the 403 page (translated, no script), audited", async () => {
    const staff = await makeUser("COORDINATOR");
    const res = await call(formsList as H, "/me/forms", { [SESSION_COOKIE]: await sessionCookieFor(staff) });
    const html = await res.text();
    expect(res.status).toBe(403);
    expect(html).not.toMatch(/<script/i);
    expect(text(html)).toContain("This page is for patients");
    expect(
      await db.auditEvent.count({ where: { actorUserId: staff.id, outcome: "DENIED", entityType: "Route" } }),
    ).toBe(1);
  });
});

describe("sign-out without JavaScript (POST /me/sign-out)", () => {
  it("revokes the session, clears next-auth's cookie and goes to the sign-in page", async () => {
    const { cookies, user } = await spanishPatient();
    const res = await call(signOut as H, "/me/sign-out", cookies, { init: { method: "POST" } });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/login?signedOut=1");
    expect(res.headers.get("set-cookie")).toMatch(
      /^next-auth\.session-token=; Path=\/; Max-Age=0;.*HttpOnly; SameSite=Lax/,
    );
    const s = await db.session.findFirstOrThrow({ where: { userId: user.id }, select: { revokedReason: true } });
    expect(s.revokedReason).toBe("signout");
    // The old cookie no longer opens the portal.
    const o = await outcomeOf(() => call(formsList as H, "/me/forms", cookies));
    expect(o.kind).toBe("redirect");
  });
});
