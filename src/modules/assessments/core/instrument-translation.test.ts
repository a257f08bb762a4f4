import { describe, expect, it } from "vitest";
import { instruments } from "./instruments";
import { checkTranslation, translatedInstrument, type TranslationText } from "./instrument-translation";

// Test wording only ("T1", "A0"): this file checks the shape, it is not a translation.
function complete(): TranslationText {
  return {
    stem: "S",
    items: Object.fromEntries(
      instruments.PEG.items.map((i) => [
        i.id,
        { text: `T${i.number}`, options: Object.fromEntries(i.options.map((o) => [String(o.value), `A${o.value}`])) },
      ]),
    ),
  };
}

describe("checkTranslation (PEG shape)", () => {
  const first = instruments.PEG.items[0]!;
  it.each<[string, (t: TranslationText) => void, string | null]>([
    ["complete", () => {}, null],
    ["no stem", (t) => void (t.stem = " "), "The instructions above the questions are missing."],
    ["an item missing", (t) => void delete t.items[first.id], "Question 1 has no text."],
    ["an extra item", (t) => void (t.items.zz = { text: "x", options: {} }), 'There is no question "zz" in the PEG.'],
    ["an option missing", (t) => void delete t.items[first.id]!.options["3"], "Question 1, answer 3 has no text."],
    ["an extra option", (t) => void (t.items[first.id]!.options["11"] = "x"), "Question 1 has no answer 11."],
  ])("%s", (_n, change, problem) => {
    const t = complete();
    change(t);
    const r = checkTranslation("PEG", t);
    if (problem === null) expect(r).toEqual({ ok: true });
    else expect(r.ok === false && r.problems).toContain(problem);
  });
});

describe("translatedInstrument", () => {
  it("replaces the wording and keeps ids, values and scoring data", () => {
    const t = translatedInstrument("PEG", complete());
    expect(t.stem).toBe("S");
    expect(t.items.map((i) => i.text)).toEqual(["T1", "T2", "T3"]);
    expect(t.items.map((i) => [i.id, i.scored, i.options.map((o) => o.value)])).toEqual(
      instruments.PEG.items.map((i) => [i.id, i.scored, i.options.map((o) => o.value)]),
    );
    expect(t.items[0]!.options[0]!.label).toBe("A0");
    expect(t.version).toBe(instruments.PEG.version);
  });
});
