import { describe, expect, it } from "vitest";
import { getPatient } from "@/modules/patients/get-patient.server";
import { listMyPatients } from "@/modules/patients/list-my-patients.server";
import { createPatient, updatePatient } from "@/modules/patients/save-patient.server";
import { searchPatients } from "@/modules/patients/search-patients.server";
import { createUser } from "@/modules/identity/edit-users.server";
import { db } from "@/server/db";
import { AppError } from "@/server/errors";
import { actorFor, ctx, isForbidden, makePatient, makeUser, patientInput } from "../factories";

async function staff(role: "CLINICIAN" | "COORDINATOR" | "ADMIN") {
  const u = await makeUser(role);
  return actorFor({ ...u, patientId: null });
}

describe("patients", () => {
  it("creates a patient with its audit row in the same transaction", async () => {
    const coordinator = await staff("COORDINATOR");
    const { id } = await createPatient(coordinator, patientInput({ givenName: "Rosa" }), ctx());
    const audit = await db.auditEvent.findFirstOrThrow({
      where: { entityType: "Patient", entityId: id, action: "CREATE" },
    });
    expect(audit).toMatchObject({
      actorUserId: coordinator.userId,
      actorRole: "COORDINATOR",
      outcome: "SUCCESS",
      patientId: id,
    });
    expect(JSON.stringify(audit.details ?? {})).not.toContain("Rosa");
  });

  it("refuses a duplicate MRN with a field error and writes nothing", async () => {
    const coordinator = await staff("COORDINATOR");
    const p = await makePatient();
    const before = await db.patient.count();
    const audits = await db.auditEvent.count({ where: { action: "CREATE" } });
    await expect(createPatient(coordinator, patientInput({ mrn: p.mrn }), ctx())).rejects.toMatchObject({
      code: "CONFLICT",
      fieldErrors: { mrn: ["This MRN is already used by another patient"] },
    });
    expect(await db.patient.count()).toBe(before);
    expect(await db.auditEvent.count({ where: { action: "CREATE" } })).toBe(audits);
  });

  it("refuses an unknown primary clinician", async () => {
    const coordinator = await staff("COORDINATOR");
    const err = await createPatient(
      coordinator,
      patientInput({ primaryClinicianId: "00000000-0000-4000-8000-000000000000" }),
      ctx(),
    ).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).fieldErrors?.primaryClinicianId).toEqual(["Choose an active clinician from the list"]);
  });

  it("records which fields changed on update, not their values", async () => {
    const clinician = await staff("CLINICIAN");
    const p = await makePatient();
    await updatePatient(
      clinician,
      p.id,
      patientInput({ mrn: p.mrn, givenName: p.givenName, familyName: p.familyName, phone: "+12065550199" }),
      ctx(),
    );
    const audit = await db.auditEvent.findFirstOrThrow({ where: { entityId: p.id, action: "UPDATE" } });
    expect(audit.details).toEqual({ changed: ["phone"] });
  });

  it("records the responsible clinician over time: the first covers the history, a change dates from when it was made, an unchanged save adds nothing", async () => {
    const coordinator = await staff("COORDINATOR");
    const [c1, c2] = [await makeUser("CLINICIAN"), await makeUser("CLINICIAN")];
    const input = patientInput({ primaryClinicianId: c1.id });
    const { id } = await createPatient(coordinator, input, ctx());
    const history = () =>
      db.primaryClinicianChange.findMany({
        where: { patientId: id },
        orderBy: { changedAt: "asc" },
        select: { clinicianId: true, fromStart: true, changedAt: true },
      });
    expect(await history()).toEqual([{ clinicianId: c1.id, fromStart: true, changedAt: expect.any(Date) }]);
    await updatePatient(coordinator, id, { ...input, phone: "+12065550111" }, ctx());
    expect(await history()).toHaveLength(1);
    await updatePatient(coordinator, id, { ...input, primaryClinicianId: c2.id }, ctx());
    await updatePatient(coordinator, id, { ...input, primaryClinicianId: null }, ctx());
    expect((await history()).map((h) => [h.clinicianId, h.fromStart])).toEqual([
      [c1.id, true],
      [c2.id, false],
      [null, false],
    ]);
    // A patient created without a clinician has no history until one is chosen; that one covers it all.
    const bare = await createPatient(coordinator, patientInput(), ctx());
    expect(await db.primaryClinicianChange.count({ where: { patientId: bare.id } })).toBe(0);
    await db.patient.update({ where: { id: bare.id }, data: { primaryClinicianId: c2.id } });
    expect(await db.primaryClinicianChange.findMany({ where: { patientId: bare.id } })).toMatchObject([
      { clinicianId: c2.id, fromStart: true },
    ]);
  });

  it("audits every chart read", async () => {
    const clinician = await staff("CLINICIAN");
    const p = await makePatient();
    const chart = await getPatient(clinician, p.id, ctx());
    expect(chart.mrn).toBe(p.mrn);
    expect(
      await db.auditEvent.count({
        where: { entityId: p.id, action: "READ", outcome: "SUCCESS", actorUserId: clinician.userId },
      }),
    ).toBe(1);
  });

  it("lets a patient read only their own record; another patient's id is denied and audited", async () => {
    const a = await makePatient();
    const b = await makePatient();
    const userA = await makeUser("PATIENT", { patientId: a.id });
    const actorA = actorFor(userA);
    expect((await getPatient(actorA, a.id, ctx())).id).toBe(a.id);
    const err = await getPatient(actorA, b.id, ctx()).catch((e: unknown) => e);
    expect(isForbidden(err)).toBe(true);
    expect(await db.auditEvent.count({ where: { actorUserId: userA.id, entityId: b.id, outcome: "DENIED" } })).toBe(1);
  });

  it("keeps admins out of charts and patient writes", async () => {
    const admin = await staff("ADMIN");
    const p = await makePatient();
    expect(isForbidden(await getPatient(admin, p.id, ctx()).catch((e: unknown) => e))).toBe(true);
    expect(isForbidden(await createPatient(admin, patientInput(), ctx()).catch((e: unknown) => e))).toBe(true);
    expect(isForbidden(await updatePatient(admin, p.id, patientInput(), ctx()).catch((e: unknown) => e))).toBe(true);
  });

  it("searches by name, MRN and date of birth", async () => {
    const coordinator = await staff("COORDINATOR");
    const p = await makePatient({ givenName: "Zelda", familyName: "Quintero", birthDate: "1944-02-03" });
    for (const q of ["zelda", "Quintero Zel", p.mrn, "1944-02-03", "2/3/1944"]) {
      const r = await searchPatients(coordinator, { q, page: 1 }, ctx());
      expect(
        r.rows.map((x) => x.id),
        q,
      ).toContain(p.id);
    }
    const none = await searchPatients(coordinator, { q: "no-such-person-xyz", page: 1 }, ctx());
    expect(none.total).toBe(0);
    const audit = await db.auditEvent.findFirstOrThrow({
      where: { action: "LIST", entityType: "Patient", actorUserId: coordinator.userId },
      orderBy: { id: "desc" },
    });
    expect(JSON.stringify(audit.details)).not.toContain("no-such-person");
  });

  it("lists a clinician's own panel", async () => {
    const clinician = await staff("CLINICIAN");
    const mine = await makePatient({ primaryClinicianId: clinician.userId });
    await makePatient();
    const rows = await listMyPatients(clinician, ctx());
    expect(rows.map((r) => r.id)).toEqual([mine.id]);
  });
});

describe("accounts linked to patients", () => {
  it("refuses a second portal account for one patient and leaves no half-made account", async () => {
    const admin = await staff("ADMIN");
    const p = await makePatient();
    await createUser(
      admin,
      { name: "P One", email: "p1-link@test.clinic", role: "PATIENT", password: "long enough", patientMrn: p.mrn },
      ctx(),
    );
    await expect(
      createUser(
        admin,
        { name: "P Two", email: "p2-link@test.clinic", role: "PATIENT", password: "long enough", patientMrn: p.mrn },
        ctx(),
      ),
    ).rejects.toMatchObject({ code: "CONFLICT" });
    expect(await db.user.count({ where: { email: "p2-link@test.clinic" } })).toBe(0);
  });
});

describe("audit trail", () => {
  it("is append-only in the database itself", async () => {
    const coordinator = await staff("COORDINATOR");
    await createPatient(coordinator, patientInput(), ctx());
    await expect(db.$executeRaw`UPDATE "AuditEvent" SET "outcome" = 'DENIED'`).rejects.toThrow();
    await expect(db.$executeRaw`DELETE FROM "AuditEvent"`).rejects.toThrow();
  });
});
