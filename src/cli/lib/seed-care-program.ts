// Longer than 300 lines on purpose: demo data (40 LTOT patients with a year of varied history),
// not logic; the random choices come from one seeded generator.
import { randomUUID } from "node:crypto";
import type { Prisma, PrismaClient } from "../../generated/prisma/client";
import { instruments } from "../../modules/assessments/core/instruments";
import { scorePeg, scorePhq9 } from "../../modules/assessments/core/scoring";
import { catalogDrug, type DrugKey } from "../../modules/udt/core/medication-catalog";
import { addDays, wallClockAt, zonedToUtc } from "../../modules/scheduling/core/time";
import { agreementExpiry } from "../../modules/consent/core/agreement-rules";
import type { DemoIds } from "./seed-demo";
import { seededRandom } from "../../lib/seeded-random";

type Tx = Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];

/**
 * Demo data for the care program (issue 12): 32 more patients on long-term opioid therapy, with a
 * year of history, so that together with the first demo patients about 40 are on the registry
 * and the measures dashboard shows trends on first start. Deterministic: one seeded generator
 * (seededRandom, src/lib/seeded-random.ts) decides every choice, so every seed has the same patients, gaps and histories
 * (the dates are relative to the day of seeding, like the rest of the demo data).
 *
 * What varies: the opioid and dose (some at or above 50 and 90 MME/day), dose increases written
 * as a new row, benzodiazepines, naloxone on the list or offered, PEG and PHQ-9 every 1 to 3
 * months (some lapsed), urine drug tests (some overdue, some unexpected), PDMP checks (more
 * frequent in the second half of the year: the trend the dashboard shows), past completed visits
 * and upcoming ones (a week or more ahead, so Today and tomorrow's slots stay as they were), risk
 * history, and in-person evaluations (absent for about a third, so the DEA flag shows).
 * Agreements are consent records of the kind OPIOID_AGREEMENT (seeded below, from the first text version).
 */

const DAY = 86_400_000;

const givenNames = [
  "Aaron",
  "Beatriz",
  "Calvin",
  "Dolores",
  "Ernest",
  "Fatima",
  "Gordon",
  "Hazel",
  "Ivan",
  "Joyce",
  "Kenneth",
  "Lucia",
  "Marvin",
  "Nadia",
  "Oscar",
  "Paula",
  "Quentin",
  "Rosa",
  "Stanley",
  "Teresa",
  "Ulysses",
  "Vera",
  "Walter",
  "Ximena",
  "Yusuf",
  "Zelda",
  "Arturo",
  "Bonnie",
  "Clifford",
  "Daisy",
  "Elmer",
  "Frances",
];
const familyNames = [
  "Abbott",
  "Baker",
  "Castillo",
  "Dawson",
  "Ellis",
  "Fischer",
  "Greene",
  "Holt",
  "Ibarra",
  "Jensen",
  "Kowalski",
  "Lopez",
  "Mendez",
  "Novak",
  "Olsen",
  "Price",
  "Quinn",
  "Reyes",
  "Sandoval",
  "Tran",
  "Underwood",
  "Vasquez",
  "Webb",
  "Xiong",
  "Young",
  "Zimmerman",
  "Alvarez",
  "Bishop",
  "Chen",
  "Dunn",
  "Estrada",
  "Foster",
];
const states = [
  { state: "WA", tz: "America/Los_Angeles" },
  { state: "OR", tz: "America/Los_Angeles" },
  { state: "ID", tz: "America/Boise" },
  { state: "MT", tz: "America/Denver" },
];

