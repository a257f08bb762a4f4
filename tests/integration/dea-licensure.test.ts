import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { fieldErrors } from "@/lib/forms";
import { parseInput } from "@/lib/input";
import { careProgramSettingsSchema, defaultCareProgramSettings } from "@/modules/care-program/core/settings";
import {
  clinicianLicenseSchema,
  inPersonEvaluationSchema,
  withdrawInPersonSchema,
} from "@/modules/care-program/dea-schemas";
import {
  addClinicianLicense,
  clinicToday,
  deaStatusesFor,
  getCareProgramSettings,
  getPatientDea,
  getPatientDeaStatus,
  getVisitLicensure,
  licensureForVisits,
  listClinicianLicenses,
  readCareProgramSettings,
  recordInPersonEvaluation,
  withdrawInPersonEvaluation,
  recordVisitLocation,
  removeClinicianLicense,
  updateCareProgramSettings,
} from "@/modules/care-program/index.server";
import { addDays } from "@/modules/care-program/core/dates";
import { transitionVisit } from "@/modules/scheduling/transition-visit.server";
import { getVisitNote } from "@/modules/visit-notes/get-visit-note.server";
import { saveVisitNote } from "@/modules/visit-notes/save-visit-note.server";
import { noteInputSchema } from "@/modules/visit-notes/schemas";
import { addMedication } from "@/modules/udt/medications.server";
import { db } from "@/server/db";
import { registryDataVersion } from "@/modules/care-program/server/registry.server";
import { actorFor, ctx, isForbidden, makePatient, makeUser } from "../factories";

async function staff(role: "CLINICIAN" | "COORDINATOR" | "ADMIN") {
  return actorFor({ ...(await makeUser(role)), patientId: null });
}
async function patientActor() {
  const p = await makePatient();
  return { p, actor: actorFor(await makeUser("PATIENT", { patientId: p.id })) };
}
const forbidden = async (p: Promise<unknown>) =>
  isForbidden(
    await p.then(
      () => null,
      (e: unknown) => e,
    ),
  );

async function visitFor(
  patientId: string,
  clinicianId: string,
  over: { startsAt?: Date; status?: "SCHEDULED" | "IN_PROGRESS" } = {},
) {
  const type = await db.visitType.create({
    data: { name: `DEA ${randomUUID().slice(0, 8)}`, durationMinutes: 30 },
    select: { id: true },
  });
  const startsAt = over.startsAt ?? new Date(Date.now() + 10 * 60_000);
  return db.visit.create({
    data: {
      patientId,
      clinicianId,
      visitTypeId: type.id,
      startsAt,
      endsAt: new Date(startsAt.getTime() + 30 * 60_000),
      modality: "PHONE",
      phoneNumber: "+12065550150",
      status: over.status ?? "SCHEDULED",
      reason: "Follow-up",
      idempotencyKey: randomUUID(),
      createdById: clinicianId,
      ...(over.status === "IN_PROGRESS" ? { startedAt: startsAt } : {}),
    },
    select: { id: true },
  });
}

const settingsForm = (over: Record<string, string> = {}) => ({
  ...Object.fromEntries(Object.entries(defaultCareProgramSettings).map(([k, v]) => [k, String(v)])),
  ...over,
});

