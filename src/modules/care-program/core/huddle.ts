import type { InstrumentCode } from "@/modules/assessments/core/instruments";
import { addDays, daysBetween, formatLocalDate, type LocalDate } from "./dates";
import type { CareGapRuleId, OpenGap } from "./rules";
import type { CareProgramSettings } from "./settings";

/**
 * The pre-visit huddle ("Before this visit"): for each open care gap of the patient, the one
 * action the person looking at it can take. The coordinator prepares what a coordinator may
 * (forms, a urine drug test queued for the clinician, a follow-up visit); the clinician resolves
 * the rest by documenting it (PDMP, naloxone, the agreement, the UDT order). Pure: the server
 * passes what is already under way for the visit (forms requested, a UDT queued or ordered).
 */
export type HuddleRole = "CLINICIAN" | "COORDINATOR";

export type HuddleActionKind =
  /** Request the gap's form for this visit (or resend the link when it is requested already). */
  | "send-forms"
  /** Coordinator: prepare a urine drug test order for the clinician to order. */
  | "queue-udt"
  /** Clinician: order a urine drug test (the queued one when there is one). */
  | "order-udt"
  /** Something is under way that closes the gap once it happens (a UDT ordered, one queued for the clinician). */
  | "under-way"
  | "document-pdmp"
  | "document-naloxone"
  /** Link to the chart's agreement section (agreements are consent records). */
  | "agreement"
  /** Link to the chart's medication list (opioid with a benzodiazepine: a review, never automatic). */
  | "review-medications"
  /** Link to the booking page, prefilled. */
  | "book-follow-up"
  /** Someone else's to do: said in words (the coordinator sees what the clinician documents). */
  | "for-clinician"
  /** A context item: nothing to close. */
  | "none";

export type HuddleAction = { kind: HuddleActionKind; label: string; instrument?: InstrumentCode };

/** What is already under way for this visit, read by the server from the tables (no cache). */
export type HuddleState = {
  /** Forms requested for this visit and not done yet. */
  formsPending: readonly InstrumentCode[];
  /** A urine drug test queued by a coordinator for this visit, not ordered yet. */
  udtQueued: boolean;
  /** A urine drug test ordered for the patient whose sample is not collected yet (the gap closes at collection). */
  udtOrderOpen: boolean;
};

export const noHuddleState: HuddleState = { formsPending: [], udtQueued: false, udtOrderOpen: false };

/** The form that closes a gap, for the gaps a form closes. */
export const gapInstrument: Partial<Record<CareGapRuleId, InstrumentCode>> = { "peg-due": "PEG", "phq9-due": "PHQ9" };

const instrumentName: Record<InstrumentCode, string> = { PEG: "PEG", PHQ9: "PHQ-9" };

/**
 * Which kind of action each gap offers to each role, before what is under way is considered. The
 * one table behind the panel (core/huddle.test.ts checks every cell).
 */
export const gapActionTable: Record<CareGapRuleId, Record<HuddleRole, HuddleActionKind>> = {
  "peg-due": { COORDINATOR: "send-forms", CLINICIAN: "send-forms" },
  "phq9-due": { COORDINATOR: "send-forms", CLINICIAN: "send-forms" },
  "udt-due": { COORDINATOR: "queue-udt", CLINICIAN: "order-udt" },
  "agreement-due": { COORDINATOR: "agreement", CLINICIAN: "agreement" },
  "pdmp-due": { COORDINATOR: "for-clinician", CLINICIAN: "document-pdmp" },
  "naloxone-indicated": { COORDINATOR: "for-clinician", CLINICIAN: "document-naloxone" },
  "opioid-benzodiazepine": { COORDINATOR: "for-clinician", CLINICIAN: "review-medications" },
  "dose-increase-follow-up": { COORDINATOR: "book-follow-up", CLINICIAN: "book-follow-up" },
  "visit-overdue": { COORDINATOR: "book-follow-up", CLINICIAN: "book-follow-up" },
  "high-dose-context": { COORDINATOR: "none", CLINICIAN: "none" },
};

