import { describe, expect, it } from "vitest";
import { instruments, peg, phq9 } from "./instruments";
import { formatTenths, phq9Bands, phq9Severity, scorePeg, scorePhq9, scoreResponse } from "./scoring";

/** Nine PHQ-9 answers that add up to `total` (3s first), item 9 set separately. */
function phqAnswers(total: number, item9 = 0): Record<string, number> {
  const a: Record<string, number> = { "9": item9 };
  let left = total - item9;
  for (let i = 1; i <= 8; i++) {
    const v = Math.min(3, Math.max(0, left));
    a[String(i)] = v;
    left -= v;
  }
  if (left !== 0) throw new Error("impossible total");
  return a;
}

describe("instrument data (docs/clinical-reference.md)", () => {
  it("PEG has the three published items, anchors and LOINC codes", () => {
    expect(peg.items.map((i) => [i.id, i.loinc])).toEqual([
      ["p", "75893-8"],
      ["e", "91145-3"],
      ["g", "91146-1"],
    ]);
    expect(peg.loincPanel).toBe("91148-7");
    expect(peg.loincScore).toBe("91147-9");
    expect(peg.items[0]!.text).toBe("What number best describes your pain on average in the past week?");
    expect(peg.items[0]!.options.map((o) => o.value)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(peg.items[0]!.options[0]!.label).toBe("0 - No pain");
    expect(peg.items[0]!.options[10]!.label).toBe("10 - Pain as bad as you can imagine");
    expect(peg.items[1]!.options[10]!.label).toBe("10 - Completely interferes");
    expect(peg.items[2]!.options[0]!.label).toBe("0 - Does not interfere");
  });

  it("PHQ-9 has nine scored items, the unscored item 10, and the published stem and options", () => {
    expect(phq9.items.map((i) => i.loinc)).toEqual([
      "44250-9",
      "44255-8",
      "44259-0",
      "44254-1",
      "44251-7",
      "44258-2",
      "44252-5",
      "44253-3",
      "44260-8",
      "69722-7",
    ]);
    expect(phq9.items.filter((i) => i.scored)).toHaveLength(9);
    expect(phq9.items[9]).toMatchObject({ id: "10", scored: false, required: false });
    expect(phq9.stem).toBe("Over the last 2 weeks, how often have you been bothered by any of the following problems?");
    expect(phq9.items[0]!.options.map((o) => [o.value, o.label])).toEqual([
      [0, "Not at all"],
      [1, "Several days"],
      [2, "More than half the days"],
      [3, "Nearly every day"],
    ]);
    expect(phq9.items[8]!.text).toBe("Thoughts that you would be better off dead or of hurting yourself in some way");
    expect(phq9.loincPanel).toBe("44249-1");
    expect(phq9.loincScore).toBe("44261-6");
    expect(instruments.PHQ9.version).toMatch(/\S/);
  });
});

describe("scorePhq9: totals and severity at every band boundary", () => {
  it.each([
    [0, "minimal"],
    [4, "minimal"],
    [5, "mild"],
    [9, "mild"],
    [10, "moderate"],
    [14, "moderate"],
    [15, "moderately severe"],
    [19, "moderately severe"],
    [20, "severe"],
    [27, "severe"],
  ] as const)("total %i -> %s", (total, severity) => {
    const r = scorePhq9(phqAnswers(total, Math.max(0, total - 24)));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.score).toMatchObject({
      instrument: "PHQ9",
      total,
      scoreTenths: total * 10,
      display: String(total),
      severity,
    });
    expect(phq9Severity(total)).toBe(severity);
  });

  it.each([-1, 28, 2.5])("phq9Severity rejects %s", (t) => {
    expect(() => phq9Severity(t)).toThrow(RangeError);
  });

  it("bands cover 0-27 without gaps or overlaps", () => {
    const covered = phq9Bands.flatMap((b) => Array.from({ length: b.max - b.min + 1 }, (_, i) => b.min + i));
    expect(covered).toEqual(Array.from({ length: 28 }, (_, i) => i));
    for (const b of phq9Bands) expect(phq9Severity(b.min)).toBe(b.severity);
  });

  it("does not count item 10", () => {
    const r = scorePhq9({ ...phqAnswers(7), "10": 3 });
    expect(r.ok && r.score.instrument === "PHQ9" && r.score.total).toBe(7);
    expect(r.ok && r.answers["10"]).toBe(3);
  });

  it.each([
    [0, false],
    [1, true],
    [2, true],
    [3, true],
  ])("item 9 = %i -> safety flag %s", (item9, flag) => {
    const r = scorePhq9(phqAnswers(item9 + 4, item9));
    expect(r.ok && r.score.instrument === "PHQ9" && r.score.safetyFlag).toBe(flag);
  });

  it.each(["1", "5", "9"])("rejects a missing item %s", (id) => {
    const a = phqAnswers(10);
    delete a[id];
    expect(scorePhq9(a)).toEqual({ ok: false, problems: [{ itemId: id, problem: "missing" }] });
  });

  it.each([
    ["1", 4],
    ["9", -1],
    ["3", 1.5],
    ["10", 4],
  ])("rejects item %s = %s as out of range", (id, v) => {
    expect(scorePhq9({ ...phqAnswers(3), [id]: v })).toEqual({
      ok: false,
      problems: [{ itemId: id, problem: "out_of_range" }],
    });
  });

  it("rejects unknown items", () => {
    expect(scorePhq9({ ...phqAnswers(3), "11": 0 })).toEqual({
      ok: false,
      problems: [{ itemId: "11", problem: "unknown_item" }],
    });
  });
});

