// Longer than 300 lines on purpose: demo data (one story per UDT workflow state), not logic.
import type { Prisma } from "../../generated/prisma/client";
import { dueStepFor } from "../../modules/udt/core/due";
import { interpretFindings, type ActiveMedication } from "../../modules/udt/core/interpret";
import type { UdtState } from "../../modules/udt/core/machine";
import { catalogDrug, type DrugKey } from "../../modules/udt/core/medication-catalog";
import { panelSubstances } from "../../modules/udt/core/substances";
import type { DemoIds } from "./seed-demo";

type SeedTx = Prisma.TransactionClient;

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

type Med = {
  drugKey: DrugKey;
  name: string;
  dose: number;
  perDay: number;
  route: "ORAL" | "TRANSDERMAL" | "SUBLINGUAL";
  startedDaysAgo: number;
};

const medsByMrn: Record<string, Med[]> = {
  "MRN-100001": [
    { drugKey: "oxycodone", name: "Oxycodone 10 mg tablet", dose: 10, perDay: 3, route: "ORAL", startedDaysAgo: 400 },
    {
      drugKey: "gabapentin",
      name: "Gabapentin 300 mg capsule",
      dose: 300,
      perDay: 3,
      route: "ORAL",
      startedDaysAgo: 300,
    },
  ],
  "MRN-100002": [
    { drugKey: "tramadol", name: "Tramadol 50 mg tablet", dose: 50, perDay: 4, route: "ORAL", startedDaysAgo: 700 },
  ],
  "MRN-100003": [
    {
      drugKey: "hydrocodone",
      name: "Hydrocodone/acetaminophen 10/325 mg",
      dose: 10,
      perDay: 4,
      route: "ORAL",
      startedDaysAgo: 500,
    },
    {
      drugKey: "duloxetine",
      name: "Duloxetine 60 mg capsule",
      dose: 60,
      perDay: 1,
      route: "ORAL",
      startedDaysAgo: 200,
    },
  ],
  "MRN-100004": [
    { drugKey: "morphine", name: "Morphine ER 30 mg tablet", dose: 30, perDay: 2, route: "ORAL", startedDaysAgo: 900 },
  ],
  "MRN-100005": [
    {
      drugKey: "fentanyl_patch",
      name: "Fentanyl 25 mcg/h patch (change every 72 h)",
      dose: 25,
      perDay: 1 / 3,
      route: "TRANSDERMAL",
      startedDaysAgo: 600,
    },
  ],
  "MRN-100006": [
    {
      drugKey: "buprenorphine",
      name: "Buprenorphine/naloxone 8/2 mg film",
      dose: 8,
      perDay: 2,
      route: "SUBLINGUAL",
      startedDaysAgo: 150,
    },
  ],
  "MRN-100008": [
    { drugKey: "methadone", name: "Methadone 10 mg tablet", dose: 10, perDay: 3, route: "ORAL", startedDaysAgo: 1000 },
  ],
  "MRN-100010": [
    { drugKey: "oxycodone", name: "Oxycodone 5 mg tablet", dose: 5, perDay: 4, route: "ORAL", startedDaysAgo: 250 },
  ],
};

/** A demo order at a given step, with the event rows that got it there (times relative to now). */
type DemoOrder = {
  mrn: string;
  orderedHoursAgo: number;
  windowHours: number;
  method: "LAB_PSC" | "HOME_KIT_VIDEO_OBSERVED";
  reason: "SAFETY_CONCERN" | "NONE_IN_PAST_12_MONTHS";
  reasonNote?: string;
  /** Steps taken, each hours after the order. */
  steps: {
    event: "INSTRUCT" | "RECORD_COLLECTION" | "RECORD_RESULT" | "ORDER_CONFIRMATION" | "REVIEW" | "DISCUSS" | "CLOSE";
    after: number;
  }[];
  detected?: string[];
};