/** The one action a gap offers `role`, given what is already under way for the visit. */
export function gapAction(ruleId: CareGapRuleId, role: HuddleRole, state: HuddleState = noHuddleState): HuddleAction {
  const kind = gapActionTable[ruleId][role];
  switch (kind) {
    case "send-forms": {
      const instrument = gapInstrument[ruleId]!;
      const name = instrumentName[instrument];
      return state.formsPending.includes(instrument)
        ? { kind, instrument, label: `${name} requested for this visit, not answered yet: send the patient a new link` }
        : { kind, instrument, label: `Send the ${name} form for this visit` };
    }
    case "queue-udt":
      if (state.udtOrderOpen) return { kind: "under-way", label: "Urine drug test ordered: waiting for the sample" };
      if (state.udtQueued) return { kind: "under-way", label: "Urine drug test queued for the clinician to order" };
      return { kind, label: "Queue a urine drug test for the clinician to order" };
    case "order-udt":
      if (state.udtOrderOpen) return { kind: "under-way", label: "Urine drug test ordered: waiting for the sample" };
      return {
        kind,
        label: state.udtQueued ? "Order the urine drug test the coordinator queued" : "Order a urine drug test",
      };
    case "document-pdmp":
      return { kind, label: "Document the PDMP check" };
    case "document-naloxone":
      return { kind, label: "Document naloxone offered, prescribed or declined" };
    case "agreement":
      return {
        kind,
        label:
          role === "CLINICIAN"
            ? "Review or sign the patient agreement (chart)"
            : "Prepare the patient agreement (chart)",
      };
    case "review-medications":
      return { kind, label: "Review the opioid and benzodiazepine together (medication list)" };
    case "book-follow-up":
      return { kind, label: "Book a follow-up visit" };
    case "for-clinician":
      return {
        kind,
        label:
          ruleId === "pdmp-due"
            ? "The clinician documents the PDMP check"
            : ruleId === "naloxone-indicated"
              ? "The clinician documents naloxone"
              : "The clinician reviews this in the visit",
      };
    case "none":
    case "under-way":
      return { kind, label: "Context for the clinician's judgement; nothing to close" };
  }
}

export type HuddleGap = OpenGap & { action: HuddleAction };

/** The panel's items: gaps first (in rule order), context items after them. */
export function huddleItems(
  open: readonly OpenGap[],
  role: HuddleRole,
  state: HuddleState = noHuddleState,
): { gaps: HuddleGap[]; context: HuddleGap[] } {
  const items = open.map((g) => ({ ...g, action: gapAction(g.ruleId, role, state) }));
  return { gaps: items.filter((g) => g.severity === "gap"), context: items.filter((g) => g.severity === "context") };
}

/** The forms to request when "Send forms" is pressed: every open form gap's instrument. */
export function formsToSend(open: readonly Pick<OpenGap, "ruleId">[]): InstrumentCode[] {
  const out: InstrumentCode[] = [];
  for (const g of open) {
    const i = gapInstrument[g.ruleId];
    if (i && !out.includes(i)) out.push(i);
  }
  return out;
}

/**
 * The PDMP check form's defaults: checked today (clinic date), in the state the patient is in for
 * the visit when it is recorded, otherwise the state they live in.
 */
export function pdmpDefaults(input: { today: LocalDate; visitState: string | null; residenceState: string | null }): {
  checkedOn: LocalDate;
  state: string;
} {
  return { checkedOn: input.today, state: (input.visitState ?? input.residenceState ?? "").trim().toUpperCase() };
}

/** How far back a huddle may date what it documents (a check done earlier is recorded on the chart as of its own date). */
export const DOCUMENTED_MAX_DAYS_BACK = 365;

/** Why a documented date cannot be used (it has not happened yet, or it is too old for a huddle), or null. */
export function documentedDateProblem(date: LocalDate, today: LocalDate): string | null {
  if (date > today) return `The date is in the future: enter ${formatLocalDate(today)} or an earlier day.`;
  if (daysBetween(date, today) > DOCUMENTED_MAX_DAYS_BACK)
    return `The date is more than ${DOCUMENTED_MAX_DAYS_BACK} days ago: enter a date after ${formatLocalDate(addDays(today, -DOCUMENTED_MAX_DAYS_BACK - 1))}.`;
  return null;
}

/**
 * The dates the booking page searches for a follow-up booked from the huddle: after a dose
 * increase, 1 to 4 weeks after this visit (the setting's follow-up days); otherwise the two weeks
 * before the visit interval ends. The booking page searches at most 5 weeks at a time.
 */
