import type { Finding } from "./interpret";
import { findSubstance, panelSubstances, substanceLabel, type PanelCode, type Substance } from "./substances";

export type RawFinding = { substance: string; detected: boolean };
export type FindingsCheck = { ok: true; findings: Finding[] } | { ok: false; errors: Record<string, string[]> };

/**
 * Validates lab findings against the substance catalog. Every substance must be known (an
 * unknown name is an error that names it, never silently dropped), reported once, and, for a
 * screening result, every substance of the ordered panel must have a finding.
 */
export function checkFindings(raw: readonly RawFinding[], required: readonly Substance[]): FindingsCheck {
  const errors: Record<string, string[]> = {};
  const seen = new Map<Substance, Finding>();
  for (const r of raw) {
    const s = findSubstance(r.substance);
    if (!s) {
      (errors.substances ??= []).push(
        `Unknown substance "${r.substance.trim().slice(0, 60)}": it is not in the substance catalog`,
      );
      continue;
    }
    const prev = seen.get(s);
    if (prev && prev.detected !== r.detected) {
      (errors.substances ??= []).push(`${substanceLabel(s)} is reported twice with different findings`);
      continue;
    }
    seen.set(s, { substance: s, detected: r.detected });
  }
  for (const s of required) {
    if (!seen.has(s)) (errors[`finding_${s}`] ??= []).push(`Choose detected or not detected for ${substanceLabel(s)}`);
  }
  if (seen.size === 0 && !Object.keys(errors).length) errors.substances = ["Enter at least one finding"];
  return Object.keys(errors).length ? { ok: false, errors } : { ok: true, findings: [...seen.values()] };
}

export function screeningRequired(panel: PanelCode): readonly Substance[] {
  return panelSubstances(panel);
}
