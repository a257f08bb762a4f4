import type { AdvanceUdtInput } from "../schemas";
import type { UdtOrderTimes } from "./due";
import { formatForPatient } from "./format";
import { checkFindings } from "./findings";
import { interpretFindings, mergeFindings, type ActiveMedication, type Finding } from "./interpret";
import { transition, type UdtEvent, type UdtPerformer, type UdtState } from "./machine";
import { patientInstructions, type CollectionMethod } from "./patient-view";
import {
  isPanelCode,
  isSubstance,
  panelSubstances,
  substanceLabel,
  type PanelCode,
  type Substance,
} from "./substances";

/**
 * One workflow step on a urine drug test order, decided without I/O: the server loads the order
 * and what the step needs (udtStepNeeds), calls planUdtStep, and writes the plan (order columns,
 * findings, timeline rows) in one transaction guarded by the order's version. Every rule of a step
 * (the state machine, who may take it, which findings a result needs, the automatic
 * interpretation, the instruction text) is here and table-tested in plan-step.test.ts.
 */

/** The order as the step reads it. Times are the ones the due-step rule reads (core/due.ts). */
export type UdtOrderSnapshot = {
  state: UdtState;
  version: number;
  panelCode: string;
  collectionMethod: CollectionMethod;
  windowEnd: Date;
  patientTimeZone: string;
  times: UdtStepTimes;
};

export type UdtStepTimes = UdtOrderTimes & { windowEnd?: Date };

export type StoredFinding = {
  kind: "SCREEN" | "CONFIRMATORY";
  substance: string;
  detected: boolean;
  interpretation: "EXPECTED" | "UNEXPECTED" | null;
};

/** What a step needs loaded besides the order. */
export type UdtStepNeeds = { settings: boolean; findings: boolean; medications: boolean };

export function udtStepNeeds(event: UdtEvent): UdtStepNeeds {
  const result = event === "RECORD_RESULT" || event === "RECORD_CONFIRMATION";
  return { settings: event === "REOPEN_WINDOW", findings: result, medications: result };
}

export type UdtStepContext = {
  now: Date;
  actorUserId: string;
  performer: UdtPerformer;
  /** Clinic setting: hours of a new collection window (REOPEN_WINDOW without hours). */
  collectionWindowHours?: number;
  existingFindings?: readonly StoredFinding[];
  /** The medication list as it was when the sample was collected. */
  medications?: readonly ActiveMedication[];
};

/** Order columns a step sets (plain values; the server passes them to the update). */
export type UdtOrderChanges = Partial<{
  instructedAt: Date | null;
  instructedById: string | null;
  instructionChannel: string | null;
  instructionText: string | null;
  collectedAt: Date;
  windowStart: Date;
  windowEnd: Date;
  resultedAt: Date;
  interpretation: "EXPECTED" | "UNEXPECTED";
  confirmationMethod: string;
  confirmationOrderedAt: Date;
  confirmationResultedAt: Date;
  reviewedAt: Date;
  reviewedById: string;
  reviewNote: string;
  discussedAt: Date;
  discussedById: string;
  discussionNote: string;
  discussionPlan: string;
  closedAt: Date;
  cancelledAt: Date;
  cancelReason: string;
}>;

export type JsonValue = string | number | boolean | null | JsonValue[] | { [k: string]: JsonValue };
export type PlannedEvent = {
  event: UdtEvent;
  from: UdtState;
  to: UdtState;
  system: boolean;
  notes: string | null;
  details?: { [k: string]: JsonValue };
};
export type PlannedFinding = {
  kind: "SCREEN" | "CONFIRMATORY";
  substance: Substance;
  detected: boolean;
  interpretation: "EXPECTED" | "UNEXPECTED";
  why: string;
};

export type UdtStepPlan = {
  changes: UdtOrderChanges;
  /** The order's times after the step (for the due-step columns). */
  times: UdtStepTimes;
  finalState: UdtState;
  /** version + number of timeline rows: each row is one version. */
  finalVersion: number;
  events: PlannedEvent[];
  findings: PlannedFinding[];
};

export type UdtStepRefusal =
  | { code: "STALE" }
  | { code: "NOT_ALLOWED"; message: string }
  | { code: "INVALID_FINDINGS"; message: string; fields: Record<string, string[]> };

export type UdtStepOutcome = { ok: true; plan: UdtStepPlan } | { ok: false; refusal: UdtStepRefusal };

const HOUR = 3_600_000;

export function interpretationNote(overall: "EXPECTED" | "UNEXPECTED", unexpected: readonly Substance[]): string {
  return overall === "EXPECTED"
    ? "Consistent with the medication list"
    : `Unexpected: ${unexpected.map(substanceLabel).join(", ")}`;
}

function validationMessage(errors: Record<string, string[]>): string {
  return Object.values(errors).flat().slice(0, 3).join(" ");
}

