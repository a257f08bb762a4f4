import { instruments, PHQ9_SAFETY_ITEM_ID, type Instrument, type InstrumentCode } from "./instruments";

/** Item id -> chosen option value. Anything else (missing, out of range, extra keys) is rejected. */
export type Answers = Record<string, number>;

export type ScoreProblem = { itemId: string; problem: "missing" | "out_of_range" | "unknown_item" };

export type PegScore = {
  instrument: "PEG";
  /** Mean of P, E and G in tenths (0-100): integers keep the one-decimal rounding exact. */
  scoreTenths: number;
  /** The mean as shown, one decimal ("6.7"). */
  display: string;
};

export const phq9Severities = ["minimal", "mild", "moderate", "moderately severe", "severe"] as const;
export type Phq9Severity = (typeof phq9Severities)[number];

export type Phq9Score = {
  instrument: "PHQ9";
  total: number;
  /** Total in tenths so both instruments share one stored column. */
  scoreTenths: number;
  display: string;
  severity: Phq9Severity;
  /** Item 9 > 0: the safety pathway must run (docs/clinical-reference.md#phq-9-item-9-safety-event). */
  safetyFlag: boolean;
  item9: number;
};

export type Score = PegScore | Phq9Score;
export type ScoreResult = { ok: true; score: Score; answers: Answers } | { ok: false; problems: ScoreProblem[] };

/** Checks every item: all required ones present, every value one of the item's options, no extras. */
export function checkAnswers(instrument: Instrument, answers: Record<string, number | undefined>): ScoreProblem[] {
  const problems: ScoreProblem[] = [];
  const known = new Set(instrument.items.map((i) => i.id));
  for (const key of Object.keys(answers)) if (!known.has(key)) problems.push({ itemId: key, problem: "unknown_item" });
  for (const item of instrument.items) {
    const v = answers[item.id];
    if (v === undefined) {
      if (item.required) problems.push({ itemId: item.id, problem: "missing" });
      continue;
    }
    if (!Number.isInteger(v) || !item.options.some((o) => o.value === v))
      problems.push({ itemId: item.id, problem: "out_of_range" });
  }
  return problems;
}

function clean(instrument: Instrument, answers: Record<string, number | undefined>): Answers {
  const out: Answers = {};
  for (const item of instrument.items) {
    const v = answers[item.id];
    if (v !== undefined) out[item.id] = v;
  }
  return out;
}

/**
 * PEG score: the mean of the three items, 0-10, one decimal; all three items are required
 * (Krebs 2009). sum*10/3 never ends in exactly .5, so rounding to tenths is unambiguous.
 */
export function scorePeg(answers: Record<string, number | undefined>): ScoreResult {
  const problems = checkAnswers(instruments.PEG, answers);
  if (problems.length) return { ok: false, problems };
  const a = clean(instruments.PEG, answers);
  const sum = (a.p ?? 0) + (a.e ?? 0) + (a.g ?? 0);
  const scoreTenths = Math.round((sum * 10) / 3);
  return { ok: true, answers: a, score: { instrument: "PEG", scoreTenths, display: formatTenths(scoreTenths) } };
}

/** PHQ-9 severity bands (Kroenke 2001): 0-4 minimal, 5-9 mild, 10-14 moderate, 15-19 moderately severe, 20-27 severe. */
export function phq9Severity(total: number): Phq9Severity {
  if (!Number.isInteger(total) || total < 0 || total > 27) throw new RangeError(`PHQ-9 total out of range: ${total}`);
  if (total <= 4) return "minimal";
  if (total <= 9) return "mild";
  if (total <= 14) return "moderate";
  if (total <= 19) return "moderately severe";
  return "severe";
}

/** Lower and upper total of each severity band, for shading charts. */
export const phq9Bands: readonly { severity: Phq9Severity; min: number; max: number }[] = [
  { severity: "minimal", min: 0, max: 4 },
  { severity: "mild", min: 5, max: 9 },
  { severity: "moderate", min: 10, max: 14 },
  { severity: "moderately severe", min: 15, max: 19 },
  { severity: "severe", min: 20, max: 27 },
];

/** PHQ-9 total: sum of items 1-9 (0-27); every item is required; item 10 is not scored. */
export function scorePhq9(answers: Record<string, number | undefined>): ScoreResult {
  const problems = checkAnswers(instruments.PHQ9, answers);
  if (problems.length) return { ok: false, problems };
  const a = clean(instruments.PHQ9, answers);
  const total = instruments.PHQ9.items.filter((i) => i.scored).reduce((s, i) => s + (a[i.id] ?? 0), 0);
  const item9 = a[PHQ9_SAFETY_ITEM_ID] ?? 0;
  return {
    ok: true,
    answers: a,
    score: {
      instrument: "PHQ9",
      total,
      scoreTenths: total * 10,
      display: String(total),
      severity: phq9Severity(total),
      safetyFlag: item9 > 0,
      item9,
    },
  };
}

export function scoreResponse(code: InstrumentCode, answers: Record<string, number | undefined>): ScoreResult {
  switch (code) {
    case "PEG":
      return scorePeg(answers);
    case "PHQ9":
      return scorePhq9(answers);
  }
}

export function formatTenths(t: number): string {
  return `${Math.trunc(t / 10)}.${Math.abs(t % 10)}`;
}

/** Patient-facing message for a problem with one item. */
export function problemMessage(instrument: Instrument, p: ScoreProblem): string {
  const item = instrument.items.find((i) => i.id === p.itemId);
  switch (p.problem) {
    case "missing":
      return `Please choose an answer for question ${item?.number ?? p.itemId}.`;
    case "out_of_range":
      return `That answer is not one of the choices for question ${item?.number ?? p.itemId}. Please choose again.`;
    case "unknown_item":
      return `Unexpected answer "${p.itemId}".`;
  }
}
