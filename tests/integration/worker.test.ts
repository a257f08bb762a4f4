import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { listOutbox } from "@/modules/scheduling/reminders.server";
import { addMedication } from "@/modules/udt/medications.server";
import { createUdtOrder } from "@/modules/udt/create-udt-order.server";
import { listMyUdtTests } from "@/modules/udt/my-udt-tests.server";
import { getPatientUdtOverview, getUdtOrder } from "@/modules/udt/udt-orders.server";
import { listUdtQueue } from "@/modules/udt/udt-queue.server";
import { db } from "@/server/db";
import { backgroundJobs } from "@/server/worker/jobs.server";
import { acquireLease, LEASE_SECONDS, releaseLease, tick, type Job } from "@/server/worker/loop.server";
import { getWorkerOverview } from "@/server/worker/status.server";
import { actorFor, ctx, isForbidden, makePatient, makeUser } from "../factories";

/**
 * The one background worker loop: one instance at a time runs the jobs (a lease in Postgres),
 * each run is recorded for the admins, a failing job does not stop the others, and pages only
 * read (a missed drug-test window shows at once, and is written by the worker).
 */
const T0 = new Date("2031-01-10T12:00:00Z");
const sec = (n: number) => new Date(T0.getTime() + n * 1000);

function countingJob(name: string, everySeconds: number, runs: string[], fail = false): Job {
  return {
    name,
    description: name,
    everySeconds,
    run: async () => {
      runs.push(name);
      if (fail) throw new Error("mail server said no");
      return { done: 1 };
    },
  };
}

async function freshLease() {
  await db.workerLease.deleteMany({});
  await db.workerJob.deleteMany({});
}

describe("the lease", () => {
  it("one holder at a time; renewed by its holder; taken over only after it lapses; released on shutdown", async () => {
    await freshLease();
    expect(await acquireLease("A", T0)).toBe(true);
    expect(await acquireLease("B", sec(1))).toBe(false);
    expect(await acquireLease("A", sec(20))).toBe(true); // renewed to 20 + LEASE_SECONDS
    expect(await acquireLease("B", sec(20 + LEASE_SECONDS - 1))).toBe(false);
    expect(await acquireLease("B", sec(20 + LEASE_SECONDS + 1))).toBe(true);
    expect(await acquireLease("A", sec(20 + LEASE_SECONDS + 2))).toBe(false);
    await releaseLease("B");
    expect(await acquireLease("A", sec(20 + LEASE_SECONDS + 3))).toBe(true);
  });

  it("instances racing for a free lease: exactly one wins", async () => {
    await freshLease();
    const wins = await Promise.all(Array.from({ length: 6 }, (_, i) => acquireLease(`racer-${i}`, T0)));
    expect(wins.filter(Boolean)).toHaveLength(1);
  });
});

describe("ticks", () => {
  it("runs due jobs on the leader only, records each run, and runs a job again only when due", async () => {
    await freshLease();
    const runs: string[] = [];
    const jobs = [
      countingJob("every-minute", 60, runs),
      countingJob("hourly", 3600, runs),
      countingJob("off", 0, runs),
    ];
    const [a, b] = await Promise.all([tick(jobs, "A", () => T0), tick(jobs, "B", () => T0)]);
    expect([a.leader, b.leader].sort()).toEqual([false, true]);
    expect(runs).toEqual(["every-minute", "hourly"]);
    const leader = a.leader ? "A" : "B";
    expect((await tick(jobs, leader, () => sec(30))).ran).toEqual([]);
    expect((await tick(jobs, leader, () => sec(61))).ran.map((r) => r.name)).toEqual(["every-minute"]);
    const rec = await db.workerJob.findUniqueOrThrow({ where: { name: "every-minute" } });
    expect(rec).toMatchObject({ runs: 2, failures: 0, lastOk: true, lastInstance: leader, lastResult: { done: 1 } });
    expect(rec.nextRunAt).toEqual(sec(121));
    expect(await db.workerJob.findUnique({ where: { name: "off" } })).toBeNull();
  });

  it("a failing job is recorded with its error and does not stop the jobs after it", async () => {
    await freshLease();
    const runs: string[] = [];
    const jobs = [countingJob("broken", 600, runs, true), countingJob("after", 600, runs)];
    const out = await tick(jobs, "A", () => T0);
    expect(out.ran).toEqual([
      { name: "broken", ok: false, result: undefined },
      { name: "after", ok: true, result: { done: 1 } },
    ]);
    const broken = await db.workerJob.findUniqueOrThrow({ where: { name: "broken" } });
    expect(broken).toMatchObject({
      lastOk: false,
      lastError: "Error: mail server said no",
      failures: 1,
      consecutiveFailures: 1,
      runs: 1,
    });
    // Retried after its interval, capped at 5 minutes while failing.
    expect(broken.nextRunAt).toEqual(sec(300));
  });
});

