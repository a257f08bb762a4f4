import { describe, expect, it } from "vitest";
import { panelSubstances, type PanelCode } from "@/modules/udt/core/substances";
import { addMedication, listMedications, stopMedication } from "@/modules/udt/medications.server";
import type { AdvanceUdtInput } from "@/modules/udt/schemas";
import { advanceUdtOrder, STALE_ORDER_MESSAGE } from "@/modules/udt/advance-udt-order.server";
import { createUdtOrder } from "@/modules/udt/create-udt-order.server";
import { escalateMissedWindows } from "@/modules/udt/escalate-missed-windows.server";
import { listMyUdtTests } from "@/modules/udt/my-udt-tests.server";
import { getPatientUdtOverview, getUdtOrder } from "@/modules/udt/udt-orders.server";
import { listUdtQueue } from "@/modules/udt/udt-queue.server";
import { updateUdtSettings } from "@/modules/udt/udt-settings.server";
import type { Actor } from "@/modules/identity/core/roles";
import { db } from "@/server/db";
import { actorFor, ctx, isForbidden, makePatient, makeUser } from "../factories";

async function staff(role: "CLINICIAN" | "COORDINATOR" | "ADMIN") {
  return actorFor({ ...(await makeUser(role)), patientId: null });
}

const T0 = new Date("2026-06-01T16:00:00Z");
const at = (h: number) => new Date(T0.getTime() + h * 3_600_000);

function fullPanel(panel: PanelCode, detected: string[] = []) {
  return panelSubstances(panel).map((s) => ({ substance: s, detected: detected.includes(s) }));
}

async function setup() {
  const clinician = await staff("CLINICIAN");
  const coordinator = await staff("COORDINATOR");
  const p = await makePatient();
  await addMedication(
    clinician,
    p.id,
    {
      drugKey: "oxycodone",
      name: "Oxycodone 10 mg tablet",
      doseAmount: 10,
      timesPerDay: 3,
      route: "ORAL",
      startedOn: "2026-01-01",
      prescriber: "Dr. Lee",
    },
    ctx(),
  );
  const { id } = await createUdtOrder(
    clinician,
    p.id,
    {
      reasonCode: "NONE_IN_PAST_12_MONTHS",
      reasonNote: null,
      panelCode: "CHRONIC_PAIN_STANDARD",
      collectionMethod: "LAB_PSC",
      windowHours: null,
    },
    ctx(),
    T0,
  );
  return { clinician, coordinator, p, orderId: id };
}

type StepInput = AdvanceUdtInput extends infer U
  ? U extends AdvanceUdtInput
    ? Omit<U, "version" | "notes"> & { notes?: string | null }
    : never
  : never;

async function step(actor: Actor, patientId: string, orderId: string, input: StepInput, now: Date) {
  const o = await db.udtOrder.findUniqueOrThrow({ where: { id: orderId }, select: { version: true } });
  return advanceUdtOrder(
    actor,
    patientId,
    orderId,
    { notes: null, ...input, version: o.version } as AdvanceUdtInput,
    ctx(),
    now,
  );
}

async function snapshot(orderId: string) {
  const [order, events, findings] = await Promise.all([
    db.udtOrder.findUniqueOrThrow({ where: { id: orderId } }),
    db.udtOrderEvent.count({ where: { orderId } }),
    db.udtFinding.count({ where: { orderId } }),
  ]);
  return { order, events, findings };
}

