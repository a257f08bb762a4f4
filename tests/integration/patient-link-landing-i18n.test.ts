import { randomUUID } from "node:crypto";
import { describe, expect, it, vi } from "vitest";
import { GET as agreementPage, POST as signAgreement } from "@/app/a/agreement/route";
import { GET as landingPage, POST as openLink } from "@/app/l/[token]/route";
import { issuePatientLink } from "@/modules/patient-access/index.server";
import { linkCookieName } from "@/modules/patient-access/sessions.server";
import { db } from "@/server/db";
import { makePatient } from "../factories";
import { currentAgreementText } from "../factories/consent";
import { beginRequest, nextHeadersModule, requestFor } from "../factories/next-request";

vi.mock("next/headers", async () => (await import("../factories/next-request")).nextHeadersModule);

/**
 * The link landing page (/l/<token>) and the agreement link page (/a/agreement) as server HTML in
 * the patient's language (docs/decisions/patient-pages-rendering.md, docs/decisions/i18n.md):
 * `lang` follows the language, no script, plain POSTs validated with field-named errors in that
 * language, Post/Redirect/Get, cross-site posts refused.
 */
const text = (html: string) => html.replace(/<[^>]+>/g, " ").replace(/\s+/g, " ");

async function agreementLink(preferredLanguage: "es" | "en") {
  const p = await makePatient({ preferredLanguage, birthDate: "1962-05-21" });
  await currentAgreementText();
  const link = await db.$transaction((tx) =>
    issuePatientLink(tx, {
      patientId: p.id,
      purpose: "agreement",
      subjectId: null,
      expiresAt: new Date(Date.now() + 3_600_000),
      by: null,
    }),
  );
  return { patient: p, token: link.token };
}

async function call(
  handler: typeof landingPage,
  path: string,
  opts: {
    cookies?: Record<string, string>;
    body?: Record<string, string>;
    headers?: Record<string, string>;
    params?: object;
  } = {},
) {
  beginRequest({ cookies: opts.cookies, path });
  const init: RequestInit = opts.body
    ? { method: "POST", body: new URLSearchParams(opts.body), headers: opts.headers }
    : { headers: opts.headers };
  const res = await handler(requestFor(path, init), { params: Promise.resolve(opts.params ?? {}) } as never);
  return { res, html: await res.text() };
}

const dob = { check: "birth-date", month: "5", day: "21", year: "1962" };