describe("the admins' page data", () => {
  it("lists every background job with its state, for admins only", async () => {
    await freshLease();
    const admin = actorFor({ ...(await makeUser("ADMIN")), patientId: null });
    const clinician = actorFor({ ...(await makeUser("CLINICIAN")), patientId: null });
    await tick(
      backgroundJobs().filter((j) => j.name === "video-signal-sweep"),
      "A",
      () => new Date(),
    );
    const w = await getWorkerOverview(admin);
    expect(w.jobs.map((j) => j.name)).toEqual([
      "visit-reminders",
      "udt-missed-windows",
      "video-signal-sweep",
      "patient-link-attempts",
      "fhir-bulk-export",
    ]);
    expect(w.jobs.find((j) => j.name === "video-signal-sweep")).toMatchObject({ health: "ok", runs: 1 });
    expect(w.jobs.find((j) => j.name === "udt-missed-windows")).toMatchObject({ health: "never_run", runs: 0 });
    expect(w.lease).toMatchObject({ holder: "A", live: true });
    await expect(getWorkerOverview(clinician).catch((e: unknown) => (isForbidden(e) ? "forbidden" : e))).resolves.toBe(
      "forbidden",
    );
  });
});

describe("reads do not write", () => {
  it("a missed collection window shows at once on every read, changes no row, and is recorded by the worker job", async () => {
    const clinician = actorFor({ ...(await makeUser("CLINICIAN")), patientId: null });
    const coordinator = actorFor({ ...(await makeUser("COORDINATOR")), patientId: null });
    const p = await makePatient();
    const patientUser = await makeUser("PATIENT", { patientId: p.id });
    const patient = actorFor({ ...patientUser, patientId: p.id });
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
    const created = new Date(Date.now() - 48 * 3_600_000);
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
      created,
    );
    const before = await db.udtOrder.findUniqueOrThrow({ where: { id } });
    expect(before.state).toBe("ORDERED");

    const overview = await getPatientUdtOverview(clinician, p.id, ctx());
    expect(overview.orders.find((o) => o.id === id)).toMatchObject({
      state: "WINDOW_MISSED",
      dueStep: "Follow up missed collection",
      overdue: true,
    });
    const detail = await getUdtOrder(coordinator, p.id, id, ctx());
    expect(detail.state).toBe("WINDOW_MISSED");
    const queue = await listUdtQueue(coordinator, { queue: "coordinator", page: 1, pageSize: 100 }, ctx());
    expect(queue.rows.find((r) => r.orderId === id)).toMatchObject({
      state: "WINDOW_MISSED",
      escalated: true,
      overdue: true,
    });
    const mine = await listMyUdtTests(patient, ctx());
    expect(mine.find((t) => t.id === id)?.view).toMatchObject({
      headline: "We did not get your urine sample in time",
      tone: "problem",
    });

    const after = await db.udtOrder.findUniqueOrThrow({ where: { id } });
    expect(after).toEqual(before);
    expect(await db.udtOrderEvent.count({ where: { orderId: id, event: "MISS_WINDOW" } })).toBe(0);

    await freshLease();
    const out = await tick(
      backgroundJobs().filter((j) => j.name === "udt-missed-windows"),
      "A",
    );
    expect(out.ran[0]).toMatchObject({ name: "udt-missed-windows", ok: true });
    expect((out.ran[0]!.result as { escalated: number }).escalated).toBeGreaterThanOrEqual(1);
    expect(await db.udtOrder.findUniqueOrThrow({ where: { id } })).toMatchObject({
      state: "WINDOW_MISSED",
      version: before.version + 1,
    });
    expect(await db.udtOrderEvent.count({ where: { orderId: id, event: "MISS_WINDOW" } })).toBe(1);
  });

  it("opening the Reminders page sends nothing: a due reminder stays waiting for the worker", async () => {
    const coordinator = actorFor({ ...(await makeUser("COORDINATOR")), patientId: null });
    const clinician = await makeUser("CLINICIAN");
    const p = await makePatient();
    const type = await db.visitType.create({ data: { name: `Worker test ${randomUUID()}`, durationMinutes: 30 } });
    const start = new Date(Date.now() + 3_600_000);
    const visit = await db.visit.create({
      data: {
        patientId: p.id,
        clinicianId: clinician.id,
        visitTypeId: type.id,
        startsAt: start,
        endsAt: new Date(start.getTime() + 30 * 60_000),
        modality: "VIDEO",
        reason: "worker test",
        idempotencyKey: randomUUID(),
        createdById: coordinator.userId,
      },
    });
    const reminder = await db.reminderMessage.create({
      data: {
        visitId: visit.id,
        kind: "1h",
        visitSequence: 0,
        sendAfter: new Date(Date.now() - 60_000),
        channel: "EMAIL",
      },
    });
    const outbox = await listOutbox(coordinator);
    expect(outbox.rows.find((r) => r.id === reminder.id)).toMatchObject({ status: "PENDING" });
    expect(await db.reminderMessage.findUniqueOrThrow({ where: { id: reminder.id } })).toMatchObject({
      status: "PENDING",
      attempts: 0,
      claimedUntil: null,
      sentAt: null,
    });
  });
});