const demoOrders: DemoOrder[] = [
  // Maria: instructed, window open - the patient portal shows where to go and by when.
  {
    mrn: "MRN-100001",
    orderedHoursAgo: 4,
    windowHours: 24,
    method: "LAB_PSC",
    reason: "NONE_IN_PAST_12_MONTHS",
    steps: [{ event: "INSTRUCT", after: 1 }],
  },
  // James: done 200 days ago (last test date on the chart).
  {
    mrn: "MRN-100002",
    orderedHoursAgo: 200 * 24,
    windowHours: 24,
    method: "HOME_KIT_VIDEO_OBSERVED",
    reason: "NONE_IN_PAST_12_MONTHS",
    steps: [
      { event: "INSTRUCT", after: 1 },
      { event: "RECORD_COLLECTION", after: 20 },
      { event: "RECORD_RESULT", after: 70 },
      { event: "REVIEW", after: 80 },
      { event: "DISCUSS", after: 100 },
      { event: "CLOSE", after: 101 },
    ],
    detected: ["tramadol"],
  },
  // Linda: expected result waiting for clinician review.
  {
    mrn: "MRN-100003",
    orderedHoursAgo: 96,
    windowHours: 24,
    method: "LAB_PSC",
    reason: "NONE_IN_PAST_12_MONTHS",
    steps: [
      { event: "INSTRUCT", after: 1 },
      { event: "RECORD_COLLECTION", after: 6 },
      { event: "RECORD_RESULT", after: 50 },
    ],
    detected: ["hydrocodone", "hydromorphone"],
  },
  // Robert: instructed, window ended 3 hours ago and not yet escalated - the first read escalates it.
  {
    mrn: "MRN-100004",
    orderedHoursAgo: 27,
    windowHours: 24,
    method: "LAB_PSC",
    reason: "SAFETY_CONCERN",
    reasonNote: "Reported early refill twice this quarter.",
    steps: [{ event: "INSTRUCT", after: 2 }],
  },
  // Patricia: unexpected benzodiazepine on screening - confirmation needed.
  {
    mrn: "MRN-100005",
    orderedHoursAgo: 80,
    windowHours: 48,
    method: "HOME_KIT_VIDEO_OBSERVED",
    reason: "NONE_IN_PAST_12_MONTHS",
    steps: [
      { event: "INSTRUCT", after: 1 },
      { event: "RECORD_COLLECTION", after: 30 },
      { event: "RECORD_RESULT", after: 70 },
    ],
    detected: ["fentanyl", "benzodiazepines"],
  },
  // Carlos: ordered, not yet instructed.
  {
    mrn: "MRN-100006",
    orderedHoursAgo: 2,
    windowHours: 24,
    method: "LAB_PSC",
    reason: "NONE_IN_PAST_12_MONTHS",
    steps: [],
  },
];

