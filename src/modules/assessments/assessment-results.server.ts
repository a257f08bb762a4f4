import "server-only";
import { responseLanguageLabel } from "./core/response-language";
import { userNamesById } from "@/modules/identity/index.server";
import type { Prisma } from "@/generated/prisma/client";
import { writeAudit } from "@/server/audit";
import { authorize } from "@/server/auth/actor";
import { db } from "@/server/db";
import { AppError } from "@/server/errors";
import type { RequestContext } from "@/server/request-context";
import type { Actor } from "../identity/core/roles";
import { comparePegToBaseline } from "./core/change";
import { instruments, type InstrumentCode } from "./core/instruments";
import { phq9Severity, formatTenths, type Phq9Severity } from "./core/scoring";
import { canAssessments } from "./policy";
import { staff } from "./respondent.server";

/** Results for clinicians: latest scores, item answers and trends, and one answer's versions. */

type ItemAnswer = { itemId: string; number: number; text: string; value: number | null; label: string };

export type ResponseView = {
  id: string;
  seriesId: string;
  version: number;
  versions: number;
  instrument: InstrumentCode;
  instrumentVersion: string;
  answeredAt: string;
  recordedAt: string;
  mode: "PORTAL" | "SECURE_LINK" | "PHONE" | "VIDEO";
  /** Which wording and page language the answers were given in (staff see it beside the answer). */
  languageLabel: string;
  enteredByName: string | null;
  scoreTenths: number;
  display: string;
  severity: Phq9Severity | null;
  safetyFlag: boolean;
  correctionReason: string | null;
  items: ItemAnswer[];
};

export type PegPoint = {
  t: number;
  responseId: string;
  scoreTenths: number;
  display: string;
  drop30Percent: boolean;
  drop1Point: boolean;
  percentChange: number | null;
};
export type Phq9Point = { t: number; responseId: string; total: number; severity: Phq9Severity; safetyFlag: boolean };

export type AssessmentResults = {
  patientId: string;
  peg: { latest: ResponseView | null; baseline: PegPoint | null; points: PegPoint[] };
  phq9: { latest: ResponseView | null; points: Phq9Point[] };
  /** Latest version of every answer, newest first. */
  recent: ResponseView[];
};

const responseSelect = {
  id: true,
  seriesId: true,
  version: true,
  instrument: true,
  instrumentVersion: true,
  answeredAt: true,
  createdAt: true,
  mode: true,
  language: true,
  translationVersion: true,
  pageLanguage: true,
  enteredById: true,
  scoreTenths: true,
  safetyFlag: true,
  correctionReason: true,
  answers: true,
} satisfies Prisma.FormResponseSelect;
type ResponseRow = Prisma.FormResponseGetPayload<{ select: typeof responseSelect }>;

function toView(r: ResponseRow, names: Map<string, string>, versions: number): ResponseView {
  const inst = instruments[r.instrument];
  const answers = (r.answers ?? {}) as Record<string, number>;
  return {
    id: r.id,
    seriesId: r.seriesId,
    version: r.version,
    versions,
    instrument: r.instrument,
    instrumentVersion: r.instrumentVersion,
    answeredAt: r.answeredAt.toISOString(),
    recordedAt: r.createdAt.toISOString(),
    mode: r.mode,
    languageLabel: responseLanguageLabel(r),
    enteredByName: r.enteredById ? (names.get(r.enteredById) ?? null) : null,
    scoreTenths: r.scoreTenths,
    display: r.instrument === "PEG" ? formatTenths(r.scoreTenths) : String(r.scoreTenths / 10),
    severity: r.instrument === "PHQ9" ? phq9Severity(r.scoreTenths / 10) : null,
    safetyFlag: r.safetyFlag,
    correctionReason: r.correctionReason,
    items: inst.items.map((item) => {
      const value = typeof answers[item.id] === "number" ? answers[item.id]! : null;
      return {
        itemId: item.id,
        number: item.number,
        text: item.text,
        value,
        label: value === null ? "Not answered" : (item.options.find((o) => o.value === value)?.label ?? String(value)),
      };
    }),
  };
}

/** Latest scores, item answers and trends for one patient (chart and visit workspace). */
export async function getAssessmentResults(
  actor: Actor,
  patientId: string,
  ctx: RequestContext,
): Promise<AssessmentResults> {
  await authorize(actor, canAssessments(actor.role, "assessment.readResults"), {
    entityType: "FormResponse",
    patientId,
    action: "READ",
  });
  const rows = await db.formResponse.findMany({
    where: { patientId },
    select: responseSelect,
    orderBy: [{ answeredAt: "asc" }, { version: "asc" }],
  });
  const bySeries = new Map<string, ResponseRow[]>();
  for (const r of rows) {
    const list = bySeries.get(r.seriesId) ?? [];
    list.push(r);
    bySeries.set(r.seriesId, list);
  }
  const current = [...bySeries.values()].map((vs) => ({
    row: vs.reduce((a, b) => (b.version > a.version ? b : a)),
    versions: vs.length,
  }));
  current.sort((a, b) => a.row.answeredAt.getTime() - b.row.answeredAt.getTime() || a.row.id.localeCompare(b.row.id));
  const names = await userNamesById(current.map((c) => c.row.enteredById));
  const views = current.map((c) => toView(c.row, names, c.versions));

  const pegViews = views.filter((v) => v.instrument === "PEG");
  const base = pegViews[0];
  const pegPoints: PegPoint[] = pegViews.map((v) => {
    const c = comparePegToBaseline(base!.scoreTenths, v.scoreTenths);
    return {
      t: Date.parse(v.answeredAt),
      responseId: v.id,
      scoreTenths: v.scoreTenths,
      display: v.display,
      drop30Percent: c.drop30Percent,
      drop1Point: c.drop1Point,
      percentChange: c.percentChange,
    };
  });
  const phqViews = views.filter((v) => v.instrument === "PHQ9");
  await writeAudit({
    actor: staff(actor),
    action: "READ",
    entityType: "FormResponse",
    patientId,
    outcome: "SUCCESS",
    ctx,
    details: { scope: "results", responses: views.length },
  });
  return {
    patientId,
    peg: { latest: pegViews.at(-1) ?? null, baseline: pegPoints[0] ?? null, points: pegPoints },
    phq9: {
      latest: phqViews.at(-1) ?? null,
      points: phqViews.map((v) => ({
        t: Date.parse(v.answeredAt),
        responseId: v.id,
        total: v.scoreTenths / 10,
        severity: v.severity!,
        safetyFlag: v.safetyFlag,
      })),
    },
    recent: [...views].reverse(),
  };
}

/** Every version of one answer, newest first: a correction never hides what was there before. */
export async function getResponseHistory(
  actor: Actor,
  patientId: string,
  seriesId: string,
  ctx: RequestContext,
): Promise<ResponseView[]> {
  await authorize(actor, canAssessments(actor.role, "assessment.readResults"), {
    entityType: "FormResponse",
    entityId: seriesId,
    patientId,
    action: "READ",
  });
  const rows = await db.formResponse.findMany({
    where: { seriesId, patientId },
    select: responseSelect,
    orderBy: { version: "desc" },
  });
  if (rows.length === 0) throw new AppError("NOT_FOUND");
  const names = await userNamesById(rows.map((r) => r.enteredById));
  await writeAudit({
    actor: staff(actor),
    action: "READ",
    entityType: "FormResponse",
    entityId: seriesId,
    patientId,
    outcome: "SUCCESS",
    ctx,
    details: { scope: "history", versions: rows.length },
  });
  return rows.map((r) => toView(r, names, rows.length));
}
