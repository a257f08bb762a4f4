import { describe, expect, it } from "vitest";
import { checkFindings, screeningRequired, type RawFinding } from "./findings";
import { panelSubstances } from "./substances";

const f = (substance: string, detected = false): RawFinding => ({ substance, detected });

describe("checkFindings", () => {
  it.each<
    [
      string,
      RawFinding[],
      readonly ("oxycodone" | "fentanyl" | "morphine")[],
      { ok: true; findings: { substance: string; detected: boolean }[] } | { ok: false; keys: string[]; text?: RegExp },
    ]
  >([
    [
      "one known finding, nothing required",
      [f("oxycodone", true)],
      [],
      { ok: true, findings: [{ substance: "oxycodone", detected: true }] },
    ],
    [
      "label spelling (case and spaces)",
      [f("  OXYCODONE ", true)],
      [],
      { ok: true, findings: [{ substance: "oxycodone", detected: true }] },
    ],
    ["alias spelling", [f("fyl")], [], { ok: true, findings: [{ substance: "fentanyl", detected: false }] }],
    ["full label", [f("Heroin (6-MAM)")], [], { ok: true, findings: [{ substance: "heroin", detected: false }] }],
    [
      "the same finding twice is kept once",
      [f("morphine"), f("Morphine")],
      [],
      { ok: true, findings: [{ substance: "morphine", detected: false }] },
    ],
    [
      "every required substance present",
      [f("oxycodone", true), f("fentanyl")],
      ["oxycodone", "fentanyl"],
      {
        ok: true,
        findings: [
          { substance: "oxycodone", detected: true },
          { substance: "fentanyl", detected: false },
        ],
      },
    ],
    [
      "unknown substance is named, never dropped",
      [f("oxycodone"), f("unobtainium")],
      [],
      { ok: false, keys: ["substances"], text: /Unknown substance "unobtainium"/ },
    ],
    ["empty name is unknown", [f("   ")], [], { ok: false, keys: ["substances"], text: /Unknown substance/ }],
    [
      "conflicting findings for one substance",
      [f("oxycodone", true), f("oxy", false)],
      [],
      { ok: false, keys: ["substances"], text: /reported twice with different findings/ },
    ],
    [
      "a required substance missing names its field",
      [f("oxycodone")],
      ["oxycodone", "fentanyl"],
      { ok: false, keys: ["finding_fentanyl"], text: /Choose detected or not detected for Fentanyl/ },
    ],
    ["no findings at all", [], [], { ok: false, keys: ["substances"], text: /Enter at least one finding/ }],
    [
      "nothing entered but a panel required: each missing one is named",
      [],
      ["oxycodone", "morphine"],
      { ok: false, keys: ["finding_oxycodone", "finding_morphine"] },
    ],
  ])("%s", (_name, raw, required, want) => {
    const got = checkFindings(raw, required);
    if (want.ok) {
      expect(got).toEqual({ ok: true, findings: want.findings });
      return;
    }
    expect(got.ok).toBe(false);
    if (got.ok) return;
    expect(Object.keys(got.errors).sort()).toEqual([...want.keys].sort());
    if (want.text) expect(Object.values(got.errors).flat().join(" ")).toMatch(want.text);
  });

  it("a long unknown name is cut in the message", () => {
    const got = checkFindings([f("x".repeat(500))], []);
    expect(got.ok).toBe(false);
    if (!got.ok) expect(got.errors.substances![0]!.length).toBeLessThan(120);
  });
});

describe("the unknown name in the message (first 60 characters, trimmed)", () => {
  it.each<[string, string, string]>([
    ["59 characters: whole", "q".repeat(59), "q".repeat(59)],
    ["60 characters: whole", "q".repeat(60), "q".repeat(60)],
    ["61 characters: cut to 60", "q".repeat(61), "q".repeat(60)],
    ["spaces around do not count", `  ${"q".repeat(60)}  `, "q".repeat(60)],
  ])("%s", (_name, substance, shown) => {
    const got = checkFindings([f(substance)], []);
    // Only the unknown name is reported: no "enter at least one finding" on top of it.
    expect(got).toEqual({
      ok: false,
      errors: { substances: [`Unknown substance "${shown}": it is not in the substance catalog`] },
    });
  });
});

describe("screeningRequired", () => {
  it.each(["CHRONIC_PAIN_STANDARD", "CHRONIC_PAIN_EXPANDED"] as const)(
    "%s requires exactly its panel's substances",
    (panel) => {
      const req = screeningRequired(panel);
      expect(req).toEqual(panelSubstances(panel));
      expect(req.length).toBeGreaterThan(10);
      // A complete screening result for the panel passes; dropping any one substance fails naming it.
      expect(
        checkFindings(
          req.map((s) => f(s)),
          req,
        ).ok,
      ).toBe(true);
      const [first, ...rest] = req;
      const short = checkFindings(
        rest.map((s) => f(s)),
        req,
      );
      expect(short.ok ? [] : Object.keys(short.errors)).toEqual([`finding_${first}`]);
    },
  );
});