export function planUdtStep(o: UdtOrderSnapshot, input: AdvanceUdtInput, c: UdtStepContext): UdtStepOutcome {
  if (o.version !== input.version) return { ok: false, refusal: { code: "STALE" } };
  const step = transition(o.state, input.event, c.performer);
  if (!step.ok) return { ok: false, refusal: { code: "NOT_ALLOWED", message: step.message } };

  const now = c.now;
  const changes: UdtOrderChanges = {};
  const times: UdtStepTimes = { ...o.times };
  const events: PlannedEvent[] = [
    { event: input.event, from: o.state, to: step.to, system: false, notes: input.notes },
  ];
  const first = events[0]!;
  let finalState: UdtState = step.to;
  const findings: PlannedFinding[] = [];

  switch (input.event) {
    case "INSTRUCT": {
      const text =
        input.instructionText ??
        patientInstructions(o.collectionMethod, formatForPatient(o.windowEnd, o.patientTimeZone)).join(" ");
      Object.assign(changes, {
        instructedAt: now,
        instructedById: c.actorUserId,
        instructionChannel: input.channel,
        instructionText: text,
      });
      first.details = { channel: input.channel, instructionText: text };
      break;
    }
    case "RECORD_COLLECTION":
      changes.collectedAt = now;
      times.collectedAt = now;
      break;
    case "REOPEN_WINDOW": {
      const hours = input.windowHours ?? c.collectionWindowHours ?? 24;
      const windowEnd = new Date(now.getTime() + hours * HOUR);
      Object.assign(changes, {
        windowStart: now,
        windowEnd,
        instructedAt: null,
        instructedById: null,
        instructionChannel: null,
        instructionText: null,
      });
      times.windowEnd = windowEnd;
      first.details = { windowHours: hours };
      break;
    }
    case "RECORD_RESULT":
    case "RECORD_CONFIRMATION": {
      const kind = input.event === "RECORD_RESULT" ? "SCREEN" : "CONFIRMATORY";
      const panel: PanelCode = isPanelCode(o.panelCode) ? o.panelCode : "CHRONIC_PAIN_STANDARD";
      const existing = c.existingFindings ?? [];
      const screenRows = existing.filter((f) => f.kind === "SCREEN" && isSubstance(f.substance));
      const required: readonly Substance[] =
        kind === "SCREEN"
          ? panelSubstances(panel)
          : screenRows.filter((f) => f.interpretation === "UNEXPECTED").map((f) => f.substance as Substance);
      const checked = checkFindings(input.findings, required);
      if (!checked.ok)
        return {
          ok: false,
          refusal: { code: "INVALID_FINDINGS", message: validationMessage(checked.errors), fields: checked.errors },
        };
      const meds = c.medications ?? [];
      const screen: Finding[] =
        kind === "SCREEN"
          ? checked.findings
          : screenRows.map((f) => ({ substance: f.substance as Substance, detected: f.detected }));
      const own = interpretFindings(checked.findings, meds);
      const overall = kind === "SCREEN" ? own : interpretFindings(mergeFindings(screen, checked.findings), meds);
      for (const f of own.findings)
        findings.push({
          kind,
          substance: f.substance,
          detected: f.detected,
          interpretation: f.interpretation,
          why: f.why,
        });
      changes.interpretation = overall.overall;
      const summary = {
        overall: overall.overall,
        unexpected: [...overall.unexpectedSubstances],
        notTested: [...overall.notTested],
      };
      if (kind === "SCREEN") {
        changes.resultedAt = now;
        times.resultedAt = now;
        first.details = { findings: checked.findings.length };
        // The automatic interpretation is its own step on the timeline, taken by the system.
        const auto: UdtEvent = overall.overall === "UNEXPECTED" ? "INTERPRET_UNEXPECTED" : "INTERPRET_EXPECTED";
        const next = transition(step.to, auto, "SYSTEM");
        if (!next.ok) return { ok: false, refusal: { code: "NOT_ALLOWED", message: next.message } };
        events.push({
          event: auto,
          from: step.to,
          to: next.to,
          system: true,
          notes: interpretationNote(overall.overall, overall.unexpectedSubstances),
          details: summary,
        });
        finalState = next.to;
      } else {
        changes.confirmationResultedAt = now;
        times.confirmationResultedAt = now;
        first.details = summary;
        first.notes = [input.notes, interpretationNote(overall.overall, overall.unexpectedSubstances)]
          .filter(Boolean)
          .join(" - ");
      }
      break;
    }
    case "ORDER_CONFIRMATION":
      Object.assign(changes, { confirmationMethod: input.method, confirmationOrderedAt: now });
      times.confirmationOrderedAt = now;
      first.details = { method: input.method };
      break;
    case "REVIEW":
      Object.assign(changes, { reviewedAt: now, reviewedById: c.actorUserId, reviewNote: input.reviewNote });
      times.reviewedAt = now;
      break;
    case "DISCUSS":
      Object.assign(changes, {
        discussedAt: now,
        discussedById: c.actorUserId,
        discussionNote: input.discussionNote,
        discussionPlan: input.plan,
      });
      times.discussedAt = now;
      first.notes = input.notes ?? "Conversation and plan documented";
      break;
    case "CLOSE":
      changes.closedAt = now;
      break;
    case "CANCEL":
      Object.assign(changes, { cancelledAt: now, cancelReason: input.cancelReason });
      first.notes = input.notes ? `${input.cancelReason} - ${input.notes}` : input.cancelReason;
      break;
  }
  return { ok: true, plan: { changes, times, finalState, finalVersion: o.version + events.length, events, findings } };
}
