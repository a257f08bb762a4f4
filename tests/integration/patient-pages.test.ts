import { describe, expect, it, vi } from "vitest";
import { GET as linkExpired } from "@/app/link-expired/route";
import { POST as switchLanguage } from "@/app/language/route";
import { beginRequest, requestFor } from "../factories/next-request";

vi.mock("next/headers", async () => (await import("../factories/next-request")).nextHeadersModule);

/**
 * Patient pages as server HTML in the patient's language (docs/decisions/patient-pages-rendering.md,
 * docs/decisions/i18n.md): one document shell, `lang` follows the language, no script, a language
 * switch that works without JavaScript and never sends anyone to another site.
 */
const text = (html: string) => html.replace(/<[^>]+>/g, " ").replace(/\s+/g, " ");
const ctx = { params: Promise.resolve({}) };

async function open(path: string, opts: { cookies?: Record<string, string>; headers?: Record<string, string> } = {}) {
  beginRequest({ cookies: opts.cookies, path });
  const res = await linkExpired(requestFor(path, { headers: opts.headers }), ctx);
  return { res, html: await res.text() };
}

describe("the link-ended page", () => {
  it("is English by default: lang=en, no script, a switch to Spanish", async () => {
    const { res, html } = await open("/link-expired?reason=session");
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(html).toMatch(/^<!DOCTYPE html><html lang="en">/);
    expect(html).not.toMatch(/<script/i);
    expect(text(html)).toContain("Your session has ended");
    expect(html).toMatch(/<form [^>]*action="\/language" method="post"/);
    expect(html).toMatch(/<button[^>]*value="es"[^>]*lang="es"[^>]*>Español<\/button>/);
    expect(html).toContain('name="back" value="/link-expired?reason=session"');
  });

  it.each([
    ["the switch's cookie", { cookies: { vpc_lang: "es" } }],
    ["the browser's language", { headers: { "accept-language": "es-MX,es;q=0.9,en;q=0.5" } }],
  ])("is Spanish from %s", async (_n, opts) => {
    const { html } = await open("/link-expired?reason=expired", opts);
    expect(html).toMatch(/<html lang="es">/);
    expect(text(html)).toContain("Este enlace ya venció");
    expect(text(html)).toContain("Llame a la clínica y pida un enlace nuevo");
    expect(html).toMatch(/<button[^>]*value="en"[^>]*>English<\/button>/);
  });

  it("an unknown reason shows the expired text, never the parameter", async () => {
    const { html } = await open("/link-expired?reason=%3Cscript%3E");
    expect(text(html)).toContain("This link has expired");
    expect(html).not.toContain("<script>");
  });
});

describe("the language switch (POST /language)", () => {
  const post = async (body: Record<string, string>, headers: Record<string, string> = {}) => {
    beginRequest({ path: "/language" });
    return switchLanguage(requestFor("/language", { method: "POST", body: new URLSearchParams(body), headers }), ctx);
  };

  it("remembers the language and goes back to the page", async () => {
    const res = await post({ lang: "es", back: "/f/forms/abc?x=1" });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/f/forms/abc?x=1");
    expect(res.headers.get("set-cookie")).toMatch(/^vpc_lang=es; Path=\/; Max-Age=31536000; HttpOnly; SameSite=Lax/);
  });

  it.each(["//evil.example/", "https://evil.example/", "/\\evil.example"])(
    "never goes to another site (%s)",
    async (back) => {
      const res = await post({ lang: "en", back });
      expect(res.headers.get("location")).toBe("/");
    },
  );

  it.each([
    ["an unsupported language", { lang: "fr" }],
    ["not a language code", { lang: "es; Path=/x" }],
    ["no language", {}],
    ["an extra field", { lang: "es", x: "1" }],
  ])("refuses %s with a 400 naming the field", async (_n, body) => {
    const res = await post(body as Record<string, string>);
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("lang");
    expect(res.headers.get("set-cookie")).toBeNull();
  });

  it("refuses a cross-site post", async () => {
    const res = await post({ lang: "es" }, { origin: "https://evil.example" });
    expect(res.status).toBe(403);
  });
});