describe("scorePeg: mean of three items, one decimal, no bands", () => {
  it.each([
    [0, 0, 0, 0, "0.0"],
    [10, 10, 10, 100, "10.0"],
    [1, 0, 0, 3, "0.3"],
    [1, 1, 0, 7, "0.7"],
    [7, 6, 7, 67, "6.7"],
    [5, 5, 6, 53, "5.3"],
    [9, 10, 10, 97, "9.7"],
    [3, 4, 5, 40, "4.0"],
  ])("P%i E%i G%i -> %i tenths (%s)", (p, e, g, tenths, display) => {
    const r = scorePeg({ p, e, g });
    expect(r).toEqual({ ok: true, answers: { p, e, g }, score: { instrument: "PEG", scoreTenths: tenths, display } });
  });

  it.each(["p", "e", "g"])("rejects missing %s", (id) => {
    const a: Record<string, number> = { p: 5, e: 5, g: 5 };
    delete a[id];
    expect(scorePeg(a)).toEqual({ ok: false, problems: [{ itemId: id, problem: "missing" }] });
  });

  it.each([
    ["p", 11],
    ["e", -1],
    ["g", 4.5],
  ])("rejects %s = %s", (id, v) => {
    const r = scorePeg({ p: 1, e: 1, g: 1, [id]: v });
    expect(r).toEqual({ ok: false, problems: [{ itemId: id, problem: "out_of_range" }] });
  });

  it("reports every problem at once", () => {
    const r = scorePeg({ p: 12 });
    expect(r.ok ? [] : r.problems.map((p) => `${p.itemId}:${p.problem}`)).toEqual([
      "p:out_of_range",
      "e:missing",
      "g:missing",
    ]);
  });

  it("has no severity label", () => {
    const r = scoreResponse("PEG", { p: 9, e: 9, g: 9 });
    expect(r.ok && "severity" in r.score).toBe(false);
  });
});

describe("formatTenths", () => {
  it.each([
    [0, "0.0"],
    [5, "0.5"],
    [67, "6.7"],
    [100, "10.0"],
  ])("%i -> %s", (t, s) => expect(formatTenths(t)).toBe(s));
});
