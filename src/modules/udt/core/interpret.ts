import { catalogDrug, type DrugKey } from "./medication-catalog";
import { substanceLabel, type Substance } from "./substances";

/**
 * Expected / unexpected interpretation of a urine drug test against the medication list
 * (docs/clinical-reference.md#udt-interpretation; Kale, Am Fam Physician 2019). Two kinds of unexpected:
 * - unexpected presence: a substance detected that no listed medication explains;
 * - prescribed opioid absent: a listed opioid's parent drug tested and not detected.
 * The result is never a verdict: unexpected screening findings go to confirmatory testing, and
 * the clinician reviews and discusses them with the patient.
 */
export type Finding = { substance: Substance; detected: boolean };
export type ActiveMedication = { drugKey: DrugKey; name: string };
export type InterpretedFinding = Finding & { interpretation: "EXPECTED" | "UNEXPECTED"; why: string };
export type Interpretation = {
  overall: "EXPECTED" | "UNEXPECTED";
  findings: InterpretedFinding[];
  /** Listed medications the panel could not check (e.g. tapentadol on a standard panel). */
  notTested: string[];
  unexpectedSubstances: Substance[];
};

export function interpretFindings(findings: readonly Finding[], meds: readonly ActiveMedication[]): Interpretation {
  const explainedBy = new Map<Substance, string[]>();
  const parentOpioids = new Map<Substance, string[]>();
  for (const m of meds) {
    const drug = catalogDrug(m.drugKey);
    drug.expects.forEach((s, i) => {
      explainedBy.set(s, [...(explainedBy.get(s) ?? []), m.name]);
      if (drug.opioid && i === 0) parentOpioids.set(s, [...(parentOpioids.get(s) ?? []), m.name]);
    });
  }
  const out: InterpretedFinding[] = findings.map((f) => {
    const label = substanceLabel(f.substance);
    const meds = explainedBy.get(f.substance);
    if (f.detected) {
      return meds
        ? { ...f, interpretation: "EXPECTED", why: `Detected; explained by ${meds.join(", ")}` }
        : {
            ...f,
            interpretation: "UNEXPECTED",
            why: `Unexpected presence: ${label} detected but not on the medication list`,
          };
    }
    const prescribed = parentOpioids.get(f.substance);
    return prescribed
      ? {
          ...f,
          interpretation: "UNEXPECTED",
          why: `Prescribed opioid absent: ${prescribed.join(", ")} listed but ${label} not detected`,
        }
      : { ...f, interpretation: "EXPECTED", why: "Not detected, as expected" };
  });
  const tested = new Set(findings.map((f) => f.substance));
  const notTested = meds
    .filter((m) => {
      const d = catalogDrug(m.drugKey);
      return d.opioid && d.expects[0] !== undefined && !tested.has(d.expects[0]);
    })
    .map((m) => `${m.name}: not on this panel`);
  const unexpectedSubstances = out.filter((f) => f.interpretation === "UNEXPECTED").map((f) => f.substance);
  return {
    overall: unexpectedSubstances.length ? "UNEXPECTED" : "EXPECTED",
    findings: out,
    notTested,
    unexpectedSubstances,
  };
}

/** Confirmatory (GC-MS / LC-MS) findings replace the screening finding for the same substance. */
export function mergeFindings(screen: readonly Finding[], confirmatory: readonly Finding[]): Finding[] {
  const byKey = new Map<Substance, Finding>();
  for (const f of screen) byKey.set(f.substance, f);
  for (const f of confirmatory) byKey.set(f.substance, f);
  return [...byKey.values()];
}