export function followUpWindow(
  ruleId: CareGapRuleId,
  visitDate: LocalDate,
  s: Pick<CareProgramSettings, "doseIncreaseFollowUpDays" | "visitIntervalDays">,
): { from: LocalDate; to: LocalDate } {
  if (ruleId === "dose-increase-follow-up") {
    const to = Math.max(1, s.doseIncreaseFollowUpDays);
    return { from: addDays(visitDate, Math.min(7, to)), to: addDays(visitDate, to) };
  }
  const to = Math.max(1, s.visitIntervalDays);
  return { from: addDays(visitDate, Math.max(1, to - 14)), to: addDays(visitDate, to) };
}

// ---------------------------------------------------------------------------------------------
// The visit note's "Reviewed before the visit"
// ---------------------------------------------------------------------------------------------

export type ReviewedBeforeVisit = {
  pdmpChecks: {
    checkedOn: LocalDate;
    state: string;
    finding: "CONSISTENT" | "CONCERNS";
    note: string | null;
    by: string;
  }[];
  naloxone: { offeredOn: LocalDate; outcome: "OFFERED" | "PRESCRIBED" | "DECLINED"; note: string | null; by: string }[];
  riskHistory: {
    kind: "OVERDOSE" | "SUBSTANCE_USE_DISORDER";
    recordedOn: LocalDate;
    note: string | null;
    by: string;
  }[];
  udtOrders: {
    status: "QUEUED" | "ORDERED";
    panel: string;
    reason: string;
    queuedBy: string;
    orderedBy: string | null;
    orderedOn: LocalDate | null;
  }[];
  forms: { instrument: InstrumentCode; state: "done" | "pending" | "overdue" | "cancelled" }[];
};

export const emptyReviewed: ReviewedBeforeVisit = {
  pdmpChecks: [],
  naloxone: [],
  riskHistory: [],
  udtOrders: [],
  forms: [],
};

const findingWords = { CONSISTENT: "consistent with the prescribed medications", CONCERNS: "concerns found" } as const;
const naloxoneWords = { OFFERED: "offered", PRESCRIBED: "prescribed", DECLINED: "declined by the patient" } as const;
const riskWords = {
  OVERDOSE: "History of overdose",
  SUBSTANCE_USE_DISORDER: "History of a substance use disorder",
} as const;
const formWords = {
  done: "answered",
  pending: "requested, not answered yet",
  overdue: "requested, overdue",
  cancelled: "withdrawn",
} as const;

const withNote = (text: string, note: string | null) => (note ? `${text}. Note: ${note}` : text);

/** The section's lines in plain words (the note page and its PDF print the same lines). */
export function reviewedLines(r: ReviewedBeforeVisit): { label: string; text: string }[] {
  const out: { label: string; text: string }[] = [];
  for (const c of r.pdmpChecks)
    out.push({
      label: "PDMP",
      text: withNote(
        `Checked ${formatLocalDate(c.checkedOn)} (${c.state}): ${findingWords[c.finding]}; by ${c.by}`,
        c.note,
      ),
    });
  for (const n of r.naloxone)
    out.push({
      label: "Naloxone",
      text: withNote(
        `${naloxoneWords[n.outcome][0]!.toUpperCase()}${naloxoneWords[n.outcome].slice(1)} ${formatLocalDate(n.offeredOn)}; by ${n.by}`,
        n.note,
      ),
    });
  for (const h of r.riskHistory)
    out.push({
      label: "Risk history",
      text: withNote(`${riskWords[h.kind]}, recorded ${formatLocalDate(h.recordedOn)}; by ${h.by}`, h.note),
    });
  for (const u of r.udtOrders) {
    out.push({
      label: "Urine drug test",
      text:
        u.status === "ORDERED" && u.orderedOn
          ? `${u.panel} ordered ${formatLocalDate(u.orderedOn)} (${u.reason}); by ${u.orderedBy ?? "the clinician"}`
          : `${u.panel} queued for the clinician by ${u.queuedBy} (${u.reason}), not ordered yet`,
    });
  }
  for (const f of r.forms)
    out.push({ label: "Pre-visit form", text: `${instrumentName[f.instrument]} ${formWords[f.state]}` });
  return out;
}