export async function seedUdt(tx: SeedTx, ids: DemoIds, now: Date = new Date()): Promise<void> {
  const clinicianId = ids.users.clinician;
  const coordinatorId = ids.users.coordinator ?? clinicianId;
  if (!clinicianId || !coordinatorId) return;
  const medsFor = new Map<string, ActiveMedication[]>();
  for (const [mrn, meds] of Object.entries(medsByMrn)) {
    const patientId = ids.patients[mrn];
    if (!patientId) continue;
    medsFor.set(
      mrn,
      meds.map((m) => ({ drugKey: m.drugKey, name: m.name })),
    );
    await tx.medication.createMany({
      data: meds.map((m) => ({
        patientId,
        drugKey: m.drugKey,
        name: m.name,
        doseAmount: m.dose,
        doseUnit: catalogDrug(m.drugKey).unit,
        timesPerDay: Math.round(m.perDay * 1000) / 1000,
        route: m.route,
        startedOn: new Date(`${new Date(now.getTime() - m.startedDaysAgo * DAY).toISOString().slice(0, 10)}T00:00:00Z`),
        prescriber: "Dr. Jordan Lee",
        isOpioid: catalogDrug(m.drugKey).opioid,
        createdById: clinicianId,
      })),
    });
  }

  for (const d of demoOrders) {
    const patientId = ids.patients[d.mrn];
    if (!patientId) continue;
    const t0 = new Date(now.getTime() - d.orderedHoursAgo * HOUR);
    const at = (h: number) => new Date(t0.getTime() + h * HOUR);
    const windowEnd = at(d.windowHours);
    let state: UdtState = "ORDERED";
    const events: Prisma.UdtOrderEventCreateManyInput[] = [];
    const push = (
      event: string,
      to: UdtState,
      when: Date,
      actorUserId: string | null,
      actorRole: string,
      notes: string | null = null,
      details?: Prisma.InputJsonValue,
    ) => {
      events.push({
        orderId: "",
        patientId,
        version: events.length + 1,
        event,
        fromState: events.length ? state : null,
        toState: to,
        actorUserId,
        actorRole,
        at: when,
        notes,
        details,
      });
      state = to;
    };
    push("ORDER", "ORDERED", t0, clinicianId, "CLINICIAN", d.reasonNote ?? null, {
      reasonCode: d.reason,
      panelCode: "CHRONIC_PAIN_STANDARD",
      collectionMethod: d.method,
      windowHours: d.windowHours,
    });
    const o: Record<string, unknown> = {};
    const findings: Prisma.UdtFindingCreateManyInput[] = [];
    for (const s of d.steps) {
      const when = at(s.after);
      switch (s.event) {
        case "INSTRUCT": {
          const text =
            d.method === "LAB_PSC"
              ? "Go to any partner lab near you before the window ends; bring photo ID; no appointment needed."
              : "Kit mailed; video-observed collection booked; return in the prepaid envelope the same day.";
          Object.assign(o, {
            instructedAt: when,
            instructedById: coordinatorId,
            instructionChannel: "PHONE",
            instructionText: text,
          });
          push("INSTRUCT", "INSTRUCTED", when, coordinatorId, "COORDINATOR", null, {
            channel: "PHONE",
            instructionText: text,
          });
          break;
        }
        case "RECORD_COLLECTION":
          o.collectedAt = when;
          push("RECORD_COLLECTION", "COLLECTED", when, coordinatorId, "COORDINATOR");
          break;
        case "RECORD_RESULT": {
          const raw = panelSubstances("CHRONIC_PAIN_STANDARD").map((x) => ({
            substance: x,
            detected: (d.detected ?? []).includes(x),
          }));
          const r = interpretFindings(raw, medsFor.get(d.mrn) ?? []);
          for (const f of r.findings)
            findings.push({
              orderId: "",
              kind: "SCREEN",
              substance: f.substance,
              detected: f.detected,
              interpretation: f.interpretation,
              why: f.why,
            });
          Object.assign(o, { resultedAt: when, interpretation: r.overall });
          push("RECORD_RESULT", "RESULTED", when, coordinatorId, "COORDINATOR", null, { findings: raw.length });
          const unexpected = r.overall === "UNEXPECTED";
          push(
            unexpected ? "INTERPRET_UNEXPECTED" : "INTERPRET_EXPECTED",
            unexpected ? "CONFIRMATION_NEEDED" : "AWAITING_REVIEW",
            when,
            null,
            "SYSTEM",
            unexpected ? `Unexpected: ${r.unexpectedSubstances.join(", ")}` : "Consistent with the medication list",
          );
          break;
        }
        case "ORDER_CONFIRMATION":
          break;
        case "REVIEW":
          Object.assign(o, {
            reviewedAt: when,
            reviewedById: clinicianId,
            reviewNote: "Consistent with prescribed tramadol.",
          });
          push("REVIEW", "REVIEWED", when, clinicianId, "CLINICIAN");
          break;
        case "DISCUSS":
          Object.assign(o, {
            discussedAt: when,
            discussedById: clinicianId,
            discussionNote: "Reviewed the result by video; patient had no questions.",
            discussionPlan: "Continue current plan; next test in 12 months.",
          });
          push("DISCUSS", "DISCUSSED", when, clinicianId, "CLINICIAN", "Conversation and plan documented");
          break;
        case "CLOSE":
          o.closedAt = when;
          push("CLOSE", "CLOSED", when, coordinatorId, "COORDINATOR");
          break;
      }
    }
    const due = dueStepFor({
      state,
      windowEnd,
      windowMissedAt: null,
      collectedAt: (o.collectedAt as Date | undefined) ?? null,
      resultedAt: (o.resultedAt as Date | undefined) ?? null,
      confirmationOrderedAt: null,
      confirmationResultedAt: null,
      reviewedAt: (o.reviewedAt as Date | undefined) ?? null,
      discussedAt: (o.discussedAt as Date | undefined) ?? null,
    });
    const created = await tx.udtOrder.create({
      data: {
        patientId,
        state,
        version: events.length,
        reasonCode: d.reason,
        reasonNote: d.reasonNote ?? null,
        panelCode: "CHRONIC_PAIN_STANDARD",
        collectionMethod: d.method,
        windowStart: t0,
        windowEnd,
        orderedById: clinicianId,
        dueRole: due.role,
        dueAt: due.dueAt,
        createdAt: t0,
        ...o,
      },
      select: { id: true },
    });
    await tx.udtOrderEvent.createMany({ data: events.map((e) => ({ ...e, orderId: created.id })) });
    if (findings.length) await tx.udtFinding.createMany({ data: findings.map((f) => ({ ...f, orderId: created.id })) });
  }
}