describe("care program settings (admin)", () => {
  it("round trip: every threshold saved in one row, read back over the defaults, audited with the changed names", async () => {
    const admin = await staff("ADMIN");
    const parsed = parseInput(
      careProgramSettingsSchema,
      settingsForm({ pegIntervalDays: "60", deaFlexibilityEndsOn: "2027-12-31" }),
    );
    expect(parsed.success).toBe(true);
    const c = ctx();
    const r = await updateCareProgramSettings(admin, parsed.data!, c);
    expect(r.changed.sort()).toEqual(["deaFlexibilityEndsOn", "pegIntervalDays"]);
    const back = await getCareProgramSettings(admin);
    expect(back).toEqual({ ...defaultCareProgramSettings, pegIntervalDays: 60, deaFlexibilityEndsOn: "2027-12-31" });
    expect(await readCareProgramSettings()).toEqual(back);
    const row = await db.careProgramSetting.findUniqueOrThrow({ where: { id: 1 } });
    expect(row.updatedById).toBe(admin.userId);
    const audit = await db.auditEvent.findFirstOrThrow({
      where: { requestId: c.requestId, entityType: "CareProgramSetting", action: "UPDATE" },
    });
    expect(audit.details).toMatchObject({
      changed: expect.arrayContaining(["pegIntervalDays", "deaFlexibilityEndsOn"]),
    });
    // Back to the defaults for the other tests in this file.
    await updateCareProgramSettings(admin, defaultCareProgramSettings, ctx());
    expect(await readCareProgramSettings()).toEqual(defaultCareProgramSettings);
  });

  const refusals: [string, Record<string, string>, string, RegExp][] = [
    ["an empty interval", { pegIntervalDays: "" }, "pegIntervalDays", /PEG interval/],
    ["zero days", { udtIntervalDays: "0" }, "udtIntervalDays", /UDT interval: at least 1 day/],
    ["a fraction of a day", { visitIntervalDays: "1.5" }, "visitIntervalDays", /Visit interval: enter a whole number/],
    ["too many months", { agreementRenewalMonths: "121" }, "agreementRenewalMonths", /Agreement renewal: at most 120/],
    ["a negative MME", { naloxoneMmeThreshold: "-5" }, "naloxoneMmeThreshold", /Naloxone MME threshold/],
    [
      "upper mark below the lower",
      { mmeContextLow: "90", mmeContextHigh: "50" },
      "mmeContextHigh",
      /Upper MME context mark: must be above/,
    ],
    ["not a date", { deaFlexibilityEndsOn: "2026-02-31" }, "deaFlexibilityEndsOn", /DEA flexibility end date/],
    ["an unknown setting", { somethingElse: "1" }, "somethingElse", /Unexpected field "somethingElse"/],
  ];
  it.each(refusals)("refuses %s, naming the field", (_l, over, field, message) => {
    const r = parseInput(careProgramSettingsSchema, settingsForm(over));
    expect(r.success).toBe(false);
    // The form's field errors: keyed by the setting, with a message that names it.
    const errors = fieldErrors(r.error!);
    expect(errors[field]?.join(" ")).toMatch(message);
  });

  it("only an admin reads or changes them (refusals audited, nothing written)", async () => {
    for (const role of ["CLINICIAN", "COORDINATOR"] as const) {
      const a = await staff(role);
      expect(await forbidden(getCareProgramSettings(a))).toBe(true);
      expect(await forbidden(updateCareProgramSettings(a, defaultCareProgramSettings, ctx()))).toBe(true);
    }
    const { actor } = await patientActor();
    const c = ctx();
    expect(
      await forbidden(updateCareProgramSettings(actor, { ...defaultCareProgramSettings, pegIntervalDays: 5 }, c)),
    ).toBe(true);
    expect(
      await db.auditEvent.count({
        where: { entityType: "CareProgramSetting", outcome: "DENIED", actorUserId: actor.userId },
      }),
    ).toBe(1);
    expect((await readCareProgramSettings()).pegIntervalDays).toBe(defaultCareProgramSettings.pegIntervalDays);
  });
});

