import { describe, expect, it } from "vitest";
import { checkFindings } from "./findings";
import { interpretFindings, mergeFindings, type ActiveMedication, type Finding } from "./interpret";
import { findSubstance, panelSubstances } from "./substances";

const oxy: ActiveMedication = { drugKey: "oxycodone", name: "Oxycodone 10 mg" };
const codeine: ActiveMedication = { drugKey: "codeine", name: "Codeine 30 mg" };
const lorazepam: ActiveMedication = { drugKey: "lorazepam", name: "Lorazepam 1 mg" };
const tapentadol: ActiveMedication = { drugKey: "tapentadol", name: "Tapentadol 50 mg" };

describe("interpretFindings", () => {
  it.each<[string, Finding[], ActiveMedication[], "EXPECTED" | "UNEXPECTED", RegExp]>([
    [
      "prescribed opioid present",
      [{ substance: "oxycodone", detected: true }],
      [oxy],
      "EXPECTED",
      /explained by Oxycodone 10 mg/,
    ],
    [
      "metabolite of a prescribed opioid",
      [{ substance: "oxymorphone", detected: true }],
      [oxy],
      "EXPECTED",
      /explained by Oxycodone/,
    ],
    [
      "codeine -> morphine metabolite",
      [{ substance: "morphine", detected: true }],
      [codeine],
      "EXPECTED",
      /Codeine 30 mg/,
    ],
    [
      "unexpected presence",
      [{ substance: "cocaine", detected: true }],
      [oxy],
      "UNEXPECTED",
      /Unexpected presence: Cocaine/,
    ],
    [
      "unlisted benzodiazepine",
      [{ substance: "benzodiazepines", detected: true }],
      [],
      "UNEXPECTED",
      /not on the medication list/,
    ],
    ["listed benzodiazepine", [{ substance: "benzodiazepines", detected: true }], [lorazepam], "EXPECTED", /Lorazepam/],
    [
      "prescribed opioid absent",
      [{ substance: "oxycodone", detected: false }],
      [oxy],
      "UNEXPECTED",
      /Prescribed opioid absent: Oxycodone 10 mg/,
    ],
    [
      "prescribed benzodiazepine absent is not flagged",
      [{ substance: "benzodiazepines", detected: false }],
      [lorazepam],
      "EXPECTED",
      /Not detected/,
    ],
    [
      "absent metabolite is not flagged",
      [{ substance: "oxymorphone", detected: false }],
      [oxy],
      "EXPECTED",
      /Not detected/,
    ],
    [
      "negative and not prescribed",
      [{ substance: "heroin", detected: false }],
      [oxy],
      "EXPECTED",
      /Not detected, as expected/,
    ],
  ])("%s", (_name, findings, meds, overall, why) => {
    const r = interpretFindings(findings, meds);
    expect(r.overall).toBe(overall);
    expect(r.findings[0]!.why).toMatch(why);
    expect(r.findings[0]!.interpretation).toBe(overall);
  });

  it("lists prescribed opioids the panel did not test", () => {
    const r = interpretFindings([{ substance: "oxycodone", detected: true }], [oxy, tapentadol]);
    expect(r.notTested).toEqual(["Tapentadol 50 mg: not on this panel"]);
    expect(r.overall).toBe("EXPECTED");
  });

  it("names every unexpected substance", () => {
    const r = interpretFindings(
      [
        { substance: "oxycodone", detected: false },
        { substance: "fentanyl", detected: true },
        { substance: "cocaine", detected: false },
      ],
      [oxy],
    );
    expect(r.unexpectedSubstances).toEqual(["oxycodone", "fentanyl"]);
  });

  it("lets confirmatory findings replace screening ones", () => {
    const merged = mergeFindings(
      [
        { substance: "fentanyl", detected: true },
        { substance: "oxycodone", detected: true },
      ],
      [{ substance: "fentanyl", detected: false }],
    );
    expect(interpretFindings(merged, [oxy]).overall).toBe("EXPECTED");
  });
});

describe("checkFindings", () => {
  const panel = panelSubstances("CHRONIC_PAIN_STANDARD");
  const all = panel.map((s) => ({ substance: s, detected: false }));

  it("accepts a full panel", () => {
    expect(checkFindings(all, panel)).toMatchObject({ ok: true });
  });
  it("names an unknown substance", () => {
    const r = checkFindings([...all, { substance: "Kratom", detected: true }], panel);
    expect(r).toEqual({
      ok: false,
      errors: { substances: ['Unknown substance "Kratom": it is not in the substance catalog'] },
    });
  });
  it("names a missing panel substance", () => {
    const r = checkFindings(
      all.filter((f) => f.substance !== "oxycodone"),
      panel,
    );
    expect(r).toEqual({ ok: false, errors: { finding_oxycodone: ["Choose detected or not detected for Oxycodone"] } });
  });
  it("refuses contradictory duplicates and an empty report", () => {
    expect(checkFindings([...all, { substance: "OXY", detected: true }], panel)).toMatchObject({
      ok: false,
      errors: { substances: ["Oxycodone is reported twice with different findings"] },
    });
    expect(checkFindings([], [])).toMatchObject({ ok: false });
  });
  it.each([
    ["THC", "cannabinoids"],
    ["6-MAM", "heroin"],
    [" Oxycodone ", "oxycodone"],
    ["fentanyl", "fentanyl"],
    ["kratom", null],
    ["", null],
  ])("finds %j as %s", (name, key) => expect(findSubstance(name)).toBe(key));
});
