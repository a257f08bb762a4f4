import { describe, expect, it } from "vitest";
import { loadCatalogs, MESSAGES_DIR } from "@/i18n/catalogs";
import { makeTranslator } from "@/i18n/translator";
import { buildVisitIcs, escapeIcsText, foldLine, icsDateTime } from "./ics";

const catalogs = loadCatalogs(MESSAGES_DIR);

const base = {
  visitId: "6f1c1a52-1111-4222-8333-444455556666",
  sequence: 0,
  startsAt: new Date("2026-12-01T17:00:00Z"),
  endsAt: new Date("2026-12-01T17:30:00Z"),
  modality: "VIDEO" as const,
  cancelled: false,
  clinicName: "Virtual Pain Clinic",
  joinUrl: "https://clinic.example/me/visits/6f1c1a52-1111-4222-8333-444455556666",
  domain: "clinic.example",
  now: new Date("2026-11-29T02:00:00Z"),
  timeZone: "America/New_York",
  locale: "en",
  t: makeTranslator("en", catalogs),
};

const unfold = (s: string) => s.replace(/\r\n /g, "");

describe("visit .ics", () => {
  it("is RFC 5545 shaped: CRLF lines of at most 75 octets, UTC times, stable UID", () => {
    const ics = buildVisitIcs(base);
    expect(ics.endsWith("\r\n")).toBe(true);
    for (const line of ics.split("\r\n")) expect(new TextEncoder().encode(line).length).toBeLessThanOrEqual(75);
    const u = unfold(ics);
    expect(u).toContain("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:");
    expect(u).toContain("METHOD:PUBLISH");
    expect(u).toContain(`UID:visit-${base.visitId}@clinic.example`);
    expect(u).toContain("DTSTART:20261201T170000Z");
    expect(u).toContain("DTEND:20261201T173000Z");
    expect(u).toContain("SEQUENCE:0");
    expect(u).toContain(`URL:${base.joinUrl}`);
    expect(u).toContain("STATUS:CONFIRMED");
  });

  it("keeps the UID and raises SEQUENCE on reschedule; cancel uses METHOD:CANCEL", () => {
    const a = unfold(buildVisitIcs(base));
    const b = unfold(buildVisitIcs({ ...base, sequence: 1, startsAt: new Date("2026-12-02T17:00:00Z") }));
    const c = unfold(buildVisitIcs({ ...base, sequence: 2, cancelled: true }));
    const uid = (s: string) => /UID:(.*)\r\n/.exec(s)?.[1];
    expect(uid(a)).toBe(uid(b));
    expect(uid(b)).toBe(uid(c));
    expect(b).toContain("SEQUENCE:1");
    expect(c).toContain("METHOD:CANCEL");
    expect(c).toContain("STATUS:CANCELLED");
    expect(c).not.toContain("BEGIN:VALARM");
  });

  it("phone visits say the clinic will call, without the number", () => {
    const u = unfold(buildVisitIcs({ ...base, modality: "PHONE", joinUrl: null }));
    expect(u).toContain("The clinic will call you at the number on file");
    expect(u).not.toMatch(/\+1\d{10}/);
    expect(u).not.toContain("URL:");
  });

  it("SUMMARY and DESCRIPTION hold no PHI (only the clinic and the kind of visit)", () => {
    const u = unfold(buildVisitIcs(base));
    const summary = /SUMMARY;LANGUAGE=en:(.*)\r\n/.exec(u)?.[1];
    expect(summary).toBe("Virtual Pain Clinic video visit");
    const description = /\nDESCRIPTION;LANGUAGE=en:(.*)\r\n/.exec(u)?.[1] ?? "";
    expect(description).not.toMatch(/opioid|Dr\.|MRN|\+1\d{10}|reason/i);
  });

  it("writes the time out in the patient's zone (the DTSTART stays UTC)", () => {
    const u = unfold(buildVisitIcs({ ...base, timeZone: "America/Los_Angeles" }));
    expect(u).toContain("When: Tuesday\\, December 1\\, 2026 at 9:00 AM PST");
    expect(u).toContain("DTSTART:20261201T170000Z");
  });

  it("is in Spanish for a patient who prefers Spanish, marked LANGUAGE=es", () => {
    const es = { ...base, timeZone: "America/Los_Angeles", locale: "es", t: makeTranslator("es", catalogs) };
    const u = unfold(buildVisitIcs(es));
    expect(u).toContain("SUMMARY;LANGUAGE=es:Cita por video con Virtual Pain Clinic\r\n");
    expect(u).toContain("DESCRIPTION;LANGUAGE=es:Cita por video con Virtual Pain Clinic. Entre con este enlace");
    expect(u).toContain("Cuándo: martes\\, 1 de diciembre de 2026 a las 9:00 a.m. PST");
    expect(u).toContain("LOCATION;LANGUAGE=es:Cita por video (en línea)");
    expect(u).toContain("DESCRIPTION;LANGUAGE=es:Cita por video con Virtual Pain Clinic en 30 minutos");
    const phone = unfold(buildVisitIcs({ ...es, modality: "PHONE", joinUrl: null }));
    expect(phone).toContain("La clínica le va a llamar al número que tenemos");
    expect(phone).toContain("LOCATION;LANGUAGE=es:Llamada de la clínica");
    expect(phone).not.toMatch(/ visit|Phone|Video/);
  });

  it("escapes text and folds on character boundaries", () => {
    expect(escapeIcsText("a,b;c\\d\ne")).toBe("a\\,b\\;c\\\\d\\ne");
    const long = "DESCRIPTION:" + "é".repeat(80);
    const folded = foldLine(long);
    for (const l of folded.split("\r\n")) expect(new TextEncoder().encode(l).length).toBeLessThanOrEqual(75);
    expect(folded.replace(/\r\n /g, "")).toBe(long);
    expect(icsDateTime(new Date("2026-01-02T03:04:05.678Z"))).toBe("20260102T030405Z");
  });
});