describe("the link landing page (/l/<token>)", () => {
  it("opens in the language the link was sent in: Spanish, lang=es, no script, a plain form to itself", async () => {
    const { token } = await agreementLink("es");
    const { res, html } = await call(landingPage, `/l/${token}?lang=es`, { params: { token } });
    expect(res.status).toBe(200);
    expect(html).toMatch(/^<!DOCTYPE html><html lang="es">/);
    expect(html).not.toMatch(/<script/i);
    expect(text(html)).toContain("Su acuerdo de tratamiento");
    expect(text(html)).toContain("Su fecha de nacimiento");
    expect(html).toMatch(new RegExp(`<form [^>]*action="/l/${token}\\?lang=es" method="post"`));
    expect(html).toMatch(/<label for="dob-month"[^>]*>Mes<\/label>/);
  });

  it("is English for an English browser with no hint, Spanish from the browser's language", async () => {
    const { token } = await agreementLink("es");
    const en = await call(landingPage, `/l/${token}`, { params: { token }, headers: { "accept-language": "en-US" } });
    expect(en.html).toMatch(/<html lang="en">/);
    expect(text(en.html)).toContain("Your treatment agreement");
    const es = await call(landingPage, `/l/${token}`, { params: { token }, headers: { "accept-language": "es-MX" } });
    expect(es.html).toMatch(/<html lang="es">/);
  });

  it("a box to fix: 400, the same page in Spanish naming the box, what was typed kept, nothing opened", async () => {
    const { token, patient } = await agreementLink("es");
    const { res, html } = await call(openLink, `/l/${token}?lang=es`, {
      params: { token },
      body: { token, ...dob, month: "13" },
    });
    expect(res.status).toBe(400);
    expect(html).toMatch(/<html lang="es">/);
    expect(text(html)).toContain("Escriba el mes con un número del 1 al 12");
    expect(html).toMatch(/id="dob-month"[^>]*aria-invalid="true"/);
    expect(html).toMatch(/name="year"[^>]*value="1962"/);
    expect(await db.patientLinkSession.count({ where: { link: { patientId: patient.id } } })).toBe(0);
  });

  it("a wrong date: 400 in Spanish with the tries left; the right one: a session cookie and 303 to the agreement", async () => {
    const { token } = await agreementLink("es");
    const wrong = await call(openLink, `/l/${token}?lang=es`, {
      params: { token },
      body: { token, ...dob, day: "22" },
    });
    expect(wrong.res.status).toBe(400);
    expect(text(wrong.html)).toContain("Esa fecha de nacimiento no es la que tenemos.");
    expect(text(wrong.html)).toMatch(/Le quedan \d intentos/);

    beginRequest({ path: `/l/${token}` });
    const ok = await openLink(
      requestFor(`/l/${token}`, { method: "POST", body: new URLSearchParams({ token, ...dob }) }),
      {
        params: Promise.resolve({ token }),
      },
    );
    expect(ok.status).toBe(303);
    expect(ok.headers.get("location")).toBe("/a/agreement");
    expect((await nextHeadersModule.cookies()).get(linkCookieName("agreement"))?.value).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it("a token in the form that is not the one in the address goes to the expired page", async () => {
    const { token } = await agreementLink("es");
    const { res } = await call(openLink, `/l/${token}`, { params: { token }, body: { token: "B".repeat(43), ...dob } });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/link-expired?reason=invalid");
  });

  it("refuses a cross-site POST", async () => {
    const { token } = await agreementLink("es");
    const { res } = await call(openLink, `/l/${token}`, {
      params: { token },
      body: { token, ...dob },
      headers: { origin: "https://evil.example" },
    });
    expect(res.status).toBe(403);
  });
});

describe("the agreement from a secure link (/a/agreement)", () => {
  async function opened(preferredLanguage: "es" | "en") {
    const { token, patient } = await agreementLink(preferredLanguage);
    beginRequest({ path: `/l/${token}` });
    await openLink(requestFor(`/l/${token}`, { method: "POST", body: new URLSearchParams({ token, ...dob }) }), {
      params: Promise.resolve({ token }),
    });
    const secret = (await nextHeadersModule.cookies()).get(linkCookieName("agreement"))!.value;
    return { patient, cookies: { [linkCookieName("agreement")]: secret } };
  }
  const form = async () => ({ textId: (await currentAgreementText()).id, idempotencyKey: randomUUID() });

  it("is Spanish for a patient who prefers Spanish: lang=es, no script; the agreement's own text marked English", async () => {
    const { cookies } = await opened("es");
    const { res, html } = await call(agreementPage, "/a/agreement", { cookies });
    expect(res.status).toBe(200);
    expect(html).toMatch(/^<!DOCTYPE html><html lang="es">/);
    expect(html).not.toMatch(/<script/i);
    expect(text(html)).toContain("Usted todavía no ha firmado un acuerdo");
    expect(text(html)).toContain("Este acuerdo está en inglés");
    expect(html).toMatch(/<div class="[^"]*" lang="en"><h3/);
    expect(html).toMatch(/<form [^>]*action="\/a\/agreement" method="post"/);
    expect(text(html)).toContain("Firmar el acuerdo");
  });

  it("names each field to fix in Spanish (400, the name kept); a signature is a 303, then the Spanish thank-you", async () => {
    const { cookies, patient } = await opened("es");
    const bad = await call(signAgreement as typeof landingPage, "/a/agreement", {
      cookies,
      body: { ...(await form()), typedName: "Maria Garcia" },
    });
    expect(bad.res.status).toBe(400);
    expect(text(bad.html)).toContain("Marque la casilla para decir que está de acuerdo");
    expect(bad.html).toMatch(/id="agreement-agree"[^>]*aria-invalid="true"/);
    expect(bad.html).toMatch(/name="typedName"[^>]*value="Maria Garcia"/);
    const noName = await call(signAgreement as typeof landingPage, "/a/agreement", {
      cookies,
      body: { ...(await form()), agree: "on", typedName: "" },
    });
    expect(text(noName.html)).toContain("Escriba su nombre completo, como lo firmaría");
    expect(await db.consentRecord.count({ where: { patientId: patient.id, kind: "OPIOID_AGREEMENT" } })).toBe(0);

    const ok = await call(signAgreement as typeof landingPage, "/a/agreement", {
      cookies,
      body: { ...(await form()), agree: "on", typedName: "Maria Garcia" },
    });
    expect(ok.res.status).toBe(303);
    expect(ok.res.headers.get("location")).toBe("/a/agreement?signed=1");
    expect(await db.consentRecord.count({ where: { patientId: patient.id, kind: "OPIOID_AGREEMENT" } })).toBe(1);
    const after = await call(agreementPage, "/a/agreement?signed=1", { cookies });
    expect(text(after.html)).toContain("Gracias. Su acuerdo está firmado.");
    expect(text(after.html)).toContain("Ya puede cerrar esta página.");
    expect(after.html).not.toContain('action="/a/agreement"');
    expect(after.html).toContain('action="/language"');
  });

  it("English for a patient who prefers English; no link session: the expired page", async () => {
    const { cookies } = await opened("en");
    const { html } = await call(agreementPage, "/a/agreement", { cookies });
    expect(html).toMatch(/<html lang="en">/);
    expect(text(html)).toContain("You have not signed an agreement yet");
    expect(text(html)).not.toContain("This agreement is in English");
    const none = await call(agreementPage, "/a/agreement");
    expect(none.res.status).toBe(303);
    expect(none.res.headers.get("location")).toBe("/link-expired?reason=session");
  });

  it("refuses a cross-site POST", async () => {
    const { cookies } = await opened("es");
    const { res } = await call(signAgreement as typeof landingPage, "/a/agreement", {
      cookies,
      body: { ...(await form()), agree: "on", typedName: "Maria Garcia" },
      headers: { origin: "https://evil.example" },
    });
    expect(res.status).toBe(403);
  });
});
