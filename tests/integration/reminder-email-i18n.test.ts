import type { AddressInfo } from "node:net";
import { simpleParser, type ParsedMail } from "mailparser";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bookVisit } from "@/modules/scheduling/book-visit.server";
import { zonedToUtc } from "@/modules/scheduling/core/time";
import { exportVisitIcs } from "@/modules/scheduling/export-visit-ics.server";
import { setWeeklyHours } from "@/modules/scheduling/manage-clinician-hours.server";
import { saveVisitType } from "@/modules/scheduling/manage-visit-types.server";
import { processDueReminders } from "@/modules/scheduling/reminders.server";
import { db } from "@/server/db";
import { getEnv } from "@/server/env";
import { actorFor, ctx, makePatient, makeUser } from "../factories";

/**
 * Reminder emails and the .ics text in the patient's language, with the time in the patient's
 * own zone (issue 14; docs/decisions/i18n.md). The reminder goes through the app's real SMTP
 * sender (nodemailer, SMTP_URL) to a real SMTP server started here (smtp-server), and the message
 * is read back as a mail client would (mailparser): subject and body decoded from the wire.
 */
const received: ParsedMail[] = [];
let sink: SMTPServer;

beforeAll(async () => {
  sink = new SMTPServer({
    authOptional: true,
    disabledCommands: ["AUTH", "STARTTLS"],
    logger: false,
    onData(stream, _session, done) {
      simpleParser(stream)
        .then((mail) => {
          received.push(mail);
          done();
        })
        .catch(done);
    },
  });
  await new Promise<void>((resolve) => sink.listen(0, "127.0.0.1", resolve));
  const { port } = sink.server.address() as AddressInfo;
  // Read once per process (env-schema.ts): set before anything here reads the configuration.
  process.env.SMTP_URL = `smtp://127.0.0.1:${port}`;
  process.env.SMTP_FROM = "Virtual Pain Clinic <no-reply@clinic.test>";
});
afterAll(() => new Promise<void>((resolve) => sink.close(() => resolve())));

const CLINIC_TZ = "America/Los_Angeles";
// Friday 2030-03-08 08:00 PST; the visit is Monday 2030-03-11 9:00 in the clinic's zone (16:00Z, after DST starts).
const NOW = new Date("2030-03-08T16:00:00Z");
const VISIT_AT = zonedToUtc("2030-03-11", 9 * 60, CLINIC_TZ);
const DUE_24H = new Date(VISIT_AT.getTime() - 24 * 3_600_000 + 1000);

async function bookFor(
  patient: { timeZone: string; preferredLanguage: string; email: string },
  modality: "VIDEO" | "PHONE",
) {
  const admin = await makeUser("ADMIN");
  const coordinator = await makeUser("COORDINATOR");
  const clinician = await makeUser("CLINICIAN");
  const a = actorFor({ ...admin, patientId: null });
  await setWeeklyHours(
    a,
    clinician.id,
    [1, 2, 3, 4, 5].map((weekday) => ({ weekday, startMinute: 9 * 60, endMinute: 17 * 60 })),
    ctx(),
  );
  const { id: visitTypeId } = await saveVisitType(
    a,
    null,
    { name: `Follow-up ${crypto.randomUUID()}`, durationMinutes: 30, active: true },
    ctx(),
  );
  const p = await makePatient({
    ...patient,
    phone: "+12065550150",
    preferredLanguage: patient.preferredLanguage as "es",
  });
  const { visitIds } = await bookVisit(
    actorFor({ ...coordinator, patientId: null }),
    {
      patientId: p.id,
      clinicianId: clinician.id,
      visitTypeId,
      modality,
      startsAt: VISIT_AT,
      reason: "Follow-up on pain plan",
      phoneNumber: modality === "PHONE" ? "+12065550150" : null,
      idempotencyKey: crypto.randomUUID(),
      repeatEveryWeeks: 0,
      repeatCount: 1,
    },
    ctx(),
    NOW,
  );
  return { patient: p, visitId: visitIds[0]!, coordinator: actorFor({ ...coordinator, patientId: null }) };
}