describe("medication list", () => {
  it("adds, computes MME with the catalog unit, stops, and audits each write", async () => {
    const clinician = await staff("CLINICIAN");
    const p = await makePatient();
    await addMedication(
      clinician,
      p.id,
      {
        drugKey: "fentanyl_patch",
        name: "Fentanyl 25 mcg/h patch",
        doseAmount: 25,
        timesPerDay: 1 / 3,
        route: "TRANSDERMAL",
        startedOn: "2026-01-01",
        prescriber: "Dr. Lee",
      },
      ctx(),
    );
    const { id: bup } = await addMedication(
      clinician,
      p.id,
      {
        drugKey: "buprenorphine",
        name: "Buprenorphine 8 mg",
        doseAmount: 8,
        timesPerDay: 2,
        route: "SUBLINGUAL",
        startedOn: "2026-01-01",
        prescriber: "Dr. Lee",
      },
      ctx(),
    );
    const list = await listMedications(clinician, p.id, ctx(), "2026-06-01");
    expect(list.current.map((m) => [m.drugKey, m.doseUnit, m.mme.kind])).toEqual([
      ["fentanyl_patch", "mcg/h", "computed"],
      ["buprenorphine", "mg", "excluded"],
    ]);
    expect(list.mme).toEqual({ total: 60, reached: [50], excludedCount: 1 });
    await stopMedication(
      clinician,
      p.id,
      { medicationId: bup, stoppedOn: "2026-05-01", stopReason: "Switched" },
      ctx(),
    );
    const after = await listMedications(clinician, p.id, ctx(), "2026-06-01");
    expect(after.stopped.map((m) => m.id)).toEqual([bup]);
    expect(
      await db.auditEvent.count({
        where: { entityType: "Medication", patientId: p.id, outcome: "SUCCESS", action: { in: ["CREATE", "UPDATE"] } },
      }),
    ).toBe(3);
  });

  it("refuses another patient's medication id and changes nothing", async () => {
    const clinician = await staff("CLINICIAN");
    const a = await makePatient();
    const b = await makePatient();
    const { id } = await addMedication(
      clinician,
      a.id,
      {
        drugKey: "morphine",
        name: "Morphine",
        doseAmount: 15,
        timesPerDay: 2,
        route: "ORAL",
        startedOn: "2026-01-01",
        prescriber: "Dr. Lee",
      },
      ctx(),
    );
    await expect(
      stopMedication(clinician, b.id, { medicationId: id, stoppedOn: "2026-05-01", stopReason: "x" }, ctx()),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect((await db.medication.findUniqueOrThrow({ where: { id } })).stoppedOn).toBeNull();
  });

  it("keeps coordinators and patients from changing medications", async () => {
    const coordinator = await staff("COORDINATOR");
    const p = await makePatient();
    const input = {
      drugKey: "morphine" as const,
      name: "Morphine",
      doseAmount: 15,
      timesPerDay: 2,
      route: "ORAL" as const,
      startedOn: "2026-01-01",
      prescriber: "Dr. Lee",
    };
    expect(isForbidden(await addMedication(coordinator, p.id, input, ctx()).catch((e: unknown) => e))).toBe(true);
    const pu = actorFor(await makeUser("PATIENT", { patientId: p.id }));
    expect(isForbidden(await listMedications(pu, p.id, ctx()).catch((e: unknown) => e))).toBe(true);
    expect(await db.medication.count({ where: { patientId: p.id } })).toBe(0);
  });
});

describe("UDT workflow", () => {
  it("walks an unexpected result through confirmation, review, discussion and close, with a full timeline", async () => {
    const { clinician, coordinator, p, orderId } = await setup();
    await step(coordinator, p.id, orderId, { event: "INSTRUCT", channel: "PHONE", instructionText: null }, at(1));
    await step(coordinator, p.id, orderId, { event: "RECORD_COLLECTION" }, at(5));
    const r = await step(
      coordinator,
      p.id,
      orderId,
      {
        event: "RECORD_RESULT",
        findings: fullPanel("CHRONIC_PAIN_STANDARD", ["oxycodone", "oxymorphone", "fentanyl"]),
      },
      at(30),
    );
    expect(r.state).toBe("CONFIRMATION_NEEDED");
    const detail = await getUdtOrder(coordinator, p.id, orderId, ctx(), at(30));
    expect(detail.toConfirm.map((s) => s.key)).toEqual(["fentanyl"]);
    expect(detail.findings.find((f) => f.substance === "fentanyl")).toMatchObject({
      interpretation: "UNEXPECTED",
      why: expect.stringMatching(/Unexpected presence/),
    });
    // The clinician cannot skip confirmation.
    await expect(step(clinician, p.id, orderId, { event: "REVIEW", reviewNote: "ok" }, at(31))).rejects.toMatchObject({
      code: "CONFLICT",
      message: expect.stringMatching(/not allowed/),
    });
    await step(coordinator, p.id, orderId, { event: "ORDER_CONFIRMATION", method: "LC_MS" }, at(31));
    await step(
      coordinator,
      p.id,
      orderId,
      { event: "RECORD_CONFIRMATION", findings: [{ substance: "fentanyl", detected: false }] },
      at(80),
    );
    await step(
      clinician,
      p.id,
      orderId,
      { event: "REVIEW", reviewNote: "LC-MS negative for fentanyl: screening false positive." },
      at(81),
    );
    await step(
      clinician,
      p.id,
      orderId,
      { event: "DISCUSS", discussionNote: "Explained the screening result.", plan: "Continue current plan." },
      at(90),
    );
    const end = await step(coordinator, p.id, orderId, { event: "CLOSE" }, at(91));
    expect(end).toEqual({ state: "CLOSED", version: 10 });
    const order = await db.udtOrder.findUniqueOrThrow({ where: { id: orderId } });
    expect(order).toMatchObject({
      interpretation: "EXPECTED",
      dueRole: null,
      dueAt: null,
      confirmationMethod: "LC_MS",
    });
    const events = await db.udtOrderEvent.findMany({ where: { orderId }, orderBy: { version: "asc" } });
    expect(events.map((e) => [e.version, e.event, e.actorRole])).toEqual([
      [1, "ORDER", "CLINICIAN"],
      [2, "INSTRUCT", "COORDINATOR"],
      [3, "RECORD_COLLECTION", "COORDINATOR"],
      [4, "RECORD_RESULT", "COORDINATOR"],
      [5, "INTERPRET_UNEXPECTED", "SYSTEM"],
      [6, "ORDER_CONFIRMATION", "COORDINATOR"],
      [7, "RECORD_CONFIRMATION", "COORDINATOR"],
      [8, "REVIEW", "CLINICIAN"],
      [9, "DISCUSS", "CLINICIAN"],
      [10, "CLOSE", "COORDINATOR"],
    ]);
    expect(events[1]!.details).toMatchObject({
      channel: "PHONE",
      instructionText: expect.stringMatching(/lab near you/),
    });
    expect(
      await db.auditEvent.count({
        where: { entityType: "UdtOrder", entityId: orderId, action: { in: ["CREATE", "UPDATE"] } },
      }),
    ).toBe(9);
  });

  it("sends an expected result straight to clinician review, and flags a prescribed opioid that is absent", async () => {
    const { coordinator, p, orderId } = await setup();
    await step(
      coordinator,
      p.id,
      orderId,
      { event: "INSTRUCT", channel: "VIDEO", instructionText: "Custom text" },
      at(1),
    );
    await step(coordinator, p.id, orderId, { event: "RECORD_COLLECTION" }, at(2));
    expect(
      (
        await step(
          coordinator,
          p.id,
          orderId,
          { event: "RECORD_RESULT", findings: fullPanel("CHRONIC_PAIN_STANDARD", ["oxycodone"]) },
          at(3),
        )
      ).state,
    ).toBe("AWAITING_REVIEW");

    const second = await setup();
    await step(
      second.coordinator,
      second.p.id,
      second.orderId,
      { event: "INSTRUCT", channel: "PHONE", instructionText: null },
      at(1),
    );
    await step(second.coordinator, second.p.id, second.orderId, { event: "RECORD_COLLECTION" }, at(2));
    expect(
      (
        await step(
          second.coordinator,
          second.p.id,
          second.orderId,
          { event: "RECORD_RESULT", findings: fullPanel("CHRONIC_PAIN_STANDARD") },
          at(3),
        )
      ).state,
    ).toBe("CONFIRMATION_NEEDED");
    const f = await db.udtFinding.findFirstOrThrow({ where: { orderId: second.orderId, substance: "oxycodone" } });
    expect(f).toMatchObject({ interpretation: "UNEXPECTED", why: expect.stringMatching(/Prescribed opioid absent/) });
  });

  it("cancels from an open state with a reason, and not from a closed one", async () => {
    const { coordinator, p, orderId } = await setup();
    await step(coordinator, p.id, orderId, { event: "CANCEL", cancelReason: "Patient admitted to hospital" }, at(1));
    const s = await snapshot(orderId);
    expect(s.order).toMatchObject({ state: "CANCELLED", cancelReason: "Patient admitted to hospital", dueRole: null });
    await expect(
      step(coordinator, p.id, orderId, { event: "CANCEL", cancelReason: "again" }, at(2)),
    ).rejects.toMatchObject({ code: "CONFLICT" });
    expect((await snapshot(orderId)).events).toBe(s.events);
  });
});

describe("UDT bad input changes nothing", () => {
  it("unknown substance: a validation error naming it", async () => {
    const { coordinator, p, orderId } = await setup();
    await step(coordinator, p.id, orderId, { event: "INSTRUCT", channel: "PHONE", instructionText: null }, at(1));
    await step(coordinator, p.id, orderId, { event: "RECORD_COLLECTION" }, at(2));
    const before = await snapshot(orderId);
    const err = await step(
      coordinator,
      p.id,
      orderId,
      {
        event: "RECORD_RESULT",
        findings: [...fullPanel("CHRONIC_PAIN_STANDARD"), { substance: "Kratom", detected: true }],
      },
      at(3),
    ).catch((e: unknown) => e);
    expect(err).toMatchObject({
      code: "VALIDATION",
      message: expect.stringContaining('Unknown substance "Kratom"'),
      fieldErrors: { substances: [expect.stringContaining("Kratom")] },
    });
    expect(await snapshot(orderId)).toEqual(before);
  });

  it("transition not allowed: a clear message", async () => {
    const { coordinator, p, orderId } = await setup();
    const before = await snapshot(orderId);
    await expect(step(coordinator, p.id, orderId, { event: "RECORD_COLLECTION" }, at(1))).rejects.toMatchObject({
      code: "CONFLICT",
      message: '"Sample collected" is not allowed while the order is "Ordered".',
    });
    expect(await snapshot(orderId)).toEqual(before);
  });

  it("stale version: told the order changed", async () => {
    const { coordinator, p, orderId } = await setup();
    await step(coordinator, p.id, orderId, { event: "INSTRUCT", channel: "PHONE", instructionText: null }, at(1));
    const before = await snapshot(orderId);
    await expect(
      advanceUdtOrder(
        coordinator,
        p.id,
        orderId,
        { event: "RECORD_COLLECTION", version: 1, notes: null },
        ctx(),
        at(2),
      ),
    ).rejects.toMatchObject({ code: "CONFLICT", message: STALE_ORDER_MESSAGE });
    expect(await snapshot(orderId)).toEqual(before);
  });

  it("another patient's order id: not found, nothing changed", async () => {
    const { coordinator, orderId } = await setup();
    const other = await makePatient();
    const before = await snapshot(orderId);
    await expect(
      advanceUdtOrder(
        coordinator,
        other.id,
        orderId,
        { event: "INSTRUCT", channel: "PHONE", instructionText: null, version: 1, notes: null },
        ctx(),
        at(1),
      ),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(getUdtOrder(coordinator, other.id, orderId, ctx(), at(1))).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    expect(await snapshot(orderId)).toEqual(before);
  });

  it("a step for another role is forbidden and audited", async () => {
    const { coordinator, p, orderId } = await setup();
    await step(coordinator, p.id, orderId, { event: "INSTRUCT", channel: "PHONE", instructionText: null }, at(1));
    await step(coordinator, p.id, orderId, { event: "RECORD_COLLECTION" }, at(2));
    await step(
      coordinator,
      p.id,
      orderId,
      { event: "RECORD_RESULT", findings: fullPanel("CHRONIC_PAIN_STANDARD", ["oxycodone"]) },
      at(3),
    );
    const before = await snapshot(orderId);
    expect(
      isForbidden(
        await step(coordinator, p.id, orderId, { event: "REVIEW", reviewNote: "looks fine" }, at(4)).catch(
          (e: unknown) => e,
        ),
      ),
    ).toBe(true);
    expect(
      await db.auditEvent.count({ where: { actorUserId: coordinator.userId, entityId: orderId, outcome: "DENIED" } }),
    ).toBe(1);
    const pu = actorFor(await makeUser("PATIENT", { patientId: p.id }));
    expect(isForbidden(await step(pu, p.id, orderId, { event: "CLOSE" }, at(4)).catch((e: unknown) => e))).toBe(true);
    expect(await snapshot(orderId)).toEqual(before);
  });

  it("only a clinician orders a test", async () => {
    const coordinator = await staff("COORDINATOR");
    const p = await makePatient();
    expect(
      isForbidden(
        await createUdtOrder(
          coordinator,
          p.id,
          {
            reasonCode: "SAFETY_CONCERN",
            reasonNote: "x",
            panelCode: "CHRONIC_PAIN_STANDARD",
            collectionMethod: "LAB_PSC",
            windowHours: null,
          },
          ctx(),
        ).catch((e: unknown) => e),
      ),
    ).toBe(true);
    expect(await db.udtOrder.count({ where: { patientId: p.id } })).toBe(0);
  });
});

describe("UDT concurrency", () => {
  it("two staff advancing at once: one wins, the other is told to reload, nothing half-written", async () => {
    const { clinician, coordinator, p, orderId } = await setup();
    const results = await Promise.allSettled([
      advanceUdtOrder(
        coordinator,
        p.id,
        orderId,
        { event: "INSTRUCT", channel: "PHONE", instructionText: "A", version: 1, notes: null },
        ctx(),
        at(1),
      ),
      advanceUdtOrder(
        clinician,
        p.id,
        orderId,
        { event: "INSTRUCT", channel: "VIDEO", instructionText: "B", version: 1, notes: null },
        ctx(),
        at(1),
      ),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const lost = results.find((r) => r.status === "rejected");
    expect(lost?.reason).toMatchObject({ code: "CONFLICT", message: STALE_ORDER_MESSAGE });
    const s = await snapshot(orderId);
    expect(s.order.version).toBe(2);
    expect(s.events).toBe(2);
    const winner = await db.udtOrderEvent.findFirstOrThrow({ where: { orderId, version: 2 } });
    expect((winner.details as { instructionText: string }).instructionText).toBe(s.order.instructionText);
    expect(await db.auditEvent.count({ where: { entityId: orderId, action: "UPDATE" } })).toBe(1);
  });

  it("ten parallel result entries: exactly one is recorded with its findings", async () => {
    const { coordinator, p, orderId } = await setup();
    await step(coordinator, p.id, orderId, { event: "INSTRUCT", channel: "PHONE", instructionText: null }, at(1));
    await step(coordinator, p.id, orderId, { event: "RECORD_COLLECTION" }, at(2));
    const results = await Promise.allSettled(
      Array.from({ length: 10 }, () =>
        advanceUdtOrder(
          coordinator,
          p.id,
          orderId,
          {
            event: "RECORD_RESULT",
            findings: fullPanel("CHRONIC_PAIN_STANDARD", ["oxycodone"]),
            version: 3,
            notes: null,
          },
          ctx(),
          at(3),
        ),
      ),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const s = await snapshot(orderId);
    expect(s.findings).toBe(panelSubstances("CHRONIC_PAIN_STANDARD").length);
    expect(s.events).toBe(5);
  });
});

describe("missed collection windows", () => {
  it("escalates exactly once without anyone looking, even when checks run in parallel", async () => {
    const { coordinator, p, orderId } = await setup();
    await step(coordinator, p.id, orderId, { event: "INSTRUCT", channel: "PHONE", instructionText: null }, at(1));
    expect(await escalateMissedWindows(at(23))).toBe(0);
    // Other tests' orders share this database: compare the reported count with the rows written.
    const before = await db.udtOrderEvent.count({ where: { event: "MISS_WINDOW" } });
    const counts = await Promise.all(Array.from({ length: 6 }, () => escalateMissedWindows(at(25))));
    expect(counts.reduce((a, b) => a + b, 0)).toBe(
      (await db.udtOrderEvent.count({ where: { event: "MISS_WINDOW" } })) - before,
    );
    expect(await escalateMissedWindows(at(26))).toBe(0);
    const s = await snapshot(orderId);
    expect(s.order).toMatchObject({ state: "WINDOW_MISSED", dueRole: "COORDINATOR", version: 3 });
    const missed = await db.udtOrderEvent.findMany({ where: { orderId, event: "MISS_WINDOW" } });
    expect(missed).toHaveLength(1);
    expect(missed[0]).toMatchObject({ actorUserId: null, actorRole: "SYSTEM", fromState: "INSTRUCTED" });
    expect(await db.auditEvent.count({ where: { entityId: orderId, actorUserId: null, action: "UPDATE" } })).toBe(1);
  });

  it("a late step meets the escalation and is told to reload; the queue shows the order first, escalated", async () => {
    const { coordinator, p, orderId } = await setup();
    const fresh = await createUdtOrder(
      await staff("CLINICIAN"),
      p.id,
      {
        reasonCode: "SAFETY_CONCERN",
        reasonNote: "Lost prescription twice",
        panelCode: "CHRONIC_PAIN_STANDARD",
        collectionMethod: "HOME_KIT_VIDEO_OBSERVED",
        windowHours: 72,
      },
      ctx(),
      T0,
    );
    await expect(
      advanceUdtOrder(
        coordinator,
        p.id,
        orderId,
        { event: "INSTRUCT", channel: "PHONE", instructionText: null, version: 1, notes: null },
        ctx(),
        at(30),
      ),
    ).rejects.toMatchObject({ message: STALE_ORDER_MESSAGE });
    const q = await listUdtQueue(coordinator, { queue: "coordinator", page: 1, pageSize: 50 }, ctx(), at(30));
    const mine = q.rows.filter((r) => r.patientId === p.id);
    expect(mine.map((r) => [r.orderId, r.escalated, r.overdue])).toEqual([
      [orderId, true, true],
      [fresh.id, false, false],
    ]);
    // Back into the workflow: a new window, then the patient must be instructed again.
    await step(coordinator, p.id, orderId, { event: "REOPEN_WINDOW" }, at(31));
    expect((await db.udtOrder.findUniqueOrThrow({ where: { id: orderId } })).windowEnd).toEqual(at(31 + 24));
  });

  it("lets only an admin change the settings", async () => {
    const coordinator = await staff("COORDINATOR");
    const clinician = await staff("CLINICIAN");
    for (const a of [coordinator, clinician]) {
      expect(
        isForbidden(
          await updateUdtSettings(a, { collectionWindowHours: 1, monitoringIntervalDays: 30 }, ctx()).catch(
            (e: unknown) => e,
          ),
        ),
      ).toBe(true);
    }
    expect(await db.udtSetting.findUnique({ where: { id: 1 } })).toBeNull();
    await expect(
      db.$executeRaw`INSERT INTO "UdtSetting" (id, "collectionWindowHours", "monitoringIntervalDays") VALUES (2, 24, 365)`,
    ).rejects.toThrow();
  });

  it("uses the clinic's collection window setting", async () => {
    const admin = await staff("ADMIN");
    await updateUdtSettings(admin, { collectionWindowHours: 48, monitoringIntervalDays: 180 }, ctx());
    const { orderId } = await setup();
    expect((await db.udtOrder.findUniqueOrThrow({ where: { id: orderId } })).windowEnd).toEqual(at(48));
    await updateUdtSettings(admin, { collectionWindowHours: 24, monitoringIntervalDays: 365 }, ctx());
  });
});

describe("queues and the chart", () => {
  it("puts review and discussion in the clinician queue only", async () => {
    const { clinician, coordinator, p, orderId } = await setup();
    await step(coordinator, p.id, orderId, { event: "INSTRUCT", channel: "PHONE", instructionText: null }, at(1));
    await step(coordinator, p.id, orderId, { event: "RECORD_COLLECTION" }, at(2));
    await step(
      coordinator,
      p.id,
      orderId,
      { event: "RECORD_RESULT", findings: fullPanel("CHRONIC_PAIN_STANDARD", ["oxycodone"]) },
      at(3),
    );
    const cq = await listUdtQueue(clinician, { queue: "clinician", page: 1, pageSize: 50 }, ctx(), at(4));
    expect(cq.rows.find((r) => r.orderId === orderId)).toMatchObject({ dueStep: "Review result", actions: ["REVIEW"] });
    const oq = await listUdtQueue(coordinator, { queue: "coordinator", page: 1, pageSize: 50 }, ctx(), at(4));
    expect(oq.rows.find((r) => r.orderId === orderId)).toBeUndefined();
    expect(
      isForbidden(
        await listUdtQueue(coordinator, { queue: "clinician", page: 1, pageSize: 50 }, ctx()).catch((e: unknown) => e),
      ),
    ).toBe(true);
  });

  it("shows the last test date and days since, flagged past the clinic interval", async () => {
    const { clinician, coordinator, p, orderId } = await setup();
    const none = await getPatientUdtOverview(clinician, p.id, ctx(), at(1));
    expect(none.lastTest).toMatchObject({ lastCollectedAt: null, overdue: true });
    await step(coordinator, p.id, orderId, { event: "INSTRUCT", channel: "PHONE", instructionText: null }, at(1));
    await step(coordinator, p.id, orderId, { event: "RECORD_COLLECTION" }, at(2));
    expect((await getPatientUdtOverview(clinician, p.id, ctx(), at(2 + 24 * 10))).lastTest).toMatchObject({
      daysSince: 10,
      overdue: false,
    });
    expect((await getPatientUdtOverview(clinician, p.id, ctx(), at(2 + 24 * 366))).lastTest).toMatchObject({
      daysSince: 366,
      overdue: true,
    });
  });
});

describe("the patient's own view", () => {
  it("shows where and by when, then the sample received, and no results until the discussion is documented", async () => {
    const { clinician, coordinator, p, orderId } = await setup();
    const me = actorFor(await makeUser("PATIENT", { patientId: p.id }));
    let [t] = await listMyUdtTests(me, ctx(), at(1));
    expect(t!.view.headline).toMatch(/^Urine drug test: please do it by/);
    expect(t!.view.body.join(" ")).toMatch(/lab near you/);
    await step(coordinator, p.id, orderId, { event: "INSTRUCT", channel: "PHONE", instructionText: null }, at(1));
    await step(coordinator, p.id, orderId, { event: "RECORD_COLLECTION" }, at(2));
    await step(
      coordinator,
      p.id,
      orderId,
      { event: "RECORD_RESULT", findings: fullPanel("CHRONIC_PAIN_STANDARD", ["oxycodone", "cocaine"]) },
      at(3),
    );
    [t] = await listMyUdtTests(me, ctx(), at(4));
    expect(t).toMatchObject({
      view: { headline: "We received your urine sample", showResults: false },
      results: null,
      plan: null,
      discussedAt: null,
    });
    expect(JSON.stringify(t)).not.toMatch(/cocaine|unexpected/i);
    await step(coordinator, p.id, orderId, { event: "ORDER_CONFIRMATION", method: "GC_MS" }, at(4));
    await step(
      coordinator,
      p.id,
      orderId,
      { event: "RECORD_CONFIRMATION", findings: [{ substance: "cocaine", detected: true }] },
      at(40),
    );
    await step(clinician, p.id, orderId, { event: "REVIEW", reviewNote: "Confirmed." }, at(41));
    [t] = await listMyUdtTests(me, ctx(), at(42));
    expect(t!.results).toBeNull();
    await step(
      clinician,
      p.id,
      orderId,
      { event: "DISCUSS", discussionNote: "Talked about it.", plan: "Follow-up visit in 2 weeks." },
      at(43),
    );
    [t] = await listMyUdtTests(me, ctx(), at(44));
    expect(t).toMatchObject({ view: { showResults: true }, plan: "Follow-up visit in 2 weeks." });
    expect(t!.results).toContainEqual({ label: "Cocaine (benzoylecgonine)", found: true });
  });

  it("sees only their own tests; staff functions are closed to patients", async () => {
    const a = await setup();
    const other = await makePatient();
    const b = actorFor(await makeUser("PATIENT", { patientId: other.id }));
    expect(await listMyUdtTests(b, ctx())).toEqual([]);
    expect(isForbidden(await getUdtOrder(b, a.p.id, a.orderId, ctx()).catch((e: unknown) => e))).toBe(true);
    expect(isForbidden(await getPatientUdtOverview(b, a.p.id, ctx()).catch((e: unknown) => e))).toBe(true);
    expect(await db.auditEvent.count({ where: { actorUserId: b.userId, outcome: "DENIED" } })).toBe(2);
  });
});
