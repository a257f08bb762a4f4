import { describe, expect, it } from "vitest";
import { fieldErrors } from "@/lib/forms";
import { parseInput } from "@/lib/input";
import { activeRegistryFilters, ltotDecisionSchema, registryFilterSchema, toRegistryRequest } from "./schemas";

const parse = (raw: Record<string, string>) => parseInput(registryFilterSchema, raw);

describe("registry filters (the shared URL contract)", () => {
  it("no parameters: the whole registry, by open gaps, page 1", () => {
    const p = parse({});
    expect(p.success && toRegistryRequest(p.data)).toEqual({
      query: { clinician: null, gap: null, mme: null, dueWithin: null, sort: "gaps", dir: "desc", page: 1 },
      measure: null,
    });
  });
  it("every parameter", () => {
    const p = parse({
      clinician: "7f0c7e6e-2b1a-4a8e-9d8e-0a3f2b1c4d5e",
      gap: "udt-due",
      mme: "50to90",
      dueWithin: "30",
      sort: "name",
      dir: "asc",
      page: "2",
      measure: "udt-recent",
      month: "2026-11",
      set: "numerator",
    });
    expect(p.success).toBe(true);
    if (!p.success) return;
    expect(toRegistryRequest(p.data)).toEqual({
      query: {
        clinician: "7f0c7e6e-2b1a-4a8e-9d8e-0a3f2b1c4d5e",
        gap: "udt-due",
        mme: "50to90",
        dueWithin: 30,
        sort: "name",
        dir: "asc",
        page: 2,
      },
      measure: { measure: "udt-recent", month: "2026-11", set: "numerator" },
    });
    expect(activeRegistryFilters(p.data)).toEqual([
      "clinician",
      "gap",
      "mme",
      "dueWithin",
      "sort",
      "dir",
      "page",
      "measure",
      "month",
      "set",
    ]);
  });
  it("a sort without a direction sorts ascending", () => {
    const p = parse({ sort: "mme" });
    expect(p.success && toRegistryRequest(p.data).query.dir).toBe("asc");
  });
  it.each([
    [{ clinician: "dr-lee" }, "clinician", /^Clinician:/],
    [{ gap: "everything" }, "gap", /^Care gap:/],
    [{ mme: "90" }, "mme", /^MME\/day band:/],
    [{ dueWithin: "-1" }, "dueWithin", /^Due within:/],
    [{ dueWithin: "3651" }, "dueWithin", /at most 3650/],
    [{ dueWithin: "1.5" }, "dueWithin", /whole number/],
    [{ sort: "ssn" }, "sort", /^Sort by:/],
    [{ dir: "up" }, "dir", /^Sort direction:/],
    [{ page: "0" }, "page", /^Page:/],
    [{ measure: "udt-recent" }, "month", /needs measure, month and set together/],
    [{ month: "2026-13", measure: "udt-recent", set: "numerator" }, "month", /^Measure month:/],
    [{ set: "all", measure: "udt-recent", month: "2026-11" }, "set", /^Measure patients:/],
    [{ q: "x" }, "q", /./],
  ])("%j is refused on %s", (raw, field, message) => {
    const p = parse(raw);
    expect(p.success).toBe(false);
    if (p.success) return;
    expect(fieldErrors(p.error)[field]?.[0]).toMatch(message);
  });
});

describe("registry decision", () => {
  it.each([
    [{ kind: "INCLUDE", reason: "Long-term use from another clinic" }, true],
    [{ kind: "EXCLUDE", reason: "Palliative care" }, true],
    [{ kind: "EXCLUDE", reason: "  " }, false],
    [{ kind: "INCLUDE", reason: "ok" }, false],
    [{ kind: "CLEAR" }, true],
    [{ kind: "CLEAR", reason: "Back on the rule\nafter review" }, true],
    [{ kind: "DELETE", reason: "x" }, false],
    [{ kind: "EXCLUDE", reason: "x".repeat(501) }, false],
  ])("%j -> valid %s", (raw, ok) => expect(parseInput(ltotDecisionSchema, raw).success).toBe(ok));
  it("an exclusion without a reason names the field", () => {
    const p = parseInput(ltotDecisionSchema, { kind: "EXCLUDE", reason: "" });
    expect(!p.success && fieldErrors(p.error).reason?.[0]).toMatch(/^Reason: say why/);
  });
});