type OpioidChoice = {
  drugKey: DrugKey;
  name: (dose: number) => string;
  doses: number[];
  perDay: number[];
  route: "ORAL" | "TRANSDERMAL";
};
const opioids: OpioidChoice[] = [
  {
    drugKey: "oxycodone",
    name: (d) => `Oxycodone ${d} mg tablet`,
    doses: [5, 10, 15, 20],
    perDay: [2, 3, 4],
    route: "ORAL",
  },
  {
    drugKey: "hydrocodone",
    name: (d) => `Hydrocodone/acetaminophen ${d}/325 mg`,
    doses: [5, 7.5, 10],
    perDay: [3, 4],
    route: "ORAL",
  },
  { drugKey: "morphine", name: (d) => `Morphine ER ${d} mg tablet`, doses: [15, 30], perDay: [2], route: "ORAL" },
  { drugKey: "tramadol", name: (d) => `Tramadol ${d} mg tablet`, doses: [50], perDay: [2, 3, 4], route: "ORAL" },
  { drugKey: "tapentadol", name: (d) => `Tapentadol ${d} mg tablet`, doses: [50, 100], perDay: [2], route: "ORAL" },
  {
    drugKey: "hydromorphone",
    name: (d) => `Hydromorphone ${d} mg tablet`,
    doses: [2, 4],
    perDay: [3, 4],
    route: "ORAL",
  },
  {
    drugKey: "fentanyl_patch",
    name: (d) => `Fentanyl ${d} mcg/h patch (change every 72 h)`,
    doses: [12, 25, 50],
    perDay: [1 / 3],
    route: "TRANSDERMAL",
  },
  { drugKey: "methadone", name: (d) => `Methadone ${d} mg tablet`, doses: [5, 10], perDay: [2, 3], route: "ORAL" },
];
const benzos: { drugKey: DrugKey; name: string; dose: number; perDay: number }[] = [
  { drugKey: "lorazepam", name: "Lorazepam 0.5 mg tablet", dose: 0.5, perDay: 2 },
  { drugKey: "clonazepam", name: "Clonazepam 1 mg tablet", dose: 1, perDay: 1 },
  { drugKey: "alprazolam", name: "Alprazolam 0.25 mg tablet", dose: 0.25, perDay: 2 },
];

export const CARE_PROGRAM_DEMO_PATIENTS = 32;