describe("reminder emails in the patient's language, received by a real SMTP server", () => {
  it("a Spanish-speaking patient in Chicago gets Spanish, with the time in Chicago; an English one in New York gets English", async () => {
    const maria = await bookFor(
      { timeZone: "America/Chicago", preferredLanguage: "es", email: "maria.es@example.com" },
      "VIDEO",
    );
    const john = await bookFor(
      { timeZone: "America/New_York", preferredLanguage: "en", email: "john.en@example.com" },
      "PHONE",
    );
    expect(getEnv().SMTP_URL).toMatch(/^smtp:\/\/127\.0\.0\.1:\d+$/);

    const tick = await processDueReminders({ now: DUE_24H });
    expect(tick.sent).toBe(2);
    expect(received).toHaveLength(2);
    const to = (addr: string) => received.find((m) => JSON.stringify(m.to).includes(addr))!;
    const clinic = getEnv().CLINIC_NAME;

    // 9:00 in Los Angeles is 11:00 in Chicago; the reminder goes out the Sunday before.
    const es = to("maria.es@example.com");
    expect(es.subject).toBe(`Recordatorio: su cita con ${clinic} mañana a las 11:00 a.m. CDT`);
    const lines = es.text!.trim().split("\n");
    expect(lines[0]).toBe(`Usted tiene una cita con ${clinic} mañana a las 11:00 a.m. CDT.`);
    expect(lines[1]).toBe("Cuándo: lunes, 11 de marzo de 2030 a las 11:00 a.m. CDT");
    expect(lines[2]).toMatch(
      /^Es una cita por video\. Entre con este enlace unos minutos antes: http\S+\/l\/[A-Za-z0-9_-]{43}\?lang=es$/,
    );
    expect(lines[3]).toBe("Si no puede venir a la cita, por favor llame a la clínica.");
    expect(es.text).not.toMatch(/visit|Reminder|pain plan|AM|PM/);

    const en = to("john.en@example.com");
    expect(en.subject).toBe(`Reminder: your ${clinic} visit tomorrow at 12:00 PM EDT`);
    expect(en.text).toContain("When: Monday, March 11, 2030 at 12:00 PM EDT");
    expect(en.text).toContain("It is a phone visit. We will call you at (206) 555-0150.");

    expect(await db.reminderMessage.count({ where: { visitId: maria.visitId, status: "SENT" } })).toBe(1);
    expect(await db.reminderMessage.count({ where: { visitId: john.visitId, status: "SENT" } })).toBe(1);
  });
});

describe("the .ics file in the patient's language", () => {
  it("is Spanish for the patient (or the language the patient switched to), English for staff", async () => {
    const { patient, visitId, coordinator } = await bookFor(
      { timeZone: "America/Chicago", preferredLanguage: "es", email: "maria.ics@example.com" },
      "VIDEO",
    );
    const u = await makeUser("PATIENT", { patientId: patient.id });
    const me = actorFor({ ...u, patientId: patient.id });
    const unfold = (s: string) => s.replace(/\r\n /g, "");

    const mine = unfold((await exportVisitIcs(me, visitId, ctx(), NOW)).body);
    expect(mine).toContain("SUMMARY;LANGUAGE=es:Cita por video con");
    expect(mine).toContain("Cuándo: lunes\\, 11 de marzo de 2030 a las 11:00 a.m. CDT");
    expect(mine).toContain("DTSTART:20300311T160000Z");

    const switched = unfold((await exportVisitIcs(me, visitId, ctx(), NOW, "en")).body);
    expect(switched).toContain("When: Monday\\, March 11\\, 2030 at 11:00 AM CDT");

    const staff = unfold((await exportVisitIcs(coordinator, visitId, ctx(), NOW)).body);
    expect(staff).toContain("SUMMARY;LANGUAGE=en:");
    const audit = await db.auditEvent.findFirstOrThrow({
      where: { entityId: visitId, action: "EXPORT", actorUserId: u.id },
      select: { details: true },
    });
    expect(audit.details).toMatchObject({ format: "ics", language: "es" });
  });
});
