import { randomUUID } from "node:crypto";
import { describe, expect, it, vi } from "vitest";
import { GET as listPage } from "@/app/f/forms/route";
import { GET as formPage, POST as submitForm } from "@/app/f/forms/[requestId]/route";
import { GET as donePage } from "@/app/f/forms/done/route";
import { instruments } from "@/modules/assessments/core/instruments";
import { responseLanguageLabel } from "@/modules/assessments/core/response-language";
import {
  approveInstrumentTranslation,
  importInstrumentTranslation,
} from "@/modules/assessments/instrument-translations.server";
import { issuePatientLink, redeemPatientLink } from "@/modules/patient-access/index.server";
import { linkCookieName } from "@/modules/patient-access/sessions.server";
import { db } from "@/server/db";
import { actorFor, ctx, makePatient, makeUser } from "../factories";
import { beginRequest, requestFor } from "../factories/next-request";

vi.mock("next/headers", async () => (await import("../factories/next-request")).nextHeadersModule);

/**
 * The secure-link forms in the patient's language (issue 14; docs/decisions/i18n.md): a patient
 * who prefers Spanish gets Spanish pages with `lang="es"` and no script; the instrument's wording
 * stays the English original (lang="en") with a Spanish note until an official translation is
 * approved; the crisis resources after PHQ-9 item 9 are in Spanish; the switch's cookie wins.
 */
const text_ = (html: string) => html.replace(/<[^>]+>/g, " ").replace(/\s+/g, " ");

async function spanishPatientWithLink(instrument: "PHQ9" | "PEG") {
  const p = await makePatient({ preferredLanguage: "es" });
  const request = await db.formRequest.create({
    data: { patientId: p.id, instrument, dueAt: new Date(Date.now() + 86_400_000) },
    select: { id: true },
  });
  const link = await db.$transaction((tx) =>
    issuePatientLink(tx, {
      patientId: p.id,
      purpose: "forms",
      subjectId: null,
      expiresAt: new Date(Date.now() + 3_600_000),
      by: null,
    }),
  );
  const r = await redeemPatientLink(link.token, { birthDate: null }, ctx());
  if (!r.ok) throw new Error("link did not open");
  return { requestId: request.id, cookies: { [linkCookieName("forms")]: r.sessionSecret } as Record<string, string> };
}

function get(handler: typeof formPage, path: string, cookies: Record<string, string>, params: object = {}) {
  beginRequest({ cookies, path });
  return handler(requestFor(path), { params: Promise.resolve(params) } as never);
}

