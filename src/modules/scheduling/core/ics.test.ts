import { describe, expect, it } from "vitest";
import { buildVisitIcs, escapeIcsText, foldLine, icsDateTime } from "./ics";

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
    const summary = /SUMMARY:(.*)\r\n/.exec(u)?.[1];
    expect(summary).toBe("Virtual Pain Clinic video visit");
    const description = /\nDESCRIPTION:(.*)\r\n/.exec(u)?.[1] ?? "";
    expect(description).not.toMatch(/opioid|Dr\.|MRN|\+1\d{10}|reason/i);
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
