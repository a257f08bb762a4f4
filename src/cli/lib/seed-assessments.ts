import { randomUUID } from "node:crypto";
import type { Prisma, PrismaClient } from "../../generated/prisma/client";
import { instruments } from "../../modules/assessments/core/instruments";
import { scorePeg, scorePhq9 } from "../../modules/assessments/core/scoring";

type Tx = Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];
/** User ids by demo key, patient ids by MRN. */
export type DemoIds = { users: Record<string, string>; patients: Record<string, string> };

const DAY = 86_400_000;

/** Monthly PEG + PHQ-9 history ending about a week ago, easing gently (a realistic response to care). */
function history(
  patientId: string,
  months: number,
  pegStart: number,
  pegEnd: number,
  phqStart: number,
  phqEnd: number,
  enteredById: string | null,
  now: number,
): Prisma.FormResponseCreateManyInput[] {
  const rows: Prisma.FormResponseCreateManyInput[] = [];
  for (let i = 0; i < months; i++) {
    const f = months === 1 ? 1 : i / (months - 1);
    const wobble = [0, 1, -1, 0, 1][i % 5]!;
    const at = new Date(now - (months - i) * 30 * DAY - 7 * DAY);
    const pegTarget = Math.round(pegStart + (pegEnd - pegStart) * f);
    const pa = { p: clamp(pegTarget + wobble, 0, 10), e: clamp(pegTarget, 0, 10), g: clamp(pegTarget - wobble, 0, 10) };
    const peg = scorePeg(pa);
    const total = Math.round(phqStart + (phqEnd - phqStart) * f);
    const phqA: Record<string, number> = { "9": 0, "10": total > 9 ? 1 : 0 };
    let left = total;
    for (let k = 1; k <= 8; k++) {
      const v = Math.min(3, left);
      phqA[String(k)] = v;
      left -= v;
    }
    const phq = scorePhq9(phqA);
    const mode = enteredById && i % 4 === 3 ? "PHONE" : "PORTAL";
    for (const [code, s] of [
      ["PEG", peg],
      ["PHQ9", phq],
    ] as const) {
      if (!s.ok) throw new Error("seed answers invalid");
      const id = randomUUID();
      rows.push({
        id,
        seriesId: id,
        patientId,
        instrument: code,
        instrumentVersion: instruments[code].version,
        answers: s.answers,
        scoreTenths: s.score.scoreTenths,
        safetyFlag: false,
        mode,
        enteredById: mode === "PHONE" ? enteredById : null,
        answeredAt: at,
        idempotencyKey: `seed-${id}`,
      });
    }
  }
  return rows;
}

function clamp(v: number, lo: number, hi: number) {
  return Math.max(lo, Math.min(hi, v));
}

export async function seedAssessments(tx: Tx, ids: DemoIds): Promise<void> {
  const now = Date.now();
  const maria = ids.patients["MRN-100001"];
  const james = ids.patients["MRN-100002"];
  const linda = ids.patients["MRN-100003"];
  const robert = ids.patients["MRN-100004"];
  const coordinator = ids.users.coordinator ?? null;
  const rows: Prisma.FormResponseCreateManyInput[] = [];
  if (maria) rows.push(...history(maria, 12, 7, 4, 14, 8, coordinator, now));
  if (linda) rows.push(...history(linda, 3, 5, 5, 6, 7, coordinator, now));
  // Five years of monthly answers: the chart budget's scenario (tests/bench/assessments.ts).
  if (robert) rows.push(...history(robert, 60, 8, 5, 18, 9, coordinator, now));
  await tx.formResponse.createMany({ data: rows });

  const requests: Prisma.FormRequestCreateManyInput[] = [];
  // Maria: a video visit in 2 days; forms due 2 hours before it (the default setting).
  const mariaVisit = randomUUID();
  if (maria)
    for (const instrument of ["PEG", "PHQ9"] as const)
      requests.push({
        patientId: maria,
        visitId: mariaVisit,
        instrument,
        dueAt: new Date(now + 2 * DAY - 2 * 3_600_000),
      });
  // James has no smartphone: his forms are overdue and wait for a coordinator's call.
  const jamesVisit = randomUUID();
  if (james)
    for (const instrument of ["PEG", "PHQ9"] as const)
      requests.push({
        patientId: james,
        visitId: jamesVisit,
        instrument,
        dueAt: new Date(now - 3_600_000),
        reminderCount: 1,
        lastRemindedAt: new Date(now - DAY),
      });
  await tx.formRequest.createMany({ data: requests });
}