describe("clinicians' licensed states (admin)", () => {
  it("adds, lists and removes licenses, each audited; a duplicate state is refused naming the field", async () => {
    const admin = await staff("ADMIN");
    const clin = await makeUser("CLINICIAN");
    const wa = await addClinicianLicense(
      admin,
      clin.id,
      parseInput(clinicianLicenseSchema, { state: "wa", licenseNumber: "MD-1", expiresOn: "" }).data!,
      ctx(),
    );
    await addClinicianLicense(admin, clin.id, { state: "OR", licenseNumber: null, expiresOn: "2027-06-30" }, ctx());
    expect((await listClinicianLicenses(admin, clin.id)).map((l) => [l.state, l.licenseNumber, l.expiresOn])).toEqual([
      ["OR", null, "2027-06-30"],
      ["WA", "MD-1", null],
    ]);
    await expect(
      addClinicianLicense(admin, clin.id, { state: "WA", licenseNumber: null, expiresOn: null }, ctx()),
    ).rejects.toMatchObject({ code: "CONFLICT", fieldErrors: { state: [expect.stringContaining("WA")] } });
    await removeClinicianLicense(admin, clin.id, wa.id, ctx());
    expect((await listClinicianLicenses(admin, clin.id)).map((l) => l.state)).toEqual(["OR"]);
    expect(
      await db.auditEvent.count({
        where: {
          entityType: "ClinicianLicense",
          action: "CREATE",
          outcome: "SUCCESS",
          details: { path: ["clinicianId"], equals: clin.id },
        },
      }),
    ).toBe(2);
    expect(
      await db.auditEvent.count({ where: { entityType: "ClinicianLicense", entityId: wa.id, action: "DELETE" } }),
    ).toBe(1);
    // Another clinician's license id is not found through this clinician.
    const other = await makeUser("CLINICIAN");
    const o = await addClinicianLicense(admin, other.id, { state: "ID", licenseNumber: null, expiresOn: null }, ctx());
    await expect(removeClinicianLicense(admin, clin.id, o.id, ctx())).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("licenses are for clinicians; bad input names the field", async () => {
    const admin = await staff("ADMIN");
    const coord = await makeUser("COORDINATOR");
    await expect(
      addClinicianLicense(admin, coord.id, { state: "WA", licenseNumber: null, expiresOn: null }, ctx()),
    ).rejects.toMatchObject({ code: "VALIDATION" });
    const bad = parseInput(clinicianLicenseSchema, {
      state: "ZZ",
      licenseNumber: "x".repeat(41),
      expiresOn: "2026-13-01",
    });
    expect(bad.success).toBe(false);
    expect(bad.error!.issues.map((i) => i.path[0]).sort()).toEqual(["expiresOn", "licenseNumber", "state"]);
  });

  it("only an admin manages them", async () => {
    const clin = await makeUser("CLINICIAN");
    for (const role of ["CLINICIAN", "COORDINATOR"] as const) {
      expect(
        await forbidden(
          addClinicianLicense(await staff(role), clin.id, { state: "WA", licenseNumber: null, expiresOn: null }, ctx()),
        ),
      ).toBe(true);
    }
    expect(await forbidden(listClinicianLicenses((await patientActor()).actor, clin.id))).toBe(true);
    expect(await db.clinicianLicense.count({ where: { clinicianId: clin.id } })).toBe(0);
  });
});

describe("in-person evaluations and the DEA flag", () => {
  async function onOxycodone() {
    const clin = await staff("CLINICIAN");
    const p = await makePatient({ primaryClinicianId: clin.userId });
    await addMedication(
      clin,
      p.id,
      {
        drugKey: "oxycodone",
        name: "Oxycodone 10 mg",
        doseAmount: 10,
        timesPerDay: 2,
        route: "ORAL",
        startedOn: "2026-01-05",
        prescriber: "Dr. Lee",
      },
      ctx(),
    );
    return { clin, p };
  }

  it("a patient on a controlled medication with no in-person evaluation relies on the flexibility, with the days left", async () => {
    const { clin, p } = await onOxycodone();
    const today = clinicToday();
    const s = await getPatientDeaStatus(clin, p.id, ctx());
    const expectedLeft =
      Math.round(
        (Date.parse(`${defaultCareProgramSettings.deaFlexibilityEndsOn}T00:00:00Z`) -
          Date.parse(`${today}T00:00:00Z`)) /
          86_400_000,
      ) + 1;
    if (expectedLeft > 0) expect(s).toMatchObject({ status: "RELIES_ON_FLEXIBILITY", daysLeft: expectedLeft });
    else expect(s.status).toBe("FLEXIBILITY_ENDED");
    expect(
      await db.auditEvent.count({ where: { entityType: "InPersonEvaluation", action: "READ", patientId: p.id } }),
    ).toBe(1);
  });

  it("the end date is the clinic setting", async () => {
    const admin = await staff("ADMIN");
    const { p } = await onOxycodone();
    const today = clinicToday();
    await updateCareProgramSettings(
      admin,
      { ...defaultCareProgramSettings, deaFlexibilityEndsOn: addDays(today, 9) },
      ctx(),
    );
    try {
      expect((await deaStatusesFor([p.id], today)).get(p.id)).toMatchObject({
        status: "RELIES_ON_FLEXIBILITY",
        daysLeft: 10,
      });
      await updateCareProgramSettings(
        admin,
        { ...defaultCareProgramSettings, deaFlexibilityEndsOn: addDays(today, -1) },
        ctx(),
      );
      expect((await deaStatusesFor([p.id], today)).get(p.id)).toMatchObject({
        status: "FLEXIBILITY_ENDED",
        daysSinceEnd: 1,
      });
    } finally {
      await updateCareProgramSettings(admin, defaultCareProgramSettings, ctx());
    }
  });

  it("a coordinator records an in-person evaluation: listed, audited, and the flag clears", async () => {
    const { clin, p } = await onOxycodone();
    const coord = await staff("COORDINATOR");
    const input = parseInput(inPersonEvaluationSchema, {
      seenOn: clinicToday(),
      clinicianId: clin.userId,
      note: "Seen at the clinic office",
    });
    expect(input.success).toBe(true);
    const c = ctx();
    const row = await recordInPersonEvaluation(coord, p.id, input.data!, c);
    const view = await getPatientDea(coord, p.id, ctx());
    expect(view.status).toMatchObject({ status: "IN_PERSON_ON_RECORD", seenInPersonOn: clinicToday() });
    expect(view.evaluations).toEqual([
      expect.objectContaining({
        id: row.id,
        seenOn: clinicToday(),
        clinicianName: clin.name,
        note: "Seen at the clinic office",
        recordedByName: coord.name,
      }),
    ]);
    expect(view.clinicians.some((x) => x.id === clin.userId)).toBe(true);
    expect(
      await db.auditEvent.count({
        where: {
          requestId: c.requestId,
          entityType: "InPersonEvaluation",
          entityId: row.id,
          action: "CREATE",
          patientId: p.id,
        },
      }),
    ).toBe(1);
  });

  it("refuses a date in the future, a clinician who is not one, and bad input naming the field", async () => {
    const { clin, p } = await onOxycodone();
    await expect(
      recordInPersonEvaluation(
        clin,
        p.id,
        { seenOn: addDays(clinicToday(), 1), clinicianId: clin.userId, note: null },
        ctx(),
      ),
    ).rejects.toMatchObject({ code: "VALIDATION", fieldErrors: { seenOn: [expect.any(String)] } });
    const coord = await makeUser("COORDINATOR");
    await expect(
      recordInPersonEvaluation(clin, p.id, { seenOn: clinicToday(), clinicianId: coord.id, note: null }, ctx()),
    ).rejects.toMatchObject({ code: "VALIDATION", fieldErrors: { clinicianId: [expect.any(String)] } });
    const bad = parseInput(inPersonEvaluationSchema, {
      seenOn: "yesterday",
      clinicianId: "nobody",
      note: "x".repeat(501),
    });
    expect(bad.error!.issues.map((i) => i.path[0]).sort()).toEqual(["clinicianId", "note", "seenOn"]);
    expect(await db.inPersonEvaluation.count({ where: { patientId: p.id } })).toBe(0);
  });

  it("an evaluation entered in error is withdrawn with a reason: still listed, no longer counted, the flag returns; audited once", async () => {
    const { clin, p } = await onOxycodone();
    const coord = await staff("COORDINATOR");
    const row = await recordInPersonEvaluation(
      coord,
      p.id,
      { seenOn: clinicToday(), clinicianId: clin.userId, note: null },
      ctx(),
    );
    expect((await deaStatusesFor([p.id], clinicToday())).get(p.id)!.status).toBe("IN_PERSON_ON_RECORD");
    const input = parseInput(withdrawInPersonSchema, {
      evaluationId: row.id,
      reason: "  Entered for the wrong patient ",
    });
    expect(input.success).toBe(true);
    const c = ctx();
    const versionBefore = await registryDataVersion();
    await withdrawInPersonEvaluation(clin, p.id, input.data!, c);
    // The registry's and the measures' caches see the withdrawal at once.
    expect(await registryDataVersion()).not.toBe(versionBefore);
    const view = await getPatientDea(coord, p.id, ctx());
    expect(view.status.status).not.toBe("IN_PERSON_ON_RECORD");
    expect(view.evaluations).toEqual([
      expect.objectContaining({
        id: row.id,
        withdrawn: { at: expect.any(String), byName: clin.name, reason: "Entered for the wrong patient" },
      }),
    ]);
    expect(
      await db.auditEvent.count({
        where: {
          requestId: c.requestId,
          entityType: "InPersonEvaluation",
          entityId: row.id,
          action: "UPDATE",
          patientId: p.id,
        },
      }),
    ).toBe(1);
    // Twice is a conflict that says what to do; the first withdrawal is kept as it was.
    await expect(
      withdrawInPersonEvaluation(coord, p.id, { evaluationId: row.id, reason: "Again" }, ctx()),
    ).rejects.toMatchObject({ code: "CONFLICT" });
    expect(
      await db.inPersonEvaluation.findUniqueOrThrow({
        where: { id: row.id },
        select: { withdrawnById: true, withdrawnReason: true },
      }),
    ).toEqual({ withdrawnById: clin.userId, withdrawnReason: "Entered for the wrong patient" });
  });

  it("withdrawing: another patient's evaluation is not found, a reason is required, patients and admins are refused; nothing written", async () => {
    const { clin, p } = await onOxycodone();
    const { p: other } = await onOxycodone();
    const row = await recordInPersonEvaluation(
      clin,
      p.id,
      { seenOn: clinicToday(), clinicianId: clin.userId, note: null },
      ctx(),
    );
    await expect(
      withdrawInPersonEvaluation(clin, other.id, { evaluationId: row.id, reason: "Wrong patient" }, ctx()),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
    const bad = parseInput(withdrawInPersonSchema, { evaluationId: "x", reason: " " });
    expect(bad.error!.issues.map((i) => i.path[0]).sort()).toEqual(["evaluationId", "reason"]);
    const admin = await staff("ADMIN");
    const { actor: pa } = await patientActor();
    for (const a of [admin, pa])
      expect(
        await forbidden(withdrawInPersonEvaluation(a, p.id, { evaluationId: row.id, reason: "Wrong patient" }, ctx())),
      ).toBe(true);
    expect(await db.inPersonEvaluation.count({ where: { id: row.id, withdrawnAt: { not: null } } })).toBe(0);
    // The database refuses a half-written withdrawal.
    await expect(
      db.inPersonEvaluation.update({ where: { id: row.id }, data: { withdrawnAt: new Date() } }),
    ).rejects.toThrow(/InPersonEvaluation_withdrawn_whole/);
  });

  it("patients and admins may not read or record them", async () => {
    const { clin, p } = await onOxycodone();
    const admin = await staff("ADMIN");
    const { actor: pa } = await patientActor();
    for (const a of [admin, pa]) {
      expect(
        await forbidden(
          recordInPersonEvaluation(a, p.id, { seenOn: clinicToday(), clinicianId: clin.userId, note: null }, ctx()),
        ),
      ).toBe(true);
      expect(await forbidden(getPatientDea(a, p.id, ctx()))).toBe(true);
    }
    expect(await db.inPersonEvaluation.count({ where: { patientId: p.id } })).toBe(0);
  });
});

describe("licensure warning for a visit", () => {
  it("warns when the state is unknown or unlicensed, not when it matches; check-in records the state; audited", async () => {
    const admin = await staff("ADMIN");
    const clin = await staff("CLINICIAN");
    const coord = await staff("COORDINATOR");
    await addClinicianLicense(admin, clin.userId, { state: "WA", licenseNumber: null, expiresOn: null }, ctx());
    const p = await makePatient({ stateOfResidence: "OR" });
    const v = await visitFor(p.id, clin.userId);

    const unknown = await getVisitLicensure(coord, v.id, ctx());
    expect(unknown).toMatchObject({
      state: null,
      suggestion: "OR",
      beforeStart: true,
      licensedStates: ["WA"],
      check: { status: "WARNING", reason: "PATIENT_STATE_NOT_RECORDED" },
    });

    // Asked at check-in: the coordinator records where the patient is.
    const c = ctx();
    await transitionVisit(coord, v.id, "CHECK_IN", null, c, new Date(), { patientLocationState: "OR" });
    expect((await db.visit.findUniqueOrThrow({ where: { id: v.id } })).patientLocationState).toBe("OR");
    const audit = await db.auditEvent.findFirstOrThrow({
      where: { requestId: c.requestId, entityType: "Visit", action: "UPDATE" },
    });
    expect(audit.details).toMatchObject({ event: "CHECK_IN", patientLocationRecorded: true });
    expect(JSON.stringify(audit.details)).not.toContain('"OR"');
    const unlicensed = await getVisitLicensure(clin, v.id, ctx());
    expect(unlicensed.check).toMatchObject({ status: "WARNING", reason: "NOT_LICENSED_IN_STATE", state: "OR" });
    expect(unlicensed.check.status === "WARNING" && unlicensed.check.message).toMatch(/licensed there/);

    // The room / visit page: corrected to WA, now fine.
    await recordVisitLocation(clin, v.id, "WA", ctx());
    expect((await getVisitLicensure(clin, v.id, ctx())).check).toMatchObject({ status: "OK", state: "WA" });
    expect(Object.values(await licensureForVisits(clin, [v.id], ctx())).map((x) => x.check.status)).toEqual(["OK"]);
    expect(
      await db.auditEvent.count({
        where: {
          entityType: "Visit",
          entityId: v.id,
          action: "READ",
          details: { path: ["view"], equals: "licensure" },
        },
      }),
    ).toBe(3);
    expect(
      await db.auditEvent.count({
        where: {
          entityType: "Visit",
          action: "LIST",
          actorUserId: clin.userId,
          details: { path: ["view"], equals: "licensure" },
        },
      }),
    ).toBe(1);
  });

  it("the note header's state is the visit's: saved with the draft, warned in the note, locked once signed", async () => {
    const admin = await staff("ADMIN");
    const clin = await staff("CLINICIAN");
    await addClinicianLicense(admin, clin.userId, { state: "WA", licenseNumber: null, expiresOn: null }, ctx());
    const p = await makePatient({ stateOfResidence: "WA" });
    const v = await visitFor(p.id, clin.userId, {
      status: "IN_PROGRESS",
      startsAt: new Date(Date.now() - 20 * 60_000),
    });
    await recordVisitLocation(clin, v.id, "ID", ctx());
    const draft = await getVisitNote(clin, v.id, ctx());
    // The note starts from the state recorded for the visit, not the home state.
    expect(draft.note.patientState).toBe("ID");
    expect(draft.licensure?.check).toMatchObject({ status: "WARNING", reason: "NOT_LICENSED_IN_STATE", state: "ID" });
    const input = parseInput(noteInputSchema, {
      visitId: v.id,
      version: "0",
      intent: "save",
      modalityUsed: "AUDIO_VIDEO",
      payer: "MEDICARE",
      clinicianLocation: "Clinic office",
      assessment: "Stable",
      plan: "Continue",
      patientState: "MT",
    });
    expect(input.success).toBe(true);
    const saved = await saveVisitNote(clin, input.data!, ctx());
    expect(saved.ok).toBe(true);
    expect((await db.visit.findUniqueOrThrow({ where: { id: v.id } })).patientLocationState).toBe("MT");
    expect((await getVisitLicensure(clin, v.id, ctx())).check).toMatchObject({
      reason: "NOT_LICENSED_IN_STATE",
      state: "MT",
    });
    await db.visitNote.update({
      where: { visitId: v.id },
      data: { status: "SIGNED", signedAt: new Date(), signedById: clin.userId },
    });
    await expect(recordVisitLocation(clin, v.id, "WA", ctx())).rejects.toMatchObject({ code: "CONFLICT" });
  });

  it("patients and admins may not read or record a visit's location", async () => {
    const clin = await staff("CLINICIAN");
    const p = await makePatient();
    const v = await visitFor(p.id, clin.userId);
    const { actor: pa } = await patientActor();
    for (const a of [await staff("ADMIN"), pa]) {
      expect(await forbidden(getVisitLicensure(a, v.id, ctx()))).toBe(true);
      expect(await forbidden(recordVisitLocation(a, v.id, "WA", ctx()))).toBe(true);
    }
    expect((await db.visit.findUniqueOrThrow({ where: { id: v.id } })).patientLocationState).toBeNull();
  });
});