describe("secure-link forms for a patient who prefers Spanish", () => {
  it("the list and the form are Spanish, no script; the PHQ-9 wording is the English original with a note", async () => {
    const { requestId, cookies } = await spanishPatientWithLink("PHQ9");
    const list = await (await get(listPage as typeof formPage, "/f/forms", cookies)).text();
    expect(list).toMatch(/<html lang="es">/);
    expect(text_(list)).toContain("Formularios antes de su cita");
    expect(text_(list)).toContain("Su estado de ánimo");

    const res = await get(formPage, `/f/forms/${requestId}`, cookies, { requestId });
    const html = await res.text();
    expect(res.status).toBe(200);
    expect(html).toMatch(/<html lang="es">/);
    expect(html).not.toMatch(/<script/i);
    expect(text_(html)).toContain("Formulario 1 de 1");
    expect(text_(html)).toContain("Este formulario está en inglés");
    expect(text_(html)).toContain("intérprete");
    expect(text_(html)).toContain("Pregunta 9 de 10");
    // The instrument's own words, unchanged and marked as English.
    expect(html).toContain(`<span lang="en">${instruments.PHQ9.items[0]!.text}</span>`);
    expect(text_(html)).toContain("Mandar mis respuestas");
    expect(html).toContain('name="pageLanguage" value="es"');
  });

  it("the PEG says that no tested Spanish version exists", async () => {
    const { requestId, cookies } = await spanishPatientWithLink("PEG");
    const html = await (await get(formPage, `/f/forms/${requestId}`, cookies, { requestId })).text();
    expect(text_(html)).toContain("Todavía no hay una versión en español de este formulario que se haya probado");
  });

  it("a missing answer comes back in Spanish with the answers kept (400)", async () => {
    const { requestId, cookies } = await spanishPatientWithLink("PEG");
    beginRequest({ cookies, path: `/f/forms/${requestId}` });
    const body = new URLSearchParams({ instrument: "PEG", requestId, idempotencyKey: randomUUID(), q_p: "6" });
    const res = await submitForm(requestFor(`/f/forms/${requestId}`, { method: "POST", body }), {
      params: Promise.resolve({ requestId }),
    });
    const html = await res.text();
    expect(res.status).toBe(400);
    expect(text_(html)).toContain("Conteste todas las preguntas");
    expect(text_(html)).toContain("Elija una respuesta para la pregunta 2");
    expect(html).toMatch(/name="q_p" checked="" value="6"/);
  });

  it("item 9 above 0: the confirmation shows the crisis resources in Spanish", async () => {
    const { requestId, cookies } = await spanishPatientWithLink("PHQ9");
    const answers = Object.fromEntries(instruments.PHQ9.items.map((i) => [`q_${i.id}`, i.required ? "1" : ""]));
    beginRequest({ cookies, path: `/f/forms/${requestId}` });
    const body = new URLSearchParams({
      instrument: "PHQ9",
      requestId,
      idempotencyKey: randomUUID(),
      pageLanguage: "es",
      ...answers,
    });
    const res = await submitForm(requestFor(`/f/forms/${requestId}`, { method: "POST", body }), {
      params: Promise.resolve({ requestId }),
    });
    expect(res.status).toBe(303);
    const next = res.headers.get("location")!;
    expect(next).toMatch(/^\/f\/forms\/done\?r=/);
    const html = await (await get(donePage as typeof formPage, next, cookies)).text();
    expect(html).toMatch(/<html lang="es">/);
    const t = text_(html);
    expect(t).toContain("Si está pensando en hacerse daño, busque ayuda ahora");
    expect(t).toContain("Llame al 988 y marque 2");
    expect(t).toContain("Mande AYUDA por mensaje de texto al 988");
    expect(t).toContain("Llame al 911");
    expect(html).toContain('href="tel:988"');
    expect(html).toContain('href="sms:988"');

    // Staff see which language the answers were given in: the original English wording, on a Spanish page.
    const row = await db.formResponse.findFirstOrThrow({
      where: { requestId },
      select: { language: true, translationVersion: true, pageLanguage: true, patientId: true },
    });
    expect(row).toMatchObject({ language: "en", translationVersion: null, pageLanguage: "es" });
    expect(responseLanguageLabel(row)).toBe("English (original wording); page in Spanish");
  });

  it("the switch's cookie wins over the patient's preference", async () => {
    const { requestId, cookies } = await spanishPatientWithLink("PHQ9");
    const html = await (
      await get(formPage, `/f/forms/${requestId}`, { ...cookies, vpc_lang: "en" }, { requestId })
    ).text();
    expect(html).toMatch(/<html lang="en">/);
    expect(text_(html)).toContain("Form 1 of 1");
    expect(text_(html)).not.toContain("Este formulario está en inglés");
    expect(html).toMatch(/<button[^>]*value="es"[^>]*>Español<\/button>/);
  });

  it("an approved translation is shown instead of the note, and the answer records its version", async () => {
    // Placeholder wording ("T1", "A0"): this checks the path, it is not a translation.
    const text = {
      stem: "S",
      items: Object.fromEntries(
        instruments.PEG.items.map((i) => [
          i.id,
          { text: `T${i.number}`, options: Object.fromEntries(i.options.map((o) => [String(o.value), `A${o.value}`])) },
        ]),
      ),
    };
    const admin = actorFor({ ...(await makeUser("ADMIN")), patientId: null });
    const clinician = actorFor({ ...(await makeUser("CLINICIAN")), patientId: null });
    const version = `test-${randomUUID()}`;
    const { id } = await importInstrumentTranslation(
      admin,
      { instrument: "PEG", language: "es", version, sourceCitation: "Test source (placeholder)", text },
      ctx(),
    );
    try {
      const { requestId, cookies } = await spanishPatientWithLink("PEG");
      const before = await (await get(formPage, `/f/forms/${requestId}`, cookies, { requestId })).text();
      expect(before).toContain('<span lang="en">'); // not approved yet: the original, with the note
      await approveInstrumentTranslation(clinician, id, ctx());
      const html = await (await get(formPage, `/f/forms/${requestId}`, cookies, { requestId })).text();
      expect(text_(html)).not.toContain("Este formulario está en inglés");
      expect(html).toContain("<span>T1</span>");
      expect(html).toContain(`name="translationVersion" value="${version}"`);

      beginRequest({ cookies, path: `/f/forms/${requestId}` });
      const answers = { q_p: "5", q_e: "5", q_g: "5" };
      const post = (v: string) =>
        submitForm(
          requestFor(`/f/forms/${requestId}`, {
            method: "POST",
            body: new URLSearchParams({
              instrument: "PEG",
              requestId,
              idempotencyKey: randomUUID(),
              pageLanguage: "es",
              translationVersion: v,
              ...answers,
            }),
          }),
          { params: Promise.resolve({ requestId }) },
        );
      // A version that is not approved is never recorded.
      expect((await post("made-up")).status).toBe(400);
      beginRequest({ cookies, path: `/f/forms/${requestId}` });
      expect((await post(version)).status).toBe(303);
      const row = await db.formResponse.findFirstOrThrow({
        where: { requestId },
        select: { language: true, translationVersion: true, pageLanguage: true, scoreTenths: true },
      });
      expect(row).toEqual({ language: "es", translationVersion: version, pageLanguage: "es", scoreTenths: 50 });
    } finally {
      await db.instrumentTranslation.delete({ where: { id } });
    }
  });
});