export async function seedCareProgram(
  tx: Tx,
  ids: DemoIds,
  now = new Date(),
  timeZone = process.env.CLINIC_TIME_ZONE ?? "America/Los_Angeles",
): Promise<void> {
  const lee = ids.users.clinician;
  const patel = ids.users.clinician2;
  const coordinator = ids.users.coordinator;
  if (!lee || !patel || !coordinator) return;
  const checkIn = await tx.visitType.findFirst({
    where: { name: "Brief check-in", isDemo: true },
    select: { id: true },
  });
  if (!checkIn) return;
  const rnd = seededRandom(20261202);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const between = (lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1));
  const today = wallClockAt(now, timeZone).date;
  const dateAgo = (days: number) => new Date(`${addDays(today, -days)}T00:00:00Z`);
  const instantAgo = (days: number, hour = 10) => new Date(now.getTime() - days * DAY + (hour - 12) * 3_600_000);

  const patients: Prisma.PatientCreateManyInput[] = [];
  const team: Prisma.CareTeamMemberCreateManyInput[] = [];
  const meds: Prisma.MedicationCreateManyInput[] = [];
  const responses: Prisma.FormResponseCreateManyInput[] = [];
  const udts: Prisma.UdtOrderCreateManyInput[] = [];
  const pdmp: Prisma.PdmpCheckCreateManyInput[] = [];
  const naloxone: Prisma.NaloxoneOfferCreateManyInput[] = [];
  const risks: Prisma.RiskHistoryEntryCreateManyInput[] = [];
  const inPerson: Prisma.InPersonEvaluationCreateManyInput[] = [];
  const visits: Prisma.VisitCreateManyInput[] = [];
  const agreements: Prisma.ConsentRecordCreateManyInput[] = [];
  const agreementText = await tx.consentText.findFirst({
    where: { kind: "OPIOID_AGREEMENT" },
    orderBy: { version: "desc" },
    select: { id: true },
  });

  for (let i = 0; i < CARE_PROGRAM_DEMO_PATIENTS; i++) {
    const id = randomUUID();
    const clinicianId = i % 2 === 0 ? lee : patel;
    const place = pick(states);
    patients.push({
      id,
      mrn: `MRN-${100101 + i}`,
      givenName: givenNames[i]!,
      familyName: familyNames[i]!,
      // Always the 29th (never February): no birth date of the first demo patients, which e2e tests search for.
      birthDate: new Date(Date.UTC(1945 + between(0, 40), pick([0, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]), 29)),
      phone: `+1509555${String(100 + i).padStart(4, "0")}`,
      email: null,
      timeZone: place.tz,
      preferredLanguage: i % 7 === 3 ? "es" : "en",
      stateOfResidence: place.state,
      canDoVideo: i % 5 !== 4,
      allergies: null,
      primaryClinicianId: clinicianId,
      isDemo: true,
    });
    team.push({ patientId: id, userId: coordinator, role: "Care coordinator" });

    // The opioid: a start between 4 months and 2.5 years ago; about a third of the patients
    // started within the year (the registry grows over the dashboard's months).
    const o = pick(opioids);
    const startedDaysAgo = i % 3 === 1 ? between(120, 330) : between(380, 900);
    const dose = pick(o.doses);
    const perDay = pick(o.perDay);
    const med = (
      drugKey: DrugKey,
      name: string,
      doseAmount: number,
      timesPerDay: number,
      route: "ORAL" | "TRANSDERMAL",
      started: number,
      stopped: number | null,
      stopReason: string | null = null,
    ): Prisma.MedicationCreateManyInput => ({
      patientId: id,
      drugKey,
      name,
      doseAmount,
      doseUnit: catalogDrug(drugKey).unit,
      timesPerDay,
      route,
      startedOn: dateAgo(started),
      stoppedOn: stopped === null ? null : dateAgo(stopped),
      stopReason,
      prescriber: clinicianId === lee ? "Dr. Jordan Lee" : "Dr. Priya Patel",
      isOpioid: catalogDrug(drugKey).opioid,
      createdById: clinicianId,
    });
    if (i % 5 === 2 && o.doses.length > 1 && dose !== o.doses[o.doses.length - 1]) {
      // A dose increase written as a new row: the old row stops the day the new one starts.
      const raisedDaysAgo = i % 10 === 2 ? between(30, 60) : between(70, 200);
      const higher = o.doses[o.doses.indexOf(dose) + 1]!;
      meds.push(med(o.drugKey, o.name(dose), dose, perDay, o.route, startedDaysAgo, raisedDaysAgo, "Dose increased"));
      meds.push(med(o.drugKey, o.name(higher), higher, perDay, o.route, raisedDaysAgo, null));
    } else {
      meds.push(med(o.drugKey, o.name(dose), dose, perDay, o.route, startedDaysAgo, null));
    }
    if (i % 7 === 2 || i % 7 === 5) {
      const b = pick(benzos);
      meds.push(med(b.drugKey, b.name, b.dose, b.perDay, "ORAL", between(100, 500), null));
    }
    if (i % 9 === 1) meds.push(med("gabapentin", "Gabapentin 300 mg capsule", 300, 3, "ORAL", between(100, 400), null));
    if (i % 4 === 0) meds.push(med("naloxone", "Naloxone 4 mg nasal spray", 4, 1, "ORAL", between(20, 300), null));
    if (i % 6 === 1)
      naloxone.push({
        patientId: id,
        offeredOn: dateAgo(between(30, 200)),
        outcome: i % 12 === 1 ? "PRESCRIBED" : "OFFERED",
        recordedById: clinicianId,
      });
    if (i % 9 === 3)
      naloxone.push({
        patientId: id,
        offeredOn: dateAgo(between(30, 300)),
        outcome: "DECLINED",
        note: "Patient prefers to think about it",
        recordedById: clinicianId,
      });
    if (i % 13 === 4)
      risks.push({
        patientId: id,
        kind: "OVERDOSE",
        recordedOn: dateAgo(between(400, 1500)),
        note: "Emergency department visit, several years ago",
        recordedById: clinicianId,
      });
    if (i % 17 === 6)
      risks.push({
        patientId: id,
        kind: "SUBSTANCE_USE_DISORDER",
        recordedOn: dateAgo(between(400, 1500)),
        note: "Alcohol use disorder, in remission",
        recordedById: clinicianId,
      });

    // PEG and PHQ-9 every 1 to 3 months over the year; about one in six lapsed (nothing for 5 months).
    const every = pick([30, 45, 60, 90]);
    const lapsedFor = i % 6 === 5 ? between(150, 200) : 0;
    const pegStart = between(5, 9);
    const pegEnd = Math.max(2, pegStart - between(0, 3));
    const phqStart = between(3, 18);
    const phqEnd = Math.max(0, phqStart - between(0, 6));
    const firstAt = Math.min(365, startedDaysAgo - 5);
    for (let ago = firstAt, k = 0; ago >= Math.max(lapsedFor, 3); ago -= every, k++) {
      const f = firstAt === 0 ? 1 : 1 - ago / firstAt;
      const wobble = [0, 1, -1, 0][k % 4]!;
      const target = Math.round(pegStart + (pegEnd - pegStart) * f);
      const peg = scorePeg({ p: clamp(target + wobble), e: clamp(target), g: clamp(target - wobble) });
      const total = Math.round(phqStart + (phqEnd - phqStart) * f);
      const phqAnswers: Record<string, number> = { "9": 0, "10": total > 9 ? 1 : 0 };
      let left = total;
      for (let q = 1; q <= 8; q++) {
        const v = Math.min(3, left);
        phqAnswers[String(q)] = v;
        left -= v;
      }
      const phq = scorePhq9(phqAnswers);
      const at = instantAgo(ago, 9 + (k % 6));
      for (const [code, s] of [
        ["PEG", peg],
        ["PHQ9", phq],
      ] as const) {
        if (!s.ok) throw new Error("care-program seed: invalid answers");
        const rid = randomUUID();
        responses.push({
          id: rid,
          seriesId: rid,
          patientId: id,
          instrument: code,
          instrumentVersion: instruments[code].version,
          answers: s.answers,
          scoreTenths: s.score.scoreTenths,
          safetyFlag: false,
          mode: k % 3 === 2 ? "PHONE" : "PORTAL",
          enteredById: k % 3 === 2 ? coordinator : null,
          answeredAt: at,
          idempotencyKey: `seed-cp-${rid}`,
        });
      }
    }

    // Urine drug tests: yearly for most (a third got their first one in the last 6 months);
    // about one in five overdue (last one 13 to 16 months ago); a few unexpected results.
    const udtDays =
      i % 5 === 3
        ? [between(395, 480)]
        : i % 3 === 0
          ? [between(20, 170)]
          : [between(200, 340), between(20, 120)].slice(0, i % 2 === 0 ? 2 : 1);
    for (const [k, ago] of udtDays.entries()) {
      const collected = instantAgo(ago, 11);
      udts.push({
        patientId: id,
        state: "CLOSED",
        reasonCode: "NONE_IN_PAST_12_MONTHS",
        panelCode: "CHRONIC_PAIN_STANDARD",
        collectionMethod: k % 2 === 0 ? "LAB_PSC" : "HOME_KIT_VIDEO_OBSERVED",
        windowStart: new Date(collected.getTime() - 2 * 3_600_000),
        windowEnd: new Date(collected.getTime() + 22 * 3_600_000),
        orderedById: clinicianId,
        instructedAt: new Date(collected.getTime() - 3_600_000),
        instructedById: coordinator,
        collectedAt: collected,
        resultedAt: new Date(collected.getTime() + 2 * DAY),
        interpretation: i % 11 === 7 && k === udtDays.length - 1 ? "UNEXPECTED" : "EXPECTED",
        reviewedAt: new Date(collected.getTime() + 3 * DAY),
        reviewedById: clinicianId,
      });
    }

    // PDMP checks: every 3 months for most, only from the second half of the year for some (a
    // rising trend); a few last checked 4 to 5 months ago, a few never.
    if (i % 10 !== 9) {
      const from = i % 2 === 0 ? 180 : 360;
      const stop = i % 6 === 4 ? between(120, 150) : between(5, 40);
      for (let ago = from - between(0, 20); ago >= stop; ago -= 90)
        pdmp.push({
          patientId: id,
          checkedOn: dateAgo(ago),
          state: place.state,
          finding: i % 14 === 3 && ago < 100 ? "CONCERNS" : "CONSISTENT",
          note: i % 14 === 3 && ago < 100 ? "Second prescriber listed; discussed with the patient" : null,
          recordedById: clinicianId,
        });
    }

    // In-person evaluations: about two thirds were seen in person once; the rest rely on the DEA
    // telemedicine flexibilities.
    if (i % 3 !== 2)
      inPerson.push({
        patientId: id,
        seenOn: dateAgo(Math.min(startedDaysAgo + between(0, 60), 900)),
        clinicianId,
        note: "Initial evaluation in the clinic",
        recordedById: clinicianId,
      });

    // Patient agreements (consent records of their own kind), decided by the patient's number so
    // the random stream above stays as it was: most signed within the last year (a rising
    // trend: a third only in the last four months), some signed 13 to 15 months ago and now due
    // for renewal, one revoked, a few never. Signed in the portal, on paper or verbally.
    if (agreementText && i % 7 !== 6) {
      const signedAgo = i % 5 === 3 ? 390 + (i % 3) * 30 : i % 3 === 0 ? 20 + i * 3 : 130 + ((i * 37) % 200);
      const signedAt = instantAgo(signedAgo, 11);
      const method = i % 3 === 0 ? "ELECTRONIC" : i % 3 === 1 ? "PAPER" : "VERBAL";
      agreements.push({
        patientId: id,
        kind: "OPIOID_AGREEMENT",
        textId: agreementText.id,
        method,
        capturedById: method === "ELECTRONIC" ? null : clinicianId,
        capturedAt: signedAt,
        typedName: method === "ELECTRONIC" ? `${givenNames[i]} ${familyNames[i]}` : null,
        witnessName: method === "VERBAL" ? "Care coordinator on the call" : null,
        expiresAt: agreementExpiry(signedAt, 12, timeZone),
        revokedAt: i === 17 ? instantAgo(15, 9) : null,
        revokedById: i === 17 ? clinicianId : null,
        revokedReason: i === 17 ? "Patient asked to revisit the agreement at the next visit" : null,
        idempotencyKey: `seed-agreement-${randomUUID()}`,
      });
    }

    // Visits: completed every 2 to 3 months over the year (a few overdue: nothing for 4+ months),
    // and most have one booked 1 to 8 weeks ahead. Each patient has their own quarter hour of the
    // day (8:00 + 15 min x i), so no two demo visits of a clinician overlap.
    const minute = 8 * 60 + i * 15;
    const lastVisitAgo = i % 9 === 8 ? between(120, 160) : between(6, 60);
    const visitEvery = pick([60, 75, 90]);
    for (let ago = lastVisitAgo; ago <= Math.min(365, startedDaysAgo); ago += visitEvery) {
      const startsAt = zonedToUtc(addDays(today, -ago), minute, timeZone);
      visits.push({
        patientId: id,
        clinicianId,
        visitTypeId: checkIn.id,
        startsAt,
        endsAt: new Date(startsAt.getTime() + 15 * 60_000),
        modality: i % 5 === 4 ? "PHONE" : "VIDEO",
        phoneNumber: i % 5 === 4 ? `+1509555${String(100 + i).padStart(4, "0")}` : null,
        status: "COMPLETED",
        reason: "Opioid therapy follow-up",
        idempotencyKey: `seed-cp-${randomUUID()}`,
        createdById: coordinator,
        checkedInAt: startsAt,
        startedAt: startsAt,
        completedAt: new Date(startsAt.getTime() + 15 * 60_000),
        isDemo: true,
      });
    }
    if (i % 8 !== 7) {
      let ahead = between(7, 56);
      if (ahead === 28) ahead = 29;
      const startsAt = zonedToUtc(addDays(today, ahead), minute, timeZone);
      visits.push({
        patientId: id,
        clinicianId,
        visitTypeId: checkIn.id,
        startsAt,
        endsAt: new Date(startsAt.getTime() + 15 * 60_000),
        modality: i % 5 === 4 ? "PHONE" : "VIDEO",
        phoneNumber: i % 5 === 4 ? `+1509555${String(100 + i).padStart(4, "0")}` : null,
        status: "SCHEDULED",
        reason: "Opioid therapy follow-up",
        idempotencyKey: `seed-cp-${randomUUID()}`,
        createdById: coordinator,
        isDemo: true,
      });
    }
  }

  const movers = patients.filter((_, i) => i % 6 === 5).map((p) => ({ id: p.id!, to: p.primaryClinicianId! }));
  const firstClinician = new Map(movers.map((m) => [m.id, m.to === lee ? patel : lee]));
  await tx.patient.createMany({
    data: patients.map((p) => ({ ...p, primaryClinicianId: firstClinician.get(p.id!) ?? p.primaryClinicianId })),
  });
  await tx.careTeamMember.createMany({ data: team });
  await tx.medication.createMany({ data: meds });
  await tx.formResponse.createMany({ data: responses });
  await tx.udtOrder.createMany({ data: udts });
  await tx.pdmpCheck.createMany({ data: pdmp });
  await tx.naloxoneOffer.createMany({ data: naloxone });
  await tx.riskHistoryEntry.createMany({ data: risks });
  await tx.inPersonEvaluation.createMany({ data: inPerson });
  await tx.visit.createMany({ data: visits });
  await tx.consentRecord.createMany({ data: agreements });

  // Every 6th patient came over from the other clinician about five months ago, so a clinician's
  // past months on the measures dashboard count the patients they had then. The trigger on
  // "Patient" records the first clinician and the move; the move is dated back to when it happened.
  for (const m of movers) await tx.patient.update({ where: { id: m.id }, data: { primaryClinicianId: m.to } });
  if (movers.length > 0)
    await tx.primaryClinicianChange.updateMany({
      where: { patientId: { in: movers.map((m) => m.id) }, fromStart: false },
      data: { changedAt: instantAgo(150) },
    });
}

function clamp(v: number) {
  return Math.max(0, Math.min(10, v));
}
